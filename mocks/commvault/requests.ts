/**
 * Request bodies of the Commvault family, validated once whatever the format. wire.decode
 * turns XML and JSON into the same tree; these zod schemas check it and coerce XML's strings
 * ("1", "true", "IMMEDIATE") and JSON's numbers into one typed value. Envelopes are strict
 * (an unknown element is an error); option bags such as `options.dataOpt` pass through, as
 * Commvault accepts hundreds of them.
 */
import { z } from 'zod';
import { list, WireError, type Decoded } from './wire';

const boolish = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v, ctx) => {
    const s = String(v).trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
    if (s === '') return undefined;
    ctx.addIssue({ code: 'custom', message: `expected true/false, got "${v}"` });
    return z.NEVER;
  });

const intish = z.union([z.number().int(), z.string().regex(/^\s*-?\d+\s*$/, 'expected an integer')]).transform((v) => Number(v));
const text = z.union([z.string(), z.number()]).transform((v) => String(v));

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

const loginSchema = z
  .object({
    username: z.string().min(1, 'username is required'),
    password: z.string(),
    mode: z.union([z.number(), z.string()]).optional(),
    deviceId: z.union([z.string(), z.number()]).optional(),
    clientType: z.union([z.string(), z.number()]).optional(),
    timeout: z.union([z.string(), z.number()]).optional(),
    domain: z.string().optional(),
    commserver: z.string().optional(),
  })
  .strict();
export type LoginReq = z.infer<typeof loginSchema>;

export function loginRequest(d: Decoded | undefined): LoginReq {
  if (!d) throw new WireError('Invalid request: a Login body is required');
  return parse(loginSchema, unwrap(d, 'DM2ContentIndexing_CheckCredentialReq'), 'Login request');
}

/** cvpysdk sends the password base64-encoded; plain text is accepted when it is not base64. */
export function decodePassword(password: string): string {
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(password) && password.length % 4 === 0) {
    const plain = Buffer.from(password, 'base64').toString('utf8');
    if (Buffer.from(plain, 'utf8').toString('base64') === password) return plain;
  }
  return password;
}

const renewSchema = z.object({ sessionId: z.string().min(1), deviceId: z.union([z.string(), z.number()]).optional() }).strict();

export function renewRequest(d: Decoded | undefined): { sessionId?: string } {
  if (!d) return {};
  return parse(renewSchema, unwrap(d, 'DM2ContentIndexing_RenewTokenReq'), 'RenewLoginToken request');
}

// ---- CommServ/DRBackup --------------------------------------------------------------------

/** JSON backupType 1 full / 3 differential; XML "full"/"differential" (seed page). */
const drBackupType = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const s = String(v).trim().toLowerCase();
  if (s === '' || s === '1' || s === 'full') return 'full' as const;
  if (s === '3' || s === 'differential') return 'differential' as const;
  ctx.addIssue({ code: 'custom', message: `backupType must be full (1) or differential (3), got "${v}"` });
  return z.NEVER;
});

const drJobType = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const s = String(v).trim().toLowerCase();
  if (s === '1' || s === 'immediate' || s === '') return 'IMMEDIATE' as const;
  ctx.addIssue({ code: 'custom', message: `jobType must be 1 / IMMEDIATE, got "${v}"` });
  return z.NEVER;
});

const drSchema = z
  .object({
    isCompressionEnabled: boolish.optional(),
    jobType: drJobType.optional(),
    backupType: drBackupType.optional(),
  })
  .strict();
export interface DrBackupReq {
  compression: boolean;
  backupType: 'full' | 'differential';
}

export function drBackupRequest(d: Decoded | undefined): DrBackupReq {
  if (!d) throw new WireError('Invalid request: a TMMsg_CommcellDRBackupReq body is required');
  const r = parse(drSchema, unwrap(d, 'TMMsg_CommcellDRBackupReq'), 'DRBackup request');
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

const levelSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const level = backupLevel(v);
  if (level) return level;
  ctx.addIssue({ code: 'custom', message: `backupLevel must be FULL, INCREMENTAL, DIFFERENTIAL or SYNTHETIC_FULL, got "${v}"` });
  return z.NEVER;
});

const associationSchema = z
  .object({
    clientName: text.optional(),
    clientId: intish.optional(),
    appName: text.optional(),
    applicationId: intish.optional(),
    instanceName: text.optional(),
    instanceId: intish.optional(),
    backupsetName: text.optional(),
    backupsetId: intish.optional(),
    subclientName: text.optional(),
    subclientId: intish.optional(),
    commCellId: intish.optional(),
    displayName: text.optional(),
    clientGUID: text.optional(),
    subclientGUID: text.optional(),
    backupsetGUID: text.optional(),
    hostName: text.optional(),
    commCellName: text.optional(),
    _type_: intish.optional(),
  })
  .strict();

const subTaskSchema = z
  .object({
    subTask: z
      .object({
        subTaskType: z.union([z.string(), z.number()]).transform((v) => String(v).toUpperCase()),
        operationType: z.union([z.string(), z.number()]).transform((v) => String(v).toUpperCase()),
        subTaskName: z.string().optional(),
        subTaskId: z.union([z.string(), z.number()]).optional(),
      })
      .strict(),
    options: z
      .object({
        backupOpts: z
          .object({
            backupLevel: levelSchema.optional(),
            adHocBackup: boolish.optional(),
            onDemandInputFile: z.string().optional(),
            runIncrementalBackup: boolish.optional(),
            mediaOpt: z
              .object({
                storagePolicy: z.object({ storagePolicyName: z.string().optional(), storagePolicyId: intish.optional() }).loose().optional(),
              })
              .loose()
              .optional(),
          })
          .loose()
          .optional(),
        adminOpts: z.object({ drBackupOption: z.object({ drbackupType: z.union([z.number(), z.string()]).optional() }).loose().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
    subTaskOperation: z.union([z.string(), z.number()]).optional(),
    pattern: z.unknown().optional(),
  })
  .strict();

const taskInfoSchema = z
  .object({
    task: z.record(z.string(), z.unknown()).optional(),
    associations: z.unknown().optional(),
    subTasks: z.unknown(),
  })
  .strict();

const createTaskSchema = z.object({ taskInfo: taskInfoSchema, processinginstructioninfo: z.unknown().optional() }).strict();

export type Association = z.infer<typeof associationSchema>;
export type SubTask = z.infer<typeof subTaskSchema>;
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
  const r = parse(createTaskSchema, unwrap(d, 'TMMsg_CreateTaskReq'), 'CreateTask request');
  const subTasks = list(r.taskInfo.subTasks).map((s, i) => parse(subTaskSchema, s, `CreateTask request: taskInfo.subTasks.${i}`));
  if (subTasks.length === 0) throw new WireError('Invalid CreateTask request: taskInfo.subTasks is required');
  const associations = list(r.taskInfo.associations).map((a, i) => parse(associationSchema, a, `CreateTask request: taskInfo.associations.${i}`));
  return { task: r.taskInfo.task ?? {}, associations, subTasks };
}

// ---- Jobs ---------------------------------------------------------------------------------

const jobDetailsSchema = z.object({ jobId: intish, showAttempt: boolish.optional() }).strict();

export function jobDetailsRequest(d: Decoded | undefined): { jobId: number } {
  if (!d) throw new WireError('Invalid request: a JobDetails body with jobId is required');
  return parse(jobDetailsSchema, unwrap(d, 'JobManager_JobDetailRequest'), 'JobDetails request');
}

const jobsSchema = z
  .object({
    scope: intish.optional(),
    category: z.union([z.number(), z.string()]).optional(),
    pagingConfig: z
      .object({ sortDirection: z.unknown().optional(), offset: intish.optional(), sortField: z.unknown().optional(), limit: intish.optional() })
      .strict()
      .optional(),
    jobFilter: z
      .object({
        completedJobLookupTime: intish.optional(),
        showAgedJobs: boolish.optional(),
        hideAdminJobs: boolish.optional(),
        clientList: z.unknown().optional(),
        jobTypeList: z.unknown().optional(),
        entity: z.unknown().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

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
  const r = d ? parse(jobsSchema, unwrap(d, 'JobManager_JobListRequest'), 'Jobs request') : {};
  const f = r.jobFilter ?? {};
  return {
    category: jobCategory(r.category),
    offset: r.pagingConfig?.offset ?? 0,
    limit: r.pagingConfig?.limit ?? 100,
    ...(f.completedJobLookupTime !== undefined ? { lookupSeconds: f.completedJobLookupTime } : {}),
    clientIds: list<Record<string, unknown>>(f.clientList).map((c) => parse(intish, c?.clientId, 'Jobs request: jobFilter.clientList.clientId')),
    jobTypes: list(f.jobTypeList).map((t) => String(t)),
    hideAdminJobs: f.hideAdminJobs ?? false,
  };
}
