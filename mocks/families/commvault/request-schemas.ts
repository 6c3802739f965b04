/**
 * The zod schemas of the Commvault family's request bodies (requests.ts loads this module on
 * the first request that needs one, so a start does not load zod). They coerce XML's strings
 * ("1", "true", "IMMEDIATE") and JSON's numbers into one typed value.
 */
import { z } from 'zod';
import { backupLevel } from './model';

export const boolish = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v, ctx) => {
    const s = String(v).trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
    if (s === '') return undefined;
    ctx.addIssue({ code: 'custom', message: `expected true/false, got "${v}"` });
    return z.NEVER;
  });

export const intish = z.union([z.number().int(), z.string().regex(/^\s*-?\d+\s*$/, 'expected an integer')]).transform((v) => Number(v));

const text = z.union([z.string(), z.number()]).transform((v) => String(v));

export const loginSchema = z
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

export const renewSchema = z.object({ sessionId: z.string().min(1), deviceId: z.union([z.string(), z.number()]).optional() }).strict();

/** JSON backupType 1 full / 3 differential; XML "full"/"differential" (the DRBackup page). */
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

export const drSchema = z
  .object({
    isCompressionEnabled: boolish.optional(),
    jobType: drJobType.optional(),
    backupType: drBackupType.optional(),
  })
  .strict();

const levelSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const level = backupLevel(v);
  if (level) return level;
  ctx.addIssue({ code: 'custom', message: `backupLevel must be FULL, INCREMENTAL, DIFFERENTIAL or SYNTHETIC_FULL, got "${v}"` });
  return z.NEVER;
});

export const associationSchema = z
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
    // disasterrecovery.py restore_out_of_place's association of the DR backup set
    type: text.optional(),
    consumeLicense: z.unknown().optional(),
    clientSidePackage: z.unknown().optional(),
  })
  .strict();

export const subTaskSchema = z
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

export const createTaskSchema = z.object({ taskInfo: taskInfoSchema, processinginstructioninfo: z.unknown().optional() }).strict();

export const jobDetailsSchema = z.object({ jobId: intish, showAttempt: boolish.optional() }).strict();

export const jobsSchema = z
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
