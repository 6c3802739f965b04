/**
 * The backup storage's catalogue: stored backups by id, listed, searched and removed by
 * environment and by date (VZLBackupm.xsd list, search, remove), and retention: `keep_max`
 * backups per environment (backupm_configType: "After successful creation of the (KEEP_MAX+1)
 * backup the oldest backup will be removed") and the scenario's maximum age on the virtual clock.
 */
import { AgentError } from './errors';
import { findEnv, type Environment, type StoredBackup, type VirtuozzoState } from './model';
import { glob } from './wildcards';

/** `yyyymmddhhmmss`, the suffix of backup ids `<eid>/<stamp>` (backup_env page). */
export function backupStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function findBackup(state: VirtuozzoState, id: string): StoredBackup | undefined {
  return state.backups.get(id.trim());
}

/** An environment's backups, oldest first. */
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

/** The environment's size again from one of its full backups (a removed environment restored). */
export function sizeFromBackup(b: StoredBackup): number {
  return Math.round(b.size / ((COMPRESSION_RATIO[b.compression] ?? 0.7) * (TYPE_RATIO[b.type] ?? 1)));
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

/** backupType count is the environment's total: every backup of it says the same. */
function recount(state: VirtuozzoState, eids: Iterable<string>): void {
  for (const eid of new Set(eids)) {
    const all = backupsOf(state, eid);
    for (const b of all) b.count = all.length;
  }
}

/** Store a backup; ids are `<eid>/<yyyymmddhhmmss>` (backup_env page), bumped a second on a clash. */
export function addBackup(state: VirtuozzoState, env: Environment, b: NewBackup): StoredBackup {
  let time = Math.floor(b.time / 1000) * 1000;
  while (state.backups.has(`${env.eid}/${backupStamp(time)}`)) time += 1000;
  const { eid, hostname, ip, name, title, platform, parentEid, parentTitle, type } = env;
  const record: StoredBackup = {
    id: `${env.eid}/${backupStamp(time)}`,
    eid: env.eid,
    ...(b.description !== undefined ? { description: b.description } : {}),
    count: 0,
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
  recount(state, [env.eid]);
  return record;
}

export function removeBackups(state: VirtuozzoState, ids: Iterable<string>): void {
  const touched: string[] = [];
  for (const id of ids) {
    const b = state.backups.get(id);
    if (!b) continue;
    state.backups.delete(id);
    touched.push(b.eid);
  }
  recount(state, touched);
}

// ---------------------------------------------------------------- list, search, remove

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
  /** With `id`: the older backups of its environment too (remove by date). */
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
    const ofEnv = backupsOf(state, eid);
    if (!findEnv(state, eid) && ofEnv.length === 0) throw new AgentError('unknownEnv', `Environment ${eid} does not exist`);
    for (const b of ofEnv) doomed.add(b.id);
  } else {
    throw new AgentError('malformedPacket', 'remove needs a backup_id or options/eid');
  }
  removeBackups(state, doomed);
}

export interface SearchRequest {
  /** Wildcards `*` and `?` (search_optionsType). */
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
  const { hostname, ip } = q;
  return [...state.backups.values()]
    .filter((b) => !hostname || glob(b.env.hostname, hostname))
    .filter((b) => !ip || glob(b.env.ip, ip))
    .filter((b) => !q.startDate || day(b.time) >= q.startDate)
    .filter((b) => !q.endDate || day(b.time) <= q.endDate)
    .sort((a, b) => a.time - b.time);
}

// ---------------------------------------------------------------- retention

/** keep_max: after a backup of `eid` is made, its oldest backups go until keep_max are left. */
export function applyKeepMax(state: VirtuozzoState, eid: string): string[] {
  const keep = state.config.keepMax;
  if (keep <= 0) return [];
  const all = backupsOf(state, eid);
  const gone = all.slice(0, Math.max(0, all.length - keep)).map((b) => b.id);
  removeBackups(state, gone);
  return gone;
}

/** Backups older than the scenario's maximum age at `at` are removed. */
export function pruneByAge(state: VirtuozzoState, at: number): string[] {
  const max = state.maxAgeMs;
  if (max === undefined) return [];
  const gone = [...state.backups.values()].filter((b) => b.time + max <= at).map((b) => b.id);
  removeBackups(state, gone);
  return gone;
}

/**
 * When the next backup ages out after `after`; with none stored, one maximum age later (a backup
 * made after `after` ages out no earlier), so the retention trigger keeps running.
 */
export function nextExpiry(state: VirtuozzoState, after: number): number | undefined {
  const max = state.maxAgeMs;
  if (max === undefined) return undefined;
  let next = after + max;
  for (const b of state.backups.values()) if (b.time + max > after && b.time + max < next) next = b.time + max;
  return next;
}
