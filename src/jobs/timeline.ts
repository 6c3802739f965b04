import { parseDuration } from '../duration';
import type { TimelineInput } from './timeline-schema';

export type { TimelineInput, TimelineStepInput } from './timeline-schema';

/** Neutral job states; each vendor maps them to its own words in its wire layer. */
export const JOB_STATES = ['queued', 'running', 'suspended', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);

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
  // A shorthand (validated with the scenario; code-given ones are typed): fill in its defaults.
  const spec = { ...input, outcome: input.outcome ?? 'succeeded', steps: input.steps ?? 10 };
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
