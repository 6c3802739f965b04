import { Clock, parseClockSpec, type ClockOptions } from './clock';
import { Clocks } from './clocks';
import { EVENT_TYPES, EventBus } from './events/bus';
import { logEventOf, requestLine } from './events/log';
import type { JobView } from './events/types';
import { ruleLabel, Rules } from './faults';
import { JobEngine, type Job, type JobChange, type TimelineChoice } from './jobs/engine';
import { Triggers } from './jobs/triggers';
import { compileTimeline } from './jobs/timeline';
import { Journal } from './journal';
import { Logger } from './log';
import { stringMatcher } from './match';
import { hash32, seededRandom } from './random';
import { loadScenarioSources, type ScenarioSource } from './scenario/load';
import type { ScenarioCache } from './scenario/cache';
import type { Scenario, ScenarioSchema } from './scenario/schema';
import { encodeValue, SNAPSHOT_FORMAT, type StateSnapshot } from './snapshot';
import { Tenancy } from './tenancy';
import type { JournalInput } from './journal';
import type { Vendor } from './vendor';

const FALLBACK_TIMELINE = { duration: '10s' } as const;

/** What a reset may leave as it is (everything else starts again). */
export const RESET_PARTS = ['journal', 'clock'] as const;
export type ResetPart = (typeof RESET_PARTS)[number];

function patternMatch(pattern: string | undefined, value: string | undefined): boolean {
  return pattern === undefined || stringMatcher(pattern)(value);
}

export type { StateSnapshot } from './snapshot';

/**
 * The shared engine: one clock, one job engine, the journal, the rules, the tenants and the
 * loaded scenario. Servers (src/server.ts) and the admin API sit on top of it.
 */
export class Engine {
  /** The shared clock; a tenant may run its own (`clocks`). */
  readonly clock = new Clock({ mode: 'real' });
  readonly clocks = new Clocks(this.clock);
  readonly journal: Journal;
  readonly rules: Rules;
  readonly jobs: JobEngine;
  /** Recurring triggers (schedules, retention) on tenants' clocks. */
  readonly triggers: Triggers;
  readonly tenancy: Tenancy;
  readonly log = new Logger();
  private readonly vendorLogs = new Map<string, (message: string, fields?: Record<string, unknown>) => void>();
  /** The one event bus: journal entries, job changes, clock changes, scenario loads, resets and rule hits (src/events/). */
  readonly events = new EventBus();
  readonly modules: ReadonlyMap<string, Vendor>;
  /** Validated scenarios kept between runs (the CLI's; the library validates every time). */
  readonly scenarioCache?: ScenarioCache;
  private builtSchema?: ScenarioSchema;
  scenario!: Scenario;
  strict = false;
  maxBodyBytes = 1024 * 1024;
  /** Listener base URLs per vendor, filled in by the servers once they listen. */
  readonly urls = new Map<string, Record<string, string>>();
  private jobRuleUses: number[] = [];
  /** The clock options of the last load that set the clock: what a reset starts the shared clock from again. */
  private clockStart: ClockOptions = { mode: 'real' };

  constructor(modules: readonly Vendor[], opts: { journalSize?: number; scenarioCache?: ScenarioCache; emptyScenario?: Scenario } = {}) {
    this.modules = new Map(modules.map((m) => [m.name, m]));
    if (opts.scenarioCache) this.scenarioCache = opts.scenarioCache;
    this.journal = new Journal(opts.journalSize ?? 10_000, () => this.clock.now());
    this.rules = new Rules(seededRandom(1));
    this.jobs = new JobEngine((tenant) => this.clocks.of(tenant), (q) => this.selectTimeline(q));
    this.triggers = new Triggers((tenant) => this.clocks.of(tenant));
    this.clocks.onFork = (tenant) => {
      this.jobs.rearm(tenant);
      this.triggers.rearm(tenant);
    };
    this.tenancy = new Tenancy(this.modules, this.clocks, this.jobs, this.triggers);
    this.publishChanges();
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

  /**
   * Every change the bus carries starts here, once: the job engine's, the clocks', the rules';
   * the CLI's log listens to the bus too (src/events/log.ts).
   */
  private publishChanges(): void {
    const bus = this.events;
    bus.onListenerError = (e) => this.log.error('an event listener failed', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    // Requests are printed by record() from what it was handed, so that an entry nobody reads is never masked.
    bus.on(
      (e) => {
        if (this.log.listenerCount('event') === 0) return;
        const line = logEventOf(e);
        if (line) this.log.emitEvent(line);
      },
      { types: EVENT_TYPES.filter((t) => t !== 'request') },
    );
    this.jobs.events.on('change', ({ job, previous, cause }: JobChange) =>
      bus.publish('job', { vendor: job.vendor, tenant: job.tenant, virtualTime: job.updatedAt }, { ...this.jobView(job), cause, previous }),
    );
    this.clocks.onChange = (tenant, clock, change) =>
      bus.publish(
        'clock',
        { ...(tenant !== undefined ? { tenant } : {}), virtualTime: clock.now() },
        { ...change, now: clock.date().toISOString(), epochMs: clock.now(), mode: clock.mode, scale: clock.scale, own: tenant !== undefined },
      );
    this.rules.onChange = (change) => {
      if (change.action === 'hit') {
        const { rule, label } = change.hit;
        const q = change.query;
        bus.publish(
          'rule',
          { vendor: q.vendor, tenant: q.tenant, virtualTime: this.clocks.of(q.tenant).now() },
          { action: 'hit', id: rule.id, label, ...(q.operation !== undefined ? { operation: q.operation } : {}), seen: rule.seen, fired: rule.fired, ...(rule.spec.times !== undefined ? { times: rule.spec.times } : {}) },
        );
      } else if (change.action === 'added') {
        bus.publish('rule', { virtualTime: this.clock.now() }, { action: 'added', id: change.rule.id, label: ruleLabel(change.rule) });
      } else bus.publish('rule', { virtualTime: this.clock.now() }, { action: 'removed', id: change.id });
    };
  }

  /** A job without the vendor's private data, with the vendor's status word. */
  jobView(job: Job): JobView {
    const { data: _data, ...view } = job;
    const word = this.statusWord(job);
    return word === undefined ? view : { ...view, vendorStatus: word };
  }

  /** The vendor's own word for a job's state (its `jobStatusWord`), if it has one. */
  statusWord(job: Job): string | undefined {
    const m = this.modules.get(job.vendor);
    if (!m?.jobStatusWord) return undefined;
    try {
      return m.jobStatusWord(job);
    } catch {
      return undefined;
    }
  }

  /** Replace the scenario: state, jobs and rules start afresh; the clock is reconfigured if the scenario sets one. */
  load(scenario: Scenario, opts: { clock?: ClockOptions } = {}): void {
    this.scenario = scenario;
    const clock = opts.clock ?? clockOptionsOf(scenario);
    if (clock) {
      this.clock.configure(clock);
      this.clockStart = clock;
    }
    this.clocks.perTenant = typeof scenario.clock === 'object' && scenario.clock.perTenant === true;
    if (scenario.journal) {
      this.journal.configure(scenario.journal);
      this.strict = scenario.journal.strict;
    }
    if (scenario.limits) this.maxBodyBytes = scenario.limits.maxBodyBytes;
    this.rules.load(scenario.rules);
    this.rules.random = seededRandom(hash32(`${scenario.seed}:rules`));
    this.jobRuleUses = scenario.jobs.map(() => 0);
    this.jobs.clear();
    this.triggers.clear();
    this.tenancy.configure(scenario);
    this.events.publish(
      'scenario',
      { virtualTime: this.clock.now() },
      { name: scenario.name ?? null, tenants: scenario.tenants.map((t) => t.id), rules: scenario.rules.length, jobs: scenario.jobs.length },
    );
  }

  /**
   * Back to the scenario's start: every tenant's state, jobs and rules (or one tenant's state and
   * jobs), the journal (or that tenant's entries) and the clock (the shared clock as the scenario
   * or the harness set it, every own clock dropped; or that tenant's own clock dropped, so it
   * follows the shared one again). `keep` leaves the journal or the clocks as they are.
   */
  reset(tenant?: string, opts: { keep?: Iterable<ResetPart> } = {}): void {
    const keep = new Set(opts.keep ?? []);
    // The clock first: seeded tenants begin their lives at the reset's virtual time.
    if (tenant === undefined && !keep.has('clock')) this.clock.configure(this.clockStart);
    this.tenancy.reset(tenant, { clock: keep.has('clock') ? 'keep' : 'drop' });
    if (tenant === undefined) {
      this.rules.load(this.scenario.rules);
      this.jobRuleUses = this.scenario.jobs.map(() => 0);
    }
    if (!keep.has('journal')) this.journal.clear(tenant);
    this.events.publish(
      'reset',
      { ...(tenant !== undefined ? { tenant } : {}), virtualTime: this.clock.now() },
      { ...(tenant !== undefined ? { tenant } : {}), kept: RESET_PARTS.filter((p) => keep.has(p)) },
    );
  }

  /** Serve only these vendors (every vendor's scenario sections stay valid). */
  only?: ReadonlySet<string>;

  enabled(vendor: string): boolean {
    if (this.only && !this.only.has(vendor)) return false;
    return this.modules.has(vendor) && (this.scenario.vendors[vendor]?.enabled ?? true);
  }

  /** The clock a tenant follows: its own, or the shared one. */
  clockFor(tenant: string): Clock {
    return this.clocks.of(tenant);
  }

  /** Journal one exchange (at its tenant's virtual time) and publish the entry (the CLI prints it from the bus). */
  record(entry: JournalInput): void {
    const kept = this.journal.keep(entry, this.clocks.ownOf(entry.tenant)?.now(), this.modules.get(entry.vendor));
    if (this.log.listenerCount('event') > 0) this.log.emitEvent(requestLine(entry));
    // The event's data is the journal's entry itself, masked when the event is first read.
    // The builder holds the kept entry only, not what the transport handed over (a whole body).
    const { vendor, tenant } = entry;
    this.events.publishDeferred('request', vendor, tenant, kept.weight, (id) => {
      const data = kept.read();
      return { id, type: 'request', wallTime: data.wallTime, virtualTime: data.virtualTime, vendor, tenant, data };
    });
  }

  /** An operation's `log`: info lines under the vendor's name (one function per vendor, not one per request). */
  logOf(vendor: string): (message: string, fields?: Record<string, unknown>) => void {
    let fn = this.vendorLogs.get(vendor);
    if (!fn) {
      fn = (message, fields) => this.log.info(`${vendor}: ${message}`, fields);
      this.vendorLogs.set(vendor, fn);
    }
    return fn;
  }

  /** The vendor's options from the scenario (`vendors.<name>`, defaults applied by its schema). */
  optionsOf(vendor: string): Record<string, unknown> {
    return this.scenario.vendors[vendor] ?? {};
  }

  /** Every tenant's state, the jobs and the clock, as JSON-safe data (vendor states through the snapshot codec). */
  snapshot(): StateSnapshot {
    const jobs = this.jobs.snapshot();
    return {
      format: SNAPSHOT_FORMAT,
      clock: { now: this.clock.now(), mode: this.clock.mode, scale: this.clock.scale },
      tenancy: this.tenancy.snapshot(),
      jobs: { ...jobs, jobs: jobs.jobs.map((j) => ({ ...j, data: encodeValue(j.data) as Record<string, unknown> })) },
      rules: this.rules.list().map((r) => ({ id: r.id, seen: r.seen, fired: r.fired })),
      jobRuleUses: [...this.jobRuleUses],
    };
  }

  /**
   * Restore a snapshot, all or nothing: it is checked and decoded whole first (src/snapshot-schema.ts),
   * and only then applied, so a refused snapshot (SnapshotError) changes nothing.
   */
  restore(input: unknown): void {
    // Required here: the snapshot schemas (and zod) load only when a snapshot is restored.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { planRestore } = require('./snapshot-schema') as typeof import('./snapshot-schema');
    const plan = planRestore(input, new Set(this.modules.keys()));
    // Jobs and triggers go first, so moving the clock forward fires none of those being replaced;
    // restored jobs before tenants, since restored states re-arm their triggers (armState), which may start jobs.
    this.jobs.clear();
    this.triggers.clear();
    if (plan.clock.now > this.clock.now()) this.clock.set(plan.clock.now);
    this.jobs.restore(plan.jobs);
    this.tenancy.restore(plan.tenants, plan.principals);
    const byId = new Map(plan.rules.map((r) => [r.id, r]));
    for (const r of this.rules.list()) {
      const s = byId.get(r.id);
      if (s) Object.assign(r, { seen: s.seen, fired: s.fired });
    }
    this.jobRuleUses = this.scenario.jobs.map((_, i) => plan.jobRuleUses[i] ?? 0);
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
