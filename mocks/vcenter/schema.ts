/**
 * The vCenter sections of a scenario file: credentials (SSO users), entities (appliances) and
 * options (session policy). Defaults follow the seed page and vendor notes: parts `common`
 * (required) and `seat` (optional, selected by default); the demo user
 * administrator@vsphere.local / VMware1!.
 */
import { z } from 'zod';
import type { VendorSchemas } from '../../src/vendor';
import { durationSchema } from '../../src/jobs/timeline-schema';

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
    ...sessionPolicy,
  })
  .strict();
export type ApplianceInput = z.infer<typeof applianceSchema>;

export const entitiesSchema = z
  .object({
    appliances: z.array(applianceSchema).min(1),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.appliances.forEach((a, i) => {
      if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: ['appliances', i, 'id'], message: `duplicate appliance id ${a.id}` });
      seen.add(a.id);
    });
  });
export type EntitiesInput = z.infer<typeof entitiesSchema>;

export const optionsSchema = z.object(sessionPolicy).strict();
export type OptionsInput = z.infer<typeof optionsSchema>;

/** This vendor's scenario sections (its index.ts requires this module only to validate). */
export const schemas = { credentials: credentialsSchema, entities: entitiesSchema, options: optionsSchema } satisfies VendorSchemas;
