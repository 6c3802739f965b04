/**
 * One tenant's CommCell, seeded from the scenario by seed.ts with deterministic ids. Entities
 * are flat lists linked by id, the way the REST API addresses them
 * (`Subclient?clientId=..&applicationId=..&backupsetId=..`); tokens are a Map (tokens.ts).
 */
import type { TenantHandle } from '../../../src/vendor';
import type { Catalogue } from './catalogue';
import { CvError } from './errors';
import type { PlanRec, StoragePolicyRec } from './retention';
import type { ScheduledTask } from './schedules';
import type { UserSpec } from './schema';

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
  /** Live tokens by token text, least recently used first (tokens.ts keeps that order). */
  tokens: Map<string, TokenRec>;
  clients: ClientRec[];
  agents: AgentRec[];
  instances: InstanceRec[];
  backupsets: BackupsetRec[];
  subclients: SubclientRec[];
  storagePolicies: StoragePolicyRec[];
  plans: PlanRec[];
  /** Scheduled tasks by task id (schedules.ts). */
  schedules: Map<number, ScheduledTask>;
  nextSubTaskId: number;
  /** Data aging runs daily at this time (HH:MM UTC); when it last ran (retention.ts). */
  dataAgingTime: string;
  lastDataAgingAt?: number;
  tokenLifetimeMs: number;
  /** How long after its expiry a token can still be renewed (then it is forgotten). */
  tokenRenewWindowMs: number;
  maxTokens: number;
  nextJobId: number;
  nextTaskId: number;
  /** Seeded backup jobs with their files, and each subclient's files (catalogue.ts). */
  catalogue: Catalogue;
}

/** One tenant of the family, as operations reach it: its state, clock, jobs and randomness. */
export type CvTenant = TenantHandle<CvState>;

/** The caller an Authtoken stands for. */
export interface Caller {
  userName: string;
  userId: number;
  token: string;
}

// ---- lookups ------------------------------------------------------------------------------

/** Names compare without case, as the CommServ compares them. */
export const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

export function clientById(s: CvState, id: number): ClientRec | undefined {
  return s.clients.find((c) => c.clientId === id);
}
/** Whether `name` names the client: its client name, host name or display name, in any case. */
function namesClient(name: string, c: ClientRec): boolean {
  return same(name, c.clientName) || same(name, c.hostName) || same(name, c.displayName);
}
export function clientNamed(s: CvState, name: string): ClientRec | undefined {
  return s.clients.find((c) => namesClient(name, c));
}
export function commServe(s: CvState): ClientRec {
  return s.clients.find((c) => c.isCommServe)!;
}
export function agentOf(s: CvState, clientId: number, applicationId: number): AgentRec | undefined {
  return s.agents.find((a) => a.clientId === clientId && a.applicationId === applicationId);
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

function missing(what: string, id: number | string): CvError {
  return new CvError('ENTITY_NOT_FOUND', `${what} [${id}] does not exist.`);
}

// ---- the listings cvpysdk walks from the Commcell to a subclient --------------------------

/** `GET Client`: visible clients; hidden ones too when asked (`?hiddenclients=true`). */
export function listClients(s: CvState, includeHidden: boolean): ClientRec[] {
  return s.clients.filter((c) => includeHidden || !c.hidden);
}

export function findClient(s: CvState, id: number): ClientRec {
  return clientById(s, id) ?? throwing(missing('Client', id));
}

export function listAgents(s: CvState, clientId: number, applicationId?: number): AgentRec[] {
  findClient(s, clientId);
  return s.agents.filter((a) => a.clientId === clientId && (applicationId === undefined || a.applicationId === applicationId));
}

export function listInstances(s: CvState, clientId: number, applicationId?: number): InstanceRec[] {
  return s.instances.filter((i) => i.clientId === clientId && (applicationId === undefined || i.applicationId === applicationId));
}

/** `GET Instance/{id}`: ids repeat across clients (1 is every default instance), so the association narrows it. */
export function findInstance(s: CvState, id: number, clientId?: number, applicationId?: number): InstanceRec {
  return (
    s.instances.find((i) => i.instanceId === id && (clientId === undefined || i.clientId === clientId) && (applicationId === undefined || i.applicationId === applicationId)) ??
    s.instances.find((i) => i.instanceId === id) ??
    throwing(missing('Instance', id))
  );
}

export interface EntityFilter {
  clientId: number;
  applicationId?: number;
  instanceId?: number;
  backupsetId?: number;
}

const matches = (f: EntityFilter, e: { clientId: number; applicationId: number; instanceId: number; backupsetId?: number }) =>
  e.clientId === f.clientId &&
  (f.applicationId === undefined || e.applicationId === f.applicationId) &&
  (f.instanceId === undefined || e.instanceId === f.instanceId) &&
  (f.backupsetId === undefined || e.backupsetId === f.backupsetId);

export function listBackupsets(s: CvState, f: EntityFilter): BackupsetRec[] {
  return s.backupsets.filter((b) => matches({ ...f, backupsetId: undefined }, b));
}

export function findBackupset(s: CvState, id: number): BackupsetRec {
  return backupsetById(s, id) ?? throwing(missing('Backupset', id));
}

export function listSubclients(s: CvState, f: EntityFilter): SubclientRec[] {
  return s.subclients.filter((c) => matches(f, c));
}

export function findSubclient(s: CvState, id: number | string): SubclientRec {
  return (typeof id === 'number' ? subclientById(s, id) : undefined) ?? throwing(missing('Subclient', id));
}

export function throwing(e: Error): never {
  throw e;
}

// ---- where a subclient sits ---------------------------------------------------------------

/** A subclient with its client, agent, instance and backupset, for job summaries and CreateTask. */
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

/** Every subclient an association names; a backupset-level association names each of its subclients. */
export function resolveAssociation(s: CvState, a: Association): SubclientPath[] {
  const out: SubclientPath[] = [];
  for (const sc of s.subclients) {
    const p = pathOf(s, sc);
    if (a.subclientId !== undefined && a.subclientId !== sc.subclientId) continue;
    if (a.clientId !== undefined && a.clientId !== p.client.clientId) continue;
    if (a.applicationId !== undefined && a.applicationId !== p.agent.applicationId) continue;
    if (a.clientName !== undefined && !namesClient(a.clientName, p.client)) continue;
    if (a.appName !== undefined && !same(a.appName, p.agent.appName)) continue;
    if (a.instanceName !== undefined && !same(a.instanceName, p.instance.instanceName)) continue;
    if (a.backupsetName !== undefined && !same(a.backupsetName, p.backupset.backupsetName)) continue;
    if (a.subclientName !== undefined && !same(a.subclientName, sc.subclientName)) continue;
    out.push(p);
  }
  return out;
}

/** Eligible for a backup: backup enabled on the agent and the subclient, and a storage target. */
export function eligible(p: SubclientPath): boolean {
  return p.agent.enableBackup && p.subclient.enableBackup && (p.subclient.storagePolicy !== undefined || p.backupset.plan !== undefined);
}

/** The storage policy or plan a subclient backs up to (its own, else its backupset's plan). */
export function storageTarget(s: CvState, sc: SubclientRec, b: BackupsetRec): StoragePolicyRec | PlanRec | undefined {
  const name = sc.storagePolicy ?? b.plan;
  if (!name) return undefined;
  return s.storagePolicies.find((x) => x.name === name) ?? s.plans.find((x) => x.name === name);
}

// ---- backup levels ------------------------------------------------------------------------

export type BackupLevel = 'Full' | 'Incremental' | 'Differential' | 'Synthetic Full';

/** A full or a synthetic full: a backup that holds every file and starts a cycle. */
export const isFull = (level: string) => level === 'Full' || level === 'Synthetic Full';

/** Backup levels as requests spell them: names in any case, or cvpysdk's numbers. */
const LEVELS = new Map<string, BackupLevel>([
  ['full', 'Full'],
  ['1', 'Full'],
  ['incremental', 'Incremental'],
  ['2', 'Incremental'],
  ['differential', 'Differential'],
  ['4', 'Differential'],
  ['synthetic_full', 'Synthetic Full'],
  ['syntheticfull', 'Synthetic Full'],
  ['synthetic full', 'Synthetic Full'],
  ['8', 'Synthetic Full'],
]);

export function backupLevel(v: unknown): BackupLevel | undefined {
  return LEVELS.get(String(v ?? '').trim().toLowerCase());
}
