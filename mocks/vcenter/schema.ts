/**
 * The vCenter sections of a scenario file: credentials (SSO users), entities (appliances) and
 * options (session policy). Defaults follow the API reference and a vCenter 8 appliance: parts `common`
 * (required) and `seat` (optional, selected by default); the demo user
 * administrator@vsphere.local / VMware1!.
 */
import { z } from 'zod';
import type { VendorSchemas } from '../../src/vendor';
import { durationSchema } from '../../src/jobs/timeline-schema';
import { DAYS_OF_WEEK } from './recovery-types';

const userSchema = z
  .object({
    username: z.string().min(1).describe('SSO user, e.g. administrator@vsphere.local'),
    password: z.string().min(1),
  })
  .strict();

/** `{username, password}` for one user, or `{users: [...]}` for several. */
export const credentialsSchema = z.union([
  userSchema,
  z.object({ users: z.array(userSchema).min(1) }).strict(),
]);
export type CredentialsInput = z.infer<typeof credentialsSchema>;

export const partSchema = z
  .object({
    id: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/),
    name: z.string().min(1),
    description: z.string().default(''),
    optional: z.boolean().default(true),
    selectedByDefault: z.boolean().default(true),
    sizeMb: z.number().int().min(0).default(100).describe('answer of Parts.get and the size a backup reports'),
  })
  .strict();
export type PartInput = z.infer<typeof partSchema>;

/** A backup location URL of a supported scheme (Job.LocationType), e.g. sftp://10.0.0.5/backups. */
const locationUrl = z
  .string()
  .regex(/^(ftp|http|ftps|https|scp|sftp|nfs|smb):\/\/[^/\s]+/i, 'a URL such as sftp://10.0.0.5/backups (ftp, http, ftps, https, scp, sftp, nfs, smb)');

/** A backup schedule as Schedules.create takes it (the SDK's CreateSpec names, camelCase). */
export const scheduleSchema = z
  .object({
    id: z.string().min(1).describe("the schedule's identifier (Schedules.create's schedule), e.g. default"),
    location: locationUrl,
    locationUser: z.string().optional(),
    locationPassword: z.string().optional(),
    backupPassword: z.string().optional().describe('encrypts its archives: a restore must give it'),
    parts: z.array(z.string()).default([]).describe('optional parts backed up besides the required ones, e.g. [seat]'),
    enable: z.boolean().default(true),
    recurrenceInfo: z
      .object({
        minute: z.number().int().min(0).max(59),
        hour: z.number().int().min(0).max(23).describe('24-hour clock, UTC'),
        days: z.array(z.enum(DAYS_OF_WEEK)).optional().describe('unset: every day'),
      })
      .strict()
      .optional()
      .describe('unset: the schedule only runs when asked (Schedules.run)'),
    retentionInfo: z.object({ maxCount: z.number().int().min(1) }).strict().optional().describe('unset: every archive is kept'),
    fastBackup: z.boolean().optional(),
  })
  .strict();
export type ScheduleInput = z.infer<typeof scheduleSchema>;

/** An archive already at a location (a seeded catalogue: a restore needs no backup first). */
export const archiveSchema = z
  .object({
    systemName: z.string().min(1).optional().describe("the appliance's hostname it is a backup of; default: the first appliance's"),
    id: z.string().min(1).optional().describe('default: S_<version>_<YYYYMMDD-HHMMSS>_ (M_ for MANUAL) of its start'),
    timestamp: z.string().datetime({ offset: true }).optional().describe('when the backup started (ISO 8601)'),
    age: durationSchema.optional().describe("or how long before the tenant's start it started, e.g. 26h"),
    duration: durationSchema.default('5m').describe('how long the backup took: it completed this long after its start'),
    type: z.enum(['SCHEDULED', 'MANUAL']).default('SCHEDULED').describe('SCHEDULED archives count toward a schedule’s retention'),
    version: z.string().optional().describe("default: the version of the appliance with that system name, or the first appliance's"),
    parts: z.array(z.string()).default(['common', 'seat']),
    comment: z.string().default(''),
    backupPassword: z.string().optional().describe('the archive is encrypted: Restore.validate and restore need it'),
  })
  .strict()
  .refine((a) => (a.timestamp === undefined) !== (a.age === undefined), 'give either timestamp or age');
export type ArchiveInput = z.infer<typeof archiveSchema>;

/** A directory on a backup server, and what it already holds. */
export const locationSchema = z
  .object({
    url: locationUrl,
    user: z.string().optional().describe('reading the location (and backing up to it) requires this location_user'),
    password: z.string().optional().describe('… and this location_password'),
    archives: z.array(archiveSchema).default([]),
  })
  .strict();
export type LocationInput = z.infer<typeof locationSchema>;

const sessionPolicy = {
  sessionIdleTimeout: durationSchema.optional().describe('a session unused this long expires (vCenter uses 30m); unset: never'),
  sessionMaxCalls: z.number().int().positive().optional().describe('a session expires after this many authenticated calls'),
};

export const applianceSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits and _ . -')
      .describe('URL prefix: /appliances/<id>/api, /appliances/<id>/rest; the first appliance is also served at /api and /rest'),
    hostname: z.string().optional(),
    version: z.string().default('8.0.3.00300'),
    build: z.string().default('24322831'),
    users: z.array(userSchema).optional().describe("this appliance's users; default: the tenant's credentials"),
    parts: z.array(partSchema).min(1).optional(),
    restoreInProgress: z.boolean().default(false).describe('a restore is running: backups answer FEATURE_IN_USE'),
    restoreAllowed: z.boolean().default(true).describe('false: restore job create answers NOT_ALLOWED_IN_CURRENT_STATE (an appliance past firstboot)'),
    recoverySupported: z.boolean().default(true).describe('what GET /api/appliance/recovery reports'),
    schedules: z.array(scheduleSchema).default([]),
    ...sessionPolicy,
  })
  .strict();
export type ApplianceInput = z.infer<typeof applianceSchema>;

export const entitiesSchema = z
  .object({
    appliances: z.array(applianceSchema).min(1).optional().describe('default: one appliance vcsa-01'),
    locations: z.array(locationSchema).default([]).describe("backup servers' locations and the archives they hold"),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    (v.appliances ?? []).forEach((a, i) => {
      if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: ['appliances', i, 'id'], message: `duplicate appliance id ${a.id}` });
      seen.add(a.id);
      const ids = new Set<string>();
      a.schedules.forEach((s, j) => {
        if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['appliances', i, 'schedules', j, 'id'], message: `duplicate schedule id ${s.id}` });
        ids.add(s.id);
      });
    });
  });
export type EntitiesInput = z.infer<typeof entitiesSchema>;

export const optionsSchema = z.object(sessionPolicy).strict();
export type OptionsInput = z.infer<typeof optionsSchema>;

/** This vendor's scenario sections (its index.ts requires this module only to validate). */
export const schemas = { credentials: credentialsSchema, entities: entitiesSchema, options: optionsSchema } satisfies VendorSchemas;
