/**
 * The Commvault family's scenario sections (zod). The same schemas serve CommServ
 * (`commvault`) and Metallic (`metallic`): credentials per tenant, the seeded CommCell
 * (clients -> agents -> instances -> backupsets -> subclients, storage policies and plans)
 * and vendor options. Loaded only to validate a scenario (family.ts requires it then).
 */
import { z } from 'zod';
import { durationSchema } from '../../../src/jobs/timeline-schema';
import { checkScheduleReferences, planSchema, scheduleSchema, storagePolicySchema } from './lifecycle-schema';
import { backupSchema } from './catalogue-schema';

const userSchema = z
  .object({
    username: z.string().min(1),
    password: z.string().min(1).describe('plain text; the client sends it base64-encoded'),
    email: z.string().optional(),
    locked: z.boolean().optional().describe('Login answers isAccountLocked with remainingLockTime'),
    lockSeconds: z.number().int().positive().optional(),
  })
  .strict();
export type UserSpec = z.infer<typeof userSchema>;

/**
 * `{username, password}` for one user, `{users: [...]}` for several, or both (scenario files
 * merge tenants key by key, so a later file may add `users` to an earlier file's user).
 */
const credentialsSchema = userSchema
  .partial()
  .extend({ users: z.array(userSchema).min(1).optional() })
  .strict()
  .refine((c) => c.users !== undefined || (c.username !== undefined && c.password !== undefined), {
    message: 'give username and password, or users: [{username, password}]',
  });
export type CredentialsSpec = z.infer<typeof credentialsSchema>;

const subclientSchema = z
  .object({
    name: z.string().min(1),
    id: z.number().int().positive().optional(),
    default: z.boolean().optional(),
    enableBackup: z.boolean().default(true).describe('false: backups are refused (no eligible subclients)'),
    content: z.array(z.string()).optional(),
    storagePolicy: z.string().optional().describe('storage policy or plan name'),
    backups: z.array(backupSchema).optional().describe('a seeded catalogue: past backup jobs and the files each holds'),
  })
  .strict();

const backupsetSchema = z
  .object({
    name: z.string().min(1),
    id: z.number().int().positive().optional(),
    default: z.boolean().optional(),
    plan: z.string().optional(),
    onDemand: z.boolean().optional().describe('on-demand backupset: accepts onDemandInputFile'),
    subclients: z.array(subclientSchema).default([]),
  })
  .strict();

const agentSchema = z
  .object({
    appName: z.string().min(1).describe('e.g. File System, Cloud Apps, Virtual Server, SQL Server'),
    applicationId: z.number().int().positive().optional(),
    instance: z.string().optional().describe('instance name (default: DefaultInstanceName)'),
    instanceId: z.number().int().positive().optional(),
    enableBackup: z.boolean().default(true),
    backupsets: z.array(backupsetSchema).default([]),
  })
  .strict();

const clientSchema = z
  .object({
    name: z.string().min(1),
    id: z.number().int().positive().optional(),
    hostName: z.string().optional(),
    displayName: z.string().optional(),
    os: z.enum(['windows', 'linux']).default('windows'),
    hidden: z.boolean().optional(),
    agents: z.array(agentSchema).default([]),
  })
  .strict();

const entitiesSchema = z
  .object({
    commcell: z
      .object({
        name: z.string().optional().describe('CommServe name (also its client name)'),
        hostName: z.string().optional(),
        id: z.number().int().positive().optional(),
        version: z.string().optional().describe('e.g. 11.32.0'),
        timeZone: z.string().optional(),
        os: z.enum(['windows', 'linux']).optional(),
      })
      .strict()
      .optional(),
    clients: z.array(clientSchema).optional().describe('omitted: a few clients with faker names'),
    storagePolicies: z.array(storagePolicySchema).optional().describe('names, or {name, retentionDays, retentionCycles}'),
    plans: z.array(planSchema).optional().describe('names, or {name, retentionDays, retentionCycles, rpoMinutes}'),
    schedules: z.array(scheduleSchema).optional().describe('backup schedules, in cvpysdk schedule_pattern words'),
  })
  .strict()
  .superRefine(checkScheduleReferences);
export type ClientSpec = z.infer<typeof clientSchema>;

const optionsSchema = z
  .object({
    tokenLifetime: durationSchema
      .default('30m')
      .describe('idle time after which a QSDK token answers 401 (RenewLoginToken still works)'),
    tokenRenewWindow: durationSchema
      .default('24h')
      .describe('how long an expired token can still be renewed; then it is forgotten'),
    maxTokens: z.number().int().positive().default(10_000).describe('live tokens kept per tenant; the least recently used goes first'),
    firstJobId: z.number().int().positive().optional(),
    firstTaskId: z.number().int().positive().optional(),
    dataAgingTime: z
      .string()
      .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a time HH:MM')
      .default('12:00')
      .describe('data aging (retention) runs daily at this time, UTC'),
  })
  .strict();

/** This family's scenario sections, as the engine reads them. */
export const schemas = { credentials: credentialsSchema, entities: entitiesSchema, options: optionsSchema };
