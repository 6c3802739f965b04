import type { Faker } from '@faker-js/faker';
import type { BackupFilter } from './decode';
import { DbsError } from './errors';
import {
  BACKUP_OPERATION,
  ddsId,
  DELETE_OPERATION,
  findInstance,
  idleInstance,
  jobStatus,
  page,
  type BackupRecord,
  type BackupStatus,
  type Datastore,
  type DdsState,
  type JobBook,
  type Listed,
} from './model';

/**
 * The backups of a project (creating_a_manual_backup.rst, querying_the_backup_list.rst,
 * deleting_a_manual_backup.rst): created ones follow their job on the clock, deleted ones read
 * DISABLED until their delete job completes.
 */

/** A backup's status: seeded ones are fixed; created ones follow their job; deleting is DISABLED. */
export function backupStatus(b: BackupRecord, jobs: JobBook): BackupStatus {
  if (b.delete_job_id !== undefined) return 'DISABLED';
  if (b.status) return b.status;
  const j = b.job_id !== undefined ? jobs.get(b.job_id) : undefined;
  if (!j) return 'FAILED';
  const s = jobStatus(j.state);
  return s === 'Running' ? 'BUILDING' : s === 'Completed' ? 'COMPLETED' : 'FAILED';
}

/** Drop backups whose delete job finished; a failed delete leaves the backup as it was. */
export function settleDeletes(state: DdsState, jobs: JobBook): void {
  for (const b of state.backups.values()) {
    if (b.delete_job_id === undefined) continue;
    const j = jobs.get(b.delete_job_id);
    if (!j || j.state === 'succeeded') state.backups.delete(b.id);
    else if (j.state === 'failed' || j.state === 'cancelled') delete b.delete_job_id;
  }
}

/** A backup with what the list derives from its instance and job. */
export interface BackupView {
  record: BackupRecord;
  status: BackupStatus;
  /** Set once the backup is no longer BUILDING. */
  end: number | undefined;
  instanceName: string;
  datastore: Datastore;
}

/** Backups newest first, every filter of querying_the_backup_list.rst. */
export function listBackups(state: DdsState, f: BackupFilter, jobs: JobBook): Listed<BackupView> {
  settleDeletes(state, jobs);
  const all = [...state.backups.values()]
    .filter((b) => f.instance_id === undefined || b.instance_id === f.instance_id)
    .filter((b) => f.backup_id === undefined || b.id === f.backup_id)
    .filter((b) => f.backup_type === undefined || b.type === f.backup_type)
    .filter((b) => f.begin === undefined || f.end === undefined || (b.begin >= f.begin && b.begin <= f.end))
    .filter((b) => f.mode === undefined || (state.instances.get(b.instance_id) ?? b.instance)?.mode === f.mode)
    .sort((a, b) => b.begin - a.begin);
  const listed = page(all, f.offset, f.limit);
  return { items: listed.items.map((b) => backupView(state, b, jobs)), total: listed.total };
}

function backupView(state: DdsState, b: BackupRecord, jobs: JobBook): BackupView {
  const inst = state.instances.get(b.instance_id);
  const status = backupStatus(b, jobs);
  const end = b.end ?? (b.job_id !== undefined ? jobs.get(b.job_id)?.endedAt : undefined);
  return {
    record: b,
    status,
    end: status === 'BUILDING' ? undefined : end,
    instanceName: inst?.name ?? b.instance?.name ?? (b.job_id !== undefined ? state.jobs.get(b.job_id)?.instance_name : undefined) ?? '',
    datastore: { ...(inst?.datastore ?? b.instance?.datastore ?? { type: 'DDS-Community', version: '4.0' }) },
  };
}

/**
 * Create a manual backup. Checks and insert happen in one synchronous step, so concurrent
 * creates with one name see exactly one winner (DBS.201201 for the rest).
 */
export function createBackup(
  state: DdsState,
  input: { instance_id: string; name: string; description?: string },
  jobs: JobBook,
  faker: Faker,
  now: number,
  sizeKb: readonly [number, number],
): { job_id: string; backup_id: string } {
  settleDeletes(state, jobs);
  const inst = findInstance(state, input.instance_id);
  // "Name of the Backup has to be unique among all other backups on Project." (creating_a_manual_backup.rst)
  for (const b of state.backups.values()) if (b.name === input.name) throw new DbsError('DBS.201201');
  idleInstance(state, inst, jobs);
  const backupId = ddsId(faker, 'br02');
  const jobId = faker.string.uuid();
  const [min, max] = sizeKb;
  state.backups.set(backupId, {
    id: backupId,
    name: input.name,
    instance_id: inst.id,
    type: 'Manual',
    description: input.description ?? '',
    size: faker.number.int({ min: Math.min(min, max), max: Math.max(min, max) }),
    begin: now,
    job_id: jobId,
  });
  state.jobs.set(jobId, { name: 'Backup_MongoDB', instance_id: inst.id, instance_name: inst.name, backup_id: backupId, action: 'BACKUP' });
  jobs.start({ id: jobId, operation: BACKUP_OPERATION, target: inst.id, data: { backup_id: backupId, name: input.name } });
  return { job_id: jobId, backup_id: backupId };
}

/** Delete a backup: DISABLED while its delete job runs, gone once it completes. */
export function deleteBackup(state: DdsState, backupId: string, jobs: JobBook, faker: Faker): { job_id: string } {
  settleDeletes(state, jobs);
  const backup = state.backups.get(backupId);
  if (!backup) throw new DbsError('DBS.280016');
  // The page deletes *manual* backups; automated ones expire with the retention policy.
  if (backup.type !== 'Manual') throw new DbsError('DBS.200004', 'Operation is illegal: automated backups cannot be deleted.');
  const status = backupStatus(backup, jobs);
  if (status === 'BUILDING') throw new DbsError('DBS.201015');
  if (status === 'DISABLED') throw new DbsError('DBS.280016');
  if (restoring(state, backup.id, jobs)) throw new DbsError('DBS.201319');
  const jobId = faker.string.uuid();
  state.jobs.set(jobId, {
    name: 'Delete_Backup_MongoDB',
    instance_id: backup.instance_id,
    instance_name: state.instances.get(backup.instance_id)?.name ?? backup.instance?.name ?? '',
    backup_id: backup.id,
  });
  backup.delete_job_id = jobId;
  jobs.start({ id: jobId, operation: DELETE_OPERATION, target: backup.instance_id, data: { backup_id: backup.id } });
  return { job_id: jobId };
}

/** Whether a restore from this backup (to its instance or a new one) is running. */
function restoring(state: DdsState, backupId: string, jobs: JobBook): boolean {
  for (const [id, rec] of state.jobs) {
    if (rec.backup_id === backupId && (rec.action === 'RESTORE' || rec.action === 'CREATE') && jobStatus(jobs.get(id)?.state ?? 'failed') === 'Running') return true;
  }
  return false;
}

/**
 * The file of a COMPLETED backup of that instance (obtaining_the_link_for_downloading_a_backup_file.rst);
 * anything else has no file (DBS.201214). The bucket is the project's.
 */
export function backupFile(state: DdsState, instanceId: string, backupId: string, jobs: JobBook): { backup: BackupRecord; bucket: string; name: string } {
  const inst = findInstance(state, instanceId);
  const backup = state.backups.get(backupId);
  if (!backup || backup.instance_id !== inst.id || backupStatus(backup, jobs) !== 'COMPLETED') throw new DbsError('DBS.201214');
  return { backup, bucket: `ddsbucket.${state.identity.project.id}`, name: `${backup.id}.tar.gz` };
}
