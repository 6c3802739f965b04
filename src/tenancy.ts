import type { Faker } from '@faker-js/faker';
import type { Clocks } from './clocks';
import type { JobEngine } from './jobs/engine';
import type { Triggers } from './jobs/triggers';
import { hash32, seededFaker, seededRandom } from './random';
import { encodeValue } from './snapshot';
import type { Scenario } from './scenario/schema';
import type { TenantHandle, Vendor, VendorJobs } from './vendor';

export const TENANT_HEADER = 'x-mock-tenant';


/** How many tenants made on the fly (not in the scenario) are kept; the least recently used go first. */
export const DEFAULT_MAX_TENANTS = 1000;

interface TenantRecord {
  id: string;
  /** From the scenario's `tenants` (never evicted). */
  seeded: boolean;
  /** An operation of this tenant has succeeded (see discardUnused). */
  used: boolean;
  /** When the tenant's life began (StateInit.since). */
  since: number;
  handles: Map<string, TenantHandle<unknown> & { state: unknown }>;
}

/**
 * Isolated state per tenant (moto's per-account backends). A tenant comes from the scenario or,
 * when a request names an unknown one in `x-mock-tenant`, is made on the fly from the first
 * (template) tenant, so parallel test workers can each take their own. Tenants made on the fly
 * are capped (least recently used evicted) and one whose first request failed is not kept.
 */
export class Tenancy {
  private tenants = new Map<string, TenantRecord>();
  private principals = new Map<string, string>();
  private scenario!: Scenario;
  /**
   * Records of tenants made on the fly (not seeded by the scenario): `kept` once an operation of
   * theirs succeeded, `unkept` until then (a request in flight, or one an admin query made). Each
   * count is capped on its own, so a flood of refused requests never evicts a tenant in use.
   */
  private kept = 0;
  private unkept = 0;
  /** Virtual time of the scenario's load or last full reset: where seeded tenants' lives begin. */
  private loadedAt = 0;
  /** Tenants reset on their own begin again then. */
  private resetAt = new Map<string, number>();
  maxTenants = DEFAULT_MAX_TENANTS;

  constructor(
    private readonly modules: ReadonlyMap<string, Vendor>,
    private readonly clocks: Clocks,
    private readonly jobs: JobEngine,
    private readonly triggers: Triggers,
  ) {}

  configure(scenario: Scenario): void {
    this.scenario = scenario;
    this.tenants.clear();
    this.kept = this.unkept = 0;
    this.loadedAt = this.clocks.shared.now();
    this.resetAt.clear();
    this.principals.clear();
    this.indexCredentials();
  }

  get defaultTenant(): string {
    return this.scenario.tenants[0]?.id ?? 'default';
  }

  ids(): string[] {
    const ids = new Set([...this.scenario.tenants.map((t) => t.id), ...this.tenants.keys()]);
    return [...ids];
  }

  /** Whether a tenant's record exists (it is in use, or the scenario seeds it and it was used). */
  has(id: string): boolean {
    return this.tenants.has(id) || this.scenario.tenants.some((t) => t.id === id);
  }

  /** The tenant a request belongs to: explicit header, then the caller's principal, then the default. */
  resolve(vendor: string, principal: string | undefined, explicit: string | undefined): string {
    if (explicit) return explicit;
    if (principal !== undefined) {
      const id = this.principals.get(`${vendor}\0${principal}`);
      if (id !== undefined) return id;
    }
    return this.defaultTenant;
  }

  bind(vendor: string, principal: string, tenant: string): void {
    this.principals.set(`${vendor}\0${principal}`, tenant);
  }

  unbind(vendor: string, principal: string): void {
    this.principals.delete(`${vendor}\0${principal}`);
  }

  handle<S>(vendor: string, tenantId: string): TenantHandle<S> {
    let rec = this.tenants.get(tenantId);
    if (!rec) {
      const seeded = this.scenario.tenants.some((t) => t.id === tenantId);
      const since = this.resetAt.get(tenantId) ?? (seeded ? this.loadedAt : this.clocks.of(tenantId).now());
      rec = { id: tenantId, seeded, used: seeded, since, handles: new Map() };
      this.tenants.set(tenantId, rec);
      if (!seeded && ++this.unkept > this.maxTenants) this.evictOldest(false, tenantId);
    } else if (!rec.seeded) {
      // Least recently used last: re-insert on use.
      this.tenants.delete(tenantId);
      this.tenants.set(tenantId, rec);
    }
    let h = rec.handles.get(vendor);
    if (!h) {
      h = this.createHandle(vendor, rec);
      rec.handles.set(vendor, h);
    }
    return h as TenantHandle<S>;
  }

  /** An operation of this tenant succeeded: keep it. */
  keep(tenantId: string): void {
    const rec = this.tenants.get(tenantId);
    if (!rec || rec.used) return;
    rec.used = true;
    if (rec.seeded) return;
    this.unkept--;
    if (++this.kept > this.maxTenants) this.evictOldest(true, tenantId);
  }

  /** Forget a tenant made on the fly whose operations have all failed so far (e.g. an unauthenticated caller). */
  discardUnused(tenantId: string): void {
    const rec = this.tenants.get(tenantId);
    // A clock the tenant was given by name (a test worker set it up first) outlives a failed first request.
    if (rec && !rec.used && !rec.seeded) this.forget(tenantId, 'implicit');
  }

  /**
   * Forget a tenant's state and jobs (all tenants when no id); scenario credentials stay valid.
   * `clock`: drop the tenants' own clocks too (default), `'implicit'` only those nobody asked for
   * by name, `'keep'` none.
   */
  reset(tenantId?: string, opts: { clock?: 'drop' | 'implicit' | 'keep' } = {}): void {
    const clock = opts.clock ?? 'drop';
    const dropClock = (t?: string) => clock !== 'keep' && this.clocks.drop(t, { implicitOnly: clock === 'implicit' });
    if (tenantId === undefined) {
      this.tenants.clear();
      this.kept = this.unkept = 0;
      this.jobs.clear();
      this.triggers.clear();
      dropClock();
      this.loadedAt = this.clocks.shared.now();
      this.resetAt.clear();
      this.principals.clear();
      this.indexCredentials();
      return;
    }
    const rec = this.tenants.get(tenantId);
    if (rec && !rec.seeded) {
      if (rec.used) this.kept--;
      else this.unkept--;
    }
    this.tenants.delete(tenantId);
    this.jobs.removeTenant(tenantId);
    this.triggers.removeTenant(tenantId);
    this.resetAt.set(tenantId, (this.clocks.owns(tenantId) ? this.clocks.of(tenantId) : this.clocks.shared).now());
    dropClock(tenantId);
    for (const [k, v] of [...this.principals]) if (v === tenantId) this.principals.delete(k);
    this.indexCredentials();
  }

  /** Every built tenant state, encoded for JSON (src/snapshot.ts); tenant ids are client input, so the records have no prototype. */
  snapshot(): { tenants: Record<string, Record<string, unknown>>; principals: Array<[string, string]> } {
    const tenants: Record<string, Record<string, unknown>> = Object.create(null);
    for (const rec of this.tenants.values()) {
      const states: Record<string, unknown> = Object.create(null);
      for (const [vendor, h] of rec.handles) states[vendor] = encodeValue(h.state);
      tenants[rec.id] = states;
    }
    return { tenants, principals: [...this.principals] };
  }

  /**
   * Replace every tenant with checked, decoded states (see planRestore): built aside, then
   * swapped in. The replaced states' triggers go; each restored state arms its own (armState).
   */
  restore(tenants: ReadonlyMap<string, ReadonlyMap<string, unknown>>, principals: Array<[string, string]>): void {
    this.triggers.clear();
    const next = new Map<string, TenantRecord>();
    let dynamic = 0;
    for (const [id, vendors] of tenants) {
      const seeded = this.scenario.tenants.some((t) => t.id === id);
      const since = this.resetAt.get(id) ?? (seeded ? this.loadedAt : this.clocks.of(id).now());
      // A restored tenant had work done in it: it is kept (used), and counts against the cap unless seeded.
      const rec: TenantRecord = { id, seeded, used: true, since, handles: new Map() };
      if (!seeded) dynamic++;
      for (const [vendor, state] of vendors) {
        const h = this.createHandle(vendor, rec);
        h.state = state;
        rec.handles.set(vendor, h);
      }
      next.set(id, rec);
    }
    this.tenants = next;
    this.kept = dynamic;
    this.unkept = 0;
    this.principals = new Map(principals);
  }

  /** The least recently used tenant made on the fly, kept or not as `used` says, goes (records are kept in order of use). */
  private evictOldest(used: boolean, except: string): void {
    for (const rec of this.tenants.values()) {
      if (rec.seeded || rec.used !== used || rec.id === except) continue;
      this.forget(rec.id, 'drop');
      return;
    }
  }

  /**
   * Reset a tenant made on the fly that goes (evicted, or never kept) and leave nothing of it:
   * a later request under its name starts a new life, as an unknown name does.
   */
  private forget(tenantId: string, clock: 'drop' | 'implicit'): void {
    this.reset(tenantId, { clock });
    this.resetAt.delete(tenantId);
  }

  private template(tenantId: string): Scenario['tenants'][number] {
    return (
      this.scenario.tenants.find((t) => t.id === tenantId) ?? {
        ...(this.scenario.tenants[0] ?? { credentials: {} }),
        id: tenantId,
      }
    );
  }

  private indexCredentials(): void {
    for (const t of this.scenario.tenants) {
      for (const [vendor, creds] of Object.entries(t.credentials)) {
        const m = this.modules.get(vendor);
        if (!m?.credentialPrincipals || creds === undefined) continue;
        for (const p of (m.credentialPrincipals as (c: unknown) => string[])(creds)) {
          // The first tenant to claim a principal keeps it; others are reached by x-mock-tenant.
          const key = `${vendor}\0${p}`;
          if (!this.principals.has(key)) this.principals.set(key, t.id);
        }
      }
    }
  }

  private createHandle(vendor: string, rec: TenantRecord): TenantHandle<unknown> & { state: unknown } {
    const tenantId = rec.id;
    const since = rec.since;
    const module = this.modules.get(vendor);
    if (!module) throw new Error(`unknown vendor ${vendor}`);
    const def = this.template(tenantId);
    const seed = hash32(`${this.scenario.seed}:${tenantId}:${vendor}`);
    const random = seededRandom(seed);
    let faker: Faker | undefined;
    const fakerOf = () => (faker ??= seededFaker(seed));
    const entities = def.entities?.[vendor] ?? this.scenario.entities[vendor];
    const options = this.scenario.vendors[vendor] ?? {};
    const clocks = this.clocks;
    const engine = this.jobs;
    const jobs: VendorJobs = {
      start: (spec) => engine.start(tenantId, vendor, spec),
      get: (id) => engine.get(tenantId, vendor, id),
      list: (filter = {}) => engine.list({ tenant: tenantId, vendor, ...filter }),
      cancel: (id, message) => {
        const j = engine.get(tenantId, vendor, id);
        return j ? engine.cancel(j, message) : false;
      },
      suspend: (id, message) => {
        const j = engine.get(tenantId, vendor, id);
        return j ? engine.suspend(j, message) : false;
      },
      resume: (id) => {
        const j = engine.get(tenantId, vendor, id);
        return j ? engine.resume(j) : false;
      },
      update: (id, patch) => {
        const j = engine.get(tenantId, vendor, id);
        if (j) engine.update(j, patch);
      },
      elapsed: (job) => engine.elapsed(job),
      onChange: (listener) => {
        const wrapped = (c: Parameters<typeof listener>[0]) => {
          if (c.job.tenant === tenantId && c.job.vendor === vendor) listener(c);
        };
        engine.events.on('change', wrapped);
        return () => engine.events.off('change', wrapped);
      },
    };
    const triggers = this.triggers;
    const ownTriggers = {
      register: (key: string, spec: Parameters<Triggers['register']>[2], since?: number) =>
        triggers.register(tenantId, `${vendor}\0${key}`, spec, since ?? clocks.of(tenantId).now()),
      cancel: (key: string) => triggers.cancel(tenantId, `${vendor}\0${key}`),
      next: (key: string) => triggers.nextOf(tenantId, `${vendor}\0${key}`),
    };
    // The vendor state is built on first use: a request that only gets an error never pays for it.
    let state: unknown;
    let built = false;
    const createState = module.createState as (init: unknown) => unknown;
    const armState = 'armState' in module ? (module.armState as ((tenant: unknown, since: number) => void) | undefined) : undefined;
    const build = () => {
      built = true;
      state = createState({
        tenant: tenantId,
        credentials: def.credentials[vendor],
        entities,
        options,
        seed,
        get faker() {
          return fakerOf();
        },
        random,
        get clock() {
          return clocks.of(tenantId);
        },
        since,
      });
      armState?.(handle, since);
      return state;
    };
    const handle: TenantHandle<unknown> & { state: unknown } = {
      id: tenantId,
      get state(): unknown {
        return built ? state : build();
      },
      set state(value: unknown) {
        built = true;
        state = value;
        armState?.(handle, since);
      },
      jobs,
      triggers: ownTriggers,
      get clock() {
        return clocks.of(tenantId);
      },
      get faker() {
        return fakerOf();
      },
      random,
      bind: (principal: string) => this.bind(vendor, principal, tenantId),
      unbind: (principal: string) => this.unbind(vendor, principal),
    };
    return handle;
  }
}
