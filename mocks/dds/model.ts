import type { Faker } from '@faker-js/faker';
import type { Job } from '../../src/jobs/engine';
import type { JobState } from '../../src/jobs/timeline';
import type { StateInit } from '../../src/legacy/vendor';
import type { BackupFilter, InstanceFilter } from './decode';
import { DbsError } from './errors';
import { createIdentity, type IdentityState } from './identity';
import { ddsId as ddsIdOf, seedBackups, seedInstance } from './seed';
import type { DdsCredentials, DdsEntities, DdsOptions } from './schema';
import type { DdsBackupStatus, DdsInstanceWire, DdsJobStatus } from './wire';

/** One tenant (= one project) of DDS: identity, instances, backups. Plain JSON for snapshots. */
export interface DdsState {
  identity: IdentityState;
  /** Instances as the list answers them, minus `actions`, which are derived from running jobs. */
  instances: Omit<DdsInstanceWire, 'actions'>[];
  /** Standing actions per instance id from the scenario (e.g. RESTARTING). */
  standingActions: Record<string, string[]>;
  /** Automated backup cycle per instance id ("1,2,3,4,5,6,7"); the instance list shows no period. */
  periods: Record<string, string>;
  backups: BackupRecord[];
  /** Job id -> what the DDS job is about (the neutral job lives in the shared engine). */
  jobs: Record<string, DdsJobRecord>;
  options: DdsOptions;
}

export interface BackupRecord {
  id: string;
  name: string;
  instance_id: string;
  type: 'Auto' | 'Manual';
  description: string;
  size: number;
  begin: number;
  /** Seeded backups: their fixed outcome. Created ones follow their job. */
  status?: DdsBackupStatus;
  end?: number;
  job_id?: string;
  delete_job_id?: string;
}

export interface DdsJobRecord {
  name: 'Backup_MongoDB' | 'Delete_Backup_MongoDB';
  instance_id: string;
  instance_name: string;
  backup_id: string;
}

export const BACKUP_OPERATION = 'CreateManualBackup';
export const DELETE_OPERATION = 'DeleteManualBackup';

export function createDdsState(
  init: StateInit<DdsCredentials | undefined, DdsEntities | undefined, Partial<DdsOptions> | undefined>,
): DdsState {
  const credentials: DdsCredentials = init.credentials ?? {
    domain: 'OTC-EU-DE-000000000010000000001',
    project: 'eu-de',
    user: 'backup-operator',
    password: 'Otc-Passw0rd',
    users: [],
  };
  const identity = createIdentity(credentials);
  const faker: Faker = init.faker;
  const now = init.clock.now();
  const entities: DdsEntities = init.entities ?? { instances: [], backups: [] };
  const standingActions: Record<string, string[]> = {};
  const periods: Record<string, string> = {};
  const instances = entities.instances.map((seed, i) => {
    const inst = seedInstance(seed, identity.project.region, faker, now - (entities.instances.length - i) * 86_400_000);
    if (seed.actions.length) standingActions[inst.id] = [...seed.actions];
    periods[inst.id] = seed.backup_period;
    return inst;
  });
  return {
    identity,
    instances,
    standingActions,
    periods,
    backups: seedBackups(entities, instances, faker, now),
    jobs: {},
    // `vendors.dds` may be absent from the scenario: the schema's defaults then never ran.
    options: {
      token_ttl: init.options?.token_ttl ?? '24h',
      job_query_delay: init.options?.job_query_delay ?? '0s',
      backup_size_kb: init.options?.backup_size_kb ?? [2048, 65536],
    },
  };
}

/** Neutral job states in DDS words (the job page: Running, Completed, Failed). */
export function jobStatus(state: JobState): DdsJobStatus {
  if (state === 'succeeded') return 'Completed';
  if (state === 'failed' || state === 'cancelled') return 'Failed';
  return 'Running';
}

type JobLookup = (id: string) => Job | undefined;

/** A backup's status: seeded ones are fixed; created ones follow their job; deleting is DISABLED. */
export function backupStatus(b: BackupRecord, job: JobLookup): DdsBackupStatus {
  if (b.delete_job_id !== undefined) return 'DISABLED';
  if (b.status) return b.status;
  const j = b.job_id !== undefined ? job(b.job_id) : undefined;
  if (!j) return 'FAILED';
  const s = jobStatus(j.state);
  return s === 'Running' ? 'BUILDING' : s === 'Completed' ? 'COMPLETED' : 'FAILED';
}

export function backupEnd(b: BackupRecord, job: JobLookup): number | undefined {
  if (b.end !== undefined) return b.end;
  return b.job_id !== undefined ? job(b.job_id)?.endedAt : undefined;
}

/** Drop backups whose delete job finished; a failed delete leaves the backup as it was. */
export function settleDeletes(state: DdsState, job: JobLookup): void {
  state.backups = state.backups.filter((b) => {
    if (b.delete_job_id === undefined) return true;
    const j = job(b.delete_job_id);
    if (!j || j.state === 'succeeded') return false;
    if (j.state === 'failed' || j.state === 'cancelled') delete b.delete_job_id;
    return true;
  });
}

/** Instance actions: standing ones plus BACKUP while a backup job of it runs (Terraform waits on it). */
export function instanceActions(state: DdsState, instanceId: string, job: JobLookup): string[] {
  const actions = [...(state.standingActions[instanceId] ?? [])];
  const busy = Object.entries(state.jobs).some(
    ([id, rec]) => rec.instance_id === instanceId && rec.name === 'Backup_MongoDB' && jobStatus(job(id)?.state ?? 'failed') === 'Running',
  );
  if (busy) actions.push('BACKUP');
  return actions;
}

export function findInstance(state: DdsState, id: string): DdsState['instances'][number] {
  const inst = state.instances.find((i) => i.id === id);
  if (!inst) throw new DbsError('DBS.200002');
  return inst;
}

/** Instances newest first (the doc: offset 0 "starts from the latest created DB instance"). */
export function filterInstances(state: DdsState, f: InstanceFilter): DdsState['instances'] {
  return state.instances
    .filter((i) => f.id === undefined || i.id === f.id)
    .filter((i) => !f.name || ('exact' in f.name ? i.name === f.name.exact : i.name.includes(f.name.fuzzy)))
    .filter((i) => f.mode === undefined || i.mode === f.mode)
    .filter((i) => f.datastore_type === undefined || i.datastore.type === f.datastore_type)
    .filter((i) => f.vpc_id === undefined || i.vpc_id === f.vpc_id)
    .filter((i) => f.subnet_id === undefined || i.subnet_id === f.subnet_id)
    .filter((i) => !f.tags || f.tags.every((t) => i.tags.some((x) => x.key === t.key && (t.value === '' || x.value === t.value))))
    .sort((a, b) => b.created.localeCompare(a.created));
}

/** Backups newest first, every filter of querying_the_backup_list.rst. */
export function filterBackups(state: DdsState, f: BackupFilter): BackupRecord[] {
  const mode = (id: string) => state.instances.find((i) => i.id === id)?.mode;
  return state.backups
    .filter((b) => f.instance_id === undefined || b.instance_id === f.instance_id)
    .filter((b) => f.backup_id === undefined || b.id === f.backup_id)
    .filter((b) => f.backup_type === undefined || b.type === f.backup_type)
    .filter((b) => f.begin === undefined || f.end === undefined || (b.begin >= f.begin && b.begin <= f.end))
    .filter((b) => f.mode === undefined || mode(b.instance_id) === f.mode)
    .sort((a, b) => b.begin - a.begin);
}

export function page<T>(items: T[], offset: number, limit: number): T[] {
  return items.slice(offset, offset + limit);
}

export interface JobStarter {
  start(spec: { id: string; operation: string; target: string; data: Record<string, unknown> }): Job;
  get: JobLookup;
}

/**
 * Create a manual backup. Checks and insert happen in one synchronous step, so concurrent
 * creates with one name see exactly one winner (DBS.201201 for the rest).
 */
export function createBackup(
  state: DdsState,
  input: { instance_id: string; name: string; description?: string },
  jobs: JobStarter,
  faker: Faker,
  now: number,
): { job_id: string; backup_id: string } {
  settleDeletes(state, jobs.get);
  const inst = findInstance(state, input.instance_id);
  // "Name of the Backup has to be unique among all other backups on Project." (creating_a_manual_backup.rst)
  if (state.backups.some((b) => b.name === input.name)) throw new DbsError('DBS.201201');
  if (inst.status !== 'normal' || instanceActions(state, inst.id, jobs.get).length > 0) {
    throw new DbsError('DBS.201015');
  }
  const backupId = ddsIdOf(faker, 'br02');
  const jobId = faker.string.uuid();
  const [min, max] = state.options.backup_size_kb;
  state.backups.push({
    id: backupId,
    name: input.name,
    instance_id: inst.id,
    type: 'Manual',
    description: input.description ?? '',
    size: faker.number.int({ min: Math.min(min, max), max: Math.max(min, max) }),
    begin: now,
    job_id: jobId,
  });
  state.jobs[jobId] = { name: 'Backup_MongoDB', instance_id: inst.id, instance_name: inst.name, backup_id: backupId };
  jobs.start({ id: jobId, operation: BACKUP_OPERATION, target: inst.id, data: { backup_id: backupId, name: input.name } });
  return { job_id: jobId, backup_id: backupId };
}

/** Delete a backup: DISABLED while its delete job runs, gone once it completes. */
export function deleteBackup(state: DdsState, backupId: string, jobs: JobStarter, faker: Faker): { job_id: string } {
  settleDeletes(state, jobs.get);
  const backup = state.backups.find((b) => b.id === backupId);
  if (!backup) throw new DbsError('DBS.280016');
  // The page deletes *manual* backups; automated ones expire with the retention policy.
  if (backup.type !== 'Manual') throw new DbsError('DBS.200004', 'Operation is illegal: automated backups cannot be deleted.');
  const status = backupStatus(backup, jobs.get);
  if (status === 'BUILDING') throw new DbsError('DBS.201015');
  if (status === 'DISABLED') throw new DbsError('DBS.280016');
  const inst = state.instances.find((i) => i.id === backup.instance_id);
  const jobId = faker.string.uuid();
  state.jobs[jobId] = {
    name: 'Delete_Backup_MongoDB',
    instance_id: backup.instance_id,
    instance_name: inst?.name ?? '',
    backup_id: backup.id,
  };
  backup.delete_job_id = jobId;
  jobs.start({ id: jobId, operation: DELETE_OPERATION, target: backup.instance_id, data: { backup_id: backup.id } });
  return { job_id: jobId };
}
