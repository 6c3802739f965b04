import { z } from 'zod';
import type { VendorSchemas } from '../../src/vendor';
import { durationSchema } from '../../src/jobs/timeline-schema';
import { BACKUP_NAME, INSTANCE_MODES } from './decode';

/**
 * The DDS parts of a scenario. One scenario tenant is one Open Telekom Cloud project (the
 * project is the tenant); its domain, users and region come with it.
 */

const hex32 = z.string().regex(/^[0-9a-f]{32}$/, '32 lower-case hex digits');
/** MongoDB: no /\. "$*<>:|? or spaces, at most 64 characters. */
const DATABASE_NAME = /^[^/\\. "$*<>:|?]{1,64}$/;

export const ddsUserSchema = z
  .object({
    name: z.string().min(1),
    password: z.string().min(1),
    id: hex32.optional().describe('IAM user id (default: derived from the name)'),
  })
  .strict();

export const ddsCredentialsSchema = z
  .object({
    domain: z.string().min(1).describe('IAM domain (account) name, e.g. OTC-EU-DE-000000000010000000001'),
    domain_id: hex32.optional(),
    project: z.string().min(1).describe('project name, e.g. eu-de or eu-de_backup'),
    project_id: hex32.optional().describe('default: derived from the domain and project names'),
    region: z.string().min(1).optional().describe('default: the project name up to the first "_"'),
    user: z.string().min(1).optional().describe('shorthand for one user (with password)'),
    password: z.string().min(1).optional(),
    users: z.array(ddsUserSchema).default([]),
  })
  .strict()
  .refine((c) => (c.user === undefined) === (c.password === undefined), {
    message: 'user and password come together',
    path: ['password'],
  })
  .refine((c) => c.user !== undefined || c.users.length > 0, {
    message: 'give user/password or at least one entry in users',
    path: ['users'],
  });
export type DdsCredentials = z.output<typeof ddsCredentialsSchema>;

export const INSTANCE_STATUSES = [
  'normal',
  'abnormal',
  'creating',
  'frozen',
  'data_disk_full',
  'createfail',
  'enlargefail',
] as const;

export const ddsInstanceSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{32}in\d\d$/, '32 hex digits then in02').optional(),
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{3,63}$/, '4-64 letters, digits, - and _, a letter first'),
    mode: z.enum(INSTANCE_MODES).default('ReplicaSet'),
    version: z.enum(['3.4', '4.0', '4.2', '4.4', '5.0']).default('4.0').describe('DDS-Community version'),
    status: z.enum(INSTANCE_STATUSES).default('normal').describe('instances not normal refuse backups (DBS.201015)'),
    actions: z.array(z.string()).default([]).describe('standing actions, e.g. [RESTARTING]: backups answer DBS.201015'),
    created: z.string().datetime({ offset: true }).optional(),
    port: z.number().int().min(2100).max(9500).default(8635),
    volume_gb: z.number().int().positive().default(10),
    used_gb: z.number().nonnegative().optional(),
    vpc_id: z.string().optional(),
    subnet_id: z.string().optional(),
    security_group_id: z.string().optional(),
    backup_window: z.string().regex(/^\d\d:\d\d-\d\d:\d\d$/).default('16:00-17:00'),
    keep_days: z.number().int().min(0).max(732).default(7),
    backup_period: z
      .string()
      .regex(/^[1-7](,[1-7])*$/, 'days of the week 1-7, comma separated')
      .default('1,2,3,4,5,6,7')
      .describe('automated backup cycle (the backup policy period)'),
    tags: z.record(z.string(), z.string()).default({}),
    databases: z
      .record(z.string().regex(DATABASE_NAME, 'a MongoDB database name'), z.array(z.string().min(1).max(120)))
      .default({ test_db: ['dds-test'] })
      .describe('database -> its collections: what a point-in-time restore lists (default: the restore pages examples)'),
  })
  .strict();

export const ddsBackupSeedSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{32}br\d\d$/, '32 hex digits then br02').optional(),
    name: z.string().regex(BACKUP_NAME, 'the DDS backup name rule'),
    instance: z.string().describe('instance id or name'),
    type: z.enum(['Auto', 'Manual']).default('Auto'),
    status: z.enum(['COMPLETED', 'FAILED']).default('COMPLETED'),
    begin_time: z.string().datetime({ offset: true }).optional().describe('default: 1 day before the clock start'),
    age: durationSchema.optional().describe('instead of begin_time: how long before the tenant started it began, e.g. 36h'),
    duration: durationSchema.default('2m').describe('end_time = begin_time + duration'),
    size: z.number().int().nonnegative().optional().describe('KB'),
    description: z.string().max(256).default(''),
    keep_days: z
      .number()
      .int()
      .min(1)
      .max(732)
      .optional()
      .describe('Auto backups: retention in days from begin_time (default: the instance keep_days, or 7 if its policy is off)'),
  })
  .strict();

export const ddsEntitiesSchema = z
  .object({
    instances: z.array(ddsInstanceSchema).default([]),
    backups: z.array(ddsBackupSeedSchema).default([]),
    automated: z
      .object({
        days: z.number().int().min(1).max(60).describe('one Auto backup per instance per day, for the last N days'),
        instances: z.array(z.string()).optional().describe('instance ids or names (default: all)'),
      })
      .strict()
      .optional()
      .describe('seed daily automated (type Auto) backups in each instance backup window'),
  })
  .strict()
  // Seeded backups name their instance; check it here so a bad reference fails at load, with its path.
  .superRefine((e, ctx) => {
    const known = new Set(e.instances.flatMap((i) => (i.id ? [i.id, i.name] : [i.name])));
    e.backups.forEach((b, i) => {
      if (!known.has(b.instance)) {
        ctx.addIssue({ code: 'custom', path: ['backups', i, 'instance'], message: `no instance "${b.instance}" in entities.dds.instances` });
      }
      if (b.age !== undefined && b.begin_time !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['backups', i, 'age'], message: 'give begin_time or age, not both' });
      }
      if (b.keep_days !== undefined && b.type !== 'Auto') {
        ctx.addIssue({ code: 'custom', path: ['backups', i, 'keep_days'], message: 'only Auto backups expire; manual ones stay until deleted' });
      }
    });
    e.automated?.instances?.forEach((ref, i) => {
      if (!known.has(ref)) {
        ctx.addIssue({ code: 'custom', path: ['automated', 'instances', i], message: `no instance "${ref}" in entities.dds.instances` });
      }
    });
  });
export type DdsEntities = z.output<typeof ddsEntitiesSchema>;
export type DdsInstanceSeed = z.output<typeof ddsInstanceSchema>;
export type DdsBackupSeed = z.output<typeof ddsBackupSeedSchema>;

export const ddsOptionsSchema = z
  .object({
    token_ttl: durationSchema.default('24h').describe('token validity (authentication.rst: 24 hours)'),
    job_query_delay: durationSchema
      .default('0s')
      .describe('a new job answers DBS.280016 for this long ("it takes several seconds to query the job ID", job page)'),
    backup_size_kb: z
      .tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
      .default([2048, 65536])
      .describe('range of sizes for new manual backups'),
  })
  .strict();
export type DdsOptions = z.output<typeof ddsOptionsSchema>;

/** This vendor's scenario sections (its index.ts requires this module only to validate). */
export const schemas = { credentials: ddsCredentialsSchema, entities: ddsEntitiesSchema, options: ddsOptionsSchema } satisfies VendorSchemas;
