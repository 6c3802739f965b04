import { Clock, type ClockChange, type ClockOptions } from './clock';

/**
 * The virtual clocks of a harness: one shared clock, and a clock of its own for any tenant that
 * asks (`clock.perTenant` in the scenario, or a clock route naming the tenant), so parallel test
 * workers are independent in time as well as in state. A tenant without its own clock follows
 * the shared one.
 */
export class Clocks {
  private own = new Map<string, Clock>();
  /** Every tenant gets its own clock on first use (scenario `clock.perTenant`). */
  perTenant = false;
  /** Called when a tenant's jobs must move to its new clock. */
  onFork: (tenant: string) => void = () => undefined;
  /** Called when a clock is moved or reconfigured, or a tenant gets its own (`tenant` undefined: the shared clock). */
  onChange: (tenant: string | undefined, clock: Clock, change: ClockChange | { action: 'fork' }) => void = () => undefined;

  constructor(readonly shared: Clock) {
    shared.onChange = (change) => this.onChange(undefined, shared, change);
  }

  /** The clock a tenant's jobs, sessions and timestamps follow. */
  of(tenant: string): Clock {
    return this.own.get(tenant) ?? (this.perTenant ? this.fork(tenant) : this.shared);
  }

  /** Whether the tenant runs its own clock. */
  owns(tenant: string): boolean {
    return this.own.has(tenant);
  }

  /** The tenant's own clock, made from the shared one (same mode, scale and time) if it has none. */
  fork(tenant: string, options?: ClockOptions): Clock {
    let clock = this.own.get(tenant);
    if (!clock) {
      const s = this.shared;
      const own = new Clock(options ?? { mode: s.mode, scale: s.scale, start: s.now() });
      own.onChange = (change) => this.onChange(tenant, own, change);
      this.own.set(tenant, own);
      this.onFork(tenant);
      this.onChange(tenant, own, { action: 'fork' });
      clock = own;
    }
    return clock;
  }

  /** The tenants that run their own clock. */
  tenants(): string[] {
    return [...this.own.keys()];
  }

  /** Forget a tenant's own clock (its timers are the job engine's to cancel first). */
  drop(tenant?: string): void {
    const drop = tenant === undefined ? [...this.own.keys()] : [tenant];
    for (const t of drop) {
      this.own.get(t)?.dispose();
      this.own.delete(t);
    }
  }

  dispose(): void {
    this.shared.dispose();
    for (const c of this.own.values()) c.dispose();
  }
}
