/**
 * Backup jobs (Job.create, Schedules.run and a schedule's occurrences) in the shared job engine,
 * operation `backup`, target = appliance id, mapped to Job.BackupJobStatus and Details.Info.
 * One backup, restore or reconciliation at a time per appliance (FEATURE_IN_USE). A succeeded
 * backup leaves an archive (catalogue.ts reads it from the job's data).
 */
import type { Job } from '../../src/jobs/engine';
import { isTerminal } from '../../src/jobs/engine';
import { checkLocationAccess } from './catalogue';
import { formatDateTime } from './codec';
import { errors, msg, type LocalizableMessage } from './errors';
import { digest, type Appliance, type PartDef, type Tenant } from './model';
import type { BackupRequest, LocationType } from './validation';

/** What starts a backup: a Job.BackupRequest, or a schedule's settings (whose secrets are digests). */
export interface BackupOrder {
  /** Optional parts chosen (the required ones are always backed up). */
  parts: string[];
  location_type: LocationType;
  location: string;
  location_user?: string;
  locationPasswordDigest?: string;
  backupPasswordDigest?: string;
  comment?: string;
  fast_backup?: boolean;
  user?: string;
  /** The schedule it runs for: Details.Info type SCHEDULED, an `S_` archive, the schedule's retention. */
  schedule?: string;
  /** When it starts, if in the past (a schedule's occurrence caught up late). */
  at?: number;
}

/** Data this module keeps on each engine job. */
export interface BackupJobData {
  [key: string]: unknown;
  request: Omit<BackupRequest, 'backup_password' | 'location_password'>;
  user?: string;
  sizeMb: number;
  schedule?: string;
  /** The archive this backup leaves: system name, version and parts as they were when it ran. */
  systemName: string;
  version: string;
  archiveParts: string[];
  passwordDigest?: string;
  /** Set once the succeeded backup's archive is in the catalogue. */
  archive?: string;
}

/** A Job.BackupRequest (already validated) as a backup order: passwords become digests. */
export function orderOf(request: BackupRequest, user: string): BackupOrder {
  const { backup_password, location_password, ...kept } = request;
  return {
    ...kept,
    ...(backup_password !== undefined ? { backupPasswordDigest: digest(backup_password) } : {}),
    ...(location_password !== undefined ? { locationPasswordDigest: digest(location_password) } : {}),
    user,
  };
}

/** Jobs of one appliance, oldest first. */
export function applianceJobs(tenant: Tenant, appliance: Appliance): Job[] {
  return tenant.jobs.list({ operation: 'backup' }).filter((j) => j.target === appliance.id);
}

export function findJob(tenant: Tenant, appliance: Appliance, id: string): Job {
  const job = tenant.jobs.get(id);
  if (!job || job.target !== appliance.id || job.operation !== 'backup') throw errors.notFound('Backup job', id);
  return job;
}

/** The job operations that hold the appliance: one of them at a time. */
const EXCLUSIVE = new Set(['backup', 'restore', 'reconciliation']);

/** A backup, restore or reconciliation runs on this appliance at `at` (default: now). */
export function isBusy(tenant: Tenant, appliance: Appliance, at = tenant.clock.now()): boolean {
  if (appliance.restoreInProgress) return true;
  return tenant.jobs.list().some((j) => {
    if (j.target !== appliance.id || !EXCLUSIVE.has(j.operation)) return false;
    if ((j.startedAt ?? j.createdAt) > at) return false;
    return !isTerminal(j.state) || (j.endedAt ?? at) > at;
  });
}

/** Job ids are "TimeStamp based": YYYYMMDD-HHMMSS-xxxxxx, unique per appliance. */
export function newJobId(tenant: Tenant, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  for (;;) {
    const suffix = Math.floor(tenant.random() * 0x1000000).toString(16).padStart(6, '0');
    const id = `${stamp}-${suffix}`;
    if (tenant.jobs.get(id) === undefined) return id;
  }
}

function jobData(appliance: Appliance, order: BackupOrder): BackupJobData {
  const archiveParts = appliance.parts.filter((p) => !p.optional || order.parts.includes(p.id)).map((p) => p.id);
  const sizeMb = appliance.parts.filter((p) => archiveParts.includes(p.id)).reduce((sum, p) => sum + p.sizeMb, 0);
  const request = {
    parts: order.parts,
    location_type: order.location_type,
    location: order.location,
    ...(order.location_user !== undefined ? { location_user: order.location_user } : {}),
    ...(order.comment !== undefined ? { comment: order.comment } : {}),
    ...(order.fast_backup !== undefined ? { fast_backup: order.fast_backup } : {}),
  };
  return {
    request,
    ...(order.user !== undefined ? { user: order.user } : {}),
    sizeMb,
    ...(order.schedule !== undefined ? { schedule: order.schedule } : {}),
    systemName: appliance.hostname,
    version: appliance.version,
    archiveParts,
    ...(order.backupPasswordDigest !== undefined ? { passwordDigest: order.backupPasswordDigest } : {}),
  };
}

/**
 * Job.create, Schedules.run, a schedule's occurrence: one backup or restore at a time per
 * appliance, decided without yielding; the location must accept the credentials given.
 */
export function startBackup(tenant: Tenant, appliance: Appliance, order: BackupOrder): Job {
  const at = order.at ?? tenant.clock.now();
  if (isBusy(tenant, appliance, at)) throw errors.featureInUse();
  checkLocationAccess(tenant.state, order.location, order.location_user, order.locationPasswordDigest);
  const id = newJobId(tenant, at);
  return tenant.jobs.start({ id, operation: 'backup', target: appliance.id, data: jobData(appliance, order), ...(order.at !== undefined ? { at } : {}) });
}

/** A scheduled backup that could not start (busy, location refused): a job that failed at once, as the appliance's activity shows it. */
export function refuseBackup(tenant: Tenant, appliance: Appliance, order: BackupOrder, reason: LocalizableMessage): Job {
  const at = order.at ?? tenant.clock.now();
  return tenant.jobs.start({
    id: newJobId(tenant, at),
    operation: 'backup',
    target: appliance.id,
    data: jobData(appliance, order),
    timeline: [{ after: 0, state: 'failed', message: reason.default_message }],
    ...(order.at !== undefined ? { at } : {}),
  });
}

const JOB = 'com.vmware.appliance.recovery.backup.job';

/** Job.cancel: a running job ends FAILED with a message; a finished one answers FAIL. */
export function cancelBackup(tenant: Tenant, appliance: Appliance, id: string, user: string): { status: 'OK' | 'FAIL'; messages: LocalizableMessage[] } {
  const job = findJob(tenant, appliance, id);
  const cancelled = tenant.jobs.cancel(job.id, `Backup job ${job.id} was canceled by ${user}.`);
  return cancelled
    ? { status: 'OK', messages: [msg(`${JOB}.cancel.success`, `Backup job ${job.id} canceled.`, [job.id])] }
    : { status: 'FAIL', messages: [msg(`${JOB}.cancel.not_running`, `Backup job ${job.id} is not in progress.`, [job.id])] };
}

/** Job.BackupRestoreProcessState for the engine's neutral states (backup and restore jobs). */
export function processState(job: Job): 'NONE' | 'INPROGRESS' | 'SUCCEEDED' | 'FAILED' {
  switch (job.state) {
    case 'queued':
      return 'NONE';
    case 'running':
    case 'suspended':
      return 'INPROGRESS';
    case 'succeeded':
      return 'SUCCEEDED';
    default:
      return 'FAILED';
  }
}

/** cis.task.Status for Details.Info. */
function taskStatus(job: Job): 'PENDING' | 'RUNNING' | 'BLOCKED' | 'SUCCEEDED' | 'FAILED' {
  switch (job.state) {
    case 'queued':
      return 'PENDING';
    case 'running':
      return 'RUNNING';
    case 'suspended':
      return 'BLOCKED';
    case 'succeeded':
      return 'SUCCEEDED';
    default:
      return 'FAILED';
  }
}

/** How a kind of job words its messages: id prefix, failure id, what a cancel or failure says. */
export interface JobVocabulary {
  prefix: string;
  failed: string;
  canceled: string;
  failedText: string;
}

const BACKUP_WORDS: JobVocabulary = {
  prefix: 'com.vmware.applmgmt.backup.job',
  failed: 'com.vmware.applmgmt.err_backup_failed',
  canceled: 'Backup job canceled by user.',
  failedText: 'Backup job failed.',
};

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'message';
}

/**
 * The job's messages: one per phase reached and per step message, in timeline order, then the
 * cancel message. A failure's text comes from the timeline step that failed the job.
 */
export function jobMessages(job: Job, words: JobVocabulary = BACKUP_WORDS): LocalizableMessage[] {
  const out: LocalizableMessage[] = [];
  let lastPhase: string | undefined;
  for (const step of job.timeline.slice(0, job.nextStep)) {
    if (step.phase !== undefined && step.phase !== lastPhase) {
      out.push(msg(`${words.prefix}.${slug(step.phase)}`, step.phase));
      lastPhase = step.phase;
    }
    if (step.message !== undefined) {
      const id = step.state === 'failed' ? words.failed : `${words.prefix}.${slug(step.message)}`;
      out.push(msg(id, step.message));
    }
  }
  if (job.state === 'cancelled') out.push(msg(`${words.prefix}.canceled`, job.message ?? words.canceled));
  // A failure forced from outside the timeline (admin API) still explains itself.
  if (job.state === 'failed' && out.at(-1)?.id !== words.failed) out.push(msg(words.failed, job.message ?? words.failedText));
  return out;
}

/** Job.BackupJobStatus as plain data (the dialect encoders add the wrapping). */
export function backupJobStatus(job: Job): Record<string, unknown> {
  return {
    id: job.id,
    state: processState(job),
    messages: jobMessages(job),
    progress: Math.round(job.progress),
    start_time: formatDateTime(job.startedAt ?? job.createdAt),
    ...(job.endedAt !== undefined ? { end_time: formatDateTime(job.endedAt) } : {}),
  };
}

/** Details.Info; the SDK's UnionValidator wants duration/size/progress/start_time while running. */
export function detailsInfo(job: Job, appliance: Appliance, elapsedMs: number): Record<string, unknown> {
  const data = job.data as BackupJobData;
  const status = taskStatus(job);
  const progress = Math.round(job.progress);
  const started = status !== 'PENDING';
  const ended = status === 'SUCCEEDED' || status === 'FAILED';
  const scheduled = data.schedule !== undefined;
  return {
    location: data.request.location,
    location_user: data.request.location_user ?? '',
    type: scheduled ? 'SCHEDULED' : 'MANUAL',
    messages: jobMessages(job),
    build: { version_name: `vCenter Server ${appliance.version.split('.').slice(0, 2).join('.')}`, version: appliance.version, build_number: appliance.build },
    ...(data.request.fast_backup !== undefined ? { fast_backup: data.request.fast_backup } : {}),
    description: scheduled
      ? msg(`${BACKUP_WORDS.prefix}.description.scheduled`, `Scheduled backup job (schedule ${data.schedule})`, [data.schedule!])
      : msg(`${BACKUP_WORDS.prefix}.description`, 'Manual backup job'),
    service: JOB,
    operation: 'create',
    status,
    cancelable: status === 'RUNNING' || status === 'PENDING' || status === 'BLOCKED',
    ...(data.user !== undefined ? { user: data.user } : {}),
    ...(started
      ? {
          duration: Math.floor(elapsedMs / 1000),
          size: Math.round((data.sizeMb * progress) / 100),
          progress: { total: 100, completed: progress, message: msg(`${BACKUP_WORDS.prefix}.progress`, `Backup ${progress}% complete`, [String(progress)]) },
          start_time: formatDateTime(job.startedAt ?? job.createdAt),
        }
      : {}),
    ...(ended && job.endedAt !== undefined ? { end_time: formatDateTime(job.endedAt) } : {}),
  };
}

/** Details.list(filter): job id -> Info; `jobs` limits it (unknown ids are skipped). */
export function jobDetails(tenant: Tenant, appliance: Appliance, jobs: readonly string[] | undefined): Record<string, unknown> {
  const wanted = jobs ? new Set(jobs) : undefined;
  const out: Record<string, unknown> = {};
  for (const job of applianceJobs(tenant, appliance)) {
    if (wanted && !wanted.has(job.id)) continue;
    out[job.id] = detailsInfo(job, appliance, tenant.jobs.elapsed(job));
  }
  return out;
}

/** Parts.Part with LocalizableMessage name and description. */
export function partInfo(part: PartDef): Record<string, unknown> {
  return {
    id: part.id,
    name: msg(`com.vmware.applmgmt.backup.parts.${part.id}`, part.name),
    description: msg(`com.vmware.applmgmt.backup.parts.${part.id}.description`, part.description),
    selected_by_default: part.selectedByDefault,
    optional: part.optional,
  };
}
