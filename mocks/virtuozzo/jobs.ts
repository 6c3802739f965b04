/**
 * How backupm calls run as jobs (backup_env, restore_env, selective_restore_env: backups.ts and
 * restores.ts) on the engine's job timelines, one job per environment, and the progress events
 * their changes make: the backup_env page's messages (the Agent XML API reference's backupm/backup_env page), sent
 * only to a request that asked for progress (`progress` is undefined otherwise).
 */
import { isTerminal, type Job, type JobChange, type StartJob } from '../../src/jobs/engine';
import type { TimelineInput } from '../../src/jobs/timeline';
import type { VendorJobs } from '../../src/vendor';
import { AgentError, type ErrorName } from './errors';
import type { VirtuozzoState } from './model';

/** A vzlt:infoType tree: a message template, its name, and nested parameters. */
export interface InfoParam {
  name: string;
  message: string;
  translate?: boolean;
  parameters?: InfoParam[];
}

/** `<status>` of a progress packet: 1 started, 2 processing, 3 success, 4 error. */
export const PROGRESS = { started: 1, processing: 2, success: 3, error: 4 } as const;

export interface ProgressEvent {
  /** e.g. `backupm.backup_env`. */
  op: string;
  message: InfoParam;
  status: number;
  percent?: number;
  eids?: string[];
}

/** What a job-running call needs: its tenant's state and jobs, the clock, where progress goes. */
export interface JobContext {
  readonly state: VirtuozzoState;
  readonly tenant: { readonly id: string; readonly jobs: VendorJobs };
  readonly clock: { now(): number };
  readonly progress: ((event: ProgressEvent) => void) | undefined;
}

export const BACKUP_PHASES = [
  'Checking parameters',
  'Dumping quota',
  'Backup storage: preparing to backup',
  'Adjusting backup type (%type%)',
  'Backup storage: receiving backup file',
  'Backing up private area.',
];

/** Default timelines: the backup_env page's messages in order, a few seconds in all so a person watching sees progress move. */
export const DEFAULT_TIMELINES: Record<string, TimelineInput> = {
  'backupm.backup_env': [
    { after: '0s', state: 'running', progress: 0, phase: BACKUP_PHASES[0] },
    { after: '300ms', phase: BACKUP_PHASES[1] },
    { after: '600ms', phase: BACKUP_PHASES[2] },
    { after: '900ms', phase: BACKUP_PHASES[3] },
    { after: '1200ms', phase: BACKUP_PHASES[4] },
    { after: '1500ms', phase: BACKUP_PHASES[5], progress: 2 },
    { after: '2s', progress: 20 },
    { after: '2500ms', progress: 37 },
    { after: '3s', progress: 54 },
    { after: '3500ms', progress: 71 },
    { after: '4s', progress: 88 },
    { after: '4500ms', progress: 99 },
    { after: '5s', phase: 'Backup storage: storing private backup data' },
    { after: '5500ms', phase: 'Backup storage: filling resultant backup info' },
    { after: '6s', state: 'succeeded', progress: 100 },
  ],
  'backupm.restore_env': [
    { after: '0s', state: 'running', progress: 0, phase: 'Checking parameters' },
    { after: '500ms', phase: 'Backup storage: preparing to restore' },
    { after: '1s', phase: 'Restoring private area.', progress: 10 },
    { after: '2s', progress: 50 },
    { after: '3s', progress: 90 },
    { after: '3500ms', phase: 'Restoring quota' },
    { after: '4s', state: 'succeeded', progress: 100 },
  ],
  'backupm.selective_restore_env': [
    { after: '0s', state: 'running', progress: 0, phase: 'Checking parameters' },
    { after: '1s', phase: 'Restoring files.', progress: 50 },
    { after: '2s', state: 'succeeded', progress: 100 },
  ],
  '*': { duration: '2s' },
};

// ---------------------------------------------------------------- progress messages

export function operationStatus(op: string, word: string): InfoParam {
  return {
    name: '',
    message: 'Operation %op_name% is %status%',
    translate: true,
    parameters: [
      { name: 'op_name', message: op },
      { name: 'status', message: word, translate: true },
    ],
  };
}

export function phaseMessage(textOrTemplate: string, params: Record<string, string> = {}): InfoParam {
  return { name: '', message: textOrTemplate, translate: true, parameters: Object.entries(params).map(([name, message]) => ({ name, message })) };
}

export function percentMessage(percent: number): InfoParam {
  return phaseMessage('Percent: %percent%', { percent: String(percent) });
}

/** Fill `%name%` placeholders of a phase from the job's `data.params` (e.g. %type% -> full). */
function phaseEvent(op: string, job: Job, status: number): ProgressEvent {
  const params = (job.data.params as Record<string, string> | undefined) ?? {};
  const used: Record<string, string> = {};
  for (const m of (job.phase ?? '').matchAll(/%(\w+)%/g)) if (Object.hasOwn(params, m[1])) used[m[1]] = params[m[1]];
  return { op, message: phaseMessage(job.phase ?? '', used), status, eids: job.target ? [job.target] : undefined };
}

/**
 * Few packets per job change: a client that takes one packet per read (the connector) copes
 * better. A phase change carries the percent when both move. Success sends no packet of its
 * own: the final reply follows (the backup_env page's list ends with "filling resultant backup info").
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

let requestSeq = 0;

/**
 * Start one job per spec and resolve with the jobs once all are terminal, emitting progress on
 * the way. `settle` runs at once (synchronously) as each job ends, so what a job leaves behind
 * (a stored backup, an environment's state) is there before anyone reads the state again, even
 * for a job started in the past (`at`) whose steps all apply at its start. Jobs that vanish
 * (tenant reset) count as finished.
 */
export function runJobs(c: JobContext, op: string, specs: Array<Omit<StartJob, 'operation'>>, settle?: (job: Job) => void): Promise<Job[]> {
  const jobs = c.tenant.jobs;
  const key = `${c.tenant.id}#${++requestSeq}`;
  const settled = new Set<string>();
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
      const job = change.job;
      if (job.data.requestKey !== key) return;
      if (c.progress) for (const ev of eventsFor(op, change)) c.progress(ev);
      if (isTerminal(job.state) && !settled.has(job.id)) {
        settled.add(job.id);
        settle?.(job);
      }
      finishIfDone();
    });
    started = specs.map((s) => jobs.start({ ...s, operation: op, data: { ...s.data, requestKey: key } }));
    finishIfDone();
  });
}

/** Is a backup or restore of this environment still running? (backupRunning errors) */
export function busyWith(c: JobContext, eid: string): Job | undefined {
  return c.tenant.jobs.list().find((j) => j.target === eid && j.operation.startsWith('backupm.') && !isTerminal(j.state));
}

/** The error of a job that failed or was cancelled: a timeline step's `error`, else `fallback`. */
export function failure(job: Job, fallback: ErrorName, what: string): AgentError {
  return new AgentError(job.error ?? fallback, job.message ?? (job.state === 'cancelled' ? 'Operation was cancelled' : `${what} of ${job.target} failed`));
}
