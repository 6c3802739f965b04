/**
 * The Virtuozzo sections of a scenario file: credentials (agent users), entities (hardware
 * nodes' environments, backup storage, stored backups) and vendor options (greeting mode,
 * error codes, packet and connection limits). README.md (Virtuozzo Agent) gives the reasons.
 */
import { z } from 'zod';
import type { VendorSchemas } from '../../src/vendor';
import { parseDuration } from '../../src/duration';
import { durationSchema } from '../../src/jobs/timeline-schema';
import { DEFAULT_ERROR_CODES, type ErrorName } from './errors';
import { AGO } from './seed';

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a GUID such as 57c2cd6c-c02b-4645-bdb5-e883ea005896');

const userSchema = z
  .object({
    name: z.string().min(1).describe('login name, sent base64 by clients'),
    password: z.string().describe('password, sent base64 by clients'),
    realm: guid.default('00000000-0000-0000-0000-000000000000').describe('the system realm by default'),
  })
  .strict();

const credentialsSchema = z
  .union([userSchema, z.object({ users: z.array(userSchema).min(1) }).strict()])
  .describe('agent users: one {name, password} or {users: [...]}');
export type VirtuozzoCredentials = z.infer<typeof credentialsSchema>;

const isoTime = z
  .string()
  .refine((t) => Number.isFinite(Date.parse(t)), 'an ISO 8601 time such as 2025-12-31T22:00:00Z');

const backupTime = z
  .string()
  .refine((t) => {
    const ago = AGO.exec(t);
    if (!ago) return Number.isFinite(Date.parse(t));
    try {
      parseDuration(ago[1]);
      return true;
    } catch {
      return false;
    }
  }, "an ISO 8601 time such as 2025-12-31T22:00:00Z, or '<duration> ago' such as '2d ago'");

/** A stored backup of an environment the scenario seeds (its own or in the top-level list with an eid). */
const backupFields = {
  time: backupTime.describe("ISO 8601, or '2d ago' (before the clock when the tenant's state is built); the id is <eid>/<yyyymmddhhmmss> of it"),
  type: z.number().int().min(0).max(2).default(0).describe('0 full, 1 incremental, 2 differential'),
  size: z.number().int().nonnegative().optional().describe('bytes (default: from the environment size and compression)'),
  compression: z.number().int().min(0).max(3).default(1).describe('0 none, 1 normal, 2 high, 3 maximum'),
  description: z.string().optional(),
};
const ownBackupSchema = z.union([backupTime.describe('a full backup at this time'), z.object(backupFields).strict()]);

const environmentSchema = z
  .object({
    eid: guid,
    name: z.string().describe('the container name (e.g. Test-VE6)'),
    title: z.string().optional().describe('defaults to name'),
    hostname: z.string().optional(),
    ip: z.string().optional(),
    platform: z.string().default('Linux'),
    type: z.enum(['virtuozzo', 'parallels']).default('virtuozzo').describe('virtuozzo = container, parallels = VM'),
    parent: z.string().optional().describe('eid of the hardware node (defaults to the first node)'),
    state: z.number().int().default(6).describe('env_statusType state: 6 running, 3 down, 5 suspended'),
    size: z.number().int().nonnegative().optional().describe('bytes of a full uncompressed backup'),
    removed: z.boolean().default(false).describe('deleted since: only its backups remain (restore_env brings it back)'),
    backups: z.array(ownBackupSchema).optional().describe('its stored backups: times (full backups) or {time, type, size, compression, description}'),
  })
  .strict();

const nodeSchema = z.object({ eid: guid, title: z.string() }).strict();

const storageSchema = z
  .object({
    eid: guid,
    title: z.string().default('backup-storage'),
    address: z.string().default('127.0.0.1'),
    port: z.number().int().optional(),
    protocol: z.string().optional(),
  })
  .strict();

const seededBackupSchema = z.object({ eid: guid, ...backupFields }).strict();

/** VZLBackupm.xsd backupm_configType, by its element names (what get_config answers). */
const configSchema = z
  .object({
    backup_server: z.object({ address: z.string(), port: z.number().int().optional(), protocol: z.string().optional() }).strict().optional().describe('default: the storage'),
    chain_length: z.number().int().nonnegative().default(5).describe('incremental backups before the next one is made full (0: no limit)'),
    chain_days: z.number().int().nonnegative().default(7).describe('days since the last full backup before the next one is made full (0: no limit)'),
    keep_max: z.number().int().nonnegative().default(10).describe('backups kept per environment: making one more removes the oldest (0: no limit)'),
    compression: z.number().int().min(0).max(3).default(1),
    type: z.number().int().min(0).max(2).default(0),
    pe_backups_limit: z.number().int().nonnegative().default(0),
  })
  .strict();
export type VirtuozzoConfig = z.infer<typeof configSchema>;

const retentionSchema = z
  .object({ maxAge: durationSchema.refine((d) => parseDuration(d) > 0, 'a positive duration such as 14d').describe('backups older than this are removed, on the virtual clock') })
  .strict();

const dayOfWeek = z.number().int().min(0).max(6);
/** VZLScheduler.xsd triggerType and its extensions, by their element names. */
const triggerSchema = z
  .object({
    type: z.enum(['once', 'daily', 'weekly', 'monthly', 'monthly_day_of_week']).default('daily'),
    start_time: isoTime.describe('the first run, and the time of day of every run (UTC)'),
    end_time: isoTime.optional(),
    days_interval: z.number().int().min(1).max(365).optional().describe('daily: every N days (default 1)'),
    workdays: z.boolean().optional().describe('daily: Monday to Friday'),
    weekends: z.boolean().optional().describe('daily: Saturday and Sunday'),
    weeks_interval: z.number().int().min(1).max(52).optional().describe('weekly: every N weeks'),
    day_of_week: z.array(dayOfWeek).max(7).optional().describe('weekly, monthly_day_of_week: Sunday 0 .. Saturday 6'),
    day_of_month: z.array(z.number().int().min(1).max(32)).max(32).optional().describe('monthly: 1..31, 32 the last day'),
    month_of_year: z.array(z.number().int().min(1).max(12)).max(12).optional().describe('monthly: 1..12 (default every month)'),
    weekday_of_month: z.array(z.number().int().min(1).max(6)).max(6).optional().describe('monthly_day_of_week: 1..5, 6 the last'),
  })
  .strict();

const taskSchema = z
  .object({
    id: guid.optional().describe('default: made from the seed'),
    title: z.string().min(1),
    description: z.string().optional(),
    category: z.string().default('vz.backup.ves'),
    trigger: triggerSchema,
    backup_env: z
      .object({
        eids: z.array(guid).min(1),
        type: z.number().int().min(0).max(2).optional().describe('default: the configuration type'),
        compression: z.number().int().min(0).max(3).optional(),
        description: z.string().optional(),
      })
      .strict()
      .describe('what the task backs up at each run'),
    disabled: z.boolean().default(false),
  })
  .strict();

const entitiesSchema = z
  .object({
    nodes: z.array(nodeSchema).optional().describe('hardware nodes (parents of environments)'),
    environments: z.array(environmentSchema).optional(),
    storage: storageSchema.optional(),
    backups: z.array(seededBackupSchema).optional().describe('backups already on the storage (or per environment: environments[].backups)'),
    config: configSchema.optional().describe('the backupm configuration (get_config / set_config)'),
    retention: retentionSchema.optional().describe("an age limit on stored backups (the agent itself keeps keep_max per environment)"),
    tasks: z.array(taskSchema).optional().describe('scheduler tasks (VZLScheduler.xsd) that back up environments at their times'),
  })
  .strict();
export type VirtuozzoEntities = z.infer<typeof entitiesSchema>;

const greetingMode = z.enum(['on', 'off', 'auto']);
export type GreetingMode = z.infer<typeof greetingMode>;

const optionsSchema = z.object({
  greeting: z
    .union([greetingMode, z.object({ tcp: greetingMode.optional(), tls: greetingMode.optional() }).strict()])
    .default('auto')
    .describe('on: greet every connection; off: never; auto: greet unless the client writes first within greetingWindow. One mode, or one per listener: {tcp: off, tls: on}'),
  greetingWindow: durationSchema
    .default('300ms')
    .describe('auto mode: real time to wait for a first write. VM::Virtuozzo writes ~220 ms after connecting; shorter greets it by mistake, longer delays every connector request'),
  maxPacketBytes: z.number().int().positive().default(1024 * 1024).describe('a longer packet is skipped and answered with error 7; the connection carries on'),
  writeGap: durationSchema
    .default('25ms')
    .describe('TCP: wall time kept between two packets to one connection, so a client that takes one packet per read (the Python connector) never gets two in one read; 0 disables'),
  idleTimeout: durationSchema
    .default('5m')
    .describe('TCP/TLS: wall time a connection may stay silent with nothing in flight before the agent ends it; 0 never'),
  sessionTimeout: durationSchema
    .default('30m')
    .describe('virtual time a sessionm session id stays valid after its last use (then it is purged)'),
  errorCodes: z
    .object(Object.fromEntries(Object.keys(DEFAULT_ERROR_CODES).map((k) => [k, z.number().int().optional()])) as Record<ErrorName, z.ZodOptional<z.ZodNumber>>)
    .strict()
    .optional()
    .describe('override the default error codes (README, Virtuozzo Agent: Error codes)'),
});
export type VirtuozzoOptions = z.infer<typeof optionsSchema>;

/** This vendor's scenario sections (its index.ts requires this module only to validate). */
export const schemas = { credentials: credentialsSchema, entities: entitiesSchema, options: optionsSchema } satisfies VendorSchemas;
