import type { Faker } from '@faker-js/faker';
import { backupStatus } from './backups';
import type { DatabaseRestore, FlavorInput, RestorePoint, RestoreToNewInput, RestoreToOriginalInput } from './decode-restore';
import { SPEC_CODE } from './decode-restore';
import { DbsError } from './errors';
import { buildInstance, volumeOf, type NodeType } from './instances';
import {
  findInstance,
  idleInstance,
  page,
  restoreJobName,
  RESTORE_COLLECTIONS_OPERATION,
  RESTORE_NEW_OPERATION,
  RESTORE_OPERATION,
  type BackupRecord,
  type Datastore,
  type DatabaseRecord,
  type DdsJobRecord,
  type DdsState,
  type InstanceRecord,
  type JobBook,
  type Listed,
} from './model';

/**
 * Restores (restoring_data_to_the_original_db_instance.rst, restoring_data_to_a_new_db_instance.rst,
 * restoring_databases_and_tables_to_a_point_in_time.rst) and what they can restore
 * (querying_the_restoration_time_ranges.rst, obtaining_the_list_of_databases_that_can_be_restored.rst,
 * obtaining_the_list_of_database_collections_that_can_be_restored.rst). Each restore is a job of
 * the instance it writes to, shown in its `actions` while it runs.
 */

/** What a restore needs to know of the instance its data comes from (which may be deleted since). */
interface Source {
  instanceId: string;
  name: string;
  mode: string;
  datastore: Datastore;
  /** The instance, if it still exists. */
  inst?: InstanceRecord;
  /** The data's time: the backup's start or the point in time. */
  at: number;
}

/**
 * The time ranges a point-in-time restore can reach: from the end of the instance's oldest
 * COMPLETED backup still kept (the full backup the oplog replays from) until now, while the
 * automated backup policy is on (the DDS user guide: incremental backups run every 5 minutes
 * only with it; disabling it deletes them).
 */
export function restoreRange(state: DdsState, inst: InstanceRecord, jobs: JobBook, now: number): { start: number; end: number } | undefined {
  if (inst.backup_strategy.keep_days === 0) return undefined;
  let start: number | undefined;
  for (const b of state.backups.values()) {
    if (b.instance_id !== inst.id || backupStatus(b, jobs) !== 'COMPLETED') continue;
    const end = b.end ?? (b.job_id !== undefined ? jobs.get(b.job_id)?.endedAt : undefined);
    if (end !== undefined && end <= now && (start === undefined || end < start)) start = end;
  }
  return start === undefined ? undefined : { start, end: now };
}

/** "Currently, only replica set instances and cluster instances 4.0" restore to a point in time (DBS.280343). */
function pointInTimeCapable(mode: string, version: string): boolean {
  return mode === 'ReplicaSet' || (mode === 'Sharding' && version === '4.0');
}

function inRange(state: DdsState, inst: InstanceRecord, jobs: JobBook, now: number, time: number, what: string): void {
  const range = restoreRange(state, inst, jobs, now);
  if (!range || time < range.start || time > range.end) {
    throw new DbsError('DBS.200001', `Parameter error: ${what} is outside the restoration time ranges.`);
  }
}

/** The restoration time ranges of one UTC day (its midnight `day`), in the page's shape. */
export function restoreTimes(state: DdsState, instanceId: string, day: number, jobs: JobBook, now: number): { restore_time: { start_time: number; end_time: number }[] } {
  const inst = findInstance(state, instanceId);
  if (!pointInTimeCapable(inst.mode, inst.datastore.version)) throw new DbsError('DBS.280343');
  const range = restoreRange(state, inst, jobs, now);
  // The page's example ends a day at 23:59:59 (1607817599000).
  const [from, to] = [day, day + 86_399_000];
  if (!range || range.end < from || range.start > to) return { restore_time: [] };
  return { restore_time: [{ start_time: Math.max(range.start, from), end_time: Math.min(range.end, to) }] };
}

/** The databases and collections of an instance as they were at `time`. */
function catalogueAt(state: DdsState, instanceId: string, time: number): DatabaseRecord[] {
  return (state.databases.get(instanceId) ?? [])
    .filter((d) => d.since <= time)
    .map((d) => ({ ...d, collections: d.collections.filter((c) => c.since <= time) }));
}

/** Restore lists apply to replica sets only (their pages' Constraints). */
function replicaSet(state: DdsState, instanceId: string): InstanceRecord {
  const inst = findInstance(state, instanceId);
  if (inst.mode !== 'ReplicaSet') throw new DbsError('DBS.280343');
  return inst;
}

export function restorableDatabases(state: DdsState, instanceId: string, q: { restoreTime: number; offset: number; limit: number }): Listed<string> {
  const inst = replicaSet(state, instanceId);
  return page(catalogueAt(state, inst.id, q.restoreTime).map((d) => d.name), q.offset, q.limit);
}

export function restorableCollections(
  state: DdsState,
  instanceId: string,
  q: { database: string; restoreTime: number; offset: number; limit: number },
): Listed<string> {
  const inst = replicaSet(state, instanceId);
  const db = catalogueAt(state, inst.id, q.restoreTime).find((d) => d.name === q.database);
  if (!db) throw new DbsError('DBS.200823');
  return page(db.collections.map((c) => c.name), q.offset, q.limit);
}

/** A backup a restore can read: it exists and is COMPLETED (else there is no file, DBS.201214). */
function restorableBackup(state: DdsState, backupId: string, jobs: JobBook): BackupRecord {
  const backup = state.backups.get(backupId);
  if (!backup || backupStatus(backup, jobs) !== 'COMPLETED') throw new DbsError('DBS.201214');
  return backup;
}

/** The source of a restore point; a backup of another instance than the one named is DBS.280124. */
function sourceOf(state: DdsState, point: RestorePoint, jobs: JobBook, now: number): Source {
  if (point.type === 'backup') {
    const backup = restorableBackup(state, point.backupId, jobs);
    if (point.instanceId !== undefined && point.instanceId !== backup.instance_id) throw new DbsError('DBS.280124');
    const inst = state.instances.get(backup.instance_id);
    const known = inst ?? backup.instance;
    if (!known) throw new DbsError('DBS.201214');
    return { instanceId: backup.instance_id, name: known.name, mode: known.mode, datastore: { ...known.datastore }, inst, at: backup.begin };
  }
  const inst = findInstance(state, point.instanceId ?? '');
  if (!pointInTimeCapable(inst.mode, inst.datastore.version)) throw new DbsError('DBS.280343');
  inRange(state, inst, jobs, now, point.time, 'restore_time');
  return { instanceId: inst.id, name: inst.name, mode: inst.mode, datastore: { ...inst.datastore }, inst, at: point.time };
}

function startRestore(state: DdsState, jobs: JobBook, faker: Faker, operation: string, record: DdsJobRecord): string {
  const jobId = faker.string.uuid();
  state.jobs.set(jobId, record);
  jobs.start({ id: jobId, operation, target: record.instance_id, data: { ...(record.backup_id !== undefined ? { backup_id: record.backup_id } : {}) } });
  return jobId;
}

/**
 * Restore a backup or a point in time onto an existing instance (the original one, or another
 * of the same mode and version): a job of the target, which shows RESTORE meanwhile.
 */
export function restoreToOriginal(state: DdsState, input: RestoreToOriginalInput, jobs: JobBook, faker: Faker, now: number): { job_id: string } {
  const target = findInstance(state, input.targetInstanceId);
  const source = sourceOf(state, input.point, jobs, now);
  if (target.mode !== source.mode) throw new DbsError('DBS.280342');
  if (target.datastore.version !== source.datastore.version) throw new DbsError('DBS.280236');
  idleInstance(state, target, jobs);
  const record: DdsJobRecord = { name: restoreJobName(target.mode), instance_id: target.id, instance_name: target.name, action: 'RESTORE' };
  if (input.point.type === 'backup') record.backup_id = input.point.backupId;
  return { job_id: startRestore(state, jobs, faker, RESTORE_OPERATION, record) };
}

/** The node types a mode's `flavor` lists, each once. */
const FLAVOR_TYPES: Record<string, NodeType[]> = { ReplicaSet: ['replica'], Single: ['single'], Sharding: ['mongos', 'shard', 'config'] };

/** Table 4's `num` rules per node type (replica sets: 1, or their 3, 5 or 7 nodes as Table 8 counts them). */
function validNum(f: FlavorInput): boolean {
  if (f.num === undefined) return f.type === 'shard';
  if (f.type === 'mongos' || f.type === 'shard') return f.num >= 2 && f.num <= 32;
  if (f.type === 'replica') return [1, 3, 5, 7].includes(f.num);
  return f.num === 1;
}

/** Table 4's `size` ranges (GB): replica sets and shards 10-2000, single nodes 10-1000, config 20. */
function validSize(f: FlavorInput): boolean {
  if (f.size === undefined || f.type === 'mongos') return true;
  if (f.type === 'config') return f.size === 20;
  return f.size >= 10 && f.size <= (f.type === 'single' ? 1000 : 2000);
}

/** The flavor against the source's mode: types (DBS.280327), counts (DBS.280123), sizes (DBS.280242, DBS.280266), one series (DBS.280267). */
function checkFlavor(flavor: FlavorInput[], source: Source): Map<NodeType, FlavorInput> {
  const wanted = FLAVOR_TYPES[source.mode] ?? [];
  const byType = new Map(flavor.map((f) => [f.type, f]));
  if (byType.size !== flavor.length || flavor.length !== wanted.length || !wanted.every((t) => byType.has(t))) throw new DbsError('DBS.280327');
  const minimum = source.inst ? volumeOf(source.inst) : 0;
  for (const f of flavor) {
    if (!validNum(f)) throw new DbsError('DBS.280123');
    if (!validSize(f)) throw new DbsError('DBS.280242');
    // "must be greater than or equal to the disk size of the original instance"
    if (f.size !== undefined && f.type !== 'mongos' && f.type !== 'config' && f.size < minimum) throw new DbsError('DBS.280266');
  }
  // "All specifications must be of the same series, that is, general-purpose (s6), enhanced (c3), or enhanced II (c6)."
  if (new Set(flavor.map((f) => SPEC_CODE.exec(f.spec_code)?.[1])).size > 1) throw new DbsError('DBS.280267');
  return byType;
}

/** Availability zones of the project's region (eu-de-01...), one or several comma separated (DBS.280244). */
function checkZones(az: string, region: string): void {
  const zone = new RegExp(`^${region.replace(/[^A-Za-z0-9-]/g, '')}-0[1-9]$`);
  if (!az.split(',').every((z) => zone.test(z))) throw new DbsError('DBS.280244');
}

/** What a restore to a new instance made: the new instance, its job, and the answer's echo of the request. */
export interface NewInstance {
  inst: InstanceRecord;
  jobId: string;
  request: RestoreToNewInput;
  createdAt: number;
}

/**
 * Restore a backup or a point in time to a new instance of the source's mode and version
 * ("The database type of the destination DB instance must be the same as that of the source").
 * The new instance is listed at once as `creating` (actions CREATE) until its job completes;
 * its backup policy comes from `backup_strategy` (default window 00:00-01:00, 7 days).
 */
export function restoreToNew(state: DdsState, input: RestoreToNewInput, jobs: JobBook, faker: Faker, now: number, region: string): NewInstance {
  checkZones(input.availability_zone, region);
  const source = sourceOf(state, input.restore_point, jobs, now);
  const flavor = checkFlavor(input.flavor, source);
  const data = flavor.get('replica') ?? flavor.get('single') ?? flavor.get('shard');
  const strategy = input.backup_strategy ?? { start_time: '00:00-01:00', keep_days: 7 };
  const inst = buildInstance(
    {
      name: input.name,
      mode: source.mode,
      version: source.datastore.version,
      status: 'normal',
      port: source.inst ? Number(source.inst.port) : 8635,
      volume_gb: data?.size ?? (source.inst ? volumeOf(source.inst) : 10),
      used_gb: 0,
      vpc_id: input.vpc_id,
      subnet_id: input.subnet_id,
      security_group_id: input.security_group_id,
      backup_window: strategy.start_time,
      keep_days: strategy.keep_days,
      tags: {},
      specs: Object.fromEntries([...flavor].map(([t, f]) => [t, f.spec_code])),
      ...(flavor.get('mongos')?.num !== undefined ? { mongos: flavor.get('mongos')?.num } : {}),
      availability_zone: input.availability_zone,
      ssl: Number(input.ssl_option),
      ...(input.disk_encryption_id !== undefined ? { disk_encryption_id: input.disk_encryption_id } : {}),
    },
    region,
    faker,
    now,
  );
  if (input.enterprise_project_id !== undefined) inst.enterprise_project_id = input.enterprise_project_id;
  state.instances.set(inst.id, inst);
  if (strategy.period !== undefined) state.periods.set(inst.id, strategy.period);
  state.autoBackupFrom.set(inst.id, now);
  // The new instance holds the source's data as it was at the restore point.
  state.databases.set(
    inst.id,
    catalogueAt(state, source.instanceId, source.at).map((d) => ({ name: d.name, since: now, collections: d.collections.map((c) => ({ name: c.name, since: now })) })),
  );
  const record: DdsJobRecord = { name: restoreJobName(source.mode), instance_id: inst.id, instance_name: inst.name, action: 'CREATE' };
  if (input.restore_point.type === 'backup') record.backup_id = input.restore_point.backupId;
  const jobId = startRestore(state, jobs, faker, RESTORE_NEW_OPERATION, record);
  state.creating.set(inst.id, jobId);
  return { inst, jobId, request: input, createdAt: now };
}

/**
 * Restore databases or collections of a replica set to points in time, in place: each time
 * within the restoration ranges, each database (DBS.200823) and collection (DBS.280446) one
 * the instance had then. A job of the instance, which shows RESTORE_TABLE meanwhile.
 */
export function restoreCollections(state: DdsState, instanceId: string, restores: DatabaseRestore[], jobs: JobBook, faker: Faker, now: number): { job_id: string } {
  const inst = replicaSet(state, instanceId);
  idleInstance(state, inst, jobs);
  for (const r of restores) {
    const times = [...(r.time !== undefined ? [r.time] : []), ...r.collections.map((c) => c.time)];
    for (const t of times) inRange(state, inst, jobs, now, t, 'the restoration time');
    for (const t of times) if (!catalogueAt(state, inst.id, t).some((d) => d.name === r.database)) throw new DbsError('DBS.200823');
    for (const c of r.collections) {
      const db = catalogueAt(state, inst.id, c.time).find((d) => d.name === r.database);
      if (!db?.collections.some((x) => x.name === c.old_name)) throw new DbsError('DBS.280446');
    }
  }
  return {
    job_id: startRestore(state, jobs, faker, RESTORE_COLLECTIONS_OPERATION, {
      name: restoreJobName(inst.mode),
      instance_id: inst.id,
      instance_name: inst.name,
      action: 'RESTORE_TABLE',
    }),
  };
}
