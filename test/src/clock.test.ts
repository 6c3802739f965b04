import { Clock, MANUAL_EPOCH, MAX_SCALE, MAX_TIME, parseClockSpec, type ClockTimer } from '../../src/clock';
import { MAX_DURATION_MS, parseDuration } from '../../src/duration';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['2h', 7_200_000],
    ['1.5s', 1500],
    [250, 250],
  ])('%s is %d ms', (input, ms) => expect(parseDuration(input)).toBe(ms));

  it.each(['', 'soon', '5 minutes', '10x', '-1s'])('rejects %p', (bad) => expect(() => parseDuration(bad)).toThrow(/invalid duration/));
});

describe('clock', () => {
  it('parses modes', () => {
    expect(parseClockSpec('manual')).toEqual({ mode: 'manual' });
    expect(parseClockSpec('x60')).toEqual({ mode: 'scaled', scale: 60 });
    expect(() => parseClockSpec('fast')).toThrow(/invalid clock/);
  });

  it('manual time stands still until advanced and starts at a fixed instant', () => {
    const c = new Clock({ mode: 'manual' });
    expect(c.now()).toBe(MANUAL_EPOCH);
    c.advance('90s');
    expect(c.now()).toBe(MANUAL_EPOCH + 90_000);
  });

  it('fires due timers in time order, each at its own time, including timers they schedule', () => {
    const c = new Clock({ mode: 'manual', start: 0 });
    const seen: Array<[string, number]> = [];
    c.schedule(3000, () => seen.push(['c', c.now()]));
    c.schedule(1000, () => {
      seen.push(['a', c.now()]);
      c.schedule(2000, () => seen.push(['b', c.now()]));
    });
    c.schedule(9000, () => seen.push(['late', c.now()]));
    expect(c.advance('5s')).toBe(3);
    expect(seen).toEqual([
      ['a', 1000],
      ['b', 2000],
      ['c', 3000],
    ]);
    expect(c.now()).toBe(5000);
    expect(c.pending()).toBe(1);
  });

  it('equal times fire in scheduling order and cancelled timers never fire', () => {
    const c = new Clock({ mode: 'manual', start: 0 });
    const seen: string[] = [];
    c.schedule(10, () => seen.push('first'));
    const t = c.schedule(10, () => seen.push('cancelled'));
    c.schedule(10, () => seen.push('second'));
    c.cancel(t);
    c.advance(10);
    expect(seen).toEqual(['first', 'second']);
  });

  it('only moves forward', () => {
    const c = new Clock({ mode: 'manual', start: 1000 });
    expect(() => c.set(0)).toThrow(/forward/);
    c.set(5000);
    expect(c.now()).toBe(5000);
  });

  it('sleep resolves when virtual time passes', async () => {
    const c = new Clock({ mode: 'manual', start: 0 });
    let done = false;
    const p = c.sleep('1m').then(() => (done = true));
    c.advance('59s');
    await Promise.resolve();
    expect(done).toBe(false);
    c.advance('1s');
    await p;
    expect(done).toBe(true);
  });

  it('scaled time runs faster than the wall clock and keeps virtual time across a mode switch', () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const c = new Clock({ mode: 'scaled', scale: 60, start: 0 });
      jest.setSystemTime(1000);
      expect(c.now()).toBe(60_000);
      c.setMode('manual');
      jest.setSystemTime(5000);
      expect(c.now()).toBe(60_000);
    } finally {
      jest.useRealTimers();
    }
  });

  it('drives timers from the wall clock in scaled mode', () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const c = new Clock({ mode: 'scaled', scale: 100, start: 0 });
      const fired = jest.fn();
      c.after('10s', fired);
      jest.advanceTimersByTime(99);
      expect(fired).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(fired).toHaveBeenCalledTimes(1);
      c.dispose();
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('clock bounds', () => {
  it('refuses durations beyond 100 years and non-finite numbers', () => {
    expect(() => parseDuration('100000000d')).toThrow(/invalid duration.*100 years/);
    expect(() => parseDuration(Infinity)).toThrow(/invalid duration/);
    expect(() => parseDuration(NaN)).toThrow(/invalid duration/);
    expect(() => parseDuration('9'.repeat(400))).toThrow(/invalid duration/);
    expect(parseDuration('36525d')).toBe(MAX_DURATION_MS);
  });

  it('refuses to advance past 9999-12-31 and leaves the clock where it was', () => {
    const c = new Clock({ mode: 'manual', start: '9999-12-01T00:00:00Z' });
    expect(() => c.advance('60d')).toThrow(/9999-12-31/);
    expect(c.date().toISOString()).toBe('9999-12-01T00:00:00.000Z');
    expect(() => c.set('+275760-09-13T00:00:00.000Z')).toThrow(/outside/);
    expect(() => c.set(8.64e15 + 1)).toThrow(/invalid time/);
    expect(c.date().toISOString()).toBe('9999-12-01T00:00:00.000Z');
  });

  it('refuses starts outside 1970..9999 and scales that are zero, negative, not finite or absurd', () => {
    expect(() => new Clock({ mode: 'manual', start: -1 })).toThrow(/outside/);
    expect(() => new Clock({ mode: 'manual', start: 'yesterday' })).toThrow(/invalid time/);
    for (const scale of [0, -1, NaN, Infinity, MAX_SCALE + 1]) expect(() => new Clock({ mode: 'scaled', scale })).toThrow(/invalid clock scale/);
    const c = new Clock({ mode: 'manual', start: 0 });
    expect(() => c.setMode('scaled', -2)).toThrow(/invalid clock scale/);
    expect(c.mode).toBe('manual');
  });

  it('parseClockSpec (shared with the CLI) refuses x0 and scaled:0', () => {
    expect(() => parseClockSpec('x0')).toThrow(/invalid clock "x0"/);
    expect(() => parseClockSpec('scaled:0')).toThrow(/invalid clock/);
    expect(() => parseClockSpec('x0.0')).toThrow(/invalid clock/);
    expect(parseClockSpec('scaled:2.5')).toEqual({ mode: 'scaled', scale: 2.5 });
  });

  it('a fast scaled clock left running stops at the end of time instead of leaving the Date range', () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const c = new Clock({ mode: 'scaled', scale: MAX_SCALE, start: '9999-12-31T00:00:00Z' });
      jest.setSystemTime(1e6);
      expect(c.now()).toBe(MAX_TIME);
      expect(() => c.date().toISOString()).not.toThrow();
      c.dispose();
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('clock timer heap', () => {
  it('fires thousands of timers scheduled in random order by time, ties in scheduling order, skipping cancelled ones', () => {
    const c = new Clock({ mode: 'manual', start: 0 });
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const fired: Array<{ at: number; n: number }> = [];
    const timers = [];
    for (let n = 0; n < 2000; n++) {
      const at = Math.floor(rand() * 500); // many equal times
      timers.push(c.schedule(at, () => fired.push({ at: c.now(), n })));
    }
    const cancelled = new Set<number>();
    for (let i = 0; i < timers.length; i += 3) {
      c.cancel(timers[i]);
      cancelled.add(i);
    }
    c.cancel(timers[0]); // twice: no effect
    expect(c.pending()).toBe(2000 - cancelled.size);
    c.advance(1000);
    expect(fired).toHaveLength(2000 - cancelled.size);
    const expected = timers
      .map((t, n) => ({ at: t.at, n }))
      .filter(({ n }) => !cancelled.has(n))
      .sort((a, b) => a.at - b.at || a.n - b.n);
    expect(fired).toEqual(expected);
    expect(c.pending()).toBe(0);
  });

  it('a timer cancelled from inside another timer at the same time never fires', () => {
    const c = new Clock({ mode: 'manual', start: 0 });
    const seen: string[] = [];
    const later: ClockTimer[] = [];
    c.schedule(5, () => {
      seen.push('a');
      c.cancel(later[0]);
    });
    later.push(c.schedule(5, () => seen.push('b')));
    c.schedule(5, () => seen.push('c'));
    c.advance(5);
    expect(seen).toEqual(['a', 'c']);
  });
});
