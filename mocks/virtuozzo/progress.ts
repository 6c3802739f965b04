/**
 * Job timelines -> Virtuozzo progress packets. A request's jobs run on the shared engine (one
 * job per environment); every change of phase or percent becomes a progress packet (type="1")
 * in the seed page's words, sent only when the request asked with `progress="on"`.
 */
import { isTerminal, type Job, type JobChange, type StartJob } from '../../src/jobs/engine';
import type { CallContext } from './call';
import { operationStatus, percentMessage, phaseMessage, PROGRESS, type ProgressEvent } from './messages';

let requestSeq = 0;

/** Fill `%name%` placeholders of a phase from the job's `data.params` (e.g. %type% -> full). */
function phaseEvent(op: string, job: Job, status: number): ProgressEvent {
  const params = (job.data.params as Record<string, string> | undefined) ?? {};
  const used: Record<string, string> = {};
  for (const m of (job.phase ?? '').matchAll(/%(\w+)%/g)) if (params[m[1]] !== undefined) used[m[1]] = params[m[1]];
  return { op, message: phaseMessage(job.phase ?? '', used), status, eids: job.target ? [job.target] : undefined };
}

/**
 * Few packets per job change: a client that takes one packet per read (the connector) copes
 * better (the TCP door also spaces writes: option writeGap). A phase change carries the
 * percent when both move.
 * Success sends no packet of its own: the final reply follows (the seed page's list ends with
 * "filling resultant backup info").
 */
function eventsFor(op: string, change: JobChange): ProgressEvent[] {
  const { job, previous, cause } = change;
  const short = op.split('.').pop()!;
  const eids = job.target ? [job.target] : undefined;
  const percent = job.progress > 0 && job.progress < 100 && (cause === 'start' || Math.round(job.progress) !== Math.round(previous.progress)) ? Math.round(job.progress) : undefined;
  const withPercent = (ev: ProgressEvent): ProgressEvent => (percent !== undefined ? { ...ev, percent } : ev);
  if (cause === 'start') {
    const started: ProgressEvent = { op, message: operationStatus(short, 'started'), status: PROGRESS.started, eids };
    return job.phase ? [started, withPercent(phaseEvent(op, job, PROGRESS.processing))] : [withPercent(started)];
  }
  if (job.state !== previous.state && (job.state === 'failed' || job.state === 'cancelled')) {
    return [{ op, message: job.message ? phaseMessage(job.message) : operationStatus(short, job.state), status: PROGRESS.error, eids }];
  }
  if (job.state === 'succeeded') return [];
  if (job.phase && job.phase !== previous.phase) return [withPercent(phaseEvent(op, job, PROGRESS.processing))];
  if (percent !== undefined) return [{ op, message: percentMessage(percent), status: PROGRESS.processing, percent, eids }];
  return [];
}

/**
 * Start one job per spec and resolve with the jobs once all are terminal, emitting progress on
 * the way. Jobs that vanish (tenant reset) count as finished.
 */
export function runJobs(c: CallContext, op: string, specs: Array<Omit<StartJob, 'operation'>>): Promise<Job[]> {
  const jobs = c.tenant.jobs;
  const key = `${c.tenant.id}#${++requestSeq}`;
  return new Promise((resolve) => {
    let started: Job[] = [];
    let done = false;
    const finishIfDone = () => {
      if (done || started.length < specs.length) return;
      const now = started.map((j) => jobs.get(j.id) ?? j);
      if (now.every((j) => isTerminal(j.state) || !jobs.get(j.id))) {
        done = true;
        off();
        resolve(now);
      }
    };
    const off = jobs.onChange((change) => {
      if (change.job.data.requestKey !== key) return;
      if (c.progress) for (const ev of eventsFor(op, change)) c.progress(ev);
      finishIfDone();
    });
    started = specs.map((s) => jobs.start({ ...s, operation: op, data: { ...s.data, requestKey: key } }));
    finishIfDone();
  });
}

/** Is a backup or restore of this environment still running? (backupRunning errors) */
export function busyWith(c: CallContext, eid: string): Job | undefined {
  return c.tenant.jobs.list().find((j) => j.target === eid && j.operation.startsWith('backupm.') && !isTerminal(j.state));
}
