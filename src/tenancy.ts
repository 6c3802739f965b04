import type { Faker } from '@faker-js/faker';
import type { Clock } from './clock';
import type { JobEngine } from './jobs/engine';
import { hash32, seededFaker, seededRandom } from './random';
import { encodeValue } from './snapshot';
import type { Scenario } from './scenario/schema';
import type { TenantHandle, VendorJobs, VendorModule, VendorName } from './vendor';

export const TENANT_HEADER = 'x-mock-tenant';

interface TenantRecord {
  id: string;
  handles: Map<string, TenantHandle<unknown> & { state: unknown }>;
}

/**
 * Isolated state per tenant (moto's per-account backends). A tenant comes from the scenario or,
 * when a request names an unknown one in `x-mock-tenant`, is made on the fly from the first
 * (template) tenant, so parallel test workers can each take their own.
 */
export class Tenancy {
  private tenants = new Map<string, TenantRecord>();
  private principals = new Map<string, string>();
  private scenario!: Scenario;

  constructor(
    private readonly modules: ReadonlyMap<string, VendorModule>,
    private readonly clock: Clock,
    private readonly jobs: JobEngine,
  ) {}

  configure(scenario: Scenario): void {
    this.scenario = scenario;
    this.tenants.clear();
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

  handle<S>(vendor: VendorName, tenantId: string): TenantHandle<S> {
    let rec = this.tenants.get(tenantId);
    if (!rec) this.tenants.set(tenantId, (rec = { id: tenantId, handles: new Map() }));
    let h = rec.handles.get(vendor);
    if (!h) {
      h = this.createHandle(vendor, tenantId);
      rec.handles.set(vendor, h);
    }
    return h as TenantHandle<S>;
  }

  /** Forget a tenant's state and jobs (all tenants when no id); scenario credentials stay valid. */
  reset(tenantId?: string): void {
    if (tenantId === undefined) {
      this.tenants.clear();
      this.jobs.clear();
      this.principals.clear();
      this.indexCredentials();
      return;
    }
    this.tenants.delete(tenantId);
    this.jobs.removeTenant(tenantId);
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

  /** Replace every tenant with checked, decoded states (see planRestore): built aside, then swapped in. */
  restore(tenants: ReadonlyMap<string, ReadonlyMap<string, unknown>>, principals: Array<[string, string]>): void {
    const next = new Map<string, TenantRecord>();
    for (const [id, vendors] of tenants) {
      const rec: TenantRecord = { id, handles: new Map() };
      for (const [vendor, state] of vendors) {
        const h = this.createHandle(vendor as VendorName, id);
        h.state = state;
        rec.handles.set(vendor, h);
      }
      next.set(id, rec);
    }
    this.tenants = next;
    this.principals = new Map(principals);
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
        for (const p of m.credentialPrincipals(creds)) {
          // The first tenant to claim a principal keeps it; others are reached by x-mock-tenant.
          const key = `${vendor}\0${p}`;
          if (!this.principals.has(key)) this.principals.set(key, t.id);
        }
      }
    }
  }

  private createHandle(vendor: VendorName, tenantId: string): TenantHandle<unknown> & { state: unknown } {
    const module = this.modules.get(vendor);
    if (!module) throw new Error(`unknown vendor ${vendor}`);
    const def = this.template(tenantId);
    const seed = hash32(`${this.scenario.seed}:${tenantId}:${vendor}`);
    const random = seededRandom(seed);
    let faker: Faker | undefined;
    const fakerOf = () => (faker ??= seededFaker(seed));
    const entities = def.entities?.[vendor] ?? this.scenario.entities[vendor];
    const options = this.scenario.vendors[vendor] ?? {};
    const clock = this.clock;
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
    // The vendor state is built on first use: a request that only gets an error never pays for it.
    let state: unknown;
    let built = false;
    const build = () => {
      built = true;
      state = module.createState({
        tenant: tenantId,
        credentials: def.credentials[vendor],
        entities,
        options,
        seed,
        get faker() {
          return fakerOf();
        },
        random,
        clock,
      });
      return state;
    };
    const handle = {
      id: tenantId,
      get state(): unknown {
        return built ? state : build();
      },
      set state(value: unknown) {
        built = true;
        state = value;
      },
      /** Whether the state exists yet (snapshots skip handles that were never used). */
      get built(): boolean {
        return built;
      },
      jobs,
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
