/**
 * One tenant's Virtuozzo state from the scenario: its users, hardware nodes, environments,
 * storage and stored backups, with the seed page's values where the scenario gives none
 * (node dhcp0-40.sw.ru, container Test-VE6; vendor-docs: the backupm backup_env page).
 */
import type { StateInit } from '../../src/vendor';
import type { Virtuozzo } from './index';
import { addBackup, SYSTEM_REALM, type Environment, type HardwareNode, type Storage, type VirtuozzoState, type VirtuozzoUser } from './model';
import type { VirtuozzoCredentials, VirtuozzoEntities } from './schema';

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

const SEED_NODE: HardwareNode = { eid: '89e27960-97b8-461f-902f-557b4b16784b', title: 'dhcp0-40.sw.ru' };

/** Three containers on the seed page's node when a scenario seeds none (deterministic per seed). */
function defaultEnvironments(random: () => number): NonNullable<VirtuozzoEntities['environments']> {
  return [
    { eid: '57c2cd6c-c02b-4645-bdb5-e883ea005896', name: 'Test-VE6', hostname: 'Host-106', ip: '10.130.1.6', platform: 'Linux', type: 'virtuozzo', state: 6, size: 21_182_125 },
    { eid: guidFrom(random), name: 'web-01', hostname: 'web-01.example.test', ip: '10.130.1.7', platform: 'Linux', type: 'virtuozzo', state: 6 },
    { eid: guidFrom(random), name: 'db-01', hostname: 'db-01.example.test', ip: '10.130.1.8', platform: 'Linux', type: 'parallels', state: 6 },
  ];
}

export function createState(init: StateInit<Virtuozzo>): VirtuozzoState {
  const ents = init.entities ?? {};
  const nodes = new Map((ents.nodes ?? [SEED_NODE]).map((n) => [n.eid, { eid: n.eid, title: n.title }]));
  const firstNode = nodes.values().next().value ?? SEED_NODE;
  const environments = new Map<string, Environment>();
  for (const e of ents.environments ?? defaultEnvironments(init.random)) {
    const parent = (e.parent !== undefined ? nodes.get(e.parent) : undefined) ?? firstNode;
    const env: Environment = {
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
    environments.set(env.eid, env);
  }
  const seeded = ents.storage;
  const storage: Storage = {
    eid: seeded?.eid ?? firstNode.eid,
    title: seeded?.title ?? 'backup-storage',
    address: seeded?.address ?? '127.0.0.1',
    ...(seeded?.port !== undefined ? { port: seeded.port } : {}),
    ...(seeded?.protocol !== undefined ? { protocol: seeded.protocol } : {}),
  };
  const users = new Map<string, VirtuozzoUser>();
  // One user per name: the first a scenario lists wins.
  for (const u of usersOf(init.credentials)) if (!users.has(u.name)) users.set(u.name, u);
  const state: VirtuozzoState = {
    users,
    nodes,
    environments,
    storage,
    backups: new Map(),
    config: {
      backupServer: { address: storage.address, ...(storage.port ? { port: storage.port } : {}), ...(storage.protocol ? { protocol: storage.protocol } : {}) },
      chainLength: 5,
      chainDays: 7,
      keepMax: 10,
      compression: 1,
      type: 0,
      peBackupsLimit: 0,
    },
    sessions: new Map(),
    clientSeq: 0,
  };
  for (const b of ents.backups ?? []) {
    const env = environments.get(b.eid.toLowerCase());
    if (!env) continue;
    addBackup(state, env, { time: Date.parse(b.time), type: b.type ?? 0, size: b.size ?? Math.round(env.size * 0.6), description: b.description, compression: 1 });
  }
  return state;
}
