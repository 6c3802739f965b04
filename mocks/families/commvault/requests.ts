/**
 * Request inputs of the Commvault family, read once whatever the format: wire.ts turns XML and
 * JSON into the same tree, the zod schemas of request-schemas.ts check it and coerce XML's
 * strings ("1", "true", "IMMEDIATE") and JSON's numbers into one typed value. Envelopes are
 * strict (an unknown element is an error); option bags such as `options.dataOpt` pass through,
 * as Commvault accepts hundreds of them. Query parameters and path ids are read here too.
 */
import type { z } from 'zod';
import { badRequest, CvError } from './errors';
import type { JobsQuery } from './jobs';
import { backupLevel, type BackupLevel, type EntityFilter } from './model';
import type * as S from './request-schemas';
import { isRestoreSubTask, restoreStep } from './restore-request';
import type { TaskOrder, TaskStep } from './tasks';
import type { Credentials } from './tokens';
import { list, type CvInput, type Decoded } from './wire';

let loaded: typeof S | undefined;
/** The zod schemas, loaded with the first request that needs one (not at start-up). */
function schemas(): typeof S {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('./request-schemas') as typeof S);
}

export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.join('.');
  throw badRequest(`Invalid ${what}: ${path ? `${path}: ` : ''}${issue.message}`);
}

/** The XML root must be the one Commvault names; JSON may wrap the body in it or not. */
export function unwrap(decoded: Decoded, root: string): Record<string, unknown> {
  if (decoded.format === 'xml') {
    if (decoded.root !== root) throw badRequest(`Invalid request: expected <${root}>, got <${decoded.root ?? ''}>`);
    return decoded.body;
  }
  const inner = Object.hasOwn(decoded.body, root) ? decoded.body[root] : undefined;
  if (inner && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(decoded.body).length === 1) return inner as Record<string, unknown>;
  return decoded.body;
}

// ---- ids and query parameters -------------------------------------------------------------

/** A numeric id from the path or query; `Client/None` and friends are unknown entities. */
export function idParam(value: string | undefined, what: string, required: true): number;
export function idParam(value: string | undefined, what: string, required?: boolean): number | undefined;
export function idParam(value: string | undefined, what: string, required = true): number | undefined {
  if (value === undefined || value === '') {
    if (required) throw badRequest(`Invalid request: ${what} is required.`);
    return undefined;
  }
  if (!/^\d+$/.test(value)) throw new CvError('ENTITY_NOT_FOUND', `${what} [${value}] does not exist.`);
  return Number(value);
}

/** `GET Agent|Instance|Backupset|Subclient?clientId=..&applicationId=..&instanceId=..&backupsetId=..` */
export function entityFilter(input: CvInput): EntityFilter {
  const applicationId = idParam(input.q('applicationId'), 'applicationId', false);
  const instanceId = idParam(input.q('instanceId'), 'instanceId', false);
  const backupsetId = idParam(input.q('backupsetId'), 'backupsetId', false);
  return {
    clientId: idParam(input.q('clientId'), 'clientId', true),
    ...(applicationId !== undefined ? { applicationId } : {}),
    ...(instanceId !== undefined ? { instanceId } : {}),
    ...(backupsetId !== undefined ? { backupsetId } : {}),
  };
}

/** `Subclient/{id}` and `Job/{id}` paths: a number, or the text as sent (which names nothing). */
export function pathId(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** `?backupLevel=full|incremental|differential|synthetic_full` (default incremental). */
export function backupLevelParam(input: CvInput): BackupLevel {
  const text = input.q('backupLevel') ?? 'Incremental';
  const level = backupLevel(text);
  if (!level) throw badRequest(`Invalid request: backupLevel "${text}" is not one of full, incremental, differential, synthetic_full.`);
  return level;
}

// ---- Login / RenewLoginToken --------------------------------------------------------------

export type LoginReq = z.infer<typeof S.loginSchema>;

export function loginRequest(d: Decoded | undefined): LoginReq {
  if (!d) throw badRequest('Invalid request: a Login body is required');
  return parse(schemas().loginSchema, unwrap(d, 'DM2ContentIndexing_CheckCredentialReq'), 'Login request');
}

export function credentials(d: Decoded | undefined): Credentials {
  const { username, password } = loginRequest(d);
  return { username, password, plain: decodePassword(password) };
}

/** cvpysdk sends the password base64-encoded; plain text is accepted when it is not base64. */
export function decodePassword(password: string): string {
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(password) && password.length % 4 === 0) {
    const plain = Buffer.from(password, 'base64').toString('utf8');
    if (Buffer.from(plain, 'utf8').toString('base64') === password) return plain;
  }
  return password;
}

export function renewRequest(d: Decoded | undefined): { sessionId?: string } {
  if (!d) return {};
  return parse(schemas().renewSchema, unwrap(d, 'DM2ContentIndexing_RenewTokenReq'), 'RenewLoginToken request');
}

// ---- CommServ/DRBackup --------------------------------------------------------------------

export interface DrBackupReq {
  compression: boolean;
  backupType: 'full' | 'differential';
}

export function drBackupRequest(d: Decoded | undefined): DrBackupReq {
  if (!d) throw badRequest('Invalid request: a TMMsg_CommcellDRBackupReq body is required');
  const r = parse(schemas().drSchema, unwrap(d, 'TMMsg_CommcellDRBackupReq'), 'DRBackup request');
  return { compression: r.isCompressionEnabled ?? true, backupType: r.backupType ?? 'full' };
}

// ---- CreateTask ---------------------------------------------------------------------------

export type Association = z.infer<typeof S.associationSchema>;
export type SubTask = z.infer<typeof S.subTaskSchema>;
export interface CreateTaskReq {
  task: Record<string, unknown>;
  associations: Association[];
  subTasks: SubTask[];
}

/** Numbers cvpysdk uses for a backup subtask (subclient.py `_json_backup_subtasks`: 2 / 2). */
function isBackupSubTask(st: SubTask): boolean {
  return (st.subTask.subTaskType === 'BACKUP' || st.subTask.subTaskType === '2') && (st.subTask.operationType === 'BACKUP' || st.subTask.operationType === '2');
}
/** disasterrecovery.py `_generatedrbackupjson`: ADMIN / DRBACKUP. */
function isDrBackupSubTask(st: SubTask): boolean {
  return st.subTask.subTaskType === 'ADMIN' && st.subTask.operationType === 'DRBACKUP';
}

export function createTaskRequest(d: Decoded | undefined): CreateTaskReq {
  if (!d) throw badRequest('Invalid request: a TMMsg_CreateTaskReq body is required');
  const r = parse(schemas().createTaskSchema, unwrap(d, 'TMMsg_CreateTaskReq'), 'CreateTask request');
  const subTasks = list(r.taskInfo.subTasks).map((s, i) => parse(schemas().subTaskSchema, s, `CreateTask request: taskInfo.subTasks.${i}`));
  if (subTasks.length === 0) throw badRequest('Invalid CreateTask request: taskInfo.subTasks is required');
  const associations = list(r.taskInfo.associations).map((a, i) => parse(schemas().associationSchema, a, `CreateTask request: taskInfo.associations.${i}`));
  return { task: r.taskInfo.task ?? {}, associations, subTasks };
}

/** What a CreateTask asks the model to do; subtasks other than backups, DR backups and restores are refused. */
export function taskOrder(req: CreateTaskReq): TaskOrder {
  const steps = req.subTasks.map((st): TaskStep => {
    if (isDrBackupSubTask(st)) {
      const t = String(st.options?.adminOpts?.drBackupOption?.drbackupType ?? '1').toLowerCase();
      return { kind: 'drBackup', backupType: t === '3' || t === 'differential' ? 'differential' : 'full' };
    }
    if (isRestoreSubTask(st)) return restoreStep(st.options);
    if (!isBackupSubTask(st)) {
      throw badRequest(`Invalid CreateTask request: unsupported subTask ${st.subTask.subTaskType}/${st.subTask.operationType} (BACKUP/BACKUP, ADMIN/DRBACKUP and RESTORE 3/1001 are emulated).`);
    }
    const opts = st.options?.backupOpts ?? {};
    const storagePolicyName = opts.mediaOpt?.storagePolicy?.storagePolicyName || undefined;
    return {
      kind: 'backup',
      level: opts.backupLevel ?? 'Incremental',
      ...(opts.adHocBackup !== undefined ? { adHocBackup: opts.adHocBackup } : {}),
      ...(opts.onDemandInputFile !== undefined ? { onDemandInputFile: opts.onDemandInputFile } : {}),
      ...(storagePolicyName !== undefined ? { storagePolicyName } : {}),
    };
  });
  return { associations: req.associations, steps };
}

// ---- Jobs ---------------------------------------------------------------------------------

export function jobDetailsRequest(d: Decoded | undefined): { jobId: number } {
  if (!d) throw badRequest('Invalid request: a JobDetails body with jobId is required');
  return parse(schemas().jobDetailsSchema, unwrap(d, 'JobManager_JobDetailRequest'), 'JobDetails request');
}

export function jobCategory(v: unknown): JobsQuery['category'] {
  const s = String(v ?? '').trim().toUpperCase();
  if (s === '1' || s === 'ACTIVE') return 'ACTIVE';
  if (s === '2' || s === 'FINISHED') return 'FINISHED';
  if (s === '' || s === '0' || s === 'ALL') return 'ALL';
  throw badRequest(`Invalid jobs request: unknown category "${String(v)}"`);
}

/** `POST Jobs` with the JobManager_JobListRequest filters cvpysdk's JobController sends. */
export function jobsRequest(d: Decoded | undefined): JobsQuery {
  const r = d ? parse(schemas().jobsSchema, unwrap(d, 'JobManager_JobListRequest'), 'Jobs request') : {};
  const f = r.jobFilter ?? {};
  return {
    category: jobCategory(r.category),
    offset: r.pagingConfig?.offset ?? 0,
    limit: r.pagingConfig?.limit ?? 100,
    ...(f.completedJobLookupTime !== undefined ? { lookupSeconds: f.completedJobLookupTime } : {}),
    clientIds: list<Record<string, unknown>>(f.clientList).map((c) => parse(schemas().intish, c?.clientId, 'Jobs request: jobFilter.clientList.clientId')),
    jobTypes: list(f.jobTypeList).map((t) => String(t)),
    hideAdminJobs: f.hideAdminJobs ?? false,
    ...(f.showAgedJobs ? { showAgedJobs: true } : {}),
  };
}

/** `GET Job?clientId=..&jobFilter=Backup&jobCategory=Active&limit=..&offset=..` */
export function jobsQuery(input: CvInput): JobsQuery {
  const clientId = idParam(input.q('clientId'), 'clientId', false);
  const filter = input.q('jobFilter');
  const lookup = idParam(input.q('completedJobLookupTime'), 'completedJobLookupTime', false);
  return {
    category: jobCategory(input.q('jobCategory')),
    offset: idParam(input.q('offset'), 'offset', false) ?? 0,
    limit: idParam(input.q('limit'), 'limit', false) ?? 100,
    ...(lookup !== undefined ? { lookupSeconds: lookup } : {}),
    clientIds: clientId !== undefined ? [clientId] : [],
    jobTypes: filter ? filter.split(',').map((t) => t.trim()).filter(Boolean) : [],
    hideAdminJobs: false,
    ...(input.q('showAgedJobs')?.toLowerCase() === 'true' ? { showAgedJobs: true } : {}),
  };
}
