import type { Faker } from '@faker-js/faker';
import { DbsError } from './errors';
import {
  ddsId,
  DELETE_INSTANCE_JOB,
  DELETE_INSTANCE_OPERATION,
  findInstance,
  idleInstance,
  type DdsState,
  type InstanceGroup,
  type InstanceRecord,
  type JobBook,
} from './model';
import { formatInstanceTime } from './wire';

/**
 * Instances as the list shows them (querying_instances_and_details.rst): their node groups per
 * mode, built for a seeded instance or one restored to a new instance, and deleting one
 * (deleting_a_db_instance.rst) as a job.
 */

/** The node types of `flavor` (restoring_data_to_a_new_db_instance.rst, Table 4). */
export type NodeType = 'replica' | 'single' | 'mongos' | 'shard' | 'config';

/** What an instance is made from: a scenario entry, or a restore's request and its source. */
export interface InstanceShape {
  id?: string;
  name: string;
  mode: string;
  version: string;
  status: string;
  port: number;
  volume_gb: number;
  used_gb?: number;
  vpc_id?: string;
  subnet_id?: string;
  security_group_id?: string;
  backup_window: string;
  keep_days: number;
  tags: Record<string, string>;
  /** Specification codes per node type (default: the instance page's examples). */
  specs?: Partial<Record<NodeType, string>>;
  /** mongos nodes of a cluster (default 2). */
  mongos?: number;
  availability_zone?: string;
  ssl?: number;
  disk_encryption_id?: string;
}

const DEFAULT_SPECS: Record<NodeType, string> = {
  replica: 'dds.mongodb.s2.medium.4.repset',
  single: 'dds.mongodb.s2.medium.4.single',
  mongos: 'dds.mongodb.s2.medium.4.mongos',
  shard: 'dds.mongodb.s2.medium.4.shard',
  config: 'dds.mongodb.s2.large.2.config',
};

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
function groups(faker: Faker, shape: InstanceShape, az: string): InstanceGroup[] {
  const spec = (t: NodeType) => shape.specs?.[t] ?? DEFAULT_SPECS[t];
  const volume = { size: String(shape.volume_gb), used: (shape.used_gb ?? Math.round(shape.volume_gb * 3.3) / 100).toFixed(2) };
  const set = (type: string, code: string, ip: boolean) => ROLES.map((role, i) => node(faker, shape.name, type, i + 1, role, code, az, ip));
  if (shape.mode === 'Single') {
    return [{ type: 'single', volume, nodes: [node(faker, shape.name, 'single', 1, 'Primary', spec('single'), az, true)] }];
  }
  if (shape.mode === 'ReplicaSet') {
    return [{ type: 'replica', volume, nodes: set('replica', spec('replica'), true) }];
  }
  const mongosCount = shape.mongos ?? 2;
  const mongos = Array.from({ length: mongosCount }, (_, i) => node(faker, shape.name, 'mongos', i + 1, 'master', spec('mongos'), az, true));
  const shard = (n: number): InstanceGroup => ({
    type: 'shard',
    id: ddsId(faker, 'gr02'),
    name: `shard_${n}`,
    status: 'normal',
    volume,
    nodes: set(`shard_${n}`, spec('shard'), false),
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
      nodes: set('config', spec('config'), false),
    },
  ];
}

export function buildInstance(shape: InstanceShape, region: string, faker: Faker, created: number): InstanceRecord {
  const az = shape.availability_zone ?? `${region}-01`;
  return {
    id: shape.id ?? ddsId(faker, 'in02'),
    name: shape.name,
    remark: '',
    status: shape.status,
    port: String(shape.port),
    mode: shape.mode,
    region,
    datastore: { type: 'DDS-Community', version: shape.version },
    engine: 'wiredTiger',
    created: formatInstanceTime(created),
    updated: formatInstanceTime(created),
    db_user_name: 'rwuser',
    ssl: shape.ssl ?? 1,
    vpc_id: shape.vpc_id ?? faker.string.uuid(),
    subnet_id: shape.subnet_id ?? faker.string.uuid(),
    security_group_id: shape.security_group_id ?? faker.string.uuid(),
    backup_strategy: { start_time: shape.backup_window, keep_days: shape.keep_days },
    pay_mode: '0',
    maintenance_window: '02:00-06:00',
    groups: groups(faker, shape, az.split(',')[0]),
    enterprise_project_id: '0',
    time_zone: '',
    tags: Object.entries(shape.tags).map(([key, value]) => ({ key, value })),
    ...(shape.disk_encryption_id !== undefined ? { disk_encryption_id: shape.disk_encryption_id } : {}),
  };
}

/** The storage (GB) of an instance's data nodes: what a restore to a new instance must at least give. */
export function volumeOf(inst: InstanceRecord): number {
  const data = inst.groups.find((g) => g.type !== 'mongos' && g.type !== 'config' && g.volume);
  return Number(data?.volume?.size ?? 0);
}

/**
 * Delete an instance: a job (`job_id`, 202); the instance shows DELETE_INSTANCE until the job
 * completes, then it is gone. A frozen instance "cannot be deleted" (DBS.280406); a busy one
 * answers DBS.201015.
 */
export function deleteInstance(state: DdsState, instanceId: string, jobs: JobBook, faker: Faker): { job_id: string } {
  const inst = findInstance(state, instanceId);
  if (inst.status === 'frozen') throw new DbsError('DBS.280406');
  idleInstance(state, inst, jobs);
  const jobId = faker.string.uuid();
  state.jobs.set(jobId, { name: DELETE_INSTANCE_JOB, instance_id: inst.id, instance_name: inst.name, action: 'DELETE_INSTANCE' });
  state.deleting.set(inst.id, jobId);
  jobs.start({ id: jobId, operation: DELETE_INSTANCE_OPERATION, target: inst.id, data: { instance_id: inst.id } });
  return { job_id: jobId };
}

/**
 * An instance is gone. The DDS user guide ("Deleting a DB Instance"): "all data in it and all
 * automated backups are automatically deleted", "all manual backups are retained"; they keep
 * what the backup list shows of their instance.
 */
export function removeInstance(state: DdsState, instanceId: string): void {
  const inst = state.instances.get(instanceId);
  if (!inst) return;
  for (const b of [...state.backups.values()]) {
    if (b.instance_id !== inst.id) continue;
    if (b.type === 'Auto') state.backups.delete(b.id);
    else b.instance = { name: inst.name, datastore: { ...inst.datastore }, mode: inst.mode };
  }
  for (const table of [state.instances, state.standingActions, state.periods, state.autoBackupFrom, state.creating, state.deleting, state.databases]) {
    table.delete(inst.id);
  }
}
