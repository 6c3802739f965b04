/**
 * Every vCenter operation, in one table: sessions and backup jobs here, schedules in
 * schedule-operations.ts, system names, archives, restore and reconciliation in
 * recovery-operations.ts. Paths and statuses come from VMware's appliance API specification
 * (vSphere 8.0.2: /api and /rest), JSON-RPC service and operation ids from the SDK's bindings
 * (com/vmware/appliance/recovery/backup_client.py, com/vmware/cis_client.py), the rest
 * connector's session path from cis_client.py. Each operation has one name in every dialect, so
 * one scenario rule matches all three.
 */
import { operationsOf } from '../../src/operations/types';
import { applianceJobs, backupJobStatus, cancelBackup, findJob, isBusy, jobDetails, orderOf, partInfo, startBackup } from './backup-jobs';
import { errors, msg } from './errors';
import { login, logout, sessionPolicy } from './model';
import { recoveryOperations } from './recovery-operations';
import { scheduleOperations } from './schedule-operations';
import { validateBackupRequest } from './validation';
import * as T from './vapi-types';
import type { VapiParams, Vcenter } from './wire';

const operation = operationsOf<Vcenter>();

const B = '/appliance/recovery/backup';
const SESSION = 'com.vmware.cis.session';
const BACKUP = 'com.vmware.appliance.recovery.backup';
const JOB = `${BACKUP}.job`;
const PARTS = `${BACKUP}.parts`;

/** A required string parameter (a path id), or the vAPI runtime's missing-field error. */
function idOf(params: VapiParams, name = 'id'): string {
  const id = params[name];
  if (typeof id !== 'string' || id === '') throw errors.missingField('operation-input', name);
  return id;
}

/** `filter.jobs` as a list, however the dialect carried it. */
function jobsFilter(params: VapiParams): string[] | undefined {
  const filter = params.filter as { jobs?: unknown } | null | undefined;
  const jobs = filter?.jobs;
  if (jobs === undefined || jobs === null) return undefined;
  return (Array.isArray(jobs) ? jobs : [jobs]).map(String);
}

export const sessionCreate = operation({
  name: 'session.create',
  doors: {
    api: { method: 'POST', path: '/api/session', status: 201 },
    rest: [
      { method: 'POST', path: '/rest/com/vmware/cis/session' },
      { method: 'POST', path: '/rest/session' },
    ],
    jsonrpc: { service: SESSION, operation: 'create' },
  },
  auth: 'login',
  run: (_params, { tenant, auth, options }) => login(tenant, auth.appliance, auth.username, auth.password, sessionPolicy(options)).id,
  output: T.secret,
  summary: 'log in with a user and password (Basic, or the user_pass security context)',
});

export const sessionGet = operation({
  name: 'session.get',
  doors: {
    api: { method: 'GET', path: '/api/session' },
    rest: [
      { method: 'GET', path: '/rest/com/vmware/cis/session' },
      { method: 'GET', path: '/rest/session' },
      // The old vAPI-REST form also reads the session with POST ?~action=get.
      { method: 'POST', path: '/rest/com/vmware/cis/session', query: { '~action': 'get' } },
    ],
    jsonrpc: { service: SESSION, operation: 'get' },
  },
  auth: 'session',
  run: (_params, { auth: { session } }) => ({
    user: session.user,
    created_time: new Date(session.createdAt).toISOString(),
    last_accessed_time: new Date(session.lastAccessedAt).toISOString(),
  }),
  output: T.SessionInfo,
});

export const sessionDelete = operation({
  name: 'session.delete',
  doors: {
    api: { method: 'DELETE', path: '/api/session', status: 204 },
    rest: [
      { method: 'DELETE', path: '/rest/com/vmware/cis/session' },
      { method: 'DELETE', path: '/rest/session' },
    ],
    jsonrpc: { service: SESSION, operation: 'delete' },
  },
  auth: 'session',
  run: (_params, { tenant, auth }) => logout(tenant, auth.appliance, auth.session.id),
  output: T.voidType,
});

export const jobCreate = operation({
  name: 'job.create',
  doors: {
    api: { method: 'POST', path: `/api${B}/job`, status: 201, body: 'piece' },
    rest: { method: 'POST', path: `/rest${B}/job` },
    jsonrpc: { service: JOB, operation: 'create' },
  },
  auth: 'session',
  run: (params, { tenant, auth }) => {
    const request = validateBackupRequest(params.piece, auth.appliance.parts.map((p) => p.id));
    return backupJobStatus(startBackup(tenant, auth.appliance, orderOf(request, auth.session.user)));
  },
  output: T.BackupJobStatus,
  summary: 'start a backup (one backup or restore at a time per appliance)',
});

export const jobGet = operation({
  name: 'job.get',
  doors: {
    api: { method: 'GET', path: `/api${B}/job/:id` },
    rest: { method: 'GET', path: `/rest${B}/job/:id` },
    jsonrpc: { service: JOB, operation: 'get' },
  },
  auth: 'session',
  run: (params, { tenant, auth }) => backupJobStatus(findJob(tenant, auth.appliance, idOf(params))),
  output: T.BackupJobStatus,
});

export const jobList = operation({
  name: 'job.list',
  doors: {
    api: { method: 'GET', path: `/api${B}/job` },
    rest: { method: 'GET', path: `/rest${B}/job` },
    jsonrpc: { service: JOB, operation: 'list' },
  },
  auth: 'session',
  run: (_params, { tenant, auth }) => applianceJobs(tenant, auth.appliance).map((j) => j.id),
  output: T.list(T.str),
});

export const jobCancel = operation({
  name: 'job.cancel',
  doors: {
    api: { method: 'POST', path: `/api${B}/job/:id`, action: 'cancel' },
    rest: { method: 'POST', path: `/rest${B}/job/:id/cancel` },
    jsonrpc: { service: JOB, operation: 'cancel' },
  },
  auth: 'session',
  run: (params, { tenant, auth }) => cancelBackup(tenant, auth.appliance, idOf(params), auth.session.user),
  output: T.JobReturnResult,
});

export const jobDetailsList = operation({
  name: 'job.details.list',
  doors: {
    api: { method: 'GET', path: `/api${B}/job/details`, query: { jobs: 'filter.jobs' } },
    rest: { method: 'GET', path: `/rest${B}/job/details` },
    jsonrpc: { service: `${JOB}.details`, operation: 'list' },
  },
  auth: 'session',
  run: (params, { tenant, auth }) => jobDetails(tenant, auth.appliance, jobsFilter(params)),
  output: T.map(T.str, T.DetailsInfo),
});

export const partsList = operation({
  name: 'parts.list',
  doors: {
    api: { method: 'GET', path: `/api${B}/parts` },
    rest: { method: 'GET', path: `/rest${B}/parts` },
    jsonrpc: { service: PARTS, operation: 'list' },
  },
  auth: 'session',
  run: (_params, { auth }) => auth.appliance.parts.map(partInfo),
  output: T.list(T.Part),
});

export const partsGet = operation({
  name: 'parts.get',
  doors: {
    api: { method: 'GET', path: `/api${B}/parts/:id` },
    rest: { method: 'GET', path: `/rest${B}/parts/:id` },
    jsonrpc: { service: PARTS, operation: 'get' },
  },
  auth: 'session',
  run: (params, { auth }) => {
    const id = idOf(params);
    const part = auth.appliance.parts.find((p) => p.id === id);
    if (!part) throw errors.notFound('Backup part', id);
    return part.sizeMb;
  },
  output: T.int,
  summary: "a part's size in MB",
});

export const validate = operation({
  name: 'validate',
  doors: {
    api: { method: 'POST', path: `/api${B}`, action: 'validate', body: 'piece' },
    rest: { method: 'POST', path: `/rest${B}/validate` },
    jsonrpc: { service: BACKUP, operation: 'validate' },
  },
  auth: 'session',
  run: (params, { tenant, auth }) => {
    validateBackupRequest(params.piece, auth.appliance.parts.map((p) => p.id), `${BACKUP}.backup_request`);
    if (isBusy(tenant, auth.appliance)) throw errors.featureInUse();
    return { status: 'OK', messages: [msg('com.vmware.applmgmt.backup.validate.ok', 'The backup request is valid.')] };
  },
  output: T.BackupReturnResult,
  summary: 'the create rules without starting anything',
});

export const operations = [
  sessionCreate,
  sessionGet,
  sessionDelete,
  jobCreate,
  jobGet,
  jobList,
  jobCancel,
  jobDetailsList,
  partsList,
  partsGet,
  validate,
  ...scheduleOperations,
  ...recoveryOperations,
];

/** The vAPI service of an operation (for OPERATION_NOT_FOUND on a path it shares). */
export function serviceOf(name: string): string {
  const op = operations.find((o) => o.name === name);
  const rpc = op?.doors.jsonrpc;
  return rpc && !Array.isArray(rpc) ? (rpc as { service: string }).service : 'com.vmware.appliance.recovery';
}
