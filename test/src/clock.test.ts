import { Clock, MANUAL_EPOCH, parseClockSpec } from '../../src/clock';
import { parseDuration } from '../../src/duration';

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
