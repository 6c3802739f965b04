/**
 * backupm calls that run as jobs (backup_env, restore_env, selective_restore_env) on the engine's
 * job timelines, one job per environment, and the progress events their changes make: the seed
 * page's messages (vendor-docs: the backupm backup_env page), sent only to a request that asked
 * for progress (`progress` is undefined otherwise).
 */
import { isTerminal, type Job, type JobChange, type StartJob } from '../../src/jobs/engine';
import type { TimelineInput } from '../../src/jobs/timeline';
import type { VendorJobs } from '../../src/vendor';
import { AgentError } from './errors';
import { addBackup, backupSize, backupsOf, findBackup, findEnv, removeBackups, type Environment, type StoredBackup, type VirtuozzoState } from './model';

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

/** Default timelines: the seed page's messages in order, a few seconds in all so a person watching sees progress move. */
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
 * own: the final reply follows (the seed page's list ends with "filling resultant backup info").
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
 * the way. Jobs that vanish (tenant reset) count as finished.
 */
function runJobs(c: JobContext, op: string, specs: Array<Omit<StartJob, 'operation'>>): Promise<Job[]> {
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
function busyWith(c: JobContext, eid: string): Job | undefined {
  return c.tenant.jobs.list().find((j) => j.target === eid && j.operation.startsWith('backupm.') && !isTerminal(j.state));
}

// ---------------------------------------------------------------- backup_env

const TYPE_WORDS = ['full', 'incremental', 'differential'];

/** backup_env's request (VZLBackupm.xsd backup_env, backup_optionsType). */
export interface BackupRequest {
  eids: string[];
  /** The defaults come from get_config when the options leave them out. */
  type?: number;
  compression?: number;
  description?: string;
  ignoreError: boolean;
  ignoreUnexistent: boolean;
  /** `<remove>`: replace an old archive after success; `replace` is its `<backup>` id if any. */
  remove: boolean;
  replace?: string;
  include?: string[];
  exclude?: string[];
  server?: string;
}

/** Incremental/differential without a full backup to base on is adjusted to full (seed page). */
function effectiveType(state: VirtuozzoState, env: Environment, requested: number): number {
  return requested !== 0 && !backupsOf(state, env.eid).some((b) => b.type === 0) ? 0 : requested;
}

function failure(job: Job, what: string): AgentError {
  return new AgentError(job.error ?? 'backupFailed', job.message ?? (job.state === 'cancelled' ? 'Operation was cancelled' : `${what} of ${job.target} failed`));
}

/** Back up each environment as a job; errors (unknown, busy, failed) come with the backups made. */
export async function backupEnvironments(c: JobContext, r: BackupRequest): Promise<{ backups: StoredBackup[]; errors: AgentError[] }> {
  if (r.eids.length === 0) throw new AgentError('unknownEnv', 'env_list holds no eid');
  const type = r.type ?? c.state.config.type;
  const compression = r.compression ?? c.state.config.compression;
  const errors: AgentError[] = [];
  const toRun: Environment[] = [];
  for (const eid of r.eids) {
    const env = findEnv(c.state, eid);
    if (!env) {
      if (!r.ignoreUnexistent) errors.push(new AgentError('unknownEnv', `Environment ${eid} does not exist`));
    } else if (busyWith(c, env.eid) || toRun.includes(env)) {
      errors.push(new AgentError('backupRunning', `A backup of environment ${eid} is already running`));
    } else toRun.push(env);
  }
  const specs = toRun.map((env) => {
    const t = effectiveType(c.state, env, type);
    return { target: env.eid, data: { type: t, compression, server: r.server, params: { type: TYPE_WORDS[t] } } };
  });
  const jobs = specs.length ? await runJobs(c, 'backupm.backup_env', specs) : [];
  const backups: StoredBackup[] = [];
  for (const job of jobs) {
    const env = findEnv(c.state, job.target ?? '');
    if (job.state !== 'succeeded' || !env) {
      if (!r.ignoreError) errors.push(failure(job, 'Backup'));
      continue;
    }
    const t = Number(job.data.type ?? 0);
    const previous = backupsOf(c.state, env.eid);
    const record = addBackup(c.state, env, {
      time: job.endedAt ?? c.clock.now(),
      type: t,
      compression,
      size: backupSize(env, t, compression, r.include, r.exclude),
      ...(r.description !== undefined ? { description: r.description } : {}),
      ...(r.include ? { include: r.include } : {}),
      ...(r.exclude ? { exclude: r.exclude } : {}),
    });
    if (r.remove) {
      // <remove><backup>ID</backup></remove> replaces that archive; a bare <remove/> the latest one.
      const old = r.replace ?? previous[previous.length - 1]?.id;
      if (old && old !== record.id) removeBackups(c.state, [old]);
    }
    backups.push(record);
  }
  return { backups, errors };
}

// ---------------------------------------------------------------- restores

async function restoreJob(c: JobContext, op: string, eid: string): Promise<void> {
  if (busyWith(c, eid)) throw new AgentError('backupRunning', `An operation on environment ${eid} is already running`);
  const [job] = await runJobs(c, op, [{ target: eid, data: {} }]);
  if (job.state !== 'succeeded') throw failure(job, 'Restore');
}

/** restore_env: a removed environment comes back from the backup's description of it. */
export async function restoreEnvironment(c: JobContext, r: { backupId: string; parentEid?: string }): Promise<void> {
  const backup = findBackup(c.state, r.backupId);
  if (!backup) throw new AgentError('unknownBackup', `Backup ${r.backupId} not found`);
  if (!findEnv(c.state, backup.eid)) {
    c.state.environments.set(backup.eid, { ...backup.env, parentEid: r.parentEid || backup.env.parentEid, state: 6, size: Math.round(backup.size / 0.7) });
  }
  await restoreJob(c, 'backupm.restore_env', backup.eid);
}

export async function restoreFiles(c: JobContext, r: { backupId: string; eid: string; paths: string[] }): Promise<void> {
  if (!findBackup(c.state, r.backupId)) throw new AgentError('unknownBackup', `Backup ${r.backupId} not found`);
  if (!findEnv(c.state, r.eid)) throw new AgentError('unknownEnv', `Environment ${r.eid} does not exist`);
  if (r.paths.length === 0) throw new AgentError('malformedPacket', 'selective_restore_env needs at least one path');
  await restoreJob(c, 'backupm.selective_restore_env', r.eid);
}
