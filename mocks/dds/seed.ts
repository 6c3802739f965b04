import type { Faker } from '@faker-js/faker';
import { parseDuration } from '../../src/duration';
import type { StateInit } from '../../src/vendor';
import { autoBackupName, DAY_MS } from './automated';
import { createIdentity } from './identity';
import { buildInstance } from './instances';
import { ddsId, type BackupRecord, type DatabaseRecord, type DdsState, type InstanceRecord } from './model';
import type { DdsBackupSeed, DdsCredentials, DdsEntities, DdsInstanceSeed } from './schema';
import type { Dds } from './wire';

/** The project a tenant without DDS credentials gets: the demo login of the default scenario. */
const DEMO_CREDENTIALS: DdsCredentials = {
  domain: 'OTC-EU-DE-000000000010000000001',
  project: 'eu-de',
  user: 'backup-operator',
  password: 'Otc-Passw0rd',
  users: [],
};

const DAY = DAY_MS;

/**
 * One tenant's DDS state from the scenario: its project, instances and backups, dated from the
 * tenant's start (`since`), so a catalogue seeded in the past and the automated backups the
 * policies take after it (automated.ts, armed by index.ts armState) do not overlap.
 */
export function createState(init: StateInit<Dds>): DdsState {
  const identity = createIdentity(init.credentials ?? DEMO_CREDENTIALS);
  const faker: Faker = init.faker;
  const now = init.since;
  const entities: DdsEntities = init.entities ?? { instances: [], backups: [] };
  const state: DdsState = {
    identity,
    instances: new Map(),
    standingActions: new Map(),
    periods: new Map(),
    backups: new Map(),
    jobs: new Map(),
    autoBackupFrom: new Map(),
    creating: new Map(),
    deleting: new Map(),
    databases: new Map(),
  };
  // Instances are older than the catalogue seeded for them, a day apart in seed order.
  const origin = Math.min(now, ...seededBegins(entities, now));
  entities.instances.forEach((seed, i) => {
    const inst = seedInstance(seed, identity.project.region, faker, origin - (entities.instances.length - i) * DAY);
    state.instances.set(inst.id, inst);
    if (seed.actions.length) state.standingActions.set(inst.id, [...seed.actions]);
    state.periods.set(inst.id, seed.backup_period);
    state.databases.set(inst.id, seedDatabases(seed.databases, Date.parse(inst.created + 'Z')));
  });
  for (const b of seedBackups(entities, [...state.instances.values()], faker, now)) state.backups.set(b.id, b);
  return state;
}

function seedInstance(seed: DdsInstanceSeed, region: string, faker: Faker, defaultCreated: number): InstanceRecord {
  const created = seed.created !== undefined ? Date.parse(seed.created) : defaultCreated;
  return buildInstance(seed, region, faker, created);
}

/** Seeded databases exist since their instance was created. */
export function seedDatabases(databases: Record<string, string[]>, since: number): DatabaseRecord[] {
  return Object.entries(databases).map(([name, collections]) => ({ name, since, collections: collections.map((c) => ({ name: c, since })) }));
}

/** A seeded backup's begin_time, or `age` before the tenant's start (default a day). */
function seededBegin(b: DdsBackupSeed, now: number): number {
  return b.begin_time !== undefined ? Date.parse(b.begin_time) : now - (b.age !== undefined ? parseDuration(b.age) : DAY);
}

/** When the seeded backups begin (automated ones: their first day's midnight at the latest). */
function seededBegins(entities: DdsEntities, now: number): number[] {
  const begins = entities.backups.map((b) => seededBegin(b, now));
  if (entities.automated) begins.push(Math.floor((now - entities.automated.days * DAY) / DAY) * DAY);
  return begins;
}

/** Retention of a seeded automated backup: its own, else its instance's (7 days when the policy is off). */
function autoExpiry(begin: number, keepDays: number | undefined, inst: InstanceRecord): number {
  return begin + (keepDays ?? (inst.backup_strategy.keep_days || 7)) * DAY;
}

/** Scenario backups plus daily automated ones inside each instance's backup window. */
export function seedBackups(entities: DdsEntities, instances: InstanceRecord[], faker: Faker, now: number): BackupRecord[] {
  const byRef = (ref: string) => instances.find((i) => i.id === ref || i.name === ref);
  const out: BackupRecord[] = [];
  for (const b of entities.backups) {
    const inst = byRef(b.instance);
    if (!inst) throw new Error(`dds backup "${b.name}": no instance "${b.instance}"`);
    const begin = seededBegin(b, now);
    out.push({
      id: b.id ?? ddsId(faker, 'br02'),
      name: b.name,
      instance_id: inst.id,
      type: b.type,
      description: b.description,
      size: b.status === 'FAILED' ? 0 : (b.size ?? faker.number.int({ min: 2048, max: 65536 })),
      begin,
      status: b.status,
      end: begin + parseDuration(b.duration),
      ...(b.type === 'Auto' ? { expires: autoExpiry(begin, b.keep_days, inst) } : {}),
    });
  }
  const auto = entities.automated;
  if (auto) {
    const targets = auto.instances ? auto.instances.map((r) => byRef(r)).filter((i) => i !== undefined) : instances;
    for (const inst of targets) {
      const [hh, mm] = inst.backup_strategy.start_time.split('-')[0].split(':').map(Number);
      for (let d = auto.days; d >= 1; d--) {
        const day = new Date(now - d * DAY);
        const begin = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hh, mm + 5);
        out.push({
          id: ddsId(faker, 'br02'),
          name: autoBackupName(inst.name, begin),
          instance_id: inst.id,
          type: 'Auto',
          description: '',
          size: faker.number.int({ min: 2048, max: 65536 }),
          begin,
          status: 'COMPLETED',
          end: begin + 3 * 60_000,
          expires: autoExpiry(begin, undefined, inst),
        });
      }
    }
  }
  return out;
}
