import { Clock, parseClockSpec, type ClockOptions } from './clock';
import { Rules } from './faults';
import { JobEngine, type TimelineChoice } from './jobs/engine';
import { compileTimeline } from './jobs/timeline';
import { Journal } from './journal';
import { Logger } from './log';
import { stringMatcher } from './match';
import { hash32, seededRandom } from './random';
import { loadScenarioSources, type ScenarioSource } from './scenario/load';
import type { ScenarioCache } from './scenario/cache';
import type { Scenario, ScenarioSchema } from './scenario/schema';
import { Tenancy } from './tenancy';
import type { VendorContext, VendorModule, VendorName } from './vendor';

const FALLBACK_TIMELINE = { duration: '10s' } as const;

function patternMatch(pattern: string | undefined, value: string | undefined): boolean {
  return pattern === undefined || stringMatcher(pattern)(value);
}

export interface StateSnapshot {
  format: 'backup-mocks/state@1';
  clock: { now: number; mode: string; scale: number };
  tenancy: ReturnType<Tenancy['snapshot']>;
  jobs: ReturnType<JobEngine['snapshot']>;
  rules: Array<{ id: number; seen: number; fired: number }>;
  jobRuleUses: number[];
}

/**
 * The shared engine: one clock, one job engine, the journal, the rules, the tenants and the
 * loaded scenario. Servers (src/server.ts) and the admin API sit on top of it.
 */
export class Engine {
  readonly clock = new Clock({ mode: 'real' });
  readonly journal: Journal;
  readonly rules: Rules;
  readonly jobs: JobEngine;
  readonly tenancy: Tenancy;
  readonly log = new Logger();
  readonly modules: ReadonlyMap<string, VendorModule>;
  /** Validated scenarios kept between runs (the CLI's; the library validates every time). */
  readonly scenarioCache?: ScenarioCache;
  private builtSchema?: ScenarioSchema;
  scenario!: Scenario;
  strict = false;
  maxBodyBytes = 1024 * 1024;
  /** Listener base URLs per vendor, filled in by the servers once they listen. */
  readonly urls = new Map<string, Record<string, string>>();
  private jobRuleUses: number[] = [];
  private contexts = new Map<string, VendorContext>();

  constructor(modules: readonly VendorModule[], opts: { journalSize?: number; scenarioCache?: ScenarioCache; emptyScenario?: Scenario } = {}) {
    this.modules = new Map(modules.map((m) => [m.name, m]));
    if (opts.scenarioCache) this.scenarioCache = opts.scenarioCache;
    this.journal = new Journal(opts.journalSize ?? 10_000, () => this.clock.now());
    this.rules = new Rules(seededRandom(1));
    this.jobs = new JobEngine(this.clock, (q) => this.selectTimeline(q));
    this.tenancy = new Tenancy(this.modules, this.clock, this.jobs);
    this.jobs.events.on('change', ({ job }) =>
      this.log.emitEvent({
        kind: 'job',
        vendor: job.vendor,
        tenant: job.tenant,
        id: job.id,
        operation: job.operation,
        state: job.state,
        progress: job.progress,
        ...(job.phase !== undefined ? { phase: job.phase } : {}),
        ...(job.message !== undefined ? { message: job.message } : {}),
      }),
    );
    // `emptyScenario`: what {} parses to, known in advance (src/harness.ts), so that no zod loads.
    this.load(opts.emptyScenario ?? this.parse([{ file: '<empty>', text: '{}' }]));
  }

  /** The scenario schema: this engine's sections and each vendor's, built on first use. */
  get schema(): ScenarioSchema {
    if (!this.builtSchema) {
      // Required here, not imported: the schemas (and zod) load only when a scenario is validated.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buildScenarioSchema } = require('./scenario/schema') as typeof import('./scenario/schema');
      this.builtSchema = buildScenarioSchema([...this.modules.values()]);
    }
    return this.builtSchema;
  }

  parse(sources: ScenarioSource[]): Scenario {
    const cached = this.scenarioCache?.get(sources);
    if (cached) return cached;
    const scenario = loadScenarioSources(this.schema, sources);
    this.scenarioCache?.set(sources, scenario);
    return scenario;
  }

  /** Replace the scenario: state, jobs and rules start afresh; the clock is reconfigured if the scenario sets one. */
  load(scenario: Scenario, opts: { clock?: ClockOptions } = {}): void {
    this.scenario = scenario;
    const clock = opts.clock ?? clockOptionsOf(scenario);
    if (clock) this.clock.configure(clock);
    if (scenario.journal) {
      if (scenario.journal.size !== this.journal.limit) this.journal.resize(scenario.journal.size);
      this.strict = scenario.journal.strict;
    }
    if (scenario.limits) this.maxBodyBytes = scenario.limits.maxBodyBytes;
    this.rules.load(scenario.rules);
    this.rules.random = seededRandom(hash32(`${scenario.seed}:rules`));
    this.jobRuleUses = scenario.jobs.map(() => 0);
    this.contexts.clear();
    this.jobs.clear();
    this.tenancy.configure(scenario);
  }

  reset(tenant?: string): void {
    this.tenancy.reset(tenant);
    if (tenant === undefined) {
      this.rules.load(this.scenario.rules);
      this.jobRuleUses = this.scenario.jobs.map(() => 0);
    }
  }

  /** Serve only these vendors (every vendor's scenario sections stay valid). */
  only?: ReadonlySet<string>;

  enabled(vendor: string): boolean {
    if (this.only && !this.only.has(vendor)) return false;
    return this.modules.has(vendor) && (this.scenario.vendors[vendor]?.enabled ?? true);
  }

  context(vendor: VendorName): VendorContext {
    let ctx = this.contexts.get(vendor);
    if (!ctx) {
      const engine = this;
      ctx = {
        vendor,
        clock: this.clock,
        options: this.scenario.vendors[vendor] ?? {},
        get urls() {
          return engine.urls.get(vendor) ?? {};
        },
        log: (message, fields) => this.log.info(`${vendor}: ${message}`, fields),
      };
      this.contexts.set(vendor, ctx);
    }
    return ctx;
  }

  snapshot(): StateSnapshot {
    return {
      format: 'backup-mocks/state@1',
      clock: { now: this.clock.now(), mode: this.clock.mode, scale: this.clock.scale },
      tenancy: this.tenancy.snapshot(),
      jobs: this.jobs.snapshot(),
      rules: this.rules.list().map((r) => ({ id: r.id, seen: r.seen, fired: r.fired })),
      jobRuleUses: [...this.jobRuleUses],
    };
  }

  restore(snap: StateSnapshot): void {
    if (snap?.format !== 'backup-mocks/state@1') throw new Error('not a backup-mocks state snapshot (format backup-mocks/state@1)');
    if (snap.clock.now > this.clock.now()) this.clock.set(snap.clock.now);
    this.tenancy.restore(snap.tenancy);
    this.jobs.restore(snap.jobs);
    const byId = new Map(snap.rules.map((r) => [r.id, r]));
    for (const r of this.rules.list()) {
      const s = byId.get(r.id);
      if (s) Object.assign(r, { seen: s.seen, fired: s.fired });
    }
    this.jobRuleUses = [...snap.jobRuleUses];
  }

  /** Scenario `jobs` rules first (in order, honouring `times`), then the vendor's default timeline. */
  private selectTimeline(q: { vendor: string; tenant: string; operation: string; target?: string; nth: number }): TimelineChoice {
    const rules = this.scenario.jobs;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      const m = r.match;
      if (r.times !== undefined && this.jobRuleUses[i] >= r.times) continue;
      if (!patternMatch(m.vendor, q.vendor)) continue;
      if (!patternMatch(m.tenant, q.tenant)) continue;
      if (!patternMatch(m.operation, q.operation)) continue;
      if (m.target !== undefined && !patternMatch(m.target, q.target)) continue;
      if (m.nth !== undefined && !(Array.isArray(m.nth) ? m.nth.includes(q.nth) : m.nth === q.nth)) continue;
      this.jobRuleUses[i]++;
      return { steps: compileTimeline(r.timeline), rule: r.name ?? `jobs[${i}]` };
    }
    const defaults = this.modules.get(q.vendor)?.defaultTimelines;
    const spec = defaults?.[q.operation] ?? defaults?.['*'] ?? FALLBACK_TIMELINE;
    return { steps: compileTimeline(spec), rule: 'default' };
  }
}

export function clockOptionsOf(scenario: Scenario): ClockOptions | undefined {
  const c = scenario.clock;
  if (c === undefined) return undefined;
  if (typeof c === 'string') return parseClockSpec(c);
  return { mode: c.mode, ...(c.scale !== undefined ? { scale: c.scale } : {}), ...(c.start !== undefined ? { start: c.start } : {}) };
}
