import type { Clock, ClockTimer } from '../clock';

/** A recurring trigger: when it next fires after a time, and what it does then. */
export interface TriggerSpec {
  /** The first occurrence strictly after `after`, or undefined when there is none (a one-time schedule that ran). */
  next(after: number): number | undefined;
  /** Run one occurrence; `at` is its virtual time (it may be in the past when it is caught up). */
  fire(at: number): void;
}

interface Armed {
  tenant: string;
  cancelled?: boolean;
  spec: TriggerSpec;
  due: number | undefined;
  timer?: ClockTimer;
  clock?: Clock;
}

/** Occurrences caught up at once at most (a misconfigured every-second schedule over a year). */
export const MAX_CATCH_UP = 10_000;

/**
 * Recurring triggers on tenants' virtual clocks: schedules that start backups, retention that
 * prunes them. A trigger registered late (a tenant's state is built on first use, long after the
 * scenario's start) first catches up every occurrence it has missed, in order, each with its own
 * time; then it waits on its tenant's clock, so advancing the clock by a week fires a week of
 * occurrences in time order with everything else on that clock.
 */
export class Triggers {
  private armed = new Map<string, Armed>();

  constructor(private readonly clockOf: (tenant: string) => Clock) {}

  /** Register (or replace) a trigger; occurrences after `since` that are already due run now. */
  register(tenant: string, key: string, spec: TriggerSpec, since: number): void {
    this.cancel(tenant, key);
    const entry: Armed = { tenant, spec, due: spec.next(since) };
    this.armed.set(this.keyOf(tenant, key), entry);
    this.runDue(entry);
  }

  cancel(tenant: string, key: string): void {
    const k = this.keyOf(tenant, key);
    const entry = this.armed.get(k);
    if (!entry) return;
    entry.cancelled = true;
    this.disarm(entry);
    this.armed.delete(k);
  }

  has(tenant: string, key: string): boolean {
    return this.armed.has(this.keyOf(tenant, key));
  }

  /** When a tenant's trigger next fires. */
  nextOf(tenant: string, key: string): number | undefined {
    return this.armed.get(this.keyOf(tenant, key))?.due;
  }

  /** Move a tenant's triggers to its (new) clock. */
  rearm(tenant: string): void {
    for (const entry of this.armed.values()) if (entry.tenant === tenant) this.runDue(entry);
  }

  removeTenant(tenant: string): void {
    for (const [k, entry] of this.armed) {
      if (entry.tenant !== tenant) continue;
      entry.cancelled = true;
      this.disarm(entry);
      this.armed.delete(k);
    }
  }

  clear(): void {
    for (const entry of this.armed.values()) {
      entry.cancelled = true;
      this.disarm(entry);
    }
    this.armed.clear();
  }

  private keyOf(tenant: string, key: string): string {
    return `${tenant}\0${key}`;
  }

  private disarm(entry: Armed): void {
    if (entry.timer && entry.clock) entry.clock.cancel(entry.timer);
    entry.timer = undefined;
  }

  /** Fire what is due, then wait for the next occurrence on the tenant's clock. */
  private runDue(entry: Armed): void {
    this.disarm(entry);
    const clock = this.clockOf(entry.tenant);
    let fired = 0;
    while (!entry.cancelled && entry.due !== undefined && entry.due <= clock.now() && fired < MAX_CATCH_UP) {
      const at = entry.due;
      entry.due = entry.spec.next(at);
      fired++;
      entry.spec.fire(at);
    }
    if (entry.cancelled || entry.due === undefined) return;
    entry.clock = clock;
    entry.timer = clock.schedule(entry.due, () => {
      entry.timer = undefined;
      this.runDue(entry);
    });
  }
}
