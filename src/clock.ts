import { parseDuration, TimeInputError, type Duration } from './duration';

/**
 * The one virtual clock. Job timelines, fault delays, ids and response timestamps read it.
 * - real:   virtual time follows the wall clock (plus any manual jumps).
 * - scaled: virtual time runs `scale` times faster than the wall clock (`x60`).
 * - manual: virtual time moves only on advance()/set(), firing due timers in order.
 */
export type ClockMode = 'real' | 'scaled' | 'manual';

export interface ClockOptions {
  mode?: ClockMode;
  scale?: number;
  /** Virtual start time (ISO string or epoch ms). Manual clocks default to a fixed instant. */
  start?: string | number;
}

/** What moved a clock, for whoever watches it (the event bus): the clock's own API calls, never time flowing. */
export interface ClockChange {
  action: 'advance' | 'set' | 'mode' | 'configure';
  byMs?: number;
  firedTimers?: number;
}

export interface ClockTimer {
  readonly id: number;
  readonly at: number;
}

interface TimerEntry extends ClockTimer {
  fn: () => void;
  seq: number;
  /** Position in the heap, kept current by every move, so cancel is O(log n). */
  index: number;
}

/** Deterministic default start for manual clocks, so ids and timestamps repeat run to run. */
export const MANUAL_EPOCH = Date.parse('2026-01-01T00:00:00Z');

/**
 * Virtual time stays within 1970-01-01 .. 9999-12-31: every instant in that range is a valid
 * `Date` with a four-digit ISO year, which is what vendors print and clients parse.
 */
export const MIN_TIME = 0;
export const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');
/** The fastest scaled clock: a million virtual seconds per wall second. */
export const MAX_SCALE = 1_000_000;

const RANGE = '1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z';

/** Epoch ms of an ISO string or number, refused unless it lies in the clock's range. */
export function parseInstant(input: string | number): number {
  const at = typeof input === 'number' ? input : typeof input === 'string' ? Date.parse(input) : NaN;
  if (!Number.isFinite(at)) throw new TimeInputError(`invalid time ${JSON.stringify(input)} (ISO 8601, e.g. 2026-11-23T10:00:00Z, or epoch ms)`);
  if (at < MIN_TIME || at > MAX_TIME) throw new TimeInputError(`invalid time ${JSON.stringify(input)}: outside ${RANGE}`);
  return at;
}

/** A scale for scaled clocks: finite and in (0, MAX_SCALE]. A zero or negative scale would stop or reverse time. */
export function checkScale(scale: number): number {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new TimeInputError(`invalid clock scale ${JSON.stringify(scale)} (a number above 0 and at most ${MAX_SCALE})`);
  }
  return scale;
}

/** `real`, `manual`, `x60` or `scaled:60`: the CLI's --clock and the scenario's `clock:` string. */
export function parseClockSpec(spec: string): ClockOptions {
  if (spec === 'real' || spec === 'manual') return { mode: spec };
  const m = /^x(\d+(?:\.\d+)?)$/.exec(spec) ?? /^scaled:(\d+(?:\.\d+)?)$/.exec(spec);
  if (!m) throw new TimeInputError(`invalid clock "${spec}" (use real, manual or xN such as x60)`);
  const scale = Number(m[1]);
  try {
    return { mode: 'scaled', scale: checkScale(scale) };
  } catch {
    throw new TimeInputError(`invalid clock "${spec}" (the scale must be above 0 and at most ${MAX_SCALE})`);
  }
}

/** Heap order: earlier time first; equal times in scheduling order. */
function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class Clock {
  private modeValue: ClockMode = 'real';
  private scaleValue = 1;
  /** Virtual time at the last rebase, and the wall time it was taken at. */
  private baseVirtual = 0;
  private baseWall = 0;
  /** Binary min-heap of pending timers (insert and cancel O(log n)). */
  private heap: TimerEntry[] = [];
  private byId = new Map<number, TimerEntry>();
  private nextId = 1;
  private seq = 0;
  private realTimer: NodeJS.Timeout | undefined;
  private firing = false;
  /** Told after advance, set, a mode change or a reconfiguration (src/clocks.ts sets it). */
  onChange: (change: ClockChange) => void = () => undefined;

  constructor(options: ClockOptions = {}) {
    this.apply(options);
  }

  /** Validates everything before changing anything: a refused configuration leaves the clock as it was. */
  configure(options: ClockOptions): void {
    this.apply(options);
    this.onChange({ action: 'configure' });
  }

  private apply(options: ClockOptions): void {
    const mode = options.mode ?? 'real';
    if (mode !== 'real' && mode !== 'scaled' && mode !== 'manual') throw new TimeInputError(`invalid clock mode ${JSON.stringify(mode)} (real, scaled or manual)`);
    const start = options.start !== undefined ? parseInstant(options.start) : mode === 'manual' ? MANUAL_EPOCH : Date.now();
    const scale = mode === 'scaled' ? checkScale(options.scale ?? 60) : 1;
    this.modeValue = mode;
    this.scaleValue = scale;
    this.baseVirtual = start;
    this.baseWall = Date.now();
    this.arm();
  }

  get mode(): ClockMode {
    return this.modeValue;
  }

  get scale(): number {
    return this.scaleValue;
  }

  /** Virtual epoch milliseconds, never past MAX_TIME (a fast scaled clock left running stops there). */
  now(): number {
    if (this.modeValue === 'manual') return this.baseVirtual;
    return Math.min(MAX_TIME, this.baseVirtual + (Date.now() - this.baseWall) * this.scaleValue);
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Switch mode keeping the current virtual time. */
  setMode(mode: ClockMode, scale?: number): void {
    this.apply({ mode, scale, start: this.now() });
    this.onChange({ action: 'mode' });
  }

  /** Move virtual time forward, firing every due timer in time order (in every mode). */
  advance(by: Duration): number {
    const ms = parseDuration(by);
    const target = this.now() + ms;
    if (target > MAX_TIME) throw new TimeInputError(`invalid duration "${by}": the clock would pass 9999-12-31 (it is ${this.date().toISOString()})`);
    const fired = this.runUntil(target);
    this.onChange({ action: 'advance', byMs: ms, firedTimers: fired });
    return fired;
  }

  /** Jump to an absolute virtual time (forward only, so no timer is skipped). */
  set(to: string | number): number {
    const at = parseInstant(to);
    if (at < this.now()) throw new TimeInputError('the clock only moves forward');
    const fired = this.runUntil(at);
    this.onChange({ action: 'set', firedTimers: fired });
    return fired;
  }

  schedule(at: number, fn: () => void): ClockTimer {
    // A timer past the end of time can never fire; keep it at the end so the heap stays ordered.
    const entry: TimerEntry = { id: this.nextId++, at: Number.isFinite(at) ? Math.min(at, MAX_TIME) : MAX_TIME, fn, seq: this.seq++, index: this.heap.length };
    this.heap.push(entry);
    this.byId.set(entry.id, entry);
    this.siftUp(entry.index);
    if (this.heap[0] === entry) this.arm();
    return entry;
  }

  after(delay: Duration, fn: () => void): ClockTimer {
    return this.schedule(this.now() + parseDuration(delay), fn);
  }

  cancel(timer: ClockTimer | undefined): void {
    if (!timer) return;
    const entry = this.byId.get(timer.id);
    if (entry) this.removeAt(entry.index);
  }

  /** Resolves once virtual time has moved by `delay` (under a manual clock: when advanced). */
  sleep(delay: Duration): Promise<void> {
    const ms = parseDuration(delay);
    if (ms === 0) return Promise.resolve();
    return new Promise((resolve) => this.after(ms, resolve));
  }

  pending(): number {
    return this.heap.length;
  }

  /** Stop the wall-clock driver (timers stay, so a restore can rearm them). */
  dispose(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
  }

  private runUntil(target: number): number {
    let fired = 0;
    this.firing = true;
    try {
      while (this.heap.length > 0 && this.heap[0].at <= target) {
        const t = this.heap[0];
        this.removeAt(0);
        if (t.at > this.now()) this.jumpTo(t.at);
        fired++;
        t.fn();
      }
      if (target > this.now()) this.jumpTo(target);
    } finally {
      this.firing = false;
    }
    this.arm();
    return fired;
  }

  private jumpTo(at: number): void {
    this.baseVirtual = at;
    this.baseWall = Date.now();
  }

  /** In real and scaled modes one wall-clock timeout drives the earliest virtual timer. */
  private arm(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    if (this.modeValue === 'manual' || this.firing || this.heap.length === 0) return;
    const wait = Math.max(0, (this.heap[0].at - this.now()) / this.scaleValue);
    this.realTimer = setTimeout(() => this.runUntil(this.now()), Math.min(wait, 2 ** 31 - 1));
    this.realTimer.unref();
  }

  private removeAt(i: number): void {
    const heap = this.heap;
    const removed = heap[i];
    this.byId.delete(removed.id);
    const last = heap.pop()!;
    if (last !== removed) {
      heap[i] = last;
      last.index = i;
      this.siftDown(i);
      this.siftUp(last.index);
    }
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const entry = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent])) break;
      heap[i] = heap[parent];
      heap[i].index = i;
      i = parent;
    }
    heap[i] = entry;
    entry.index = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const entry = heap[i];
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right], heap[left]) ? right : left;
      if (!before(heap[child], entry)) break;
      heap[i] = heap[child];
      heap[i].index = i;
      i = child;
    }
    heap[i] = entry;
    entry.index = i;
  }
}
