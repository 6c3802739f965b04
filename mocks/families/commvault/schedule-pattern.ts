/**
 * Schedule patterns as cvpysdk sends them (schedules.py `SchedulePattern._pattern_json`):
 * `freq_type` 1 one-time, 4 daily, 8 weekly, 16 monthly; `active_start_date` epoch seconds of a
 * date's midnight, `active_start_time` seconds after midnight; `freq_recurrence_factor` every N
 * days / weeks / months; `freq_interval` the weekday bits of a weekly pattern (1 Sunday, 2
 * Monday, ... 64 Saturday: `SchedulePattern._days_to_run`) or the day of a monthly one;
 * `active_end_date`, `active_end_occurence`, and `freq_subday_interval` with `active_end_time`
 * (`_repeat_pattern`: every N seconds until the end time). Times are the CommServe's, which this
 * emulator keeps in UTC. Other frequencies (monthly relative, yearly, automatic, continuous) are
 * refused: their occurrences are not emulated.
 */
import { CvError } from './errors';
import type { WireObject } from './wire';

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_S = 24 * 60 * 60;

/** The frequencies emulated, by cvpysdk's numbers (schedule.py `Schedule._freq_type`). */
export const FREQ_TYPES = { 1: 'One_Time', 4: 'Daily', 8: 'Weekly', 16: 'Monthly' } as const;
export type FreqType = keyof typeof FREQ_TYPES;

/** A pattern in milliseconds and seconds, checked once. */
export interface SchedulePattern {
  freqType: FreqType;
  /** UTC midnight of the first day (ms). */
  startDate: number;
  /** Seconds after midnight of the first (or only) run of a day. */
  startTime: number;
  /** Every N days / weeks / months (1 for one-time). */
  recurrence: number;
  /** Weekday bits (weekly), day of the month (monthly), else 0. */
  interval: number;
  /** UTC midnight of the last day that may run (ms). */
  endDate?: number;
  /** Runs at most this many times. */
  endAfter?: number;
  /** Repeats within a day every N seconds until `endTime` (seconds after midnight). */
  subdayInterval?: number;
  endTime?: number;
  timeZone: string;
}

function invalid(message: string): CvError {
  return new CvError('INVALID_SCHEDULE_PATTERN', `Invalid schedule pattern: ${message}`);
}

/** A whole number from JSON or XML (XML carries every attribute as text). */
function whole(p: Record<string, unknown>, key: string, fallback?: number): number {
  const v = p[key];
  if (v === undefined || v === null || v === '') {
    if (fallback === undefined) throw invalid(`${key} is required`);
    return fallback;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw invalid(`${key} must be an integer, got ${JSON.stringify(v)}`);
  return n;
}

function present(p: Record<string, unknown>, key: string): boolean {
  return p[key] !== undefined && p[key] !== null && p[key] !== '';
}

/** Decode and check a subtask's `pattern`. */
export function decodePattern(value: unknown): SchedulePattern {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('pattern must be an object');
  const p = value as Record<string, unknown>;
  const freq = whole(p, 'freq_type');
  if (!(freq in FREQ_TYPES)) throw invalid(`freq_type ${freq} is not emulated (1 one-time, 4 daily, 8 weekly, 16 monthly)`);
  const freqType = freq as FreqType;
  const startDateS = whole(p, 'active_start_date');
  const startTime = whole(p, 'active_start_time', 0);
  if (startDateS < 0) throw invalid('active_start_date must be epoch seconds (of the first day)');
  if (startTime < 0 || startTime >= DAY_S) throw invalid('active_start_time must be seconds after midnight (0..86399)');
  const recurrence = whole(p, 'freq_recurrence_factor', 1) || 1;
  if (recurrence < 1 || recurrence > 366) throw invalid('freq_recurrence_factor must be 1..366');
  const interval = whole(p, 'freq_interval', 0);
  if (freqType === 8 && (interval < 1 || interval > 127)) throw invalid('a weekly pattern needs weekdays (freq_interval 1..127: 1 Sunday, 2 Monday, ... 64 Saturday)');
  if (freqType === 16 && (interval < 1 || interval > 31)) throw invalid('a monthly pattern needs freq_interval, the day of the month (1..31)');
  const pattern: SchedulePattern = {
    freqType,
    // cvpysdk sends the first day's midnight; other clients may send any time of it.
    startDate: Math.floor(startDateS / DAY_S) * DAY_S * 1000,
    startTime,
    recurrence: freqType === 1 ? 1 : recurrence,
    interval: freqType === 8 || freqType === 16 ? interval : 0,
    timeZone: timeZoneName(p.timeZone),
  };
  if (present(p, 'active_end_date')) {
    const end = whole(p, 'active_end_date');
    if (end < startDateS) throw invalid('active_end_date is before active_start_date');
    pattern.endDate = end * 1000;
  }
  if (present(p, 'active_end_occurence')) {
    const n = whole(p, 'active_end_occurence');
    if (n < 1) throw invalid('active_end_occurence must be at least 1');
    pattern.endAfter = n;
  }
  if (present(p, 'freq_subday_interval') && whole(p, 'freq_subday_interval') > 0) {
    const every = whole(p, 'freq_subday_interval');
    const endTime = whole(p, 'active_end_time', DAY_S - 1);
    if (every < 60) throw invalid('freq_subday_interval must be at least 60 seconds');
    if (endTime < startTime || endTime >= DAY_S) throw invalid('active_end_time must be after active_start_time, within the day');
    pattern.subdayInterval = every;
    pattern.endTime = endTime;
  }
  return pattern;
}

function timeZoneName(v: unknown): string {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const name = (v as Record<string, unknown>).TimeZoneName;
    if (typeof name === 'string') return name;
  }
  return '';
}

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/** Whether a day (its UTC midnight) is one the pattern runs on. */
function runsOn(p: SchedulePattern, day: number): boolean {
  if (day < p.startDate || (p.endDate !== undefined && day > p.endDate)) return false;
  const d = new Date(day);
  switch (p.freqType) {
    case 1:
      return day === p.startDate;
    case 4:
      return Math.round((day - p.startDate) / DAY_MS) % p.recurrence === 0;
    case 8: {
      if ((p.interval & (1 << d.getUTCDay())) === 0) return false;
      const firstSunday = p.startDate - new Date(p.startDate).getUTCDay() * DAY_MS;
      return Math.floor(Math.round((day - firstSunday) / DAY_MS) / 7) % p.recurrence === 0;
    }
    case 16: {
      const s = new Date(p.startDate);
      const months = (d.getUTCFullYear() - s.getUTCFullYear()) * 12 + d.getUTCMonth() - s.getUTCMonth();
      if (months % p.recurrence !== 0) return false;
      return d.getUTCDate() === Math.min(p.interval, daysInMonth(d.getUTCFullYear(), d.getUTCMonth()));
    }
  }
}

/** The times of a day (seconds after midnight) the pattern runs at. */
function timesOfDay(p: SchedulePattern): number[] {
  if (p.subdayInterval === undefined || p.endTime === undefined) return [p.startTime];
  const times: number[] = [];
  for (let t = p.startTime; t <= p.endTime; t += p.subdayInterval) times.push(t);
  return times;
}

/** Days looked at for the next run: a monthly pattern every 12 months on the 31st needs years. */
const HORIZON_DAYS = 366 * 13;

/** The first run strictly after `after` (ms), or undefined when the pattern has no more. */
export function nextRun(p: SchedulePattern, after: number): number | undefined {
  const times = timesOfDay(p);
  let day = Math.max(p.startDate, Math.floor(after / DAY_MS) * DAY_MS);
  for (let i = 0; i < HORIZON_DAYS; i++, day += DAY_MS) {
    if (p.endDate !== undefined && day > p.endDate) return undefined;
    if (p.freqType === 1 && day > p.startDate) return undefined;
    if (!runsOn(p, day)) continue;
    for (const t of times) if (day + t * 1000 > after) return day + t * 1000;
  }
  return undefined;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

/** The schedule's description as the Command Center words it ("Daily at 2:00 AM"). */
export function describePattern(p: SchedulePattern): string {
  const at = `at ${clock(p.startTime)}`;
  switch (p.freqType) {
    case 1:
      return `One time on ${new Date(p.startDate).toISOString().slice(0, 10)} ${at}`;
    case 4:
      return p.recurrence === 1 ? `Daily ${at}` : `Every ${p.recurrence} days ${at}`;
    case 8: {
      const days = WEEKDAYS.filter((_, i) => p.interval & (1 << i)).join(', ');
      return `${p.recurrence === 1 ? 'Weekly' : `Every ${p.recurrence} weeks`} on ${days} ${at}`;
    }
    case 16:
      return `${p.recurrence === 1 ? 'Monthly' : `Every ${p.recurrence} months`} on day ${p.interval} ${at}`;
  }
}

/** The pattern as Schedules/{taskId} answers it (the keys cvpysdk's Schedule properties read). */
export function patternJson(p: SchedulePattern): WireObject {
  return {
    freq_type: p.freqType,
    active_start_date: p.startDate / 1000,
    active_start_time: p.startTime,
    freq_recurrence_factor: p.recurrence,
    freq_interval: p.interval,
    freq_relative_interval: 0,
    freq_subday_interval: p.subdayInterval ?? 0,
    active_end_date: p.endDate !== undefined ? p.endDate / 1000 : 0,
    active_end_time: p.endTime ?? 0,
    active_end_occurence: p.endAfter ?? 0,
    description: describePattern(p),
    timeZone: { TimeZoneName: p.timeZone },
  };
}
