import { z } from 'zod';
import { stringMatch } from '../faults-schema';
import { EVENT_TYPES, type EventType } from '../events/types';
import { JOB_STATES } from '../jobs/timeline';
import { timelineStepSchema } from '../jobs/timeline-schema';
import type { JournalCriteria } from '../journal';
import { RESET_PARTS, type ResetPart } from '../engine';

/**
 * What the admin API accepts, as schemas: every query and body is checked, and anything else (an
 * unknown field, a repeated query parameter, a count that is not a number) is answered 400 with
 * the reason, never ignored.
 */
const count = z.number().int().min(0);
const digits = (what: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${what}: a whole number (0 or more)`)
    .transform(Number);

/** The string criteria: exact, or re:<pattern> (checked by RE2 here, so a bad pattern is a 400). */
const stringCriteria = {
  vendor: stringMatch.optional(),
  tenant: stringMatch.optional(),
  operation: stringMatch.optional(),
  method: z.string().optional(),
  path: stringMatch.optional(),
  listener: stringMatch.optional(),
  rule: stringMatch.optional(),
  bodyContains: stringMatch.optional(),
};

/** Journal criteria in a JSON body (POST /journal/find, /journal/count, the criteria of /journal/verify). */
export const criteriaSchema = z
  .object({
    ...stringCriteria,
    status: z.number().int().min(0).max(999).optional(),
    matched: z.boolean().optional(),
    since: count.optional(),
    headers: z.record(z.string(), stringMatch).optional(),
  })
  .strict() satisfies z.ZodType<JournalCriteria>;

/** The same criteria as query parameters (GET /journal), plus `limit`: the newest N. */
export const journalQuerySchema = z
  .object({
    ...stringCriteria,
    status: digits('status').optional(),
    matched: z
      .enum(['true', 'false'], 'matched: true or false')
      .transform((v) => v === 'true')
      .optional(),
    since: digits('since').optional(),
    limit: digits('limit').optional(),
    brief: z
      .enum(['true', 'false'], 'brief: true or false')
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();

export const journalIdSchema = z.object({ id: digits('journal id') }).strict();

/** `a,b,c` lists in one query parameter. */
const names = z
  .string()
  .min(1)
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''));

/** GET /events: which events, and what to replay first. */
export const eventsQuerySchema = z
  .object({
    vendor: names.optional(),
    tenant: names.optional(),
    types: names
      .refine((ts) => ts.every((t) => (EVENT_TYPES as readonly string[]).includes(t)), `types: a comma-separated list of ${EVENT_TYPES.join(', ')}`)
      .transform((ts) => ts as EventType[])
      .optional(),
    since: digits('since').optional(),
    tail: digits('tail').optional(),
    brief: z
      .enum(['true', 'false'], 'brief: true or false')
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();

export const verifySchema = z
  .object({
    criteria: criteriaSchema.default({}),
    count: count.optional(),
    atLeast: count.optional(),
    atMost: count.optional(),
  })
  .strict()
  .refine((b) => b.count === undefined || (b.atLeast === undefined && b.atMost === undefined), 'give count, or atLeast/atMost, not both')
  .refine((b) => b.atLeast === undefined || b.atMost === undefined || b.atLeast <= b.atMost, 'atLeast is above atMost');

export const jobsQuerySchema = z
  .object({
    vendor: z.string().optional(),
    tenant: z.string().optional().describe('the tenant (or the x-mock-tenant header)'),
    state: z.enum(JOB_STATES).optional(),
    operation: z.string().optional(),
  })
  .strict();

export const scenarioQuerySchema = z.object({ format: z.enum(['json', 'yaml'], 'format: json or yaml').optional() }).strict();

const tenant = z.string().min(1).describe('the tenant (or the x-mock-tenant header)');
export const tenantQuerySchema = z.object({ tenant: tenant.optional() }).strict();

/** POST /reset: everything, or one tenant; `keep=journal,clock` leaves those as they are. */
export const resetQuerySchema = z
  .object({
    tenant: tenant.optional(),
    keep: names
      .refine((ks) => ks.every((k) => (RESET_PARTS as readonly string[]).includes(k)), `keep: a comma-separated list of ${RESET_PARTS.join(', ')}`)
      .transform((ks) => ks as ResetPart[])
      .optional()
      .describe(`what to leave as it is: ${RESET_PARTS.join(', ')} (comma-separated)`),
  })
  .strict();

/** The duration itself is checked by parseDuration, whose message names the bound. */
export const advanceSchema = z.object({ by: z.union([z.string(), z.number()]).optional().describe('a duration (90s, 2h, 1d) or milliseconds') }).strict();
export const advanceQuerySchema = z.object({ by: z.string().optional().describe('the duration, when the body does not give it'), tenant: tenant.optional() }).strict();
export const setSchema = z.object({ to: z.union([z.string(), z.number()]).optional().describe('an ISO 8601 time or epoch ms, forward only') }).strict();
export const modeSchema = z
  .object({
    mode: z.string().min(1, 'give {"mode": "real" | "manual" | "xN"}').optional().describe('real, manual, scaled or xN (x60)'),
    scale: z.number().optional().describe('with mode scaled: virtual seconds per wall second'),
  })
  .strict();

export const vendorParamsSchema = z.object({ vendor: z.string() }).strict();
export const jobParamsSchema = z.object({ vendor: z.string(), id: z.string() }).strict();
export const fileParamsSchema = z.object({ file: z.string() }).strict();

/** The fields POST /jobs/:vendor/:id/state may force: a timeline step's, without its time. */
export const forceSchema = timelineStepSchema.omit({ after: true, data: true }).strict();

export const ruleIdSchema = z.object({ id: digits('rule id') }).strict();
export const emptySchema = z.object({}).strict();
