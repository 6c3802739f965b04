/**
 * One small function per vCenter operation, dialect-neutral: each takes the decoded input of
 * `operation-input` and answers plain data; dialects.ts unwraps requests and encodes answers.
 * Operation names are shared by the three dialects, so one scenario rule matches all of them.
 */
import type { Clock } from '../../src/clock';
import { isTerminal } from '../../src/jobs/engine';
import type { HttpCall, TenantHandle } from '../../src/legacy/vendor';
import {
  applianceJobs,
  backupJobStatus,
  detailsInfo,
  findJob,
  newJobId,
  partInfo,
  type Appliance,
  type BackupJobData,
  type Session,
  type VcenterState,
} from './model';
import { logout } from './sessions';
import { validateBackupRequest } from './validation';
import { errors, msg } from './wire';
import * as T from './vapi-types';
import type { VType } from './vapi-types';

export interface OpContext {
  call: HttpCall<VcenterState>;
  tenant: TenantHandle<VcenterState>;
  appliance: Appliance;
  clock: Clock;
  session: Session;
  input: Record<string, unknown>;
}

export interface Operation {
  /** Journal and scenario-rule name, e.g. `job.create`. */
  name: string;
  /** vAPI service and operation (JSON-RPC dispatch). */
  service: string;
  operation: string;
  output: VType;
  /** HTTP status of a success on /api (the OpenAPI file); /rest always answers 200. */
  apiStatus?: number;
  run(c: OpContext): unknown;
}

const JOB = 'com.vmware.appliance.recovery.backup.job';
const PARTS = 'com.vmware.appliance.recovery.backup.parts';

function idInput(c: OpContext): string {
  const id = c.input.id;
  if (typeof id !== 'string' || id === '') throw errors.missingField('operation-input', 'id');
  return id;
}

function knownParts(a: Appliance): string[] {
  return a.parts.map((p) => p.id);
}

/** A backup (or a restore, not emulated) is running on this appliance. */
function isBusy(c: OpContext): boolean {
  return c.appliance.restoreInProgress || applianceJobs(c.tenant, c.appliance).some((j) => !isTerminal(j.state));
}

/** Job.create: one backup or restore at a time per appliance, decided without yielding. */
function jobCreate(c: OpContext): unknown {
  const request = validateBackupRequest(c.input.piece, knownParts(c.appliance));
  if (isBusy(c)) throw errors.featureInUse();
  const { backup_password: _b, location_password: _l, ...kept } = request;
  const sizeMb = c.appliance.parts
    .filter((p) => !p.optional || request.parts.includes(p.id))
    .reduce((sum, p) => sum + p.sizeMb, 0);
  const data: BackupJobData = { request: kept, user: c.session.user, sizeMb };
  const id = newJobId(c.clock.now(), c.tenant.random, (candidate) => c.tenant.jobs.get(candidate) !== undefined);
  const job = c.tenant.jobs.start({ id, operation: 'backup', target: c.appliance.id, data });
  return backupJobStatus(job);
}

function jobGet(c: OpContext): unknown {
  return backupJobStatus(findJob(c.tenant, c.appliance, idInput(c)));
}

function jobList(c: OpContext): unknown {
  return applianceJobs(c.tenant, c.appliance).map((j) => j.id);
}

/** Job.cancel: a running job ends FAILED with a message; a finished one answers FAIL. */
function jobCancel(c: OpContext): unknown {
  const job = findJob(c.tenant, c.appliance, idInput(c));
  const cancelled = c.tenant.jobs.cancel(job.id, `Backup job ${job.id} was canceled by ${c.session.user}.`);
  return cancelled
    ? { status: 'OK', messages: [msg(`${JOB}.cancel.success`, `Backup job ${job.id} canceled.`, [job.id])] }
    : { status: 'FAIL', messages: [msg(`${JOB}.cancel.not_running`, `Backup job ${job.id} is not in progress.`, [job.id])] };
}

/** Details.list(filter): map of job id to Info; `filter.jobs` limits it (unknown ids are skipped). */
function jobDetails(c: OpContext): unknown {
  const filter = c.input.filter as { jobs?: unknown } | null | undefined;
  const wanted = filter && Array.isArray(filter.jobs) ? new Set(filter.jobs.map(String)) : undefined;
  const out: Record<string, unknown> = {};
  for (const job of applianceJobs(c.tenant, c.appliance)) {
    if (wanted && !wanted.has(job.id)) continue;
    out[job.id] = detailsInfo(job, c.appliance, c.tenant.jobs.elapsed(job));
  }
  return out;
}

function partsList(c: OpContext): unknown {
  return c.appliance.parts.map(partInfo);
}

/** Parts.get answers the part's size in MB. */
function partsGet(c: OpContext): unknown {
  const id = idInput(c);
  const part = c.appliance.parts.find((p) => p.id === id);
  if (!part) throw errors.notFound('Backup part', id);
  return part.sizeMb;
}

/** Backup.validate: the create rules without starting anything. */
function validate(c: OpContext): unknown {
  validateBackupRequest(c.input.piece, knownParts(c.appliance), 'com.vmware.appliance.recovery.backup.backup_request');
  if (isBusy(c)) throw errors.featureInUse();
  return { status: 'OK', messages: [msg('com.vmware.applmgmt.backup.validate.ok', 'The backup request is valid.')] };
}

function sessionGet(c: OpContext): unknown {
  return {
    user: c.session.user,
    created_time: new Date(c.session.createdAt).toISOString(),
    last_accessed_time: new Date(c.session.lastAccessedAt).toISOString(),
  };
}

function sessionDelete(c: OpContext): unknown {
  logout(c.tenant, c.appliance, c.session.id);
  return undefined;
}

const op = (name: string, service: string, operation: string, run: Operation['run'], apiStatus?: number): Operation => ({
  name,
  service,
  operation,
  output: T.OUTPUTS[`${service}.${operation}`],
  run,
  ...(apiStatus !== undefined ? { apiStatus } : {}),
});

/** Authenticated operations. Session create is special (it takes credentials, not a session). */
export const OPERATIONS = {
  jobCreate: op('job.create', JOB, 'create', jobCreate, 201),
  jobGet: op('job.get', JOB, 'get', jobGet),
  jobList: op('job.list', JOB, 'list', jobList),
  jobCancel: op('job.cancel', JOB, 'cancel', jobCancel),
  jobDetails: op('job.details.list', `${JOB}.details`, 'list', jobDetails),
  partsList: op('parts.list', PARTS, 'list', partsList),
  partsGet: op('parts.get', PARTS, 'get', partsGet),
  validate: op('validate', 'com.vmware.appliance.recovery.backup', 'validate', validate),
  sessionGet: op('session.get', 'com.vmware.cis.session', 'get', sessionGet),
  sessionDelete: op('session.delete', 'com.vmware.cis.session', 'delete', sessionDelete, 204),
} satisfies Record<string, Operation>;

export const SESSION_CREATE = { name: 'session.create', service: 'com.vmware.cis.session', operation: 'create' } as const;

/** JSON-RPC dispatch table: `serviceId.operationId` -> operation. */
export const RPC_OPERATIONS: ReadonlyMap<string, Operation> = new Map(
  Object.values(OPERATIONS).map((o) => [`${o.service}.${o.operation}`, o] as const),
);
