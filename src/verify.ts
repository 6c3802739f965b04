import { describeCriteria, type JournalBrief, type JournalCriteria } from './journal';

/** How many matching requests `verify` and `toHaveReceived` want: exactly N, or a range (default at least one). */
export type Count = number | { atLeast?: number; atMost?: number };

export class VerificationError extends Error {}

export function checkCount(n: number, count?: Count): { ok: boolean; want: string } {
  if (count === undefined) return { ok: n >= 1, want: 'at least 1' };
  if (typeof count === 'number') return { ok: n === count, want: `exactly ${count}` };
  const lo = count.atLeast ?? 0;
  const hi = count.atMost ?? Infinity;
  return { ok: n >= lo && n <= hi, want: `between ${lo} and ${hi === Infinity ? 'any' : hi}` };
}

/** The newest journal entries a failed verification shows, as the in-process harness and the remote client both print them. */
export const RECENT_SHOWN = 5;

type Recent = Pick<JournalBrief, 'vendor' | 'operation' | 'method' | 'path' | 'status'>;

/** What `verify` throws: the count wanted, the count found, and the last requests. */
export function verificationMessage(criteria: JournalCriteria, want: string, found: number, recent: readonly Recent[]): string {
  const lines = recent.map((e) => `  ${e.vendor} ${e.operation} ${e.method} ${e.path} -> ${e.status}`).join('\n');
  return `expected ${want} request(s) matching ${describeCriteria(criteria)}, found ${found}.\nLast requests:\n${lines || '  (none)'}`;
}

/** What `toHaveReceived` says when it fails. */
export function matcherMessage(isNot: boolean, criteria: JournalCriteria, want: string, found: number, recent: readonly Recent[]): string {
  return (
    `expected harness ${isNot ? 'not ' : ''}to have received ${want} request(s) matching ${describeCriteria(criteria)}, found ${found}` +
    (found === 0 ? `\nrecent: ${recent.map((e) => `${e.vendor} ${e.operation} ${e.status}`).join(', ') || '(none)'}` : '')
  );
}
