/**
 * One tenant's CommCell: plain JSON state (snapshotted with JSON), seeded from the scenario
 * by seed.ts with deterministic ids. Entities are flat lists linked by id, the way the REST API
 * addresses them (`Subclient?clientId=..&applicationId=..&backupsetId=..`).
 */
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
