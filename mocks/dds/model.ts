import type { Faker } from '@faker-js/faker';
import type { Job, StartJob } from '../../src/jobs/engine';
import type { JobState } from '../../src/jobs/timeline';
import type { InstanceFilter } from './decode';
import { DbsError } from './errors';
import type { IdentityState } from './identity';

/**
 * One tenant (= one Open Telekom Cloud project) of DDS: its identity, instances, backups and
 * what each DDS job is about, and what is done with instances, jobs and backup policies (the
 * backups' own lifecycle is in backups.ts). Every table keyed by an id is a Map, in the order
 * things were made (ids come from clients: `__proto__` must be just an id).
 */
export interface DdsState {
  identity: IdentityState;
  /** Instance id -> instance, in seed order; `actions` are derived from running jobs. */
  instances: Map<string, InstanceRecord>;
  /** Standing actions per instance id from the scenario (e.g. RESTARTING). */
  standingActions: Map<string, string[]>;
  /** Automated backup cycle per instance id ("1,2,3,4,5,6,7"); the instance list shows no period. */
  periods: Map<string, string>;
  /** Backup id -> backup. */
  backups: Map<string, BackupRecord>;
  /** Job id -> what the DDS job is about (the neutral job lives in the shared engine). */
  jobs: Map<string, DdsJobRecord>;
  /** Instance id -> the time after which its automated backup policy's occurrences are due (policy set, or last fired). */
  autoBackupFrom: Map<string, number>;
  /** Instance id -> its create job (restored to a new instance): `creating` while it runs. */
  creating: Map<string, string>;
  /** Instance id -> its delete job: the instance goes once it completes. */
  deleting: Map<string, string>;
  /** Instance id -> its databases and collections, the lists a point-in-time restore offers. */
  databases: Map<string, DatabaseRecord[]>;
}

/** A database of an instance, and when it and each of its collections appeared. */
export interface DatabaseRecord {
  name: string;
  since: number;
  collections: { name: string; since: number }[];
}

export interface Datastore {
  type: string;
  version: string;
}

export interface InstanceNode {
  id: string;
  name: string;
  status: string;
  role: string;
  private_ip?: string;
  public_ip?: string;
  spec_code: string;
  availability_zone: string;
}

export interface InstanceGroup {
  type: string;
  id?: string;
  name?: string;
  status?: string;
  volume?: { size: string; used: string };
  nodes: InstanceNode[];
}

/** An instance as the list shows it (querying_instances_and_details.rst, Table 3), less `actions`. */
export interface InstanceRecord {
  id: string;
  name: string;
  remark: string;
  status: string;
  /** A string on the wire: the Go SDK decodes it with `json:"port,string"`. */
  port: string;
  mode: string;
  region: string;
  datastore: Datastore;
  engine: string;
  created: string;
  updated: string;
  db_user_name: string;
  ssl: number;
  vpc_id: string;
  subnet_id: string;
  security_group_id: string;
  backup_strategy: { start_time: string; keep_days: number };
  pay_mode: string;
  maintenance_window: string;
  groups: InstanceGroup[];
  enterprise_project_id: string;
  time_zone: string;
  tags: { key: string; value: string }[];
  /** "returned only when the instance disk is encrypted" (Table 3). */
  disk_encryption_id?: string;
}

export type BackupStatus = 'BUILDING' | 'COMPLETED' | 'FAILED' | 'DISABLED';
export type JobStatus = 'Running' | 'Completed' | 'Failed';

export interface BackupRecord {
  id: string;
  name: string;
  instance_id: string;
  type: 'Auto' | 'Manual';
  description: string;
  size: number;
  begin: number;
  /** Seeded backups: their fixed outcome. Created ones follow their job. */
  status?: BackupStatus;
  end?: number;
  job_id?: string;
  delete_job_id?: string;
  /** Automated backups: when retention removes them (keep_days after they began). */
  expires?: number;
  /** What the list shows of an instance deleted since (its manual backups stay). */
  instance?: { name: string; datastore: Datastore; mode: string };
}

/** What the instance list shows in `actions` while a job of the instance runs. */
export type InstanceAction = 'BACKUP' | 'RESTORE' | 'RESTORE_TABLE' | 'CREATE' | 'DELETE_INSTANCE';

export interface DdsJobRecord {
  /** The task center's name of the job (Backup_MongoDB, Restore_MongoDB_Replica...). */
  name: string;
  instance_id: string;
  instance_name: string;
  backup_id?: string;
  /** The instance's action while the job runs. */
  action?: InstanceAction;
}

/** Job operations: the keys of index.ts defaultTimelines, which scenario job rules name. */
export const BACKUP_OPERATION = 'CreateManualBackup';
export const DELETE_OPERATION = 'DeleteManualBackup';
/** Backups the automated backup policy takes in its window (no API call starts them). */
export const AUTO_BACKUP_OPERATION = 'AutomatedBackup';
export const RESTORE_OPERATION = 'RestoreInstance';
export const RESTORE_NEW_OPERATION = 'RestoreNewInstance';
export const RESTORE_COLLECTIONS_OPERATION = 'RestoreInstanceFromCollection';
export const DELETE_INSTANCE_OPERATION = 'DeleteInstance';

/**
 * The task center's name of a restore job. The job page names one, `Restore_MongoDB_Replica`
 * (a replica set); the other modes take the same pattern with their own word.
 */
export function restoreJobName(mode: string): string {
  return mode === 'Sharding' ? 'Restore_MongoDB_Cluster' : mode === 'Single' ? 'Restore_MongoDB_Single' : 'Restore_MongoDB_Replica';
}

/** Deleting an instance: named like `Create_MongoDB` (the job page) and `Delete_Backup_MongoDB`. */
export const DELETE_INSTANCE_JOB = 'Delete_MongoDB';

/** The tenant's jobs in the shared engine, as the model needs them. */
export interface JobBook {
  start(spec: StartJob & { id: string }): Job;
  get(id: string): Job | undefined;
}

/** Neutral job states in DDS words (the job page: Running, Completed, Failed). */
export function jobStatus(state: JobState): JobStatus {
  if (state === 'succeeded') return 'Completed';
  if (state === 'failed' || state === 'cancelled') return 'Failed';
  return 'Running';
}

/**
 * Instance actions: standing ones plus one per kind of job of it that runs (BACKUP, RESTORE,
 * RESTORE_TABLE, CREATE, DELETE_INSTANCE; Terraform waits for them to clear).
 */
export function instanceActions(state: DdsState, instanceId: string, jobs: JobBook): string[] {
  const actions = [...(state.standingActions.get(instanceId) ?? [])];
  for (const [id, rec] of state.jobs) {
    if (rec.instance_id !== instanceId || rec.action === undefined || actions.includes(rec.action)) continue;
    if (jobStatus(jobs.get(id)?.state ?? 'failed') === 'Running') actions.push(rec.action);
  }
  return actions;
}

/** An instance's status: `creating` while its create job runs, `createfail` if that failed. */
export function instanceStatus(state: DdsState, inst: InstanceRecord, jobs: JobBook): string {
  const create = state.creating.get(inst.id);
  if (create === undefined) return inst.status;
  const status = jobStatus(jobs.get(create)?.state ?? 'failed');
  return status === 'Running' ? 'creating' : status === 'Failed' ? 'createfail' : inst.status;
}

/** An instance that can take a new operation: `normal` and no action under way (else DBS.201015). */
export function idleInstance(state: DdsState, inst: InstanceRecord, jobs: JobBook): InstanceRecord {
  if (instanceStatus(state, inst, jobs) !== 'normal' || instanceActions(state, inst.id, jobs).length > 0) throw new DbsError('DBS.201015');
  return inst;
}

export function findInstance(state: DdsState, id: string): InstanceRecord {
  const inst = state.instances.get(id);
  if (!inst) throw new DbsError('DBS.200002');
  return inst;
}

export interface Listed<T> {
  items: T[];
  total: number;
}

export function page<T>(items: T[], offset: number, limit: number): Listed<T> {
  return { items: items.slice(offset, offset + limit), total: items.length };
}

/** Instances newest first (the doc: offset 0 "starts from the latest created DB instance"), with their actions. */
export function listInstances(state: DdsState, f: InstanceFilter, jobs: JobBook): Listed<InstanceRecord & { actions: string[] }> {
  const all = [...state.instances.values()]
    .filter((i) => f.id === undefined || i.id === f.id)
    .filter((i) => !f.name || ('exact' in f.name ? i.name === f.name.exact : i.name.includes(f.name.fuzzy)))
    .filter((i) => f.mode === undefined || i.mode === f.mode)
    .filter((i) => f.datastore_type === undefined || i.datastore.type === f.datastore_type)
    .filter((i) => f.vpc_id === undefined || i.vpc_id === f.vpc_id)
    .filter((i) => f.subnet_id === undefined || i.subnet_id === f.subnet_id)
    .filter((i) => !f.tags || f.tags.every((t) => i.tags.some((x) => x.key === t.key && (t.value === '' || x.value === t.value))))
    .sort((a, b) => b.created.localeCompare(a.created));
  const listed = page(all, f.offset, f.limit);
  return {
    items: listed.items.map((i) => ({ ...i, status: instanceStatus(state, i, jobs), actions: instanceActions(state, i.id, jobs) })),
    total: listed.total,
  };
}

/** A DDS job with its neutral state. */
export interface JobView {
  id: string;
  record: DdsJobRecord;
  job: Job;
  status: JobStatus;
}

/**
 * One job by id. The job page: "After a job is generated, it takes several seconds to query
 * the job ID": a job younger than `queryDelayMs` is not found yet (DBS.280016).
 */
export function showJob(state: DdsState, id: string, jobs: JobBook, now: number, queryDelayMs: number): JobView {
  const record = state.jobs.get(id);
  const job = record ? jobs.get(id) : undefined;
  if (!record || !job || now - job.createdAt < queryDelayMs) throw new DbsError('DBS.280016');
  return { id, record, job, status: jobStatus(job.state) };
}

/** Ids shaped like the API pages' examples: 32 hex digits and a kind suffix (in02, no02, br02). */
export function ddsId(faker: Faker, suffix: string): string {
  return faker.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' }) + suffix;
}
