/**
 * One tenant's vCenter: appliances, each with its users, parts and API sessions (cis.session).
 * Backup jobs live in the shared job engine (target = appliance id); this file maps them to the
 * vocabulary of Job.BackupJobStatus and Details.Info. It speaks the appliance's terms and
 * answers plain data; wire.ts encodes it per dialect.
 */
import { parseDuration } from '../../src/duration';
import type { Job } from '../../src/jobs/engine';
import { isTerminal } from '../../src/jobs/engine';
import type { TenantHandle } from '../../src/vendor';
import { formatDateTime } from './codec';
import { errors, msg, type LocalizableMessage } from './errors';
import type { BackupRequest } from './validation';

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
  /** A restore is running: backups answer FEATURE_IN_USE until it is cleared. */
  restoreInProgress: boolean;
  sessionIdleTimeoutMs?: number;
  sessionMaxCalls?: number;
  /** By session id (client-sent ids never reach Object.prototype). */
  sessions: Map<string, Session>;
}

export interface VcenterState {
  /** In scenario order; the first one is also served without a URL prefix. */
  appliances: Appliance[];
}

/** The session policy of the scenario's options, used where an appliance sets none. */
export interface SessionPolicy {
  idleTimeoutMs?: number;
  maxCalls?: number;
}

type Tenant = TenantHandle<VcenterState>;

/** The scenario options' session policy (`vendors.vcenter.sessionIdleTimeout`, `sessionMaxCalls`). */
export function sessionPolicy(options: { sessionIdleTimeout?: string | number; sessionMaxCalls?: number }): SessionPolicy {
  return {
    ...(options.sessionIdleTimeout !== undefined ? { idleTimeoutMs: parseDuration(options.sessionIdleTimeout) } : {}),
    ...(options.sessionMaxCalls !== undefined ? { maxCalls: options.sessionMaxCalls } : {}),
  };
}

/** The appliance addressed by `/appliances/:appliance/...`, else the first one. */
export function applianceOf(state: VcenterState, id: string | undefined): Appliance {
  if (id === undefined) return state.appliances[0];
  const found = state.appliances.find((a) => a.id === id);
  if (!found) throw errors.noAppliance(id);
  return found;
}

// ---- sessions (com.vmware.cis.session) --------------------------------------------------------

/** Principal keys for tenant lookup. */
export const sessionPrincipal = (sid: string) => `sid:${sid}`;
export const userPrincipal = (user: string) => `user:${user}`;

/** Session ids look like vCenter's: 32 lower-case hex digits. */
function newSessionId(random: () => number): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return out;
}

/**
 * Sessions one appliance keeps at most; beyond it the least recently used goes (vCenter's own
 * session manager refuses logins past its limit instead; evicting keeps a long test run's memory
 * bounded without failing its logins).
 */
export const MAX_SESSIONS = 2000;

export function login(tenant: Tenant, appliance: Appliance, username: string | undefined, password: string | undefined, policy: SessionPolicy = {}): Session {
  if (username === undefined || password === undefined) throw errors.unauthenticated();
  const user = appliance.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  if (!user || user.password !== password) throw errors.badCredentials();
  let id = newSessionId(tenant.random);
  while (appliance.sessions.has(id)) id = newSessionId(tenant.random);
  const now = tenant.clock.now();
  const session: Session = { id, user: user.username, createdAt: now, lastAccessedAt: now, calls: 0 };
  appliance.sessions.set(id, session);
  tenant.bind(sessionPrincipal(id));
  if (appliance.sessions.size > MAX_SESSIONS) {
    purgeIdleSessions(tenant, appliance, policy);
    // Least recently used first: authenticate() moves a session to the end.
    for (const oldest of appliance.sessions.keys()) {
      if (appliance.sessions.size <= MAX_SESSIONS) break;
      logout(tenant, appliance, oldest);
    }
  }
  return session;
}

/** The live session for `sid`, touched; UNAUTHENTICATED when missing, expired or used up. */
export function authenticate(tenant: Tenant, appliance: Appliance, sid: string | undefined, policy: SessionPolicy): Session {
  const session = sid !== undefined ? appliance.sessions.get(sid) : undefined;
  if (!session) throw errors.unauthenticated();
  const now = tenant.clock.now();
  const idle = appliance.sessionIdleTimeoutMs ?? policy.idleTimeoutMs;
  const maxCalls = appliance.sessionMaxCalls ?? policy.maxCalls;
  if ((idle !== undefined && now - session.lastAccessedAt > idle) || (maxCalls !== undefined && session.calls >= maxCalls)) {
    logout(tenant, appliance, session.id);
    throw errors.unauthenticated();
  }
  session.calls++;
  session.lastAccessedAt = now;
  appliance.sessions.delete(session.id);
  appliance.sessions.set(session.id, session);
  return session;
}

export function logout(tenant: Tenant, appliance: Appliance, sid: string): void {
  appliance.sessions.delete(sid);
  tenant.unbind(sessionPrincipal(sid));
}

/** Forget sessions idle past the policy (a sweep keeps a long run's session table bounded). */
export function purgeIdleSessions(tenant: Tenant, appliance: Appliance, policy: SessionPolicy): void {
  const idle = appliance.sessionIdleTimeoutMs ?? policy.idleTimeoutMs;
  if (idle === undefined) return;
  const now = tenant.clock.now();
  for (const s of [...appliance.sessions.values()]) if (now - s.lastAccessedAt > idle) logout(tenant, appliance, s.id);
}

// ---- backup jobs ------------------------------------------------------------------------------

/** Data this module keeps on each engine job. */
export interface BackupJobData {
  [key: string]: unknown;
  request: Omit<BackupRequest, 'backup_password' | 'location_password'>;
  user: string;
  sizeMb: number;
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

/** A backup or a restore is running on this appliance. */
export function isBusy(tenant: Tenant, appliance: Appliance): boolean {
  return appliance.restoreInProgress || applianceJobs(tenant, appliance).some((j) => !isTerminal(j.state));
}

/** Job ids are "TimeStamp based": YYYYMMDD-HHMMSS-xxxxxx, unique per appliance. */
function newJobId(now: number, random: () => number, taken: (id: string) => boolean): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  for (;;) {
    const suffix = Math.floor(random() * 0x1000000).toString(16).padStart(6, '0');
    const id = `${stamp}-${suffix}`;
    if (!taken(id)) return id;
  }
}

/** Job.create: one backup or restore at a time per appliance, decided without yielding. */
export function startBackup(tenant: Tenant, appliance: Appliance, request: BackupRequest, user: string): Job {
  if (isBusy(tenant, appliance)) throw errors.featureInUse();
  const { backup_password: _b, location_password: _l, ...kept } = request;
  const sizeMb = appliance.parts.filter((p) => !p.optional || request.parts.includes(p.id)).reduce((sum, p) => sum + p.sizeMb, 0);
  const data: BackupJobData = { request: kept, user, sizeMb };
  const id = newJobId(tenant.clock.now(), tenant.random, (candidate) => tenant.jobs.get(candidate) !== undefined);
  return tenant.jobs.start({ id, operation: 'backup', target: appliance.id, data });
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
