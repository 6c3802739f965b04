/**
 * The answers of the operations that start, show and control jobs, in the shapes job.py reads
 * (`_get_job_summary`, `_get_job_details`, `_job_operation`) and subclient.py's
 * `_process_backup_response` expects (TMMsg_CreateTaskResp with jobIds).
 */
import { jobOpResult } from './errors';
import { jobData, phaseOf, reasonOf, statusOf, type JobView } from './jobs';
import type { StartedTask } from './tasks';
import type { Shape, WireObject } from './wire';

export function taskCreated(t: StartedTask): Shape {
  return { root: 'TMMsg_CreateTaskResp', body: { taskId: t.taskId, jobIds: t.jobIds } };
}

const secs = (ms: number | undefined) => (ms === undefined ? 0 : Math.floor(ms / 1000));

function jobSummary({ job, elapsedMs }: JobView): WireObject {
  const d = jobData(job);
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
    pendingReason: reasonOf(job),
    sizeOfApplication: Math.round(d.plannedBytes * done),
    sizeOfMediaOnDisk: Math.round(d.plannedBytes * done * 0.4),
    totalNumOfFiles: Math.round(d.plannedFiles * done),
    percentSavings: 60,
    isAged: d.agedOut === true,
    isVisible: true,
    userName: { userName: d.userName, userId: d.userId },
    subclient: d.subclient,
    ...(d.destClient ? { destClientName: d.destClient.clientName, destinationClient: d.destClient } : {}),
  };
}

/** `GET Job/{id}`, `GET Job`, `POST Jobs`; no job is `{"totalRecordsWithoutPaging":0}` (cvpysdk retries it). */
export function jobList({ page, total }: { page: JobView[]; total: number }): Shape {
  return {
    root: 'JobManager_JobListResponse',
    body: total === 0 ? { totalRecordsWithoutPaging: 0 } : { totalRecordsWithoutPaging: total, jobs: page.map((j) => ({ jobSummary: jobSummary(j) })) },
  };
}

/** `POST JobDetails`; an unknown job is the error job.py reads (`error.errList[0]`). */
export function jobDetail(v: { jobId: number; found: JobView | undefined }): Shape {
  if (!v.found) {
    return {
      root: 'JobManager_JobDetailResponse',
      body: { error: { errList: [{ errorCode: 2, errLogMessage: `Job [${v.jobId}] does not exist or has been aged.` }] } },
    };
  }
  const { job, elapsedMs } = v.found;
  const d = jobData(job);
  const done = job.progress / 100;
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
            state: statusOf(job),
            percentComplete: Math.round(job.progress),
            currentPhase: phaseOf(job),
            reasonForJobDelay: reasonOf(job),
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

/** Job control done (job.py reads `errors[0].errList[0].errorCode`, 0 is success). */
export function jobControlled(): Shape {
  return jobOpResult(0, '');
}
