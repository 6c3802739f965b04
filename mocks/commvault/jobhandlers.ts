/**
 * Job status, details, lists and control (job.py: `_get_job_summary`, `_get_job_details`,
 * JobController `_get_jobs_list`, `pause` / `resume` / `kill`).
 */
import type { Job } from '../../src/jobs/engine';
import { MockError, type HttpCall, type Reply } from '../../src/legacy/vendor';
import { body, requireUser } from './auth';
import { idParam, q } from './handlers';
import { isActive, jobDetail, jobDetailNotFound, jobList, type CvJobData } from './jobs';
import type { CvState } from './model';
import { jobCategory, jobDetailsRequest, jobsRequest, type JobsQuery } from './requests';
import { errorShape, jobOpResult, reply } from './wire';

type Call = HttpCall<CvState>;

function withElapsed(call: Call, jobs: Job[]) {
  return jobs.map((job) => ({ job, elapsedMs: call.tenant.jobs.elapsed(job) }));
}

/** `GET Job/{id}`: an unknown id is `{"totalRecordsWithoutPaging":0}` (cvpysdk retries it). */
export function getJob(call: Call): Reply {
  requireUser(call);
  const raw = call.params.id ?? '';
  const job = /^\d+$/.test(raw) ? call.tenant.jobs.get(raw) : undefined;
  return reply(call.headers.accept, jobList(job ? withElapsed(call, [job]) : []));
}

export function getJobDetails(call: Call): Reply {
  requireUser(call);
  const { jobId } = jobDetailsRequest(body(call));
  const job = call.tenant.jobs.get(String(jobId));
  return reply(call.headers.accept, job ? jobDetail(job, call.tenant.jobs.elapsed(job)) : jobDetailNotFound(String(jobId)));
}

function filterJobs(call: Call, f: JobsQuery): Reply {
  const now = call.ctx.clock.now();
  const types = f.jobTypes.map((t) => t.toLowerCase());
  const matched = call.tenant.jobs
    .list()
    .filter((j) => {
      const d = j.data as unknown as CvJobData;
      if (f.category === 'ACTIVE' && !isActive(j)) return false;
      if (f.category === 'FINISHED' && isActive(j)) return false;
      if (!isActive(j) && f.lookupSeconds !== undefined && f.lookupSeconds > 0 && (j.endedAt ?? now) < now - f.lookupSeconds * 1000) return false;
      if (f.clientIds.length && !f.clientIds.includes(d.clientId)) return false;
      if (types.length && !types.some((t) => t === d.jobType.toLowerCase() || t === j.operation.toLowerCase())) return false;
      if (f.hideAdminJobs && j.operation !== 'Backup') return false;
      return true;
    })
    .sort((a, b) => Number(b.id) - Number(a.id));
  const page = matched.slice(f.offset, f.offset + f.limit);
  return reply(call.headers.accept, jobList(withElapsed(call, page), matched.length));
}

/** `POST Jobs` with the JobManager_JobListRequest filters cvpysdk's JobController sends. */
export function listJobs(call: Call): Reply {
  requireUser(call);
  return filterJobs(call, jobsRequest(body(call)));
}

/** `GET Job?clientId=..&jobFilter=Backup&jobCategory=Active&limit=..&offset=..` */
export function queryJobs(call: Call): Reply {
  requireUser(call);
  const clientId = idParam(q(call, 'clientId'), 'clientId', false);
  const filter = q(call, 'jobFilter');
  const limit = idParam(q(call, 'limit'), 'limit', false);
  const offset = idParam(q(call, 'offset'), 'offset', false);
  const lookup = idParam(q(call, 'completedJobLookupTime'), 'completedJobLookupTime', false);
  return filterJobs(call, {
    category: jobCategory(q(call, 'jobCategory')),
    offset: offset ?? 0,
    limit: limit ?? 100,
    ...(lookup !== undefined ? { lookupSeconds: lookup } : {}),
    clientIds: clientId !== undefined ? [clientId] : [],
    jobTypes: filter ? filter.split(',').map((t) => t.trim()).filter(Boolean) : [],
    hideAdminJobs: false,
  });
}

/** `POST Job/{id}/action/kill|pause|resume`: errorCode 0 is success, anything else a refusal. */
export function jobAction(call: Call): Reply {
  const user = requireUser(call);
  const op = (call.params.op ?? '').toLowerCase();
  if (!['kill', 'pause', 'suspend', 'resume'].includes(op)) throw new MockError('NOT_FOUND', `Unknown job action "${call.params.op}".`);
  const raw = call.params.id ?? '';
  const job = /^\d+$/.test(raw) ? call.tenant.jobs.get(raw) : undefined;
  const refuse = (name: string, message: string) => {
    const e = errorShape(name, message);
    return reply(call.headers.accept, e.shape, e.status);
  };
  if (!job) return refuse('JOB_NOT_FOUND', `Job [${raw}] does not exist.`);
  const jobs = call.tenant.jobs;
  let ok: boolean;
  if (op === 'kill') ok = jobs.cancel(job.id, `Job was killed by user [${user.userName}].`);
  else if (op === 'resume') ok = jobs.resume(job.id);
  else ok = jobs.suspend(job.id, `Job was suspended by user [${user.userName}].`);
  if (!ok) return refuse('JOB_OPERATION_REFUSED', `Job [${job.id}] cannot be ${op === 'kill' ? 'killed' : op === 'resume' ? 'resumed' : 'suspended'}: its status does not allow it.`);
  return reply(call.headers.accept, jobOpResult(0, ''));
}
