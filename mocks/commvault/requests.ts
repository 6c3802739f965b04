/**
 * Request bodies of the Commvault family, validated once whatever the format. wire.decode
 * turns XML and JSON into the same tree; these zod schemas check it and coerce XML's strings
 * ("1", "true", "IMMEDIATE") and JSON's numbers into one typed value. Envelopes are strict
 * (an unknown element is an error); option bags such as `options.dataOpt` pass through, as
 * Commvault accepts hundreds of them.
 */
import type { z } from 'zod';
import type * as S from './request-schemas';
import { list, WireError, type Decoded } from './wire';

let loaded: typeof S | undefined;
/** The zod schemas, loaded with the first request that needs one (not at start-up). */
function schemas(): typeof S {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('./request-schemas') as typeof S);
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.join('.');
  throw new WireError(`Invalid ${what}: ${path ? `${path}: ` : ''}${issue.message}`);
}

/** The XML root must be the one Commvault names; JSON may wrap the body in it or not. */
function unwrap(decoded: Decoded, root: string, aliases: string[] = []): Record<string, unknown> {
  const roots = [root, ...aliases];
  if (decoded.format === 'xml') {
    if (!decoded.root || !roots.includes(decoded.root)) throw new WireError(`Invalid request: expected <${root}>, got <${decoded.root ?? ''}>`);
    return decoded.body;
  }
  for (const r of roots) {
    const inner = decoded.body[r];
    if (inner && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(decoded.body).length === 1) return inner as Record<string, unknown>;
  }
  return decoded.body;
}

// ---- Login / RenewLoginToken --------------------------------------------------------------

export type LoginReq = z.infer<typeof S.loginSchema>;

export function loginRequest(d: Decoded | undefined): LoginReq {
  if (!d) throw new WireError('Invalid request: a Login body is required');
  return parse(schemas().loginSchema, unwrap(d, 'DM2ContentIndexing_CheckCredentialReq'), 'Login request');
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
  if (!d) throw new WireError('Invalid request: a TMMsg_CommcellDRBackupReq body is required');
  const r = parse(schemas().drSchema, unwrap(d, 'TMMsg_CommcellDRBackupReq'), 'DRBackup request');
  return { compression: r.isCompressionEnabled ?? true, backupType: r.backupType ?? 'full' };
}

// ---- CreateTask ---------------------------------------------------------------------------

export type BackupLevel = 'Full' | 'Incremental' | 'Differential' | 'Synthetic Full';

const LEVELS: Record<string, BackupLevel> = {
  full: 'Full',
  '1': 'Full',
  incremental: 'Incremental',
  '2': 'Incremental',
  differential: 'Differential',
  '4': 'Differential',
  synthetic_full: 'Synthetic Full',
  syntheticfull: 'Synthetic Full',
  'synthetic full': 'Synthetic Full',
  '8': 'Synthetic Full',
};

export function backupLevel(v: unknown): BackupLevel | undefined {
  return LEVELS[String(v ?? '').trim().toLowerCase()];
}

export type Association = z.infer<typeof S.associationSchema>;
export type SubTask = z.infer<typeof S.subTaskSchema>;
export interface CreateTaskReq {
  task: Record<string, unknown>;
  associations: Association[];
  subTasks: SubTask[];
}

/** Numbers cvpysdk uses for a backup subtask (subclient.py `_json_backup_subtasks`: 2 / 2). */
export function isBackupSubTask(st: SubTask): boolean {
  return (st.subTask.subTaskType === 'BACKUP' || st.subTask.subTaskType === '2') && (st.subTask.operationType === 'BACKUP' || st.subTask.operationType === '2');
}
/** disasterrecovery.py `_generatedrbackupjson`: ADMIN / DRBACKUP. */
export function isDrBackupSubTask(st: SubTask): boolean {
  return st.subTask.subTaskType === 'ADMIN' && st.subTask.operationType === 'DRBACKUP';
}

export function createTaskRequest(d: Decoded | undefined): CreateTaskReq {
  if (!d) throw new WireError('Invalid request: a TMMsg_CreateTaskReq body is required');
  const r = parse(schemas().createTaskSchema, unwrap(d, 'TMMsg_CreateTaskReq'), 'CreateTask request');
  const subTasks = list(r.taskInfo.subTasks).map((s, i) => parse(schemas().subTaskSchema, s, `CreateTask request: taskInfo.subTasks.${i}`));
  if (subTasks.length === 0) throw new WireError('Invalid CreateTask request: taskInfo.subTasks is required');
  const associations = list(r.taskInfo.associations).map((a, i) => parse(schemas().associationSchema, a, `CreateTask request: taskInfo.associations.${i}`));
  return { task: r.taskInfo.task ?? {}, associations, subTasks };
}

// ---- Jobs ---------------------------------------------------------------------------------

export function jobDetailsRequest(d: Decoded | undefined): { jobId: number } {
  if (!d) throw new WireError('Invalid request: a JobDetails body with jobId is required');
  return parse(schemas().jobDetailsSchema, unwrap(d, 'JobManager_JobDetailRequest'), 'JobDetails request');
}

export interface JobsQuery {
  category: 'ALL' | 'ACTIVE' | 'FINISHED';
  offset: number;
  limit: number;
  lookupSeconds?: number;
  clientIds: number[];
  jobTypes: string[];
  hideAdminJobs: boolean;
}

export function jobCategory(v: unknown): JobsQuery['category'] {
  const s = String(v ?? '').trim().toUpperCase();
  if (s === '1' || s === 'ACTIVE') return 'ACTIVE';
  if (s === '2' || s === 'FINISHED') return 'FINISHED';
  if (s === '' || s === '0' || s === 'ALL') return 'ALL';
  throw new WireError(`Invalid jobs request: unknown category "${String(v)}"`);
}

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
  };
}
