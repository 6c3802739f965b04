import { checkScale, Clock, parseInstant, type ClockChange, type ClockMode, type ClockOptions } from './clock';
import { parseDuration, TimeInputError, type Duration } from './duration';

/**
 * The virtual clocks of a harness: one shared clock, and a clock of its own for any tenant that
 * asks (`clock.perTenant` in the scenario, or a clock route naming the tenant), so parallel test
 * workers are independent in time as well as in state. A tenant without its own clock follows
 * the shared one.
 */
export class Clocks {
  private own = new Map<string, Clock>();
  /** Tenants whose clock was asked for by name (a clock route, `clockOf(t).advance`): kept when a failed first request discards the tenant. */
  private named = new Set<string>();
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
    return this.own.get(tenant) ?? (this.perTenant ? this.make(tenant) : this.shared);
  }

  /** The tenant's own clock, if it runs one (the shared clock is not returned). */
  ownOf(tenant: string): Clock | undefined {
    return this.own.get(tenant);
  }

  /** Whether the tenant runs its own clock. */
  owns(tenant: string): boolean {
    return this.own.has(tenant);
  }

  /** The tenant's own clock, made from the shared one (same mode, scale and time) if it has none. */
  fork(tenant: string, options?: ClockOptions): Clock {
    this.named.add(tenant);
    return this.make(tenant, options);
  }

  private make(tenant: string, options?: ClockOptions): Clock {
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

  /**
   * Forget a tenant's own clock (its timers are the job engine's to cancel first); all of them
   * when no tenant is given. `implicitOnly`: keep it if it was asked for by name.
   */
  drop(tenant?: string, opts: { implicitOnly?: boolean } = {}): void {
    const drop = tenant === undefined ? [...this.own.keys()] : [tenant];
    for (const t of drop) {
      if (opts.implicitOnly && this.named.has(t)) continue;
      this.own.get(t)?.dispose();
      this.own.delete(t);
      this.named.delete(t);
    }
  }

  dispose(): void {
    this.shared.dispose();
    for (const c of this.own.values()) c.dispose();
  }
}

/**
 * One tenant's clock as a test drives it (`harness.clockOf('worker-1')`): reads show the clock the
 * tenant follows (its own, or the shared one); a move (advance, set, setMode) gives the tenant a
 * clock of its own first, so every other tenant stays where it is. The admin clock routes with
 * `?tenant=` behave the same way.
 */
export class TenantClock {
  constructor(
    private readonly clocks: Clocks,
    readonly tenant: string,
  ) {}

  /** Whether the tenant runs its own clock (false: it follows the shared one). */
  get own(): boolean {
    return this.clocks.owns(this.tenant);
  }

  get mode(): ClockMode {
    return this.clocks.of(this.tenant).mode;
  }

  get scale(): number {
    return this.clocks.of(this.tenant).scale;
  }

  now(): number {
    return this.clocks.of(this.tenant).now();
  }

  date(): Date {
    return this.clocks.of(this.tenant).date();
  }

  /** Timers waiting on the clock the tenant follows (the shared clock's are every tenant's that follows it). */
  pending(): number {
    return this.clocks.of(this.tenant).pending();
  }

  /** Move the tenant's own clock forward, firing its due timers; returns how many fired. */
  advance(by: Duration): number {
    // Checked before the tenant gets a clock of its own: a refused move changes nothing.
    const ms = parseDuration(by);
    return this.clocks.fork(this.tenant).advance(ms);
  }

  /** Jump the tenant's own clock forward to a time. */
  set(to: string | number): number {
    parseInstant(to);
    return this.clocks.fork(this.tenant).set(to);
  }

  setMode(mode: ClockMode, scale?: number): void {
    if (mode !== 'real' && mode !== 'scaled' && mode !== 'manual') throw new TimeInputError(`invalid clock mode ${JSON.stringify(mode)} (real, scaled or manual)`);
    if (mode === 'scaled' && scale !== undefined) checkScale(scale);
    this.clocks.fork(this.tenant).setMode(mode, scale);
  }

  /** Resolves once the tenant's clock has moved by `delay`. */
  sleep(delay: Duration): Promise<void> {
    return this.clocks.of(this.tenant).sleep(delay);
  }
}
