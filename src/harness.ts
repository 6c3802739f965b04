import { privateCacheDir } from '../lib/cache-dir';
import { Engine, type ResetPart } from './engine';
import { TenantClock } from './clocks';
import { RuleError, type RuleInput, type RuleSpec } from './faults';
import { parseClockSpec, type ClockOptions } from './clock';
import type { JobPatch } from './jobs/engine';
import type { JournalCriteria, JournalEntry } from './journal';
import { checkCount, RECENT_SHOWN, VerificationError, verificationMessage, type Count } from './verify';
import type { DroppedNotice, EventFilter, EventOf, EventType, HarnessEvent } from './events/types';
import { iterateFeed } from './events/iterate';
import { VENDORS } from './registry';
import { runtime } from './runtime';
import EMPTY_SCENARIO from './scenario/empty-scenario.json';
import { expandIncludes, expandInline } from './scenario/includes';
import type { ScenarioSource } from './scenario/load';
import { resolveScenarioFile, sourceOf } from './scenario/sources';
import { fileScenarioCache, type ScenarioCache } from './scenario/cache';
import type { Scenario } from './scenario/schema';
import { VendorServers, type RunningListener } from './server';
import { startAdmin, type AdminServer } from './admin/server';
import { selfSignedTls, type TlsMaterial } from './tls';
import type { VendorName } from './registry';
import type { Vendor } from './vendor';

/** A built-in vendor's name (completed by editors), or a custom module's. */
type Name = VendorName | (string & {});
import { ADMIN_LISTENER } from './ports';
import { listenerUrl, type HarnessUrls } from './urls';

export interface HarnessOptions {
  /** Scenario files (YAML or JSON) or names of shipped scenarios (`vcenter-demo`), loaded together in order. */
  scenarioFiles?: string[];
  /** Scenarios given in code: YAML/JSON text or objects, loaded after the files. */
  scenario?: string | Record<string, unknown> | Array<string | Record<string, unknown>>;
  /**
   * The folder that `include:` paths of scenarios given in code resolve against (the `scenario`
   * option, loadScenario with text or objects, POST /scenario). Default: the current folder.
   */
  scenarioBase?: string;
  /** Overrides the scenario's clock: 'real', 'manual', 'x60' or full options. */
  clock?: string | ClockOptions;
  host?: string;
  /** 'ephemeral' (library default), 'default' ports, or a port base. */
  ports?: 'ephemeral' | 'default' | number;
  /** Serve the admin API too (default true). */
  admin?: boolean;
  /**
   * Host names (besides loopback names and `host`) the admin API answers and accepts writes from
   * (CLI: --admin-allow-host). `['*']` accepts any name: only on a trusted network.
   */
  adminAllowHosts?: string[];
  journalSize?: number;
  strict?: boolean;
  /** Serve only these vendors (default: every vendor the scenario enables). */
  vendors?: Name[];
  tls?: TlsMaterial;
  /**
   * Names the generated certificate covers besides localhost, 127.0.0.1 and ::1: DNS names or IP
   * addresses, e.g. a CI service container's host name (ignored when `tls` is given).
   */
  tlsNames?: string[];
  /** false: no HTTPS/TLS listeners (default true). */
  tlsEnabled?: boolean;
  /** Vendor modules to serve instead of the built-in ones (custom or test vendors). */
  modules?: readonly Vendor[];
  /**
   * Where validated scenarios are kept between runs (src/scenario/cache.ts). Default: the cache
   * folder, when running from the built package with the built-in vendors; `false`: validate
   * every time.
   */
  scenarioCache?: ScenarioCache | false;
}

export type { HarnessUrls } from './urls';

export { checkCount, VerificationError, type Count } from './verify';

/** What `reset` starts again: state and jobs always; the journal and the clock unless kept. */
export interface ResetOptions {
  /** Reset one tenant: its state, jobs, journal entries and own clock (default: everything). */
  tenant?: string;
  /** Leave these as they are: `['journal']`, `['clock']` or both. */
  keep?: readonly ResetPart[];
}

/** A live rule as `rules.list()` and `GET /rules` show it: its spec, id and hit counts. */
export type RuleView = RuleSpec & { id: number; seen: number; fired: number };

/** Which events `harness.events()` yields, and from where. */
export interface EventsOptions {
  vendor?: Name | Name[];
  tenant?: string | string[];
  types?: EventType | EventType[];
  /** Replay kept events after this id first (0: every kept event). */
  since?: number;
  /** Replay the newest N kept events first (default 0: from now on). */
  tail?: number;
  /** Events held for a consumer that falls behind (default 1000); past it the oldest are dropped and a `dropped` notice says how many. */
  buffer?: number;
}

const listOf = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** A running harness: URLs, typed handles on the engine, and stop(). */
export class Harness {
  readonly urls: HarnessUrls = { vendors: {} };
  private admin?: AdminServer;
  private material?: TlsMaterial;
  private stopping?: Promise<void>;
  private markStopped!: () => void;
  /** Settles once the harness has stopped, whoever stopped it (the CLI exits then). */
  readonly stopped = new Promise<void>((resolve) => (this.markStopped = resolve));

  constructor(
    readonly engine: Engine,
    private servers: VendorServers,
    private readonly options: HarnessOptions,
  ) {}

  /** TLS material the listeners present when it is not the default localhost certificate (`tls` or `tlsNames`). */
  get tls(): TlsMaterial | undefined {
    return this.material;
  }

  /** The shared clock (every tenant without a clock of its own follows it). */
  get clock() {
    return this.engine.clock;
  }

  /**
   * One tenant's clock: reads show the clock it follows; advance, set and setMode give it a clock
   * of its own first, so other tenants stay where they are (`?tenant=` on the admin clock routes).
   */
  clockOf(tenant: string): TenantClock {
    return new TenantClock(this.engine.clocks, tenant);
  }

  get journal() {
    return this.engine.journal;
  }

  get listeners(): RunningListener[] {
    return this.servers.listeners;
  }

  /** Base URL of one vendor listener, e.g. url('vcenter', 'https'). */
  url(vendor: Name, listener?: string): string {
    return listenerUrl(this.urls, vendor, listener);
  }

  get jobs() {
    const engine = this.engine;
    const find = (vendor: string, id: string, tenant?: string) => {
      const job = engine.jobs.get(tenant ?? engine.tenancy.defaultTenant, vendor, id);
      if (!job) throw new Error(`no ${vendor} job ${id} in tenant ${tenant ?? engine.tenancy.defaultTenant}`);
      return job;
    };
    return {
      list: (filter: Parameters<Engine['jobs']['list']>[0] = {}) => engine.jobs.list(filter),
      get: (vendor: Name, id: string, tenant?: string) => engine.jobs.get(tenant ?? engine.tenancy.defaultTenant, vendor, id),
      force: (vendor: Name, id: string, patch: JobPatch, tenant?: string) => engine.jobs.force(find(vendor, id, tenant), patch),
      cancel: (vendor: Name, id: string, tenant?: string) => engine.jobs.cancel(find(vendor, id, tenant)),
      suspend: (vendor: Name, id: string, tenant?: string) => engine.jobs.suspend(find(vendor, id, tenant)),
      resume: (vendor: Name, id: string, tenant?: string) => engine.jobs.resume(find(vendor, id, tenant)),
    };
  }

  /**
   * Call `listener` with every event of a type ('*': all), synchronously as it is published;
   * returns the function that stops it. Keep it quick: it runs inside the request or timer that
   * made the event. For a consumer that may fall behind, use `events()`.
   */
  on(type: '*', listener: (event: HarnessEvent) => void, filter?: Omit<EventsOptions, 'types' | 'since' | 'tail' | 'buffer'>): () => void;
  on<K extends EventType>(type: K, listener: (event: EventOf<K>) => void, filter?: Omit<EventsOptions, 'types' | 'since' | 'tail' | 'buffer'>): () => void;
  on(type: EventType | '*', listener: (event: never) => void, filter: Omit<EventsOptions, 'types' | 'since' | 'tail' | 'buffer'> = {}): () => void {
    const f: EventFilter = {
      ...(type !== '*' ? { types: [type] } : {}),
      ...(filter.vendor !== undefined ? { vendor: listOf(filter.vendor) } : {}),
      ...(filter.tenant !== undefined ? { tenant: listOf(filter.tenant) } : {}),
    };
    return this.engine.events.on(listener as (event: HarnessEvent) => void, f);
  }

  /**
   * The events as an async iterator, from now on (or replayed from `since`/`tail`), through a
   * bounded buffer: `for await (const e of h.events({ vendor: 'vcenter', types: 'job' }))`.
   * Leaving the loop unsubscribes; `stop()` ends it.
   */
  events(options: EventsOptions = {}): AsyncIterableIterator<HarnessEvent | DroppedNotice> {
    const filter: EventFilter = {
      ...(options.vendor !== undefined ? { vendor: listOf(options.vendor) } : {}),
      ...(options.tenant !== undefined ? { tenant: listOf(options.tenant) } : {}),
      ...(options.types !== undefined ? { types: listOf(options.types) } : {}),
    };
    const feed = this.engine.events.subscribe(filter, {
      ...(options.since !== undefined ? { since: options.since } : { tail: options.tail ?? 0 }),
      ...(options.buffer !== undefined ? { limit: options.buffer } : {}),
    });
    return iterateFeed(feed);
  }

  /**
   * Replace the scenario with these: YAML/JSON text, objects, or sources (`{file, text}`).
   * Their includes resolve against `scenarioBase`. Listeners stay where they are.
   */
  loadScenario(...inputs: Array<string | Record<string, unknown> | ScenarioSource>): Scenario {
    const sources = inputs.map((i, n) =>
      typeof i === 'object' && 'file' in i && 'text' in i ? (i as ScenarioSource) : sourceOf(i as string | Record<string, unknown>, `<scenario ${n + 1}>`),
    );
    return this.replaceScenario(expandInline(sources, this.options.scenarioBase ?? process.cwd()));
  }

  /** Replace the scenario with these files (or shipped scenario names), includes followed. */
  loadScenarioFiles(...files: string[]): Scenario {
    return this.replaceScenario(expandIncludes(files.map(resolveScenarioFile)));
  }

  /** Replace the scenario with sources already read (files first, then their overrides). */
  replaceScenario(sources: ScenarioSource[]): Scenario {
    const scenario = this.engine.parse(sources);
    this.engine.load(scenario, clockOverride(this.options));
    return scenario;
  }

  /** Live rules: add one (the scenario rule shape; returns its id), remove one, list them with hit counts. */
  get rules() {
    const rules = this.engine.rules;
    return {
      add: (rule: RuleInput): number => {
        // Required here: zod loads only when something is validated.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { ruleSchema } = require('./faults-schema') as typeof import('./faults-schema');
        const r = ruleSchema.safeParse(rule);
        if (!r.success) throw new RuleError(`invalid rule: ${r.error.issues.map((i) => `${['rule', ...i.path].join('.')}: ${i.message}`).join('; ')}`);
        return rules.add(r.data).id;
      },
      remove: (id: number): boolean => rules.remove(id),
      list: (): RuleView[] => rules.list().map((r) => ({ id: r.id, ...r.spec, seen: r.seen, fired: r.fired })),
    };
  }

  /**
   * Start again: state, jobs, the journal and the clock (WireMock's reset clears the journal too).
   * `reset('worker-1')` or `{ tenant }`: that tenant only (its entries, its own clock);
   * `{ keep: ['journal', 'clock'] }` leaves those as they are.
   */
  reset(target?: string | ResetOptions): void {
    const o: ResetOptions = typeof target === 'string' ? { tenant: target } : (target ?? {});
    this.engine.reset(o.tenant, o.keep ? { keep: o.keep } : {});
  }

  find(criteria: JournalCriteria = {}): JournalEntry[] {
    return this.engine.journal.find(criteria);
  }

  count(criteria: JournalCriteria = {}): number {
    return this.engine.journal.countOf(criteria);
  }

  /** Throws with the journal's nearest entries unless the count fits (default: at least one). */
  verify(criteria: JournalCriteria, count?: Count): JournalEntry[] {
    const found = this.find(criteria);
    const { ok, want } = checkCount(found.length, count);
    if (!ok) throw new VerificationError(verificationMessage(criteria, want, found.length, this.engine.journal.all().slice(-RECENT_SHOWN)));
    return found;
  }

  /** Close every listener and the admin API; stops the clock. Calling it again waits for the same stop. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        this.engine.events.closeFeeds();
        await this.admin?.close();
        await this.servers.stop();
        this.engine.triggers.clear();
        this.engine.clocks.dispose();
        this.engine.jobs.clear();
      } finally {
        this.markStopped();
      }
    })();
    return this.stopping;
  }

  /** @internal */
  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    const ports = this.options.ports ?? 'ephemeral';
    if (this.options.tls) this.material = this.options.tls;
    else if (this.options.tlsNames?.length && this.options.tlsEnabled !== false) this.material = await selfSignedTls(this.options.tlsNames);
    const tls = { ...(this.material ? { tls: this.material } : {}), ...(this.options.tlsEnabled === false ? { tlsEnabled: false } : {}) };
    for (const l of await this.servers.start({ host, ports, ...tls })) {
      (this.urls.vendors[l.vendor] ??= {})[l.listener] = l.url;
    }
    if (this.options.admin !== false) {
      const port = ports === 'ephemeral' ? 0 : ports === 'default' ? ADMIN_LISTENER.defaultPort : ports + ADMIN_LISTENER.offset;
      this.admin = await startAdmin(this, host, port, this.options.adminAllowHosts ? { allowHosts: this.options.adminAllowHosts } : {});
      this.urls.admin = this.admin.url;
    }
  }
}

function clockOverride(o: HarnessOptions): { clock?: ClockOptions } {
  if (o.clock === undefined) return {};
  return { clock: typeof o.clock === 'string' ? parseClockSpec(o.clock) : o.clock };
}

/**
 * The validated-scenario cache a harness uses unless told otherwise: one keyed by the build
 * (so only when the launcher gave a build id: never from source), for the built-in vendors only
 * (other modules validate differently).
 */
function scenarioCacheOf(options: HarnessOptions): ScenarioCache | undefined {
  if (options.scenarioCache !== undefined) return options.scenarioCache || undefined;
  const dir = options.modules || !runtime.buildId ? undefined : privateCacheDir();
  return dir && runtime.buildId ? fileScenarioCache(dir, runtime.buildId) : undefined;
}

/**
 * A harness with its scenario loaded, not listening: what `vendorApp` serves through Express on
 * its own. `startHarness` is this, then every listener and the admin API.
 */
export function createHarness(options: HarnessOptions = {}): Harness {
  const scenarioCache = scenarioCacheOf(options);
  const engine = new Engine(options.modules ?? VENDORS, {
    ...(options.journalSize !== undefined ? { journalSize: options.journalSize } : {}),
    ...(scenarioCache ? { scenarioCache } : {}),
    // The built-in vendors' empty scenario is known without validating (src/scenario/empty-scenario.json).
    ...(options.modules ? {} : { emptyScenario: structuredClone(EMPTY_SCENARIO) as Scenario }),
  });
  if (options.vendors) engine.only = new Set(options.vendors);
  const inline = options.scenario === undefined ? [] : Array.isArray(options.scenario) ? options.scenario : [options.scenario];
  const files = (options.scenarioFiles ?? []).map(resolveScenarioFile);
  const sources: ScenarioSource[] = [];
  if (files.length) sources.push(...(scenarioCache?.expand(files) ?? expandIncludes(files)));
  sources.push(...expandInline(inline.map((s, i) => sourceOf(s, `<scenario ${i + 1}>`)), options.scenarioBase ?? process.cwd()));
  if (sources.length) engine.load(engine.parse(sources), clockOverride(options));
  else engine.load(engine.scenario, clockOverride(options));
  if (options.strict !== undefined) engine.strict = options.strict;
  if (options.journalSize !== undefined && engine.journal.limit !== options.journalSize) engine.journal.resize(options.journalSize);
  return new Harness(engine, new VendorServers(engine), options);
}

/** Start every enabled vendor (ephemeral ports by default) and the admin API. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const harness = createHarness(options);
  await harness.listen();
  // The launcher keeps what this first start compiled (lib/load.js); later starts skip it.
  runtime.onStarted?.();
  runtime.onStarted = undefined;
  return harness;
}

