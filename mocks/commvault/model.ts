/**
 * One tenant's CommCell: plain JSON state (snapshotted with JSON), seeded from the scenario
 * with deterministic ids. Entities are flat lists linked by id, the way the REST API
 * addresses them (`Subclient?clientId=..&applicationId=..&backupsetId=..`).
 */
import type { Faker } from '@faker-js/faker';
import type { ClientSpec, CredentialsSpec, EntitiesSpec, UserSpec } from './schema';

export interface CommCellRec {
  name: string;
  id: number;
  guid: string;
  hostName: string;
  version: string;
  timeZone: string;
  os: 'windows' | 'linux';
}
export interface ClientRec {
  clientId: number;
  clientName: string;
  hostName: string;
  displayName: string;
  os: 'windows' | 'linux';
  hidden: boolean;
  isCommServe: boolean;
  guid: string;
}
export interface AgentRec {
  clientId: number;
  applicationId: number;
  appName: string;
  enableBackup: boolean;
}
export interface InstanceRec {
  instanceId: number;
  instanceName: string;
  clientId: number;
  applicationId: number;
}
export interface BackupsetRec {
  backupsetId: number;
  backupsetName: string;
  clientId: number;
  applicationId: number;
  instanceId: number;
  isDefault: boolean;
  plan?: string;
  onDemand: boolean;
  guid: string;
}
export interface SubclientRec {
  subclientId: number;
  subclientName: string;
  clientId: number;
  applicationId: number;
  instanceId: number;
  backupsetId: number;
  isDefault: boolean;
  enableBackup: boolean;
  content: string[];
  storagePolicy?: string;
  guid: string;
  lastBackupTime: number;
}
export interface UserRec extends UserSpec {
  userId: number;
  userGUID: string;
  email: string;
}
export interface TokenRec {
  user: string;
  /** Virtual ms after which the token answers 401 unless renewed; each use slides it. */
  expiresAt: number;
}
export interface NamedId {
  id: number;
  name: string;
}

export interface CvState {
  vendor: string;
  commcell: CommCellRec;
  users: UserRec[];
  tokens: Record<string, TokenRec>;
  clients: ClientRec[];
  agents: AgentRec[];
  instances: InstanceRec[];
  backupsets: BackupsetRec[];
  subclients: SubclientRec[];
  storagePolicies: NamedId[];
  plans: NamedId[];
  tokenLifetimeMs: number;
  nextJobId: number;
  nextTaskId: number;
}

/** Commvault application ids (AppIDAType) for the agents people seed most. */
const APP_IDS: Record<string, number> = {
  'file system': 33,
  'file system linux': 29,
  'cloud apps': 134,
  'virtual server': 106,
  'sql server': 81,
  oracle: 22,
  'exchange mailbox': 137,
  'commserve management': 135,
};

export function appIdFor(appName: string, os: 'windows' | 'linux'): number {
  const key = appName.toLowerCase();
  if (key === 'file system' && os === 'linux') return APP_IDS['file system linux'];
  return APP_IDS[key] ?? 200 + [...key].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 500, 7);
}

/** Demo credentials when a scenario gives none (README, issue #2). */
export const DEMO_USER: UserSpec = { username: 'admin', password: 'Commvault!1' };

export function users(credentials: CredentialsSpec | undefined): UserSpec[] {
  if (!credentials) return [DEMO_USER];
  const list = [...(credentials.users ?? [])];
  const { username, password } = credentials;
  if (username !== undefined && password !== undefined && !list.some((u) => u.username.toLowerCase() === username.toLowerCase())) {
    const { users: _users, ...single } = credentials;
    list.unshift({ ...single, username, password });
  }
  return list;
}

export interface SeedInput {
  vendor: string;
  credentials: CredentialsSpec | undefined;
  entities: EntitiesSpec | undefined;
  faker: Faker;
  tokenLifetimeMs: number;
  firstJobId: number;
  firstTaskId: number;
  /** Clients to seed when the scenario lists none (the family's defaults). */
  defaultClients: (faker: Faker) => ClientSpec[];
  defaultCommCell: { name: string; hostName: string };
}

export function seed(input: SeedInput): CvState {
  const { faker, entities } = input;
  const guid = () => faker.string.uuid().toUpperCase();
  const cc = entities?.commcell ?? {};
  const commcell: CommCellRec = {
    name: cc.name ?? input.defaultCommCell.name,
    id: cc.id ?? 2,
    guid: guid(),
    hostName: cc.hostName ?? input.defaultCommCell.hostName,
    version: cc.version ?? '11.32.0',
    timeZone: cc.timeZone ?? '(UTC) Coordinated Universal Time',
    os: cc.os ?? 'windows',
  };
  const state: CvState = {
    vendor: input.vendor,
    commcell,
    users: users(input.credentials).map((u, i) => ({
      ...u,
      userId: i + 1,
      userGUID: guid(),
      email: u.email ?? `${u.username.toLowerCase()}@${commcell.hostName.split('.').slice(1).join('.') || 'example.com'}`,
    })),
    tokens: {},
    clients: [],
    agents: [],
    instances: [],
    backupsets: [],
    subclients: [],
    storagePolicies: [],
    plans: [],
    tokenLifetimeMs: input.tokenLifetimeMs,
    nextJobId: input.firstJobId,
    nextTaskId: input.firstTaskId,
  };
  // The CommServe is itself a client (cvpysdk's DisasterRecovery looks it up by name).
  state.clients.push({
    clientId: commcell.id,
    clientName: commcell.name,
    hostName: commcell.hostName,
    displayName: commcell.name,
    os: commcell.os,
    hidden: false,
    isCommServe: true,
    guid: guid(),
  });
  const ids = { client: Math.max(commcell.id, 2), instance: 1, backupset: 1, subclient: 1 };
  for (const spec of entities?.clients ?? input.defaultClients(faker)) {
    const clientId = spec.id ?? ++ids.client;
    ids.client = Math.max(ids.client, clientId);
    state.clients.push({
      clientId,
      clientName: spec.name,
      hostName: spec.hostName ?? `${spec.name}.${faker.internet.domainName()}`.toLowerCase(),
      displayName: spec.displayName ?? spec.name,
      os: spec.os,
      hidden: spec.hidden ?? false,
      isCommServe: false,
      guid: guid(),
    });
    for (const a of spec.agents) {
      const applicationId = a.applicationId ?? appIdFor(a.appName, spec.os);
      state.agents.push({ clientId, applicationId, appName: a.appName, enableBackup: a.enableBackup });
      // File System's default instance is id 1 (cvpysdk skips the Instance call for id 1).
      const instanceName = a.instance ?? 'DefaultInstanceName';
      const instanceId = a.instanceId ?? (instanceName === 'DefaultInstanceName' ? 1 : ++ids.instance);
      ids.instance = Math.max(ids.instance, instanceId);
      state.instances.push({ instanceId, instanceName, clientId, applicationId });
      a.backupsets.forEach((b, bi) => {
        const backupsetId = b.id ?? ++ids.backupset;
        ids.backupset = Math.max(ids.backupset, backupsetId);
        state.backupsets.push({
          backupsetId,
          backupsetName: b.name,
          clientId,
          applicationId,
          instanceId,
          isDefault: b.default ?? bi === 0,
          ...(b.plan !== undefined ? { plan: b.plan } : {}),
          onDemand: b.onDemand ?? false,
          guid: guid(),
        });
        b.subclients.forEach((s, si) => {
          const subclientId = s.id ?? ++ids.subclient;
          ids.subclient = Math.max(ids.subclient, subclientId);
          state.subclients.push({
            subclientId,
            subclientName: s.name,
            clientId,
            applicationId,
            instanceId,
            backupsetId,
            isDefault: s.default ?? si === 0,
            enableBackup: s.enableBackup,
            content: s.content ?? [spec.os === 'linux' ? '/' : 'C:\\'],
            ...(s.storagePolicy !== undefined ? { storagePolicy: s.storagePolicy } : {}),
            guid: guid(),
            lastBackupTime: 0,
          });
        });
      });
    }
  }
  const policyNames = new Set(entities?.storagePolicies ?? []);
  const planNames = new Set(entities?.plans ?? []);
  for (const s of state.subclients) if (s.storagePolicy && !planNames.has(s.storagePolicy)) policyNames.add(s.storagePolicy);
  for (const b of state.backupsets) if (b.plan) planNames.add(b.plan);
  state.storagePolicies = [...policyNames].map((name, i) => ({ id: i + 1, name }));
  state.plans = [...planNames].map((name, i) => ({ id: i + 1, name }));
  return state;
}

// ---- lookups ------------------------------------------------------------------------------

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

export function clientById(s: CvState, id: number): ClientRec | undefined {
  return s.clients.find((c) => c.clientId === id);
}
export function clientByName(s: CvState, name: string): ClientRec | undefined {
  return s.clients.find((c) => same(name, c.clientName) || same(name, c.hostName) || same(name, c.displayName));
}
export function commServe(s: CvState): ClientRec {
  return s.clients.find((c) => c.isCommServe)!;
}
export function agentOf(s: CvState, clientId: number, applicationId: number): AgentRec | undefined {
  return s.agents.find((a) => a.clientId === clientId && a.applicationId === applicationId);
}
export function instanceById(s: CvState, id: number, clientId?: number): InstanceRec | undefined {
  return s.instances.find((i) => i.instanceId === id && (clientId === undefined || i.clientId === clientId));
}
export function instanceOf(s: CvState, sc: { clientId: number; applicationId: number; instanceId: number }): InstanceRec | undefined {
  return s.instances.find((i) => i.clientId === sc.clientId && i.applicationId === sc.applicationId && i.instanceId === sc.instanceId);
}
export function backupsetById(s: CvState, id: number): BackupsetRec | undefined {
  return s.backupsets.find((b) => b.backupsetId === id);
}
export function subclientById(s: CvState, id: number): SubclientRec | undefined {
  return s.subclients.find((c) => c.subclientId === id);
}

/** Where a subclient sits, by name, for job summaries and CreateTask associations. */
export interface SubclientPath {
  client: ClientRec;
  agent: AgentRec;
  instance: InstanceRec;
  backupset: BackupsetRec;
  subclient: SubclientRec;
}

export function pathOf(s: CvState, sc: SubclientRec): SubclientPath {
  return {
    client: clientById(s, sc.clientId)!,
    agent: agentOf(s, sc.clientId, sc.applicationId)!,
    instance: instanceOf(s, sc)!,
    backupset: backupsetById(s, sc.backupsetId)!,
    subclient: sc,
  };
}

/** A CreateTask association: every name given must match; omitted names match anything. */
export interface Association {
  clientName?: string;
  clientId?: number;
  appName?: string;
  applicationId?: number;
  instanceName?: string;
  backupsetName?: string;
  subclientName?: string;
  subclientId?: number;
}

export function resolveAssociation(s: CvState, a: Association): SubclientPath[] {
  const out: SubclientPath[] = [];
  for (const sc of s.subclients) {
    const p = pathOf(s, sc);
    if (a.subclientId !== undefined && a.subclientId !== sc.subclientId) continue;
    if (a.clientId !== undefined && a.clientId !== p.client.clientId) continue;
    if (a.applicationId !== undefined && a.applicationId !== p.agent.applicationId) continue;
    if (a.clientName !== undefined && !(same(a.clientName, p.client.clientName) || same(a.clientName, p.client.hostName) || same(a.clientName, p.client.displayName))) continue;
    if (a.appName !== undefined && !same(a.appName, p.agent.appName)) continue;
    if (a.instanceName !== undefined && !same(a.instanceName, p.instance.instanceName)) continue;
    if (a.backupsetName !== undefined && !same(a.backupsetName, p.backupset.backupsetName)) continue;
    if (a.subclientName !== undefined && !same(a.subclientName, sc.subclientName)) continue;
    // A backupset-level association (no subclient named) means its default subclient... and
    // Commvault backs up every subclient of the backupset; keep them all.
    out.push(p);
  }
  return out;
}

/** Eligible for a backup: backup enabled on the agent and the subclient, and a storage target. */
export function eligible(p: SubclientPath): boolean {
  return p.agent.enableBackup && p.subclient.enableBackup && (p.subclient.storagePolicy !== undefined || p.backupset.plan !== undefined);
}

export function storageTarget(s: CvState, p: SubclientPath): NamedId | undefined {
  const name = p.subclient.storagePolicy ?? p.backupset.plan;
  if (!name) return undefined;
  return s.storagePolicies.find((x) => x.name === name) ?? s.plans.find((x) => x.name === name);
}
