import { z } from 'zod';
import { FAULT_KINDS, responseHeaderIssue } from './faults';
import { durationSchema } from './jobs/timeline-schema';
import { patternError } from './match';

/**
 * The scenario schema of rules (match + action, see src/faults.ts). Loaded only to validate a
 * scenario or a rule posted to the admin API, so that a start that does not validate never
 * loads zod.
 */
export const delaySchema = z.union([
  durationSchema,
  z.object({ fixed: durationSchema }).strict(),
  z.object({ uniform: z.tuple([durationSchema, durationSchema]) }).strict(),
  z.object({ lognormal: z.object({ median: durationSchema, sigma: z.number().positive() }).strict() }).strict(),
]);
export type DelaySpec = z.infer<typeof delaySchema>;

/** An exact string, or `re:<pattern>` in RE2 syntax; a pattern RE2 refuses is reported with its reason. */
export const stringMatch = z
  .string()
  .superRefine((v, ctx) => {
    const error = patternError(v);
    if (error) ctx.addIssue({ code: 'custom', message: error });
  })
  .describe('exact value, or re:<regular expression> (RE2 syntax)');

export const responseHeadersSchema = z.record(z.string(), z.string()).superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    const issue = responseHeaderIssue(name, value);
    if (issue) ctx.addIssue({ code: 'custom', path: [name], message: issue });
  }
});

export const ruleMatchSchema = z
  .object({
    vendor: z.string().optional(),
    tenant: stringMatch.optional(),
    listener: z.string().optional(),
    method: z.string().optional(),
    path: stringMatch.optional(),
    operation: stringMatch.optional(),
    headers: z.record(z.string(), stringMatch).optional(),
    body: z
      .record(z.string(), z.union([stringMatch, z.number(), z.boolean(), z.null()]))
      .optional()
      .describe('dotted path into the parsed body -> expected value (strings may be re:<regex>)'),
    bodyContains: z.string().optional(),
  })
  .strict();
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

export const ruleActionSchema = z
  .object({
    delay: delaySchema.optional().describe('wait (virtual time) before answering'),
    respond: z
      .object({
        status: z.number().int().min(200, 'a final HTTP status, 200..599').max(599, 'a final HTTP status, 200..599').optional(),
        error: z.string().optional().describe("a vendor error name, rendered in the vendor's own format"),
        message: z.string().optional(),
        body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
        headers: responseHeadersSchema.optional(),
      })
      .strict()
      .optional(),
    fault: z.enum(FAULT_KINDS).optional(),
    dribble: z
      .object({ chunkBytes: z.number().int().positive().default(16), every: durationSchema.default('100ms') })
      .strict()
      .optional()
      .describe('send the real answer slowly, chunk by chunk'),
    invalidateAuth: z.boolean().optional().describe("forget the caller's session/token, then answer normally"),
    packetDelay: durationSchema.optional().describe('packet protocols: delay between packets'),
    dropAfterPackets: z.number().int().min(0).optional().describe('packet protocols: drop after N packets'),
  })
  .strict();
export type RuleAction = z.infer<typeof ruleActionSchema>;

export const ruleSchema = z
  .object({
    name: z.string().optional(),
    match: ruleMatchSchema.default({}),
    skip: z.number().int().min(0).default(0).describe('let the first N matching requests through'),
    times: z.number().int().positive().optional().describe('fire at most N times (default: always)'),
  })
  .extend(ruleActionSchema.shape)
  .strict();
export type RuleInput = z.input<typeof ruleSchema>;
export type RuleSpec = z.infer<typeof ruleSchema>;
