/**
 * Jobs in Commvault's words: the shared engine's neutral job mapped to the statuses and the
 * `jobSummary` / `jobDetail` shapes cvpysdk's job.py reads (vendor-notes "Jobs").
 */
import type { Job } from '../../src/jobs/engine';
import type { TimelineInput } from '../../src/jobs/timeline';
import type { Shape, WireObject } from './wire';

/** The engine operations this family starts (scenario job rules match these names). */
export const OP_BACKUP = 'Backup';
export const OP_DR_BACKUP = 'DRBackup';

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
  subclient: WireObject;
  plannedBytes: number;
  plannedFiles: number;
}

/** A few seconds, so a person watching sees progress move; scenarios override them. */
export const DEFAULT_TIMELINES: Record<string, TimelineInput> = {
  [OP_DR_BACKUP]: { duration: '8s', phases: ['Export', 'Backup'], steps: 8 },
  [OP_BACKUP]: { duration: '12s', phases: ['Scan', 'Backup', 'Archive Index'], steps: 12 },
};

/** Commvault statuses (job.py: "finished" is a substring test on completed/killed/failed). */
export const STATUSES = [
  'Running',
  'Waiting',
  'Pending',
  'Queued',
  'Suspended',
  'Completed',
  'Completed w/ one or more errors',
  'Completed w/ one or more warnings',
  'Failed',
  'Failed to Start',
  'Killed',
] as const;

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

const secs = (ms: number | undefined) => (ms === undefined ? 0 : Math.floor(ms / 1000));

function data(job: Job): CvJobData {
  return job.data as unknown as CvJobData;
}

function phaseOf(job: Job): string {
  if (job.phase) return job.phase;
  return job.state === 'queued' ? '' : data(job).jobType === 'Backup' ? 'Backup' : 'Export';
}

function reason(job: Job): string {
  if (job.state === 'failed') return job.message ?? job.error ?? 'The job failed.';
  if (job.state === 'cancelled') return job.message ?? 'Job was killed by user.';
  const s = statusOf(job).toLowerCase();
  if (s === 'pending' || s === 'waiting' || job.state === 'suspended') return job.message ?? '';
  return '';
}

export function jobSummary(job: Job, elapsedMs: number): WireObject {
  const d = data(job);
  const done = job.progress / 100;
  const status = statusOf(job);
  return {
    jobId: Number(job.id),
    status,
    localizedStatus: status,
    jobType: d.jobType,
    localizedOperationName: d.localizedOperationName,
    backupLevelName: d.backupLevelName,
    appTypeName: d.appTypeName,
    percentComplete: Math.round(job.progress),
    currentPhaseName: phaseOf(job),
    jobStartTime: secs(job.startedAt ?? job.createdAt),
    lastUpdateTime: secs(job.updatedAt),
    jobEndTime: secs(job.endedAt),
    jobElapsedTime: secs(elapsedMs),
    pendingReason: reason(job),
    sizeOfApplication: Math.round(d.plannedBytes * done),
    sizeOfMediaOnDisk: Math.round(d.plannedBytes * done * 0.4),
    totalNumOfFiles: Math.round(d.plannedFiles * done),
    percentSavings: 60,
    isVisible: true,
    userName: { userName: d.userName, userId: d.userId },
    subclient: d.subclient,
  };
}

export function jobList(jobs: Array<{ job: Job; elapsedMs: number }>, total = jobs.length): Shape {
  return {
    root: 'JobManager_JobListResponse',
    body: total === 0 ? { totalRecordsWithoutPaging: 0 } : { totalRecordsWithoutPaging: total, jobs: jobs.map((j) => ({ jobSummary: jobSummary(j.job, j.elapsedMs) })) },
  };
}

export function jobDetail(job: Job, elapsedMs: number): Shape {
  const d = data(job);
  const done = job.progress / 100;
  const status = statusOf(job);
  return {
    root: 'JobManager_JobDetailResponse',
    body: {
      job: {
        jobDetail: {
          generalInfo: {
            jobId: Number(job.id),
            jobType: d.jobType,
            operationType: d.localizedOperationName,
            backupLevel: d.backupLevelName,
            jobStartedBy: d.userName,
            startTime: secs(job.startedAt ?? job.createdAt),
            subclient: d.subclient,
          },
          progressInfo: {
            state: status,
            percentComplete: Math.round(job.progress),
            currentPhase: phaseOf(job),
            reasonForJobDelay: reason(job),
            numOfFilesTransferred: Math.round(d.plannedFiles * done),
            totalDataProcessed: Math.round(d.plannedBytes * done),
          },
          detailInfo: {
            startTime: secs(job.startedAt ?? job.createdAt),
            endTime: secs(job.endedAt),
            lastUpdateTime: secs(job.updatedAt),
            elapsedTime: secs(elapsedMs),
            numOfObjects: Math.round(d.plannedFiles * done),
            sizeOfApplication: Math.round(d.plannedBytes * done),
            sizeOfMediaOnDisk: Math.round(d.plannedBytes * done * 0.4),
            compressionRate: 60,
          },
        },
      },
    },
  };
}

/** `POST JobDetails` for an unknown job (job.py reads `error.errList[0]`). */
export function jobDetailNotFound(jobId: string): Shape {
  return {
    root: 'JobManager_JobDetailResponse',
    body: { error: { errList: [{ errorCode: 2, errLogMessage: `Job [${jobId}] does not exist or has been aged.` }] } },
  };
}
