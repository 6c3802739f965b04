/**
 * One tenant's Virtuozzo state as plain JSON: agent users, hardware nodes and environments,
 * the backup storage, stored backups, backupm configuration and SOAP-style sessions.
 */
import type { StateInit } from '../../src/legacy/vendor';
import type { BackupmConfig, BackupRecord, EnvInfo } from './messages';
import { backupStamp } from './wire';
import type { VirtuozzoCredentials, VirtuozzoEntities, VirtuozzoOptions } from './schema';

export interface VirtuozzoUser {
  name: string;
  password: string;
  realm: string;
}

export interface Environment extends EnvInfo {
  state: number;
  /** Bytes of a full uncompressed backup. */
  size: number;
}

export interface Storage {
  eid: string;
  title: string;
  address: string;
  port?: number;
  protocol?: string;
}

/** What a backup keeps besides the wire fields (get_info's env_backup_dataType). */
export interface StoredBackup extends BackupRecord {
  include?: string[];
  exclude?: string[];
  compression: number;
}

export interface VirtuozzoState {
  users: VirtuozzoUser[];
  nodes: Array<{ eid: string; title: string }>;
  environments: Environment[];
  storage: Storage;
  backups: StoredBackup[];
  config: BackupmConfig;
  /** sessionm session ids -> user, for `<session>` headers and the HTTP door. */
  sessions: Record<string, { user: string; created: number }>;
  /** Login counter for client names (`vzclient3` in the seed page). */
  clientSeq: number;
}

export const SYSTEM_REALM = '00000000-0000-0000-0000-000000000000';

/** The default scenario's demo credentials (README): root / vzadmin. */
export const DEMO_USER: VirtuozzoUser = { name: 'root', password: 'vzadmin', realm: SYSTEM_REALM };

export function usersOf(credentials: VirtuozzoCredentials | undefined): VirtuozzoUser[] {
  if (!credentials) return [DEMO_USER];
  const list = 'users' in credentials ? credentials.users : [credentials];
  return list.map((u) => ({ name: u.name, password: u.password, realm: u.realm ?? SYSTEM_REALM }));
}

function guidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Seed page values: node dhcp0-40.sw.ru, storage 89e27960-..., container Test-VE6. */
const SEED_NODE = { eid: '89e27960-97b8-461f-902f-557b4b16784b', title: 'dhcp0-40.sw.ru' };

export function createState(init: StateInit<VirtuozzoCredentials | undefined, VirtuozzoEntities | undefined, VirtuozzoOptions>): VirtuozzoState {
  const ents = init.entities ?? {};
  const nodes = ents.nodes ?? [SEED_NODE];
  const envInputs = ents.environments ?? defaultEnvironments(init.random);
  const environments: Environment[] = envInputs.map((e) => {
    const parent = nodes.find((n) => n.eid === e.parent) ?? nodes[0] ?? SEED_NODE;
    return {
      eid: e.eid.toLowerCase(),
      name: e.name,
      title: e.title ?? e.name,
      hostname: e.hostname ?? e.name.toLowerCase(),
      ip: e.ip ?? '',
      platform: e.platform ?? 'Linux',
      type: e.type ?? 'virtuozzo',
      parentEid: e.parent ?? parent.eid,
      parentTitle: parent.title,
      state: e.state ?? 6,
      size: e.size ?? 10_000_000 + Math.floor(init.random() * 40_000_000),
    };
  });
  const seeded = ents.storage;
  const storage: Storage = {
    eid: seeded?.eid ?? nodes[0]?.eid ?? SEED_NODE.eid,
    title: seeded?.title ?? 'backup-storage',
    address: seeded?.address ?? '127.0.0.1',
    ...(seeded?.port !== undefined ? { port: seeded.port } : {}),
    ...(seeded?.protocol !== undefined ? { protocol: seeded.protocol } : {}),
  };
  const state: VirtuozzoState = {
    users: usersOf(init.credentials),
    nodes,
    environments,
    storage,
    backups: [],
    config: {
      backupServer: { address: storage.address, ...(storage.port ? { port: storage.port } : {}), ...(storage.protocol ? { protocol: storage.protocol } : {}) },
      chainLength: 5,
      chainDays: 7,
      keepMax: 10,
      compression: 1,
      type: 0,
      peBackupsLimit: 0,
    },
    sessions: {},
    clientSeq: 0,
  };
  for (const b of ents.backups ?? []) {
    const env = environments.find((e) => e.eid === b.eid.toLowerCase());
    if (!env) continue;
    const time = Date.parse(b.time);
    addBackup(state, env, { time, type: b.type ?? 0, size: b.size ?? Math.round(env.size * 0.6), description: b.description, compression: 1 });
  }
  return state;
}

/** Three containers on the seed page's node when a scenario seeds none (deterministic per seed). */
function defaultEnvironments(random: () => number): NonNullable<VirtuozzoEntities['environments']> {
  return [
    { eid: '57c2cd6c-c02b-4645-bdb5-e883ea005896', name: 'Test-VE6', hostname: 'Host-106', ip: '10.130.1.6', platform: 'Linux', type: 'virtuozzo', state: 6, size: 21_182_125 },
    { eid: guidFrom(random), name: 'web-01', hostname: 'web-01.example.test', ip: '10.130.1.7', platform: 'Linux', type: 'virtuozzo', state: 6 },
    { eid: guidFrom(random), name: 'db-01', hostname: 'db-01.example.test', ip: '10.130.1.8', platform: 'Linux', type: 'parallels', state: 6 },
  ];
}

export function findEnv(state: VirtuozzoState, eid: string): Environment | undefined {
  const key = eid.trim().toLowerCase();
  return state.environments.find((e) => e.eid === key);
}

export function findBackup(state: VirtuozzoState, id: string): StoredBackup | undefined {
  return state.backups.find((b) => b.id === id.trim());
}

export function backupsOf(state: VirtuozzoState, eid: string): StoredBackup[] {
  return state.backups.filter((b) => b.eid === eid).sort((a, b) => a.time - b.time);
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
  while (state.backups.some((x) => x.id === `${env.eid}/${backupStamp(time)}`)) time += 1000;
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
  state.backups.push(record);
  return record;
}

export function removeBackups(state: VirtuozzoState, ids: Set<string>): number {
  const before = state.backups.length;
  state.backups = state.backups.filter((b) => !ids.has(b.id));
  return before - state.backups.length;
}
