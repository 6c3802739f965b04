import { z } from 'zod';
import { parseDuration } from '../duration';
import { JOB_STATES } from './timeline';

/**
 * The scenario schemas of durations and job timelines. Loaded only to validate a scenario
 * (src/scenario/schema.ts, the vendors' schema modules), so that a start that does not
 * validate never loads zod.
 */
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
