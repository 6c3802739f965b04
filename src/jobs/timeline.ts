import { z } from 'zod';
import { parseDuration } from '../duration';

/** Neutral job states; each vendor maps them to its own words in its wire layer. */
export const JOB_STATES = ['queued', 'running', 'suspended', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);

export const durationSchema = z
  .union([z.string(), z.number().nonnegative()])
  .refine((v) => {
    try {
      parseDuration(v);
      return true;
    } catch {
      return false;
    }
  }, 'a duration such as 500ms, 90s, 2m or 2h');

/** One step: at `after` (running time since the job started) set these fields. */
export const timelineStepSchema = z
  .object({
    after: durationSchema.describe('running time since the job started, e.g. 30s'),
    state: z.enum(JOB_STATES).optional(),
    progress: z.number().min(0).max(100).optional(),
    phase: z.string().optional(),
    message: z.string().optional(),
    error: z.string().optional().describe('vendor error code or name reported with a failure'),
    status: z.string().optional().describe("the vendor's own status word, e.g. 'Completed w/ one or more errors'"),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type TimelineStepInput = z.input<typeof timelineStepSchema>;

/** Shorthand: `{ duration: 2h }` finishes in 2 h; `{ duration: 10m, outcome: failed, failAt: 60 }`. */
export const timelineShorthandSchema = z
  .object({
    duration: durationSchema,
    outcome: z.enum(['succeeded', 'failed', 'cancelled', 'hang']).default('succeeded'),
    failAt: z.number().min(0).max(100).optional().describe('progress % at which an outcome: failed job fails'),
    message: z.string().optional(),
    error: z.string().optional(),
    status: z.string().optional(),
    phases: z.array(z.string()).optional(),
    steps: z.number().int().min(1).max(1000).default(10),
    queued: durationSchema.optional().describe('time spent queued before running'),
  })
  .strict();

export const timelineSchema = z.union([z.array(timelineStepSchema).min(1), timelineShorthandSchema]);
export type TimelineInput = z.input<typeof timelineSchema>;

export interface TimelineStep {
  at: number;
  state?: JobState;
  progress?: number;
  phase?: string;
  message?: string;
  error?: string;
  status?: string;
  data?: Record<string, unknown>;
}

/** Expand a scenario timeline into sorted steps with times in ms. */
export function compileTimeline(input: TimelineInput): TimelineStep[] {
  if (Array.isArray(input)) {
    return input
      .map(({ after, ...rest }) => ({ at: parseDuration(after), ...rest }))
      .sort((a, b) => a.at - b.at);
  }
  const spec = timelineShorthandSchema.parse(input);
  const total = parseDuration(spec.duration);
  const queued = spec.queued !== undefined ? parseDuration(spec.queued) : 0;
  const steps: TimelineStep[] = [];
  if (queued > 0) steps.push({ at: 0, state: 'queued', progress: 0 });
  const phases = spec.phases ?? [];
  const stopAt = spec.outcome === 'failed' ? (spec.failAt ?? 50) : 100;
  const n = spec.steps;
  steps.push({ at: queued, state: 'running', progress: 0, ...(phases[0] ? { phase: phases[0] } : {}) });
  for (let i = 1; i < n; i++) {
    const progress = Math.round((stopAt * i) / n);
    const phase = phases.length ? phases[Math.min(phases.length - 1, Math.floor((i * phases.length) / n))] : undefined;
    steps.push({ at: queued + Math.round((total * i) / n), progress, ...(phase ? { phase } : {}) });
  }
  const end = queued + total;
  if (spec.outcome === 'hang') {
    steps.push({ at: end, progress: 99 });
  } else {
    steps.push({
      at: end,
      state: spec.outcome,
      progress: spec.outcome === 'succeeded' ? 100 : stopAt,
      ...(spec.message !== undefined ? { message: spec.message } : {}),
      ...(spec.error !== undefined ? { error: spec.error } : {}),
      ...(spec.status !== undefined ? { status: spec.status } : {}),
    });
  }
  return steps;
}
