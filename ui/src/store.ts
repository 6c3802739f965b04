import { api, query } from './api';
import type { ClockInfo, Job, JournalBrief, Rule, StreamEvent, VendorInfo } from './types';

/** The tenant picker's "every tenant" choice. */
export const ALL = '*';
/** Entries the page keeps (the journal's own default size); older ones scroll away. */
const JOURNAL_KEEP = 10_000;

const jobKey = (j: { tenant: string; vendor: string; id: string }) => `${j.tenant}\u0000${j.vendor}\u0000${j.id}`;

/**
 * What the page shows, kept current by the event stream: the REST routes give the state, the
 * stream (GET /events, opened first so nothing falls between) gives every change after it.
 * Views listen for `change`, sent at most once per animation frame.
 */
export class Store extends EventTarget {
  tenant = ALL;
  defaultTenant = 'default';
  tenants: string[] = [];
  vendors: VendorInfo[] = [];
  jobs = new Map<string, Job>();
  journal: JournalBrief[] = [];
  rules: Rule[] = [];
  clock: ClockInfo | undefined;
  /** performance.now() when `clock` was read: the page moves it on by itself in real and scaled modes. */
  clockReadAt = 0;
  live = false;
  error = '';
  private source: EventSource | undefined;
  private frame = 0;
  private rulesTimer: ReturnType<typeof setTimeout> | undefined;

  async start(): Promise<void> {
    const t = await api.get<{ default: string; tenants: string[] }>('/tenants');
    this.defaultTenant = t.default;
    this.tenants = t.tenants;
    const wanted = new URLSearchParams(location.hash.slice(1)).get('tenant');
    this.tenant = wanted ?? t.default;
    this.connect();
  }

  setTenant(tenant: string): void {
    if (tenant === this.tenant) return;
    this.tenant = tenant;
    const hash = new URLSearchParams(location.hash.slice(1));
    hash.set('tenant', tenant);
    history.replaceState(null, '', `#${hash}`);
    this.jobs.clear();
    this.journal = [];
    this.changed();
    void this.refresh();
  }

  private follows(tenant: string): boolean {
    return this.tenant === ALL || tenant === this.tenant;
  }

  private noteTenant(tenant: string): void {
    if (!this.tenants.includes(tenant)) this.tenants = [...this.tenants, tenant];
  }

  /** The tenant whose clock and logins the page shows (every tenant: the default one's). */
  get focusTenant(): string {
    return this.tenant === ALL ? this.defaultTenant : this.tenant;
  }

  /** Virtual time now, on the shown clock. */
  now(): number {
    const c = this.clock;
    if (!c) return Date.now();
    if (c.mode === 'manual') return c.epochMs;
    return c.epochMs + (performance.now() - this.clockReadAt) * (c.mode === 'scaled' ? c.scale : 1);
  }

  /** The clock routes' query: the tenant's own clock when it runs one, else the shared clock. */
  clockQuery(): string {
    return this.clock?.own && this.clock.tenant ? query({ tenant: this.clock.tenant }) : '';
  }

  async refresh(): Promise<void> {
    const picked = this.tenant;
    const tenant = picked === ALL ? undefined : picked;
    try {
      const [tenants, vendors, jobs, journal, rules, clock] = await Promise.all([
        api.get<{ default: string; tenants: string[] }>('/tenants'),
        api.get<{ vendors: VendorInfo[] }>(`/vendors${query({ tenant: this.focusTenant })}`),
        api.get<{ jobs: Job[] }>(`/jobs${query({ tenant })}`),
        api.get<{ requests: JournalBrief[] }>(`/journal${query({ tenant, brief: 'true', limit: JOURNAL_KEEP })}`).catch(() => ({ requests: [] })),
        api.get<{ rules: Rule[] }>('/rules'),
        api.get<ClockInfo>(`/clock${query({ tenant: this.focusTenant })}`),
      ]);
      // The picker moved while these were read: the newer refresh wins.
      if (this.tenant !== picked) return;
      this.tenants = tenants.tenants;
      this.defaultTenant = tenants.default;
      this.vendors = vendors.vendors;
      // Events that arrived while these were read are newer than what the routes said: keep them.
      const fresh = new Map<string, Job>();
      for (const j of jobs.jobs) {
        const seen = this.jobs.get(jobKey(j));
        fresh.set(jobKey(j), seen && seen.updatedAt > j.updatedAt ? seen : j);
      }
      this.jobs = fresh;
      const lastListed = journal.requests.at(-1)?.id ?? 0;
      this.journal = [...journal.requests, ...this.journal.filter((e) => e.id > lastListed)];
      this.rules = rules.rules;
      this.setClock(clock);
      this.error = '';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
    this.changed();
  }

  async refreshRules(): Promise<void> {
    this.rules = (await api.get<{ rules: Rule[] }>('/rules')).rules;
    this.changed();
  }

  async refreshClock(): Promise<void> {
    this.setClock(await api.get<ClockInfo>(`/clock${query({ tenant: this.focusTenant })}`));
    this.changed();
  }

  /** Views call this after changing something, and the stream after every event. */
  changed(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.dispatchEvent(new Event('change'));
    });
  }

  private setClock(c: ClockInfo): void {
    this.clock = c;
    this.clockReadAt = performance.now();
  }

  /**
   * One stream for the page's life, every tenant (brief frames: no bodies), so the picker learns
   * of new tenants as they appear; the views keep what the picker follows.
   */
  private connect(): void {
    this.source?.close();
    const source = new EventSource(`/events${query({ brief: 'true', tail: 0 })}`);
    this.source = source;
    // Opened (or reopened after a drop): read the state afresh, the stream carries on from here.
    source.onopen = () => {
      this.live = true;
      void this.refresh();
    };
    source.onerror = () => {
      this.live = false;
      this.changed();
    };
    const on = <T>(type: string, fn: (e: StreamEvent<T>) => void) =>
      source.addEventListener(type, (m) => {
        fn(JSON.parse((m as MessageEvent<string>).data) as StreamEvent<T>);
        this.changed();
      });
    on<JournalBrief>('request', (e) => {
      this.noteTenant(e.data.tenant);
      if (!this.follows(e.data.tenant)) return;
      const last = this.journal.at(-1);
      if (last && e.data.id <= last.id) return;
      this.journal.push(e.data);
      if (this.journal.length > JOURNAL_KEEP * 1.1) this.journal = this.journal.slice(-JOURNAL_KEEP);
    });
    on<Job>('job', (e) => {
      this.noteTenant(e.data.tenant);
      if (!this.follows(e.data.tenant)) return;
      const key = jobKey(e.data);
      const seen = this.jobs.get(key);
      if (!seen || e.data.updatedAt >= seen.updatedAt) this.jobs.set(key, e.data);
    });
    on<ClockInfo & { action: string }>('clock', (e) => {
      const shown = this.clock;
      const mine = e.tenant === undefined ? !shown?.own : e.tenant === this.focusTenant;
      if (mine) this.setClock({ ...e.data, pendingTimers: shown?.pendingTimers ?? 0, ...(e.tenant ? { tenant: e.tenant, own: true } : shown?.tenant ? { tenant: shown.tenant, own: false } : {}) });
    });
    on('rule', () => {
      clearTimeout(this.rulesTimer);
      this.rulesTimer = setTimeout(() => void this.refreshRules(), 100);
    });
    on('scenario', () => void this.refresh());
    on('reset', () => void this.refresh());
    // This page fell behind and events were dropped for it: read everything again.
    source.addEventListener('dropped', () => void this.refresh());
  }
}

export const store = new Store();
