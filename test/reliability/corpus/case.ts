/**
 * One case of the bad-input corpus: what it sends to which door, and what the vendor must answer.
 * A case returns the problems it saw ([] when the vendor answered in its own format and status);
 * the runner (runner.ts) adds the journal's side: every exchange journalled once, with the status
 * the client got.
 */
import type { Problems } from '../shapes';
import type { Targets } from '../targets';
import type { HttpCall, RawCall, Seen } from '../wire';

/** How many journal entries an exchange leaves: exactly one, at most one (the client left early), none (refused before any vendor saw it). */
export type Journalled = 'one' | 'atMostOne' | 'none';

export interface CaseContext {
  readonly t: Targets;
  /** An HTTP exchange, tagged (header `x-hostile-case`) so the runner can find its journal entry. */
  send(base: string, call: HttpCall, journal?: Journalled): Promise<Seen>;
  /** Raw bytes; `tag` is the header line to put in the request so its journal entry is found. */
  raw(url: string, build: (tagHeader: string) => RawCall, journal?: Journalled): Promise<Seen>;
  /** Packets a packet listener answered (or refused) in this case: each is journalled, `min` to `max` of them. */
  packets(listener: string, min: number, max?: number): void;
  /** A URL of the target, or throws (cases only run when the listeners they need are served). */
  url(vendor: string, listener: string): string;
}

export interface Case {
  vendor: string;
  door: string;
  name: string;
  /** Listeners (`vendor.listener`) the case needs; it is skipped when one is not served. */
  needs: string[];
  run(c: CaseContext): Promise<Problems>;
}

/** Build cases of one vendor and door. */
export function casesOf(vendor: string, door: string, needs: string[], list: Array<[string, (c: CaseContext) => Promise<Problems>]>): Case[] {
  return list.map(([name, run]) => ({ vendor, door, name, needs, run }));
}

export const TAG_HEADER = 'x-hostile-case';
