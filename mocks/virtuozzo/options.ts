/** The vendor options with defaults applied (a scenario may omit `vendors.virtuozzo`). */
import { parseDuration } from '../../src/duration';
import { errorCodes, type ErrorCodes } from './errors';
import { DEFAULT_MAX_PACKET } from './framing';
import type { GreetingMode, VirtuozzoOptions } from './schema';

export interface ResolvedOptions {
  greeting: GreetingMode;
  greetingWindowMs: number;
  maxPacketBytes: number;
  writeGapMs: number;
  codes: ErrorCodes;
}

/** Default auto window: above VM::Virtuozzo's ~220 ms first write (vendor notes, timing). */
export const DEFAULT_GREETING_WINDOW_MS = 300;

/** Wall ms between packets on one TCP connection (see schema.ts writeGap). */
export const DEFAULT_WRITE_GAP_MS = 25;

/** `listener` picks a per-listener greeting mode ({tcp: off, tls: on}). */
export function resolveOptions(raw: Partial<VirtuozzoOptions> | undefined, listener = 'tcp'): ResolvedOptions {
  const o = raw ?? {};
  const g = o.greeting ?? 'auto';
  return {
    greeting: typeof g === 'string' ? g : ((g as Record<string, GreetingMode | undefined>)[listener] ?? 'auto'),
    greetingWindowMs: o.greetingWindow !== undefined ? parseDuration(o.greetingWindow) : DEFAULT_GREETING_WINDOW_MS,
    maxPacketBytes: o.maxPacketBytes ?? DEFAULT_MAX_PACKET,
    writeGapMs: o.writeGap !== undefined ? parseDuration(o.writeGap) : DEFAULT_WRITE_GAP_MS,
    codes: errorCodes(o.errorCodes),
  };
}
