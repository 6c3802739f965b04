import { Clock } from '../../../src/clock';
import { JobEngine } from '../../../src/jobs/engine';
import { compileTimeline } from '../../../src/jobs/timeline';
import { Triggers } from '../../../src/jobs/triggers';

const DAY = 24 * 3600_000;
const start = Date.parse('2026-01-01T00:00:00Z');
/** Every day at 02:00. */
const nightly = (after: number) => Math.floor((after - 2 * 3600_000) / DAY) * DAY + DAY + 2 * 3600_000;

function setUp() {
  const clock = new Clock({ mode: 'manual', start });
  const jobs = new JobEngine(clock, () => ({ steps: compileTimeline({ duration: '1h' }), rule: 'default' }));
  const triggers = new Triggers(() => clock);
  return { clock, jobs, triggers };
}

describe('recurring triggers on the virtual clock', () => {
  it('a nightly trigger fires once a night as the clock advances, each job started at its own time', () => {
    const { clock, jobs, triggers } = setUp();
    triggers.register('t', 'nightly', { next: nightly, fire: (at) => void jobs.start('t', 'v', { operation: 'backup', at }) }, clock.now());
    clock.advance('7d');
    const list = jobs.list({ tenant: 't' });
    expect(list.map((j) => new Date(j.startedAt!).toISOString())).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((d) => `2026-01-0${d}T02:00:00.000Z`),
    );
    expect(list.every((j) => j.state === 'succeeded' && j.endedAt === j.startedAt! + 3600_000)).toBe(true);
  });

  it('registered late, it catches up every missed occurrence with its own time, the last one still running', () => {
    const { clock, jobs, triggers } = setUp();
    clock.advance(3 * DAY + 2.5 * 3600_000);
    triggers.register('t', 'nightly', { next: nightly, fire: (at) => void jobs.start('t', 'v', { operation: 'backup', at }) }, start);
    const list = jobs.list({ tenant: 't' });
    expect(list).toHaveLength(4);
    expect(list.slice(0, 3).every((j) => j.state === 'succeeded')).toBe(true);
    expect(list[3]).toMatchObject({ state: 'running', startedAt: start + 3 * DAY + 2 * 3600_000 });
  });

  it('stops when cancelled, also from its own occurrence (a one-time schedule)', () => {
    const { clock, triggers } = setUp();
    const fired: number[] = [];
    triggers.register('t', 'once', { next: nightly, fire: (at) => (fired.push(at), triggers.cancel('t', 'once')) }, clock.now());
    clock.advance('3d');
    expect(fired).toHaveLength(1);
    expect(triggers.has('t', 'once')).toBe(false);
  });
});
