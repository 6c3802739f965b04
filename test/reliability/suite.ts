/**
 * The Jest side of the reliability suite: a harness on ephemeral ports (the default scenario,
 * a manual clock), every corpus case as a test (through the runner, as from outside), and what
 * only an in-process run can see: no bug logged (an unhandled exception reaches the log with its
 * stack), Object.prototype untouched, a snapshot that restores to itself, normal work afterwards.
 */
import { startHarness, type Harness } from '../../src/harness';
import type { LogEvent } from '../../src/log';
import type { Case } from './corpus/case';
import { checkNormal } from './normal';
import { runCase } from './runner';
import { discover, type Targets } from './targets';
import { exchange } from './wire';

export interface Served {
  readonly h: Harness;
  readonly t: Targets;
  /** Errors the engine logged since the last `takeBugs()`: each is an exception no door handled. */
  takeBugs(): string[];
}

const PROTOTYPE = Object.getOwnPropertyNames(Object.prototype).sort();

/** A harness with the default scenario (or `scenarioFiles`, plus `scenario`) on a manual clock (or `clock`) for one describe block. */
export function serve(vendors: string[], scenarioFiles = ['scenarios/default.yaml'], scenario?: Record<string, unknown>, clock = 'manual'): Served {
  const s = { bugs: [] as string[] } as { h: Harness; t: Targets; bugs: string[] };
  beforeAll(async () => {
    s.h = await startHarness({ clock, ports: 'ephemeral', vendors, scenarioFiles, ...(scenario ? { scenario } : {}) });
    s.h.engine.log.on('event', (e: LogEvent) => {
      if (e.kind === 'error') s.bugs.push(`${e.message}: ${String(e.fields?.error ?? '').split('\n').slice(0, 4).join(' | ')}`);
    });
    s.t = await discover(s.h.urls.admin!);
  });
  afterAll(() => s.h?.stop());
  return {
    get h() {
      return s.h;
    },
    get t() {
      return s.t;
    },
    takeBugs: () => s.bugs.splice(0),
  };
}

/** One test per case, then the state checks. */
export function describeCorpus(title: string, vendors: string[], cases: Case[], opts: { normal?: string[]; scenario?: Record<string, unknown> } = {}): void {
  const normal = opts.normal ?? vendors;
  describe(title, () => {
    const s = serve(vendors, undefined, opts.scenario);
    it.each(cases.map((c) => [`${c.door}: ${c.name}`, c] as const))('%s', async (_name, c) => {
      const r = await runCase(s.t, c, { exclusive: true });
      expect({ problems: r.problems, bugs: s.takeBugs() }).toEqual({ problems: [], bugs: [] });
    });

    it('leaves the state intact: normal work in every door, a snapshot that restores to itself, Object.prototype untouched', async () => {
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE);
      for (const v of normal) expect({ [v]: await checkNormal(s.t, v, { tenant: `after-${v}`, advance: (ms) => void s.h.clock.advance(ms) }) }).toEqual({ [v]: [] });
      const snap = await exchange(s.t.admin, { path: '/state', timeoutMs: 30_000 });
      expect(snap.status).toBe(200);
      const put = await exchange(s.t.admin, { method: 'PUT', path: '/state', headers: { 'content-type': 'application/json' }, body: snap.body, timeoutMs: 30_000 });
      expect([put.status, put.text]).toEqual([200, '{"restored":true}']);
      const again = await exchange(s.t.admin, { path: '/state', timeoutMs: 30_000 });
      expect(JSON.parse(again.text)).toEqual(JSON.parse(snap.text));
      expect(s.takeBugs()).toEqual([]);
    });
  });
}
