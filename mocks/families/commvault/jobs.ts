/**
 * Jobs in Commvault's words (job.py: `_get_job_summary`, `_get_job_details`, JobController
 * `_get_jobs_list`, `pause` / `resume` / `kill`): the shared engine's neutral job mapped to
 * Commvault's statuses, the filters of the job lists, and job control.
 */
import type { Job } from '../../../src/jobs/engine';
import type { TimelineInput } from '../../../src/jobs/timeline';
import { CvError } from './errors';
import type { Caller, CvTenant } from './model';

/** The engine operations this family starts (scenario job rules match these names). */
export const OP_BACKUP = 'Backup';
export const OP_DR_BACKUP = 'DRBackup';
export const OP_RESTORE = 'Restore';

/** Fields the family keeps on each engine job (plain JSON). */
export interface CvJobData {
  taskId: number;
  jobType: string;
  localizedOperationName: string;
  backupLevelName: string;
  appTypeName: string;
  userName: string;
  userId: number;
  clientId: number;
  /** The subclient as job summaries show it (ids and names, taken when the job started). */
  subclient: Record<string, string | number>;
  plannedBytes: number;
  plannedFiles: number;
  /** Data aging pruned this backup (retention.ts): the job stays in the history, out of lists, browse and restore (catalogue.ts). */
  agedOut?: boolean;
  /** When data aging pruned it (virtual ms). */
  agedAt?: number;
  /** A restore's destination, as its job summary names it. */
  destClient?: { clientId: number; clientName: string };
}

/** A few seconds, so a person watching sees progress move; scenarios override them. */
export const DEFAULT_TIMELINES: Record<string, TimelineInput> = {
  [OP_DR_BACKUP]: { duration: '8s', phases: ['Export', 'Backup'], steps: 8 },
  [OP_BACKUP]: { duration: '12s', phases: ['Scan', 'Backup', 'Archive Index'], steps: 12 },
  [OP_RESTORE]: { duration: '10s', phases: ['Restore'], steps: 10 },
};

/** The neutral states a Commvault status word fits (job.py: "finished" is a substring test on completed/killed/failed). */
function category(status: string): Job['state'][] {
  const s = status.toLowerCase();
  if (s.startsWith('completed') || s === 'committed') return ['succeeded'];
  if (s.startsWith('failed')) return ['failed'];
  if (s === 'killed') return ['cancelled'];
  if (s === 'suspended') return ['suspended'];
  if (s === 'running') return ['running'];
  return ['queued']; // Waiting, Pending, Queued: not started yet, or held back
}

/**
 * The status word of a job: a timeline's own `status` while it still fits the neutral state
 * (a step `{state: queued, status: Pending}` shows Pending; a later `{state: running}` step
 * shows Running again), otherwise the plain mapping.
 */
export function statusOf(job: Job): string {
  if (job.status && category(job.status).includes(job.state)) return job.status;
  switch (job.state) {
    case 'queued':
      return 'Waiting';
    case 'running':
      return 'Running';
    case 'suspended':
      return 'Suspended';
    case 'succeeded':
      return 'Completed';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Killed';
  }
}

export function isActive(job: Job): boolean {
  return job.state === 'queued' || job.state === 'running' || job.state === 'suspended';
}

export function jobData(job: Job): CvJobData {
  return job.data as unknown as CvJobData;
}

/** The phase a job shows: the timeline's, else the first phase of its kind once it runs. */
export function phaseOf(job: Job): string {
  if (job.phase) return job.phase;
  return job.state === 'queued' ? '' : jobData(job).jobType === 'Backup' ? 'Backup' : 'Export';
}

/** Why a job is where it is: the failure or kill message, or what holds it back. */
export function reasonOf(job: Job): string {
  if (job.state === 'failed') return job.message ?? job.error ?? 'The job failed.';
  if (job.state === 'cancelled') return job.message ?? 'Job was killed by user.';
  const s = statusOf(job).toLowerCase();
  if (s === 'pending' || s === 'waiting' || job.state === 'suspended') return job.message ?? '';
  return '';
}

/** A job and its running time (virtual ms, suspended time excluded), as the answers show it. */
export interface JobView {
  job: Job;
  elapsedMs: number;
}

const view = (tenant: CvTenant, job: Job): JobView => ({ job, elapsedMs: tenant.jobs.elapsed(job) });

/** A job by the id a client sent; ids are numbers, anything else is no job. */
export function findJob(tenant: CvTenant, id: string | number): JobView | undefined {
  const text = String(id);
  const job = /^\d+$/.test(text) ? tenant.jobs.get(text) : undefined;
  return job ? view(tenant, job) : undefined;
}

/** The filters of `POST Jobs` (JobController) and `GET Job?clientId=&jobFilter=&jobCategory=`. */
export interface JobsQuery {
  category: 'ALL' | 'ACTIVE' | 'FINISHED';
  offset: number;
  limit: number;
  /** Finished jobs that ended longer ago than this are left out. */
  lookupSeconds?: number;
  clientIds: number[];
  jobTypes: string[];
  hideAdminJobs: boolean;
  /** Include jobs data aging has pruned (JobController `show_aged_jobs`). */
  showAgedJobs?: boolean;
}

/** A page of matching jobs, newest first, and how many matched in all. */
export function listJobs(tenant: CvTenant, f: JobsQuery): { page: JobView[]; total: number } {
  const now = tenant.clock.now();
  const types = f.jobTypes.map((t) => t.toLowerCase());
  const matched = tenant.jobs
    .list()
    .filter((j) => {
      const d = jobData(j);
      if (f.category === 'ACTIVE' && !isActive(j)) return false;
      if (f.category === 'FINISHED' && isActive(j)) return false;
      if (!isActive(j) && f.lookupSeconds !== undefined && f.lookupSeconds > 0 && (j.endedAt ?? now) < now - f.lookupSeconds * 1000) return false;
      if (f.clientIds.length && !f.clientIds.includes(d.clientId)) return false;
      if (types.length && !types.some((t) => t === d.jobType.toLowerCase() || t === j.operation.toLowerCase())) return false;
      if (f.hideAdminJobs && j.operation !== OP_BACKUP) return false;
      if (d.agedOut && !f.showAgedJobs) return false;
      return true;
    })
    .sort((a, b) => Number(b.id) - Number(a.id));
  return { page: matched.slice(f.offset, f.offset + f.limit).map((j) => view(tenant, j)), total: matched.length };
}

export type JobControl = 'kill' | 'suspend' | 'resume';

const DONE: Record<JobControl, string> = { kill: 'killed', suspend: 'suspended', resume: 'resumed' };

/** `POST Job/{id}/action/kill|pause|resume`: JOB_NOT_FOUND, or JOB_OPERATION_REFUSED when the status does not allow it. */
export function controlJob(tenant: CvTenant, id: string, action: JobControl, caller: Caller): void {
  const found = findJob(tenant, id);
  if (!found) throw new CvError('JOB_NOT_FOUND', `Job [${id}] does not exist.`);
  const jobs = tenant.jobs;
  const job = found.job;
  const ok =
    action === 'kill'
      ? jobs.cancel(job.id, `Job was killed by user [${caller.userName}].`)
      : action === 'resume'
        ? jobs.resume(job.id)
        : jobs.suspend(job.id, `Job was suspended by user [${caller.userName}].`);
  if (!ok) throw new CvError('JOB_OPERATION_REFUSED', `Job [${job.id}] cannot be ${DONE[action]}: its status does not allow it.`);
}
