import { z } from 'zod';
import { ruleSchema, stringMatch } from '../faults-schema';
import { durationSchema, timelineSchema } from '../jobs/timeline-schema';
import type { Vendor } from '../vendor';
import { MAX_SCALE, parseClockSpec, parseInstant } from '../clock';
import { JOURNAL_DEFAULTS, JOURNAL_LIMITS } from '../journal';
import { SCENARIO_LIMITS } from './limits';
import { checkScenarioNames, nameCatalog, zodReporter } from './names';

export { SCENARIO_LIMITS } from './limits';

/**
 * The scenario file schema, composed from the engine's sections and each vendor's own
 * sections (credentials, entities, options). Exported as JSON Schema for editors by
 * `npm run schema` (schemas/scenario.schema.json).
 */
/** A refinement that runs a parser and reports its message (time inputs name their own range). */
function parsesWith<T>(parse: (v: T) => unknown) {
  return (v: T, ctx: z.RefinementCtx) => {
    try {
      parse(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  };
}

export const clockSchema = z.union([
  z
    .string()
    .regex(/^(real|manual|x\d+(\.\d+)?)$/, 'real, manual or xN such as x60')
    .superRefine(parsesWith(parseClockSpec)),
  z
    .object({
      mode: z.enum(['real', 'scaled', 'manual']).default('real'),
      scale: z.number().positive().max(MAX_SCALE).optional(),
      start: z
        .union([z.string(), z.number()])
        .superRefine(parsesWith(parseInstant))
        .optional()
        .describe('virtual start time, ISO 8601 (1970-01-01 .. 9999-12-31)'),
      perTenant: z.boolean().optional().describe('every tenant runs its own clock (parallel test workers independent in time)'),
    })
    .strict(),
]);

export const jobRuleSchema = z
  .object({
    name: z.string().optional(),
    match: z
      .object({
        vendor: stringMatch.optional().describe('exact or re:<regex>, e.g. re:^(commvault|metallic)$'),
        tenant: stringMatch.optional().describe('exact or re:<regex>'),
        operation: stringMatch.optional().describe('exact or re:<regex>'),
        target: stringMatch.optional().describe('exact or re:<regex> on the job target (entity)'),
        nth: z.union([z.number().int().positive(), z.array(z.number().int().positive())]).optional(),
      })
      .strict()
      .default({}),
    timeline: timelineSchema,
    times: z.number().int().positive().optional(),
  })
  .strict();
export type JobRuleSpec = z.infer<typeof jobRuleSchema>;

const portSchema = z.number().int().min(0).max(65535);

export function buildScenarioSchema(vendors: readonly Vendor[]) {
  const catalog = nameCatalog(vendors);
  const names = vendors.map((v) => v.name);
  const vendorOptions: Record<string, z.ZodType> = {};
  const credentials: Record<string, z.ZodType> = {};
  const entities: Record<string, z.ZodType> = {};
  for (const v of vendors) {
    const schemas = v.schemas();
    vendorOptions[v.name] = z
      .object({
        enabled: z.boolean().default(true),
        ports: z.record(z.string(), portSchema).optional().describe('listener name -> port, e.g. {http: 8480}'),
        tls: z.boolean().optional().describe('false: do not serve this vendor\'s HTTPS/TLS listeners'),
      })
      .extend(schemas.options.shape)
      .strict()
      // prefault, not default: an absent section is parsed as {}, so the vendor's defaults apply once, here.
      .prefault({});
    credentials[v.name] = schemas.credentials.optional();
    entities[v.name] = schemas.entities.optional();
  }
  const tenantSchema = z
    .object({
      id: z.string().min(1).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : -'),
      credentials: z.object(credentials).strict().default({}),
      entities: z.object(entities).strict().optional().describe('replaces the top-level entities for this tenant'),
    })
    .strict();
  return z
    .object({
      $schema: z.string().optional(),
      name: z.string().optional(),
      description: z.string().optional(),
      include: z.array(z.string()).optional().describe('other scenario files, relative to this one, loaded first'),
      seed: z.number().int().default(1).describe('seeds ids and faker data'),
      clock: clockSchema.optional(),
      journal: z
        .object({
          size: z.number().int().min(0).max(JOURNAL_LIMITS.size).default(JOURNAL_DEFAULTS.size).describe('requests kept; 0 disables the journal (queries are then refused)'),
          strict: z.boolean().default(false).describe('answer unmatched requests with a loud 501'),
          maxBodyBytes: z
            .number()
            .int()
            .min(0)
            .max(JOURNAL_LIMITS.maxBodyBytes)
            .default(JOURNAL_DEFAULTS.maxBodyBytes)
            .describe('bytes of each request body kept (longer bodies are cut and marked truncated)'),
          maxBytes: z
            .number()
            .int()
            .positive()
            .max(JOURNAL_LIMITS.maxBytes)
            .default(JOURNAL_DEFAULTS.maxBytes)
            .describe('total bytes the journal keeps; the oldest entries go first'),
        })
        .strict()
        .optional(),
      limits: z
        .object({
          maxBodyBytes: z.number().int().positive().default(1024 * 1024),
          requestTimeout: durationSchema.optional().describe('wall time a client may take to send one request (default 5m; Node closes slower ones)'),
        })
        .strict()
        .optional(),
      vendors: z.object(vendorOptions).strict().prefault({}),
      tenants: z.array(tenantSchema).max(SCENARIO_LIMITS.tenants, `at most ${SCENARIO_LIMITS.tenants} tenants in one scenario`).default([]),
      entities: z.object(entities).strict().default({}),
      jobs: z.array(jobRuleSchema).max(SCENARIO_LIMITS.jobs, `at most ${SCENARIO_LIMITS.jobs} job rules in one scenario`).default([]),
      rules: z.array(ruleSchema).max(SCENARIO_LIMITS.rules, `at most ${SCENARIO_LIMITS.rules} rules in one scenario`).default([]),
    })
    .strict()
    .superRefine((value, ctx) => checkScenarioNames(value, catalog, names, zodReporter(ctx)));
}

export type ScenarioSchema = ReturnType<typeof buildScenarioSchema>;

/** The parsed scenario with vendor sections left as the vendor schemas produce them. */
export interface Scenario {
  name?: string;
  description?: string;
  seed: number;
  clock?: z.infer<typeof clockSchema>;
  journal?: { size: number; strict: boolean; maxBodyBytes: number; maxBytes: number };
  limits?: { maxBodyBytes: number; requestTimeout?: string | number };
  vendors: Record<string, ({ enabled: boolean; ports?: Record<string, number>; tls?: boolean } & Record<string, unknown>) | undefined>;
  tenants: Array<{ id: string; credentials: Record<string, unknown>; entities?: Record<string, unknown> }>;
  entities: Record<string, unknown>;
  jobs: JobRuleSpec[];
  rules: z.infer<typeof ruleSchema>[];
}
