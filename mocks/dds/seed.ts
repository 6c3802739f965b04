import type { Faker } from '@faker-js/faker';
import { parseDuration } from '../../src/duration';
import type { StateInit } from '../../src/vendor';
import { createIdentity } from './identity';
import { ddsId, type BackupRecord, type DdsState, type InstanceGroup, type InstanceRecord } from './model';
import type { DdsCredentials, DdsEntities, DdsInstanceSeed } from './schema';
import { formatInstanceTime, type Dds } from './wire';

/** The project a tenant without DDS credentials gets: the demo login of the default scenario. */
const DEMO_CREDENTIALS: DdsCredentials = {
  domain: 'OTC-EU-DE-000000000010000000001',
  project: 'eu-de',
  user: 'backup-operator',
  password: 'Otc-Passw0rd',
  users: [],
};

const DAY = 86_400_000;

/** One tenant's DDS state from the scenario: its project, instances and backups. */
export function createState(init: StateInit<Dds>): DdsState {
  const identity = createIdentity(init.credentials ?? DEMO_CREDENTIALS);
  const faker: Faker = init.faker;
  const now = init.clock.now();
  const entities: DdsEntities = init.entities ?? { instances: [], backups: [] };
  const state: DdsState = { identity, instances: new Map(), standingActions: new Map(), periods: new Map(), backups: new Map(), jobs: new Map() };
  entities.instances.forEach((seed, i) => {
    const inst = seedInstance(seed, identity.project.region, faker, now - (entities.instances.length - i) * DAY);
    state.instances.set(inst.id, inst);
    if (seed.actions.length) state.standingActions.set(inst.id, [...seed.actions]);
    state.periods.set(inst.id, seed.backup_period);
  });
  for (const b of seedBackups(entities, [...state.instances.values()], faker, now)) state.backups.set(b.id, b);
  return state;
}

function node(faker: Faker, instance: string, group: string, n: number, role: string, spec: string, az: string, ip: boolean) {
  return {
    id: ddsId(faker, 'no02'),
    name: `${instance}_${group}_node_${n}`,
    status: 'normal',
    role,
    ...(ip ? { private_ip: faker.internet.ipv4({ cidrBlock: '192.168.0.0/24' }), public_ip: '' } : {}),
    spec_code: spec,
    availability_zone: az,
  };
}

const ROLES = ['Primary', 'Secondary', 'Hidden'];

/** Node groups per mode, as the instance page's three examples lay them out. */
function groups(faker: Faker, seed: DdsInstanceSeed, az: string): InstanceGroup[] {
  const volume = { size: String(seed.volume_gb), used: (seed.used_gb ?? Math.round(seed.volume_gb * 3.3) / 100).toFixed(2) };
  const set = (type: string, spec: string, ip: boolean) =>
    ROLES.map((role, i) => node(faker, seed.name, type, i + 1, role, spec, az, ip));
  if (seed.mode === 'Single') {
    return [{ type: 'single', volume, nodes: [node(faker, seed.name, 'single', 1, 'Primary', 'dds.mongodb.s2.medium.4.single', az, true)] }];
  }
  if (seed.mode === 'ReplicaSet') {
    return [{ type: 'replica', volume, nodes: set('replica', 'dds.mongodb.s2.medium.4.repset', true) }];
  }
  const mongos = [1, 2].map((n) => node(faker, seed.name, 'mongos', n, 'master', 'dds.mongodb.s2.medium.4.mongos', az, true));
  const shard = (n: number): InstanceGroup => ({
    type: 'shard',
    id: ddsId(faker, 'gr02'),
    name: `shard_${n}`,
    status: 'normal',
    volume,
    nodes: set(`shard_${n}`, 'dds.mongodb.s2.medium.4.shard', false),
  });
  return [
    { type: 'mongos', nodes: mongos },
    shard(1),
    shard(2),
    {
      type: 'config',
      id: ddsId(faker, 'gr02'),
      name: 'config',
      status: 'normal',
      volume: { size: '20', used: volume.used },
      nodes: set('config', 'dds.mongodb.s2.large.2.config', false),
    },
  ];
}

export function seedInstance(seed: DdsInstanceSeed, region: string, faker: Faker, defaultCreated: number): InstanceRecord {
  const created = seed.created !== undefined ? Date.parse(seed.created) : defaultCreated;
  const az = `${region}-01`;
  return {
    id: seed.id ?? ddsId(faker, 'in02'),
    name: seed.name,
    remark: '',
    status: seed.status,
    port: String(seed.port),
    mode: seed.mode,
    region,
    datastore: { type: 'DDS-Community', version: seed.version },
    engine: 'wiredTiger',
    created: formatInstanceTime(created),
    updated: formatInstanceTime(created),
    db_user_name: 'rwuser',
    ssl: 1,
    vpc_id: seed.vpc_id ?? faker.string.uuid(),
    subnet_id: seed.subnet_id ?? faker.string.uuid(),
    security_group_id: seed.security_group_id ?? faker.string.uuid(),
    backup_strategy: { start_time: seed.backup_window, keep_days: seed.keep_days },
    pay_mode: '0',
    maintenance_window: '02:00-06:00',
    groups: groups(faker, seed, az),
    enterprise_project_id: '0',
    time_zone: '',
    tags: Object.entries(seed.tags).map(([key, value]) => ({ key, value })),
  };
}

/** Scenario backups plus daily automated ones inside each instance's backup window. */
export function seedBackups(entities: DdsEntities, instances: InstanceRecord[], faker: Faker, now: number): BackupRecord[] {
  const byRef = (ref: string) => instances.find((i) => i.id === ref || i.name === ref);
  const out: BackupRecord[] = [];
  for (const b of entities.backups) {
    const inst = byRef(b.instance);
    if (!inst) throw new Error(`dds backup "${b.name}": no instance "${b.instance}"`);
    const begin = b.begin_time !== undefined ? Date.parse(b.begin_time) : now - DAY;
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
        const stamp = new Date(begin).toISOString().slice(0, 10).replace(/-/g, '');
        out.push({
          id: ddsId(faker, 'br02'),
          name: `${inst.name}-auto-${stamp}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64),
          instance_id: inst.id,
          type: 'Auto',
          description: '',
          size: faker.number.int({ min: 2048, max: 65536 }),
          begin,
          status: 'COMPLETED',
          end: begin + 3 * 60_000,
        });
      }
    }
  }
  return out;
}
