/** Durations as scenario files write them: `500ms`, `90s`, `2m`, `1h30m`, `2h`, `1d`, or a number of ms. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

export type Duration = string | number;

/**
 * The longest duration accepted anywhere (100 years of 365.25 days). Far beyond any timeline or
 * token lifetime, and small enough that adding it to any valid virtual time stays a valid Date.
 */
export const MAX_DURATION_MS = 100 * 365.25 * 86_400_000;

/**
 * A time input (duration, instant, clock mode or scale) that is malformed or out of range. The
 * admin API answers it with 400; the scenario schema reports it with file:line:col.
 */
export class TimeInputError extends Error {
  override name = 'TimeInputError';
}

/** Durations are bounded above so that every sum of a valid time and a duration is a valid Date. */
function bounded(ms: number, input: Duration): number {
  if (ms > MAX_DURATION_MS) throw new TimeInputError(`invalid duration "${input}" (at most 100 years, 36525d)`);
  return ms;
}

export function parseDuration(input: Duration): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new TimeInputError(`invalid duration ${input}`);
    return bounded(input, input);
  }
  if (typeof input !== 'string') throw new TimeInputError(`invalid duration ${JSON.stringify(input)} (a string such as 90s, or a number of ms)`);
  const text = input.trim();
  // A digit run this long is beyond the bound whatever the unit; refusing it early keeps the scan short.
  if (text.length > 64) throw new TimeInputError(`invalid duration "${text.slice(0, 32)}..." (write it like 500ms, 90s, 2m, 1h30m, 2h)`);
  if (/^\d+(\.\d+)?$/.test(text)) return bounded(Number(text), input);
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = PART.exec(text)) !== null) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed = PART.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw new TimeInputError(`invalid duration "${input}" (write it like 500ms, 90s, 2m, 1h30m, 2h)`);
  }
  return bounded(Math.round(total), input);
}
