/**
 * One tenant's vCenter state: appliances, each with its users, parts and sessions. Jobs live
 * in the shared job engine (target = appliance id); this file maps them to the vocabulary of
 * Job.BackupJobStatus and Details.Info. State is plain JSON so snapshots can hold it.
 */
import type { Job } from '../../src/jobs/engine';
import type { TenantHandle } from '../../src/legacy/vendor';
import { formatDateTime } from './codec';
import type { BackupRequest } from './validation';
import { errors, msg, type LocalizableMessage } from './wire';

export interface User {
  username: string;
  password: string;
}

export interface PartDef {
  id: string;
  name: string;
  description: string;
  optional: boolean;
  selectedByDefault: boolean;
  sizeMb: number;
}

export interface Session {
  id: string;
  user: string;
  createdAt: number;
  lastAccessedAt: number;
  calls: number;
}

export interface Appliance {
  id: string;
  hostname: string;
  version: string;
  build: string;
  users: User[];
  parts: PartDef[];
  /** A restore (not emulated) is running: backups answer FEATURE_IN_USE until it is cleared. */
  restoreInProgress: boolean;
  sessionIdleTimeoutMs?: number;
  sessionMaxCalls?: number;
  sessions: Record<string, Session>;
}

export interface VcenterState {
  /** In scenario order; the first one is also served without a URL prefix. */
  appliances: Appliance[];
}

/** Data this module keeps on each engine job. */
export interface BackupJobData {
  [key: string]: unknown;
  request: Omit<BackupRequest, 'backup_password' | 'location_password'>;
  user: string;
  sizeMb: number;
}

/** Job.BackupRestoreProcessState for the engine's neutral states. */
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

const MSG = 'com.vmware.applmgmt.backup.job';
const FAILED = 'com.vmware.applmgmt.err_backup_failed';

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'message';
}

/**
 * The job's messages: one per phase reached and per step message, in timeline order, then the
 * cancel message. A failure's text comes from the timeline step that failed the job.
 */
export function jobMessages(job: Job): LocalizableMessage[] {
  const out: LocalizableMessage[] = [];
  let lastPhase: string | undefined;
  for (const step of job.timeline.slice(0, job.nextStep)) {
    if (step.phase !== undefined && step.phase !== lastPhase) {
      out.push(msg(`${MSG}.${slug(step.phase)}`, step.phase));
      lastPhase = step.phase;
    }
    if (step.message !== undefined) {
      const id = step.state === 'failed' ? FAILED : `${MSG}.${slug(step.message)}`;
      out.push(msg(id, step.message));
    }
  }
  if (job.state === 'cancelled') out.push(msg(`${MSG}.canceled`, job.message ?? 'Backup job canceled by user.'));
  // A failure forced from outside the timeline (admin API) still explains itself.
  if (job.state === 'failed' && out.at(-1)?.id !== FAILED) out.push(msg(FAILED, job.message ?? 'Backup job failed.'));
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
  return {
    location: data.request.location,
    location_user: data.request.location_user ?? '',
    type: 'MANUAL',
    messages: jobMessages(job),
    build: { version_name: `vCenter Server ${appliance.version.split('.').slice(0, 2).join('.')}`, version: appliance.version, build_number: appliance.build },
    ...(data.request.fast_backup !== undefined ? { fast_backup: data.request.fast_backup } : {}),
    description: msg(`${MSG}.description`, 'Manual backup job'),
    service: 'com.vmware.appliance.recovery.backup.job',
    operation: 'create',
    status,
    cancelable: status === 'RUNNING' || status === 'PENDING' || status === 'BLOCKED',
    user: data.user,
    ...(started
      ? {
          duration: Math.floor(elapsedMs / 1000),
          size: Math.round((data.sizeMb * progress) / 100),
          progress: { total: 100, completed: progress, message: msg(`${MSG}.progress`, `Backup ${progress}% complete`, [String(progress)]) },
          start_time: formatDateTime(job.startedAt ?? job.createdAt),
        }
      : {}),
    ...(ended && job.endedAt !== undefined ? { end_time: formatDateTime(job.endedAt) } : {}),
  };
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

/** Jobs of one appliance, oldest first. */
export function applianceJobs(tenant: TenantHandle<VcenterState>, appliance: Appliance): Job[] {
  return tenant.jobs.list({ operation: 'backup' }).filter((j) => j.target === appliance.id);
}

export function findJob(tenant: TenantHandle<VcenterState>, appliance: Appliance, id: string): Job {
  const job = tenant.jobs.get(id);
  if (!job || job.target !== appliance.id || job.operation !== 'backup') throw errors.notFound('Backup job', id);
  return job;
}

/** Job ids are "TimeStamp based": YYYYMMDD-HHMMSS-xxxxxx, unique per appliance. */
export function newJobId(now: number, random: () => number, taken: (id: string) => boolean): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  for (;;) {
    const suffix = Math.floor(random() * 0x1000000).toString(16).padStart(6, '0');
    const id = `${stamp}-${suffix}`;
    if (!taken(id)) return id;
  }
}

/** Session ids look like vCenter's: 32 lower-case hex digits. */
export function newSessionId(random: () => number): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return out;
}
