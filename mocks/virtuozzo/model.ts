/**
 * One tenant's Virtuozzo Agent, in the agent's terms: its users and sessions, hardware nodes
 * and environments, the backup storage with its stored backups, and the backupm configuration.
 * Every id-keyed table is a Map (ids come from clients: `constructor` is just an id). Jobs and
 * their progress are in jobs.ts, pager2's views in pager.ts; the wire layer encodes what these
 * functions return. Users and sessions are sessions.ts's.
 */
import { AgentError } from './errors';

export const SYSTEM_REALM = '00000000-0000-0000-0000-000000000000';

export interface VirtuozzoUser {
  name: string;
  password: string;
  realm: string;
}

/** An environment (container or VM) as backups describe it (seed page `info`). */
export interface EnvInfo {
  eid: string;
  hostname: string;
  ip: string;
  name: string;
  title: string;
  platform: string;
  parentEid: string;
  parentTitle: string;
  /** `virtuozzo` for containers, `parallels` for VMs (the connector's env_type_name). */
  type: string;
}

export interface Environment extends EnvInfo {
  /** env_statusType state: 6 running, 3 stopped... */
  state: number;
  /** Bytes of a full uncompressed backup. */
  size: number;
}

export interface HardwareNode {
  eid: string;
  title: string;
}

export interface Storage {
  eid: string;
  title: string;
  address: string;
  port?: number;
  protocol?: string;
}

/** A stored backup as the agent lists it (VZLBackupm.xsd backupType). */
export interface BackupRecord {
  /** `<eid>/<yyyymmddhhmmss>` (seed page). */
  id: string;
  eid: string;
  description?: string;
  /** The backup's place in its environment's chain (1 = the oldest). */
  count: number;
  time: number;
  size: number;
  /** 0 full, 1 incremental, 2 differential. */
  type: number;
  storageEid: string;
  env: EnvInfo;
}

/** What a backup keeps besides what the agent lists (get_info's env_backup_dataType). */
export interface StoredBackup extends BackupRecord {
  include?: string[];
  exclude?: string[];
  compression: number;
}

/** VZLBackupm.xsd backupm_configType. */
export interface BackupmConfig {
  backupServer: { protocol?: string; address: string; port?: number };
  chainLength: number;
  chainDays: number;
  keepMax: number;
  compression: number;
  type: number;
  peBackupsLimit: number;
}

/** A sessionm session: usable as `<session>` on any connection until it expires unused. */
export interface Session {
  user: string;
  created: number;
  lastUsed: number;
}

export interface VirtuozzoState {
  /** By name. */
  users: Map<string, VirtuozzoUser>;
  nodes: Map<string, HardwareNode>;
  environments: Map<string, Environment>;
  storage: Storage;
  backups: Map<string, StoredBackup>;
  config: BackupmConfig;
  /** By session id, least recently used first. */
  sessions: Map<string, Session>;
  /** Login counter for client names (`vzclient3` in the seed page). */
  clientSeq: number;
}

// ---------------------------------------------------------------- environments

export function findEnv(state: VirtuozzoState, eid: string): Environment | undefined {
  return state.environments.get(eid.trim().toLowerCase());
}

export interface EnvFilter {
  /** `ct`/`virtuozzo` containers, `vm`/`parallels` VMs. */
  type?: string;
  states: number[];
  /** At most this many (0: all). */
  count: number;
}

/** envm get_list: the eids of the environments that pass the filter. */
export function listEnvironments(state: VirtuozzoState, f: EnvFilter): string[] {
  let envs = [...state.environments.values()];
  const type = f.type;
  if (type) envs = envs.filter((e) => e.type === type || (type === 'ct' && e.type === 'virtuozzo') || (type === 'vm' && e.type === 'parallels'));
  if (f.states.length) envs = envs.filter((e) => f.states.includes(e.state));
  if (f.count > 0) envs = envs.slice(0, f.count);
  return envs.map((e) => e.eid);
}

// ---------------------------------------------------------------- stored backups

/** `yyyymmddhhmmss`, the suffix of backup ids `<eid>/<stamp>` (seed page). */
export function backupStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function findBackup(state: VirtuozzoState, id: string): StoredBackup | undefined {
  return state.backups.get(id.trim());
}

export function backupsOf(state: VirtuozzoState, eid: string): StoredBackup[] {
  return [...state.backups.values()].filter((b) => b.eid === eid).sort((a, b) => a.time - b.time);
}

/** Compression shrinks a backup (VZLBackupm.xsd: 0 none, 1 normal, 2 high, 3 maximum). */
const COMPRESSION_RATIO = [1, 0.7, 0.6, 0.55];
/** Incremental and differential backups hold only changes. */
const TYPE_RATIO = [1, 0.08, 0.15];

export function backupSize(env: Environment, type: number, compression: number, include?: string[], exclude?: string[]): number {
  let size = env.size * (COMPRESSION_RATIO[compression] ?? 0.7) * (TYPE_RATIO[type] ?? 1);
  if (include?.length) size *= Math.min(1, 0.2 * include.length);
  if (exclude?.length) size *= Math.max(0.5, 1 - 0.05 * exclude.length);
  return Math.max(4096, Math.round(size));
}

export interface NewBackup {
  time: number;
  type: number;
  size: number;
  compression: number;
  description?: string;
  include?: string[];
  exclude?: string[];
}

/** Store a backup; ids are `<eid>/<yyyymmddhhmmss>` (seed page), bumped a second on a clash. */
export function addBackup(state: VirtuozzoState, env: Environment, b: NewBackup): StoredBackup {
  let time = Math.floor(b.time / 1000) * 1000;
  while (state.backups.has(`${env.eid}/${backupStamp(time)}`)) time += 1000;
  const { eid, hostname, ip, name, title, platform, parentEid, parentTitle, type } = env;
  const record: StoredBackup = {
    id: `${env.eid}/${backupStamp(time)}`,
    eid: env.eid,
    ...(b.description !== undefined ? { description: b.description } : {}),
    count: backupsOf(state, env.eid).length + 1,
    time,
    size: b.size,
    type: b.type,
    storageEid: state.storage.eid,
    env: { eid, hostname, ip, name, title, platform, parentEid, parentTitle, type },
    compression: b.compression,
    ...(b.include ? { include: b.include } : {}),
    ...(b.exclude ? { exclude: b.exclude } : {}),
  };
  state.backups.set(record.id, record);
  return record;
}

export function removeBackups(state: VirtuozzoState, ids: Iterable<string>): void {
  for (const id of ids) state.backups.delete(id);
}

export interface ListRequest {
  ids: string[];
  eid?: string;
  storageEid?: string;
  latest: boolean;
}

/** backupm list: the backups asked for, oldest first, with an error for each unknown id. */
export function listBackups(state: VirtuozzoState, q: ListRequest): { backups: StoredBackup[]; errors: AgentError[] } {
  const errors = q.ids.filter((id) => !state.backups.has(id)).map((id) => new AgentError('unknownBackup', `Backup ${id} not found`));
  let list = [...state.backups.values()].sort((a, b) => a.time - b.time);
  if (q.ids.length) list = list.filter((b) => q.ids.includes(b.id));
  if (q.eid) list = list.filter((b) => b.eid === q.eid);
  if (q.storageEid) list = list.filter((b) => b.storageEid === q.storageEid);
  if (q.latest) {
    const newest = new Map<string, StoredBackup>();
    for (const b of list) newest.set(b.eid, b);
    list = list.filter((b) => newest.get(b.eid) === b);
  }
  return { backups: list, errors };
}

export interface RemoveRequest {
  id?: string;
  eid?: string;
  /** With `id`: the older backups of its environment too. */
  prev: boolean;
}

/** backupm remove: one backup (and its older ones with `prev`), or every backup of `eid`. */
export function removeBackup(state: VirtuozzoState, q: RemoveRequest): void {
  const doomed = new Set<string>();
  if (q.id) {
    const b = findBackup(state, q.id);
    if (!b) throw new AgentError('unknownBackup', `Backup ${q.id} not found`);
    doomed.add(b.id);
    if (q.prev) for (const older of backupsOf(state, b.eid)) if (older.time < b.time) doomed.add(older.id);
  } else if (q.eid) {
    const eid = q.eid;
    const ofEnv = [...state.backups.values()].filter((b) => b.eid === eid);
    if (!findEnv(state, eid) && ofEnv.length === 0) throw new AgentError('unknownEnv', `Environment ${eid} does not exist`);
    for (const b of ofEnv) doomed.add(b.id);
  } else {
    throw new AgentError('malformedPacket', 'remove needs a backup_id or options/eid');
  }
  removeBackups(state, doomed);
}

export interface SearchRequest {
  hostname?: string;
  ip?: string;
  /** `YYYY-MM-DD`, inclusive. */
  startDate?: string;
  endDate?: string;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function searchBackups(state: VirtuozzoState, q: SearchRequest): StoredBackup[] {
  const hostname = q.hostname?.toLowerCase();
  return [...state.backups.values()]
    .filter((b) => !hostname || b.env.hostname.toLowerCase() === hostname)
    .filter((b) => !q.ip || b.env.ip === q.ip)
    .filter((b) => !q.startDate || day(b.time) >= q.startDate)
    .filter((b) => !q.endDate || day(b.time) <= q.endDate)
    .sort((a, b) => a.time - b.time);
}

// ---------------------------------------------------------------- configuration

export interface ConfigChange {
  backupServer?: { address?: string; port?: number; protocol?: string };
  chainLength?: number;
  chainDays?: number;
  keepMax?: number;
  compression?: number;
  type?: number;
  peBackupsLimit?: number;
}

export function setConfig(state: VirtuozzoState, change: ConfigChange): void {
  const cur = state.config;
  const { backupServer: server, ...fields } = change;
  if (server) cur.backupServer = { address: server.address || cur.backupServer.address, ...(server.port !== undefined ? { port: server.port } : {}), ...(server.protocol ? { protocol: server.protocol } : {}) };
  for (const [key, value] of Object.entries(fields) as Array<[keyof typeof fields, number | undefined]>) if (value !== undefined) cur[key] = value;
}
