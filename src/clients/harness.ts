import type { ClockMode } from '../clock';
import type { Duration } from '../duration';
import type { ResetPart } from '../engine';
import type { RuleInput } from '../faults';
import type { ResetOptions, RuleView } from '../harness';
import { listenerUrl, type HarnessUrls } from '../urls';
import type { Job, JobPatch } from '../jobs/engine';
import type { JobState } from '../jobs/timeline';
import type { JournalBrief, JournalCriteria, JournalEntry } from '../journal';
import type { VendorName } from '../registry';
import { TENANT_HEADER } from '../tenancy';
import { checkCount, RECENT_SHOWN, VerificationError, verificationMessage, type Count } from '../verify';
import { AdminApi, AdminApiError } from './admin-api';

/** A built-in vendor's name (completed by editors), or a custom module's. */
type Name = VendorName | (string & {});

export interface ConnectOptions {
  /** The tenant every call is about: its clock, jobs, journal entries, rules and reset (default: none, the whole harness). */
  tenant?: string;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** A clock as the admin API shows it. */
export interface ClockView {
  now: string;
  epochMs: number;
  mode: ClockMode;
  scale: number;
  pendingTimers: number;
  /** With a tenant: whether it runs a clock of its own (false: it follows the shared one). */
  own?: boolean;
  tenant?: string;
}

/** A job as the admin API answers it, with the vendor's word for its state. */
export type RemoteJob = Job & { vendorStatus?: string };

export interface ScenarioLoaded {
  loaded: true;
  name: string | null;
  tenants: string[];
  rules: number;
  jobs: number;
}

/**
 * The harness of another process (a Jest globalSetup, `backup-mocks serve`, a container) through
 * its admin API, with the in-process `Harness` API made async: clock, jobs, journal (find,
 * count, verify with the same messages), rules, scenario, reset and URLs. Bound to a tenant, every
 * call is about that tenant: its own clock, its jobs, its journal entries, rules that match it
 * only, and a reset of it alone; `headers` and `fetch` carry the tenant to the vendors.
 */
export class RemoteHarness {
  /** Tells the Jest matcher (and anyone else) that its answers come asynchronously. */
  readonly remote = true;
  readonly urls: HarnessUrls;

  constructor(
    private readonly api: AdminApi,
    urls: HarnessUrls,
    readonly tenant: string | undefined,
    private readonly fetchImpl: typeof fetch,
  ) {
    this.urls = urls;
  }

  get adminUrl(): string {
    return this.api.url;
  }

  /** The headers a vendor request needs to land in this client's tenant (`{}` without one). */
  get headers(): Record<string, string> {
    return this.tenant === undefined ? {} : { [TENANT_HEADER]: this.tenant };
  }

  /** A client of the same harness bound to another tenant. */
  forTenant(tenant: string): RemoteHarness {
    return new RemoteHarness(this.api, this.urls, tenant, this.fetchImpl);
  }

  /** Base URL of one vendor listener, e.g. url('vcenter', 'https') (default: its first listener). */
  url(vendor: Name, listener?: string): string {
    return listenerUrl(this.urls, vendor, listener);
  }

  /**
   * A request to a vendor, in this client's tenant (x-mock-tenant added): `fetch('dds', '/v3')`.
   * Plain HTTP by default (Node's fetch does not trust the generated certificate); `listener`
   * picks another.
   */
  fetch(vendor: Name, path: string, init: RequestInit & { listener?: string } = {}): Promise<Response> {
    const { listener, headers, ...rest } = init;
    const urls = this.urls.vendors[vendor] ?? {};
    const base = this.url(vendor, listener ?? ('http' in urls ? 'http' : undefined));
    const h = new Headers(headers);
    for (const [k, v] of Object.entries(this.headers)) if (!h.has(k)) h.set(k, v);
    return this.fetchImpl(`${base}${path}`, { ...rest, headers: h });
  }

  /** The tenant's clock (its own, or the shared one it follows; the shared clock without a tenant). A move gives the tenant a clock of its own first. */
  get clock() {
    const call = <T>(path: string, body?: unknown) => this.api.call<T>(path, { tenant: this.tenant, ...(body !== undefined ? { method: 'POST' as const, body } : {}) }).then((r) => r.body);
    return {
      info: (): Promise<ClockView> => call<ClockView>('/clock'),
      now: async (): Promise<number> => (await call<ClockView>('/clock')).epochMs,
      date: async (): Promise<Date> => new Date((await call<ClockView>('/clock')).epochMs),
      /** Returns how many timers fired, as Clock.advance does. */
      advance: async (by: Duration): Promise<number> => (await call<{ firedTimers: number }>('/clock/advance', { by })).firedTimers,
      set: async (to: string | number): Promise<number> => (await call<{ firedTimers: number }>('/clock/set', { to })).firedTimers,
      setMode: async (mode: ClockMode | `x${number}`, scale?: number): Promise<void> => {
        await call('/clock/mode', { mode, ...(scale !== undefined ? { scale } : {}) });
      },
    };
  }

  /** Jobs of this client's tenant (or of every tenant without one); `tenant` names another. */
  get jobs() {
    const one = (vendor: Name, id: string) => `/jobs/${encodeURIComponent(vendor)}/${encodeURIComponent(id)}`;
    const act = async (action: 'cancel' | 'suspend' | 'resume', vendor: Name, id: string, tenant?: string): Promise<boolean> => {
      const r = await this.api.call(`${one(vendor, id)}/${action}`, { method: 'POST', tenant: tenant ?? this.tenant, accept: [409] });
      return r.status !== 409;
    };
    return {
      list: async (filter: { vendor?: Name; tenant?: string; state?: JobState; operation?: string } = {}): Promise<RemoteJob[]> => {
        const { tenant, ...query } = filter;
        return (await this.api.call<{ jobs: RemoteJob[] }>('/jobs', { query, tenant: tenant ?? this.tenant })).body.jobs;
      },
      get: async (vendor: Name, id: string, tenant?: string): Promise<RemoteJob | undefined> => {
        const r = await this.api.call<RemoteJob>(one(vendor, id), { tenant: tenant ?? this.tenant, accept: [404] });
        return r.status === 404 ? undefined : r.body;
      },
      force: async (vendor: Name, id: string, patch: JobPatch, tenant?: string): Promise<RemoteJob> =>
        (await this.api.call<RemoteJob>(`${one(vendor, id)}/state`, { body: patch, tenant: tenant ?? this.tenant })).body,
      cancel: (vendor: Name, id: string, tenant?: string) => act('cancel', vendor, id, tenant),
      suspend: (vendor: Name, id: string, tenant?: string) => act('suspend', vendor, id, tenant),
      resume: (vendor: Name, id: string, tenant?: string) => act('resume', vendor, id, tenant),
    };
  }

  /** Journal entries matching the criteria (this client's tenant's, unless the criteria name one). */
  async find(criteria: JournalCriteria = {}): Promise<JournalEntry[]> {
    return (await this.api.call<{ requests: JournalEntry[] }>('/journal/find', { body: criteria, tenant: this.tenant })).body.requests;
  }

  async count(criteria: JournalCriteria = {}): Promise<number> {
    return (await this.api.call<{ count: number }>('/journal/count', { body: criteria, tenant: this.tenant })).body.count;
  }

  /** Rejects with a VerificationError, worded as the in-process harness's, unless the count fits (default: at least one). */
  async verify(criteria: JournalCriteria, count?: Count): Promise<JournalEntry[]> {
    const found = await this.find(criteria);
    const { ok, want } = checkCount(found.length, count);
    if (!ok) throw new VerificationError(verificationMessage(criteria, want, found.length, await this.recent()));
    return found;
  }

  /** The newest journal entries (this client's tenant's), without headers and bodies. */
  async recent(limit = RECENT_SHOWN): Promise<JournalBrief[]> {
    return (await this.api.call<{ requests: JournalBrief[] }>('/journal', { query: { limit, brief: true }, tenant: this.tenant })).body.requests;
  }

  get journal() {
    return {
      find: (criteria?: JournalCriteria) => this.find(criteria),
      count: (criteria?: JournalCriteria) => this.count(criteria),
      verify: (criteria: JournalCriteria, count?: Count) => this.verify(criteria, count),
      /** Forget this client's tenant's entries (all of them without a tenant). */
      clear: async (): Promise<void> => {
        await this.api.call('/journal', { method: 'DELETE', tenant: this.tenant });
      },
    };
  }

  /** Live rules. Bound to a tenant, a rule added matches that tenant's requests only (unless its `match.tenant` says otherwise). */
  get rules() {
    return {
      add: async (rule: RuleInput): Promise<number> => {
        const scoped = this.tenant === undefined || rule.match?.tenant !== undefined ? rule : { ...rule, match: { ...rule.match, tenant: this.tenant } };
        return (await this.api.call<{ id: number }>('/rules', { body: scoped })).body.id;
      },
      remove: async (id: number): Promise<boolean> => (await this.api.call(`/rules/${id}`, { method: 'DELETE', accept: [404] })).status !== 404,
      list: async (): Promise<RuleView[]> => (await this.api.call<{ rules: RuleView[] }>('/rules')).body.rules,
    };
  }

  /**
   * Replace the scenario (YAML text or an object; `include:` resolves against the server's
   * scenarioBase). It is the whole harness's, every tenant's: a worker that needs its own
   * behaviour adds rules instead.
   */
  async loadScenario(scenario: string | Record<string, unknown>): Promise<ScenarioLoaded> {
    return (await this.api.call<ScenarioLoaded>('/scenario', { body: scenario })).body;
  }

  /**
   * Start again: this client's tenant (its state, jobs, journal entries and own clock), or
   * everything without a tenant; `{ keep: ['journal', 'clock'] }` leaves those as they are.
   */
  async reset(target?: string | ResetOptions): Promise<void> {
    const o: ResetOptions = typeof target === 'string' ? { tenant: target } : (target ?? {});
    const keep: readonly ResetPart[] = o.keep ?? [];
    await this.api.call('/reset', { method: 'POST', tenant: o.tenant ?? this.tenant, query: { keep: keep.length ? keep.join(',') : undefined } });
  }
}

/**
 * Connect to a running harness's admin API (e.g. `process.env.BACKUP_MOCKS_ADMIN_URL`, which the
 * Jest global setup exports), optionally bound to a tenant:
 * `await connectHarness(process.env.BACKUP_MOCKS_ADMIN_URL, { tenant: \`worker-${process.env.JEST_WORKER_ID}\` })`.
 */
export async function connectHarness(adminUrl: string | undefined, options: ConnectOptions = {}): Promise<RemoteHarness> {
  if (adminUrl === undefined || adminUrl === '') {
    throw new AdminApiError(0, 'no admin URL: give the admin API address (BACKUP_MOCKS_ADMIN_URL is set by the Jest global setup backup-mocks/jest/global-setup)');
  }
  if (options.tenant !== undefined && options.tenant.trim() === '') throw new AdminApiError(0, 'tenant: a non-empty name');
  const fetchImpl = options.fetch ?? fetch;
  const api = new AdminApi(adminUrl.replace(/\/+$/, ''), fetchImpl);
  const { body } = await api.call<{ admin?: string; vendors: Array<{ name: string; urls: Record<string, string> }> }>('/vendors');
  const urls: HarnessUrls = { admin: api.url, vendors: {} };
  for (const v of body.vendors) if (Object.keys(v.urls).length) urls.vendors[v.name] = v.urls;
  return new RemoteHarness(api, urls, options.tenant, fetchImpl);
}
