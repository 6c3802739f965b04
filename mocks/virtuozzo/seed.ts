/**
 * One tenant's Virtuozzo state from the scenario: its users, hardware nodes, environments,
 * storage, stored backups (a catalogue to restore from without backing up first), backupm
 * configuration and scheduler tasks, with the backup_env page's values where the scenario gives none
 * (node dhcp0-40.sw.ru, container Test-VE6; the Agent XML API reference's backupm/backup_env page). Tasks
 * and the age limit start on the tenant's clock here, catching up what they missed.
 */
import { parseDuration } from '../../src/duration';
import type { StateInit } from '../../src/vendor';
import { addBackup, backupSize, pruneByAge } from './catalogue';
import type { Virtuozzo } from './index';
import { guidFrom, SYSTEM_REALM, type BackupmConfig, type Environment, type HardwareNode, type ScheduledTask, type Storage, type VirtuozzoState, type VirtuozzoUser } from './model';
import type { VirtuozzoConfig, VirtuozzoCredentials, VirtuozzoEntities } from './schema';

/** The default scenario's demo credentials (README): root / vzadmin. */
export const DEMO_USER: VirtuozzoUser = { name: 'root', password: 'vzadmin', realm: SYSTEM_REALM };

export function usersOf(credentials: VirtuozzoCredentials | undefined): VirtuozzoUser[] {
  if (!credentials) return [DEMO_USER];
  const list = 'users' in credentials ? credentials.users : [credentials];
  return list.map((u) => ({ name: u.name, password: u.password, realm: u.realm ?? SYSTEM_REALM }));
}


const SEED_NODE: HardwareNode = { eid: '89e27960-97b8-461f-902f-557b4b16784b', title: 'dhcp0-40.sw.ru' };

/** Three containers on the backup_env page's node when a scenario seeds none (deterministic per seed). */
function defaultEnvironments(random: () => number): NonNullable<VirtuozzoEntities['environments']> {
  return [
    { eid: '57c2cd6c-c02b-4645-bdb5-e883ea005896', name: 'Test-VE6', hostname: 'Host-106', ip: '10.130.1.6', platform: 'Linux', type: 'virtuozzo', state: 6, size: 21_182_125, removed: false },
    { eid: guidFrom(random), name: 'web-01', hostname: 'web-01.example.test', ip: '10.130.1.7', platform: 'Linux', type: 'virtuozzo', state: 6, removed: false },
    { eid: guidFrom(random), name: 'db-01', hostname: 'db-01.example.test', ip: '10.130.1.8', platform: 'Linux', type: 'parallels', state: 6, removed: false },
  ];
}

function configOf(c: Partial<VirtuozzoConfig> | undefined, storage: Storage): BackupmConfig {
  const server = c?.backup_server ?? { address: storage.address, port: storage.port, protocol: storage.protocol };
  return {
    backupServer: { address: server.address, ...(server.port !== undefined ? { port: server.port } : {}), ...(server.protocol ? { protocol: server.protocol } : {}) },
    chainLength: c?.chain_length ?? 5,
    chainDays: c?.chain_days ?? 7,
    keepMax: c?.keep_max ?? 10,
    compression: c?.compression ?? 1,
    type: c?.type ?? 0,
    peBackupsLimit: c?.pe_backups_limit ?? 0,
  };
}

type SeedBackup = { eid: string; time: string; type?: number; size?: number; compression?: number; description?: string };

/** `<duration> ago`: a time before the tenant's clock when its state is built (a catalogue that stays recent under any clock). */
export const AGO = /^\s*(\S+)\s+ago\s*$/;

/** A seeded time: ISO 8601, or `<duration> ago` on the tenant's clock now. */
function timeOf(text: string, now: number): number {
  const ago = AGO.exec(text);
  return ago ? now - parseDuration(ago[1]) : Date.parse(text);
}

/** Every seeded backup, from the top-level list and the environments' own lists, oldest first. */
function seededBackups(ents: VirtuozzoEntities, now: number): Array<SeedBackup & { at: number }> {
  const own = (ents.environments ?? []).flatMap((e) => (e.backups ?? []).map((b) => (typeof b === 'string' ? { eid: e.eid, time: b } : { eid: e.eid, ...b })));
  return [...(ents.backups ?? []), ...own].map((b) => ({ ...b, at: timeOf(b.time, now) })).sort((a, b) => a.at - b.at);
}

function taskOf(t: NonNullable<VirtuozzoEntities['tasks']>[number], random: () => number): ScheduledTask {
  const g = t.trigger;
  const b = t.backup_env;
  return {
    id: (t.id ?? guidFrom(random)).toLowerCase(),
    title: t.title,
    ...(t.description !== undefined ? { description: t.description } : {}),
    category: t.category ?? 'vz.backup.ves',
    trigger: {
      kind: g.type ?? 'daily',
      start: Date.parse(g.start_time),
      ...(g.end_time !== undefined ? { end: Date.parse(g.end_time) } : {}),
      ...(g.days_interval !== undefined ? { daysInterval: g.days_interval } : {}),
      ...(g.workdays ? { workdays: true } : {}),
      ...(g.weekends ? { weekends: true } : {}),
      ...(g.weeks_interval !== undefined ? { weeksInterval: g.weeks_interval } : {}),
      ...(g.day_of_week ? { daysOfWeek: g.day_of_week } : {}),
      ...(g.day_of_month ? { daysOfMonth: g.day_of_month } : {}),
      ...(g.month_of_year ? { months: g.month_of_year } : {}),
      ...(g.weekday_of_month ? { weekdaysOfMonth: g.weekday_of_month } : {}),
    },
    backups: [
      {
        eids: b.eids.map((e) => e.toLowerCase()),
        ...(b.type !== undefined ? { type: b.type } : {}),
        ...(b.compression !== undefined ? { compression: b.compression } : {}),
        ...(b.description !== undefined ? { description: b.description } : {}),
        ignoreError: false,
        ignoreUnexistent: false,
        remove: false,
      },
    ],
    disabled: t.disabled ?? false,
    runs: 0,
  };
}

export function createState(init: StateInit<Virtuozzo>): VirtuozzoState {
  const ents = init.entities ?? {};
  const nodes = new Map((ents.nodes ?? [SEED_NODE]).map((n) => [n.eid, { eid: n.eid, title: n.title }]));
  const firstNode = nodes.values().next().value ?? SEED_NODE;
  const environments = new Map<string, Environment>();
  /** Environments deleted since: their backups describe them. */
  const removed = new Map<string, Environment>();
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
    (e.removed ? removed : environments).set(env.eid, env);
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
    config: configOf(ents.config, storage),
    ...(ents.retention ? { maxAgeMs: parseDuration(ents.retention.maxAge) } : {}),
    tasks: new Map(),
    sessions: new Map(),
    clientSeq: 0,
  };
  const now = init.clock.now();
  for (const b of seededBackups(ents, now)) {
    const env = environments.get(b.eid.toLowerCase()) ?? removed.get(b.eid.toLowerCase());
    if (!env) continue;
    const type = b.type ?? 0;
    const compression = b.compression ?? 1;
    addBackup(state, env, { time: b.at, type, compression, size: b.size ?? backupSize(env, type, compression), ...(b.description !== undefined ? { description: b.description } : {}) });
  }
  // What has aged out by the time the state is built is gone; later expiries run on the clock.
  pruneByAge(state, now);
  // The tasks run from armState (schedules.ts), once the state exists.
  for (const t of ents.tasks ?? []) {
    const task = taskOf(t, init.random);
    state.tasks.set(task.id, task);
  }
  return state;
}
