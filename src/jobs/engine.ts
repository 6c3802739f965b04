import { EventEmitter } from 'node:events';
import type { Clock, ClockTimer } from '../clock';
import { compileTimeline, TERMINAL_STATES, type JobState, type TimelineInput, type TimelineStep } from './timeline';

/** A neutral job. Plain JSON so state snapshots can hold it; vendors keep their own fields in `data`. */
export interface Job {
  id: string;
  vendor: string;
  tenant: string;
  operation: string;
  target?: string;
  /** 1-based ordinal of this job among the tenant's jobs of the same vendor and operation. */
  nth: number;
  state: JobState;
  progress: number;
  phase?: string;
  message?: string;
  error?: string;
  /** The vendor's own status word when a timeline names one. */
  status?: string;
  data: Record<string, unknown>;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  updatedAt: number;
  timeline: TimelineStep[];
  nextStep: number;
  pausedMs: number;
  suspendedAt?: number;
  /** Which scenario job rule chose the timeline, or "default". */
  timelineRule: string;
}

export interface StartJob {
  id?: string;
  operation: string;
  target?: string;
  data?: Record<string, unknown>;
  /** Use this timeline instead of asking the scenario (vendor-specific cases). */
  timeline?: TimelineInput;
  /**
   * When the job started, if in the past (a schedule's occurrence caught up late, a seeded
   * catalogue): steps already due are applied at once, each stamped with its own time.
   */
  at?: number;
}

/** The fields a timeline step, a vendor or the admin API may change. */
export type JobPatch = Omit<TimelineStep, 'at'>;

export interface TimelineChoice {
  steps: TimelineStep[];
  rule: string;
}

export type TimelineSelector = (q: {
  vendor: string;
  tenant: string;
  operation: string;
  target?: string;
  nth: number;
}) => TimelineChoice;

export interface JobChange {
  job: Job;
  previous: { state: JobState; progress: number; phase?: string };
  cause: 'start' | 'timeline' | 'cancel' | 'suspend' | 'resume' | 'force' | 'update';
}

export type JobListener = (change: JobChange) => void;

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.has(state);
}

/**
 * All jobs of all tenants, each driven by its tenant's clock (src/clocks.ts). Timers are derived
 * state: never serialised.
 */
export class JobEngine {
  readonly events = new EventEmitter();
  private jobs = new Map<string, Map<string, Job>>(); // key tenant\0vendor -> id -> job
  private timers = new Map<Job, { timer: ClockTimer; clock: Clock }>();
  private counters = new Map<string, number>();
  private seq = 0;
  private readonly clockOf: (tenant: string) => Clock;

  constructor(
    clock: Clock | ((tenant: string) => Clock),
    private readonly selector: TimelineSelector,
  ) {
    this.clockOf = typeof clock === 'function' ? clock : () => clock;
    this.events.setMaxListeners(0);
  }

  /** Move a tenant's pending steps to its (new) clock. */
  rearm(tenant: string): void {
    for (const [key, bucket] of this.jobs) {
      if (!key.startsWith(`${tenant}\0`)) continue;
      for (const job of bucket.values()) if (!isTerminal(job.state) && job.state !== 'suspended') this.applyDue(job);
    }
  }

  start(tenant: string, vendor: string, spec: StartJob): Job {
    const countKey = `${tenant}\0${vendor}\0${spec.operation}`;
    const nth = (this.counters.get(countKey) ?? 0) + 1;
    this.counters.set(countKey, nth);
    const choice = spec.timeline
      ? { steps: compileTimeline(spec.timeline), rule: 'vendor' }
      : this.selector({ vendor, tenant, operation: spec.operation, target: spec.target, nth });
    const now = Math.min(spec.at ?? Infinity, this.clockOf(tenant).now());
    const id = spec.id ?? String(++this.seq);
    const job: Job = {
      id,
      vendor,
      tenant,
      operation: spec.operation,
      ...(spec.target !== undefined ? { target: spec.target } : {}),
      nth,
      state: 'running',
      progress: 0,
      data: spec.data ?? {},
      createdAt: now,
      startedAt: now,
      updatedAt: now,
      timeline: choice.steps,
      nextStep: 0,
      pausedMs: 0,
      timelineRule: choice.rule,
    };
    // Steps at 0 describe how the job starts (e.g. queued): fold them in before anyone sees it.
    while (job.nextStep < job.timeline.length && job.timeline[job.nextStep].at === 0) {
      const { at: _at, data, ...fields } = job.timeline[job.nextStep++];
      Object.assign(job, fields);
      if (data) job.data = { ...job.data, ...data };
    }
    // A job that ends at its start (refused at once) has ended then.
    if (isTerminal(job.state)) {
      job.endedAt = now;
      if (job.state === 'succeeded') job.progress = 100;
    }
    this.bucket(tenant, vendor).set(id, job);
    this.emit(job, { state: 'queued', progress: 0 }, 'start');
    this.applyDue(job);
    return job;
  }

  get(tenant: string, vendor: string, id: string): Job | undefined {
    return this.jobs.get(`${tenant}\0${vendor}`)?.get(id);
  }

  list(filter: { tenant?: string; vendor?: string; state?: JobState; operation?: string } = {}): Job[] {
    const out: Job[] = [];
    // One tenant's jobs of one vendor (what every vendor asks for) are one bucket: the rest are not read.
    const exact = filter.tenant !== undefined && filter.vendor !== undefined;
    const buckets = exact ? [this.jobs.get(`${filter.tenant}\0${filter.vendor}`) ?? new Map<string, Job>()] : this.jobs.values();
    for (const bucket of buckets) {
      for (const job of bucket.values()) {
        if (filter.tenant !== undefined && job.tenant !== filter.tenant) continue;
        if (filter.vendor !== undefined && job.vendor !== filter.vendor) continue;
        if (filter.state !== undefined && job.state !== filter.state) continue;
        if (filter.operation !== undefined && job.operation !== filter.operation) continue;
        out.push(job);
      }
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  cancel(job: Job, message?: string): boolean {
    if (isTerminal(job.state)) return false;
    this.set(job, { state: 'cancelled', ...(message !== undefined ? { message } : {}) }, 'cancel');
    return true;
  }

  suspend(job: Job, message?: string): boolean {
    if (isTerminal(job.state) || job.state === 'suspended') return false;
    this.clearTimer(job);
    job.suspendedAt = this.clockOf(job.tenant).now();
    this.set(job, { state: 'suspended', ...(message !== undefined ? { message } : {}) }, 'suspend');
    return true;
  }

  resume(job: Job): boolean {
    if (job.state !== 'suspended') return false;
    const now = this.clockOf(job.tenant).now();
    job.pausedMs += now - (job.suspendedAt ?? now);
    delete job.suspendedAt;
    this.set(job, { state: 'running' }, 'resume');
    this.applyDue(job);
    return true;
  }

  /** Force fields (admin API, tests). A terminal state stops the timeline. */
  force(job: Job, patch: JobPatch): void {
    if (patch.state === 'suspended' && job.state !== 'suspended') {
      this.suspend(job, patch.message);
      return;
    }
    if (job.state === 'suspended' && patch.state && patch.state !== 'suspended') {
      const now = this.clockOf(job.tenant).now();
      job.pausedMs += now - (job.suspendedAt ?? now);
      delete job.suspendedAt;
    }
    this.set(job, patch, 'force');
    if (!isTerminal(job.state)) this.applyDue(job);
  }

  /** Vendor-driven change that is not part of the timeline (e.g. storing result data). */
  update(job: Job, patch: JobPatch): void {
    this.set(job, patch, 'update');
  }

  /** Running time of a job: virtual time since start, less time spent suspended. */
  elapsed(job: Job): number {
    const end = job.endedAt ?? (job.state === 'suspended' ? job.suspendedAt! : this.clockOf(job.tenant).now());
    return Math.max(0, end - (job.startedAt ?? job.createdAt) - job.pausedMs);
  }

  removeTenant(tenant: string): void {
    for (const [key, bucket] of this.jobs) {
      if (!key.startsWith(`${tenant}\0`)) continue;
      for (const job of bucket.values()) this.clearTimer(job);
      this.jobs.delete(key);
    }
    for (const key of [...this.counters.keys()]) if (key.startsWith(`${tenant}\0`)) this.counters.delete(key);
  }

  clear(): void {
    for (const t of this.timers.values()) t.clock.cancel(t.timer);
    this.timers.clear();
    this.jobs.clear();
    this.counters.clear();
    this.seq = 0;
  }

  snapshot(): { jobs: Job[]; counters: Record<string, number>; seq: number } {
    return {
      jobs: structuredClone(this.list()),
      counters: Object.fromEntries(this.counters),
      seq: this.seq,
    };
  }

  restore(snap: { jobs: Job[]; counters: Record<string, number>; seq: number }): void {
    this.clear();
    this.seq = snap.seq;
    for (const [k, v] of Object.entries(snap.counters)) this.counters.set(k, v);
    for (const job of snap.jobs) {
      this.bucket(job.tenant, job.vendor).set(job.id, job);
      if (!isTerminal(job.state) && job.state !== 'suspended') this.applyDue(job);
    }
  }

  private bucket(tenant: string, vendor: string): Map<string, Job> {
    const key = `${tenant}\0${vendor}`;
    let b = this.jobs.get(key);
    if (!b) this.jobs.set(key, (b = new Map()));
    return b;
  }

  /** Apply every step whose time has come, then schedule the next one. */
  private applyDue(job: Job): void {
    this.clearTimer(job);
    const clock = this.clockOf(job.tenant);
    while (job.nextStep < job.timeline.length && !isTerminal(job.state) && job.state !== 'suspended') {
      const step = job.timeline[job.nextStep];
      const dueAt = (job.startedAt ?? job.createdAt) + job.pausedMs + step.at;
      if (dueAt > clock.now()) {
        const timer = clock.schedule(dueAt, () => {
          this.timers.delete(job);
          this.applyDue(job);
        });
        this.timers.set(job, { timer, clock });
        return;
      }
      job.nextStep++;
      const { at: _at, ...patch } = step;
      // Stamp the step with its due time: a wall-clock timer under a scaled clock fires late.
      this.set(job, patch, 'timeline', dueAt);
    }
  }

  private set(job: Job, patch: JobPatch, cause: JobChange['cause'], at?: number): void {
    const previous = { state: job.state, progress: job.progress, ...(job.phase !== undefined ? { phase: job.phase } : {}) };
    const { data, ...fields } = patch;
    Object.assign(job, fields);
    if (data) job.data = { ...job.data, ...data };
    const now = at ?? this.clockOf(job.tenant).now();
    job.updatedAt = now;
    if (isTerminal(job.state)) {
      if (job.endedAt === undefined) job.endedAt = now;
      if (job.state === 'succeeded' && patch.progress === undefined) job.progress = 100;
      this.clearTimer(job);
    }
    this.emit(job, previous, cause);
  }

  private emit(job: Job, previous: JobChange['previous'], cause: JobChange['cause']): void {
    this.events.emit('change', { job, previous, cause } satisfies JobChange);
  }

  private clearTimer(job: Job): void {
    const t = this.timers.get(job);
    if (t) t.clock.cancel(t.timer);
    this.timers.delete(job);
  }
}
