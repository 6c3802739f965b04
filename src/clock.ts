import { parseDuration, type Duration } from './duration';

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

export interface ClockTimer {
  readonly id: number;
  readonly at: number;
}

interface TimerEntry extends ClockTimer {
  fn: () => void;
  seq: number;
}

/** Deterministic default start for manual clocks, so ids and timestamps repeat run to run. */
export const MANUAL_EPOCH = Date.parse('2026-01-01T00:00:00Z');

export function parseClockSpec(spec: string): ClockOptions {
  if (spec === 'real' || spec === 'manual') return { mode: spec };
  const m = /^x(\d+(?:\.\d+)?)$/.exec(spec) ?? /^scaled:(\d+(?:\.\d+)?)$/.exec(spec);
  if (m) return { mode: 'scaled', scale: Number(m[1]) };
  throw new Error(`invalid clock "${spec}" (use real, manual or xN such as x60)`);
}

export class Clock {
  private modeValue: ClockMode = 'real';
  private scaleValue = 1;
  /** Virtual time at the last rebase, and the wall time it was taken at. */
  private baseVirtual = 0;
  private baseWall = 0;
  private timers: TimerEntry[] = [];
  private nextId = 1;
  private seq = 0;
  private realTimer: NodeJS.Timeout | undefined;
  private firing = false;

  constructor(options: ClockOptions = {}) {
    this.configure(options);
  }

  configure(options: ClockOptions): void {
    const mode = options.mode ?? 'real';
    const start =
      options.start !== undefined
        ? typeof options.start === 'number'
          ? options.start
          : Date.parse(options.start)
        : mode === 'manual'
          ? MANUAL_EPOCH
          : Date.now();
    if (Number.isNaN(start)) throw new Error(`invalid clock start "${options.start}"`);
    this.modeValue = mode;
    this.scaleValue = mode === 'scaled' ? (options.scale ?? 60) : 1;
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

  /** Virtual epoch milliseconds. */
  now(): number {
    if (this.modeValue === 'manual') return this.baseVirtual;
    return this.baseVirtual + (Date.now() - this.baseWall) * this.scaleValue;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Switch mode keeping the current virtual time. */
  setMode(mode: ClockMode, scale?: number): void {
    this.configure({ mode, scale, start: this.now() });
  }

  /** Move virtual time forward, firing every due timer in time order (in every mode). */
  advance(by: Duration): number {
    const ms = parseDuration(by);
    return this.runUntil(this.now() + ms);
  }

  /** Jump to an absolute virtual time (forward only, so no timer is skipped). */
  set(to: string | number): number {
    const at = typeof to === 'number' ? to : Date.parse(to);
    if (Number.isNaN(at)) throw new Error(`invalid time "${to}"`);
    if (at < this.now()) throw new Error('the clock only moves forward');
    return this.runUntil(at);
  }

  schedule(at: number, fn: () => void): ClockTimer {
    const entry: TimerEntry = { id: this.nextId++, at, fn, seq: this.seq++ };
    // Keep timers sorted by (at, seq): equal times fire in scheduling order.
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1].at > at) i--;
    this.timers.splice(i, 0, entry);
    if (i === 0) this.arm();
    return entry;
  }

  after(delay: Duration, fn: () => void): ClockTimer {
    return this.schedule(this.now() + parseDuration(delay), fn);
  }

  cancel(timer: ClockTimer | undefined): void {
    if (!timer) return;
    const i = this.timers.findIndex((t) => t.id === timer.id);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Resolves once virtual time has moved by `delay` (under a manual clock: when advanced). */
  sleep(delay: Duration): Promise<void> {
    const ms = parseDuration(delay);
    if (ms === 0) return Promise.resolve();
    return new Promise((resolve) => this.after(ms, resolve));
  }

  pending(): number {
    return this.timers.length;
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
      while (this.timers.length > 0 && this.timers[0].at <= target) {
        const t = this.timers.shift()!;
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
    if (this.modeValue === 'manual' || this.firing || this.timers.length === 0) return;
    const wait = Math.max(0, (this.timers[0].at - this.now()) / this.scaleValue);
    this.realTimer = setTimeout(() => this.runUntil(this.now()), Math.min(wait, 2 ** 31 - 1));
    this.realTimer.unref();
  }
}
