/**
 * One tenant's Virtuozzo Agent, in the agent's terms: its users and sessions, hardware nodes
 * and environments, the backup storage with its stored backups, the backupm configuration and
 * the scheduler's tasks. Every id-keyed table is a Map (ids come from clients: `constructor` is
 * just an id). The stored backups are catalogue.ts's, jobs and their progress jobs.ts's, pager2's
 * views pager.ts's, users and sessions sessions.ts's; the wire layer encodes what they return.
 */

export const SYSTEM_REALM = '00000000-0000-0000-0000-000000000000';

/**
 * env_statusType states as the Python connector reads them (pvamn/api.py: 6 running, 3 down,
 * 5 suspended).
 */
export const ENV_STATE = { down: 3, suspended: 5, running: 6 } as const;

export interface VirtuozzoUser {
  name: string;
  password: string;
  realm: string;
}

/** An environment (container or VM) as backups describe it (backup_env page `info`). */
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
  /** env_statusType state: 6 running, 3 down, 5 suspended. */
  state: number;
  /** Bytes of a full uncompressed backup. */
  size: number;
  /** What the environment is going through (a restore keeps it down until it ends). */
  transition?: 'restoring';
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
  /** `<eid>/<yyyymmddhhmmss>` (backup_env page). */
  id: string;
  eid: string;
  description?: string;
  /** backupType count: the total number of backups of this environment on this storage. */
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
  /** Incremental backups before the next one is made full (0: no limit). */
  chainLength: number;
  /** Days since the last full backup before the next one is made full (0: no limit). */
  chainDays: number;
  /** Backups kept per environment: creating one more removes the oldest (0: no limit). */
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

/** backup_env's request (VZLBackupm.xsd backup_env, backup_optionsType). */
export interface BackupRequest {
  eids: string[];
  /** The defaults come from get_config when the options leave them out. */
  type?: number;
  compression?: number;
  description?: string;
  ignoreError: boolean;
  ignoreUnexistent: boolean;
  /** `<remove>`: remove an old backup after success: `replace` (its `<backup>` id), else the oldest. */
  remove: boolean;
  replace?: string;
  include?: string[];
  exclude?: string[];
  server?: string;
}

/** When a scheduler task runs (VZLScheduler.xsd triggerType and its extensions). */
export interface ScheduleTrigger {
  kind: 'once' | 'daily' | 'weekly' | 'monthly' | 'monthly_day_of_week';
  /** start_time: the first possible run, and the time of day of every run (UTC). */
  start: number;
  end?: number;
  /** daily: every N days, or on workdays / weekends only. */
  daysInterval?: number;
  workdays?: boolean;
  weekends?: boolean;
  /** weekly: every N weeks on these days (Sunday 0 .. Saturday 6). */
  weeksInterval?: number;
  daysOfWeek?: number[];
  /** monthly: these days (32: the last day) of these months (1..12). */
  daysOfMonth?: number[];
  months?: number[];
  /** monthly_day_of_week: the Nth (1..5, 6: last) of these weekdays. */
  weekdaysOfMonth?: number[];
}

/** A scheduler task (VZLScheduler.xsd taskType): an agent packet run at its trigger's times. */
export interface ScheduledTask {
  id: string;
  title: string;
  description?: string;
  /** `vz.backup.ves` runs the packet's backup_env calls; other categories are kept, not run. */
  category: string;
  trigger: ScheduleTrigger;
  /** The agent packet (XML text) to run; a scenario's task has none until it is listed. */
  packet?: string;
  /** The packet's backup_env calls, read when the task was added. */
  backups: BackupRequest[];
  disabled: boolean;
  /** Times it ran (virtual). */
  runs: number;
  lastRun?: number;
}

export interface VirtuozzoState {
  /** By name. */
  users: Map<string, VirtuozzoUser>;
  nodes: Map<string, HardwareNode>;
  environments: Map<string, Environment>;
  storage: Storage;
  backups: Map<string, StoredBackup>;
  config: BackupmConfig;
  /** Backups older than this are removed on the virtual clock (scenario `retention.maxAge`; undefined: kept). */
  maxAgeMs?: number;
  /** Scheduler tasks by id. */
  tasks: Map<string, ScheduledTask>;
  /** By session id, least recently used first. */
  sessions: Map<string, Session>;
  /** Login counter for client names (`vzclient3` in the backup_env page). */
  clientSeq: number;
}

/** A GUID (VZLCommonTypes guid_type) from the tenant's seeded randomness. */
export function guidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
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
