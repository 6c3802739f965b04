import { z } from 'zod';
import { MAX_SCALE, MAX_TIME, MIN_TIME } from './clock';
import { MAX_DURATION_MS } from './duration';
import type { Job } from './jobs/engine';
import { JOB_STATES } from './jobs/timeline';
import { timelineStepSchema } from './jobs/timeline-schema';
import { decodeValue, define, SNAPSHOT_FORMAT, SnapshotError } from './snapshot';

/**
 * The state snapshot envelope (GET /state, PUT /state): every field checked and every vendor
 * state decoded before a restore changes anything, so a refused snapshot leaves state intact.
 */
const time = z.number().min(MIN_TIME).max(MAX_TIME);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const span = z.number().min(0).max(MAX_DURATION_MS * 10);
const plainObject = z.custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'an object');

/** A compiled timeline step: the scenario step's fields, at a time in ms instead of `after`. */
const stepSchema = timelineStepSchema.omit({ after: true }).extend({ at: span, data: plainObject.optional() }).strict();

const jobSchema = z
  .object({
    id: z.string().min(1),
    vendor: z.string(),
    tenant: z.string().min(1),
    operation: z.string(),
    target: z.string().optional(),
    nth: count,
    state: z.enum(JOB_STATES),
    progress: z.number().min(0).max(100),
    phase: z.string().optional(),
    message: z.string().optional(),
    error: z.string().optional(),
    status: z.string().optional(),
    data: z.unknown(),
    createdAt: time,
    startedAt: time.optional(),
    endedAt: time.optional(),
    updatedAt: time,
    timeline: z.array(stepSchema),
    nextStep: count,
    pausedMs: span,
    suspendedAt: time.optional(),
    timelineRule: z.string(),
  })
  .strict()
  .refine((j) => j.nextStep <= j.timeline.length, { message: 'nextStep is past the end of the timeline', path: ['nextStep'] });

const envelopeSchema = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT, `not a backup-mocks state snapshot (format ${SNAPSHOT_FORMAT})`),
    clock: z.object({ now: time, mode: z.enum(['real', 'scaled', 'manual']), scale: z.number().positive().max(MAX_SCALE) }).strict(),
    tenancy: z.object({ tenants: plainObject, principals: z.array(z.tuple([z.string(), z.string()])) }).strict(),
    jobs: z.object({ jobs: z.array(jobSchema), counters: plainObject, seq: count }).strict(),
    rules: z.array(z.object({ id: count, seen: count, fired: count }).strict()),
    jobRuleUses: z.array(count),
  })
  .strict();

/** The envelope as JSON Schema (the OpenAPI document's PUT /state body); vendor states are opaque objects there. */
export function snapshotJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(envelopeSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete schema.$schema;
  return { ...schema, description: 'a snapshot taken with GET /state' };
}

/** A checked snapshot, its vendor states and job data decoded, ready to apply. */
export interface RestorePlan {
  clock: z.infer<typeof envelopeSchema>['clock'];
  /** tenant id -> vendor -> state */
  tenants: Map<string, Map<string, unknown>>;
  principals: Array<[string, string]>;
  jobs: { jobs: Job[]; counters: Record<string, number>; seq: number };
  rules: Array<{ id: number; seen: number; fired: number }>;
  jobRuleUses: number[];
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join('.') || 'snapshot'}: ${i.message}`)
    .join('; ');
}

/**
 * Check a snapshot whole and decode it, without touching any state: every vendor named must be
 * served by this engine, every number in range. Throws SnapshotError listing what is wrong.
 */
export function planRestore(input: unknown, vendors: ReadonlySet<string>): RestorePlan {
  const r = envelopeSchema.safeParse(input);
  if (!r.success) throw new SnapshotError(`invalid state snapshot: ${issuesText(r.error)}`);
  const snap = r.data;
  const tenants = new Map<string, Map<string, unknown>>();
  for (const id of Object.keys(snap.tenancy.tenants)) {
    const states = snap.tenancy.tenants[id];
    if (id === '' || states === null || typeof states !== 'object' || Array.isArray(states)) throw new SnapshotError(`invalid state snapshot: tenancy.tenants.${id}: an object of vendor states`);
    const byVendor = new Map<string, unknown>();
    for (const vendor of Object.keys(states)) {
      if (!vendors.has(vendor)) throw new SnapshotError(`invalid state snapshot: tenancy.tenants.${id}.${vendor}: no vendor ${vendor} here (${[...vendors].join(', ')})`);
      byVendor.set(vendor, decodeValue((states as Record<string, unknown>)[vendor]));
    }
    tenants.set(id, byVendor);
  }
  const counters: Record<string, number> = {};
  for (const k of Object.keys(snap.jobs.counters)) {
    const n = snap.jobs.counters[k];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new SnapshotError(`invalid state snapshot: jobs.counters: ${JSON.stringify(k)} is not a count`);
    define(counters, k, n);
  }
  const jobs = snap.jobs.jobs.map((job, i) => {
    if (!vendors.has(job.vendor)) throw new SnapshotError(`invalid state snapshot: jobs.jobs.${i}.vendor: no vendor ${job.vendor} here`);
    const data = decodeValue(job.data ?? {});
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new SnapshotError(`invalid state snapshot: jobs.jobs.${i}.data: an object`);
    return { ...job, data: data as Record<string, unknown> } as Job;
  });
  return {
    clock: snap.clock,
    tenants,
    principals: snap.tenancy.principals,
    jobs: { jobs, counters, seq: snap.jobs.seq },
    rules: snap.rules,
    jobRuleUses: snap.jobRuleUses,
  };
}
