import { maskBody, maskHeaders, maskQuery } from './mask';
import { stringMatcher } from './match';

/** One request as the journal keeps it (secrets already masked). */
export interface JournalEntry {
  id: number;
  wallTime: string;
  virtualTime: string;
  vendor: string;
  listener: string;
  tenant: string;
  operation: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  status: number;
  durationMs: number;
  /** Name or index of the scenario rule that acted on the request, if any. */
  rule?: string;
  /** The connection fault a rule carried out (the client got no answer, or a broken one). */
  fault?: string;
  matched: boolean;
  /** For unmatched requests: the closest routes the vendor has. */
  nearest?: string[];
}

export type JournalInput = Omit<JournalEntry, 'id' | 'wallTime' | 'virtualTime' | 'headers' | 'body'> & {
  headers?: Record<string, unknown>;
  body?: string;
  contentType?: string;
  /** Virtual time of the exchange when its tenant runs its own clock (default: the shared clock). */
  at?: number | undefined;
};

/** Criteria for find/count/verify: every given field must match; strings match exactly, `re:<pattern>` as a regex. */
export interface JournalCriteria {
  vendor?: string;
  tenant?: string;
  operation?: string;
  method?: string;
  path?: string;
  status?: number;
  listener?: string;
  matched?: boolean;
  rule?: string;
  /** Header name -> value (or re:<pattern>). */
  headers?: Record<string, string>;
  /** Substring (or re:<pattern>) of the masked body. */
  bodyContains?: string;
  /** Only entries at or after this journal id. */
  since?: number;
}

const MAX_BODY = 64 * 1024;


/**
 * Bounded ring buffer of requests (WireMock's RequestJournal, in memory). Capacity 0 disables it:
 * nothing is stored and queries answer empty.
 */
export class Journal {
  private ring: (JournalEntry | undefined)[] = [];
  private next = 0;
  private count = 0;
  private seq = 0;

  constructor(
    private capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.ring = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get limit(): number {
    return this.capacity;
  }

  resize(capacity: number): void {
    const keep = this.all().slice(-capacity);
    this.capacity = capacity;
    this.ring = new Array(capacity);
    this.next = 0;
    this.count = 0;
    for (const e of keep) this.push(e);
  }

  record(input: JournalInput): JournalEntry | undefined {
    if (this.capacity === 0) return undefined;
    const { headers, body, contentType, at, ...rest } = input;
    const text = body ?? '';
    const entry: JournalEntry = {
      id: ++this.seq,
      wallTime: new Date().toISOString(),
      virtualTime: new Date(at ?? this.now()).toISOString(),
      ...rest,
      query: maskQuery(rest.query),
      headers: headers ? maskHeaders(headers) : {},
      body: text.length === 0 ? '' : maskBody(text.length > MAX_BODY ? text.slice(0, MAX_BODY) : text, contentType ?? ''),
    };
    this.push(entry);
    return entry;
  }

  all(): JournalEntry[] {
    if (this.count < this.capacity) return this.ring.slice(0, this.count) as JournalEntry[];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)] as JournalEntry[];
  }

  find(criteria: JournalCriteria = {}): JournalEntry[] {
    const test = compileCriteria(criteria);
    return this.all().filter(test);
  }

  countOf(criteria: JournalCriteria = {}): number {
    return this.find(criteria).length;
  }

  unmatched(): JournalEntry[] {
    return this.all().filter((e) => !e.matched);
  }

  clear(): void {
    this.ring = new Array(this.capacity);
    this.next = 0;
    this.count = 0;
  }

  private push(entry: JournalEntry): void {
    if (this.capacity === 0) return;
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }
}

export function compileCriteria(c: JournalCriteria): (e: JournalEntry) => boolean {
  const checks: Array<(e: JournalEntry) => boolean> = [];
  for (const key of ['vendor', 'tenant', 'operation', 'path', 'listener', 'rule'] as const) {
    const want = c[key];
    if (want !== undefined) {
      const m = stringMatcher(want);
      checks.push((e) => m(e[key]));
    }
  }
  if (c.method !== undefined) {
    const method = c.method.toUpperCase();
    checks.push((e) => e.method === method);
  }
  if (c.status !== undefined) checks.push((e) => e.status === c.status);
  if (c.matched !== undefined) checks.push((e) => e.matched === c.matched);
  if (c.since !== undefined) checks.push((e) => e.id >= c.since!);
  if (c.headers) {
    for (const [name, want] of Object.entries(c.headers)) {
      const m = stringMatcher(want);
      const lower = name.toLowerCase();
      checks.push((e) => m(e.headers[lower]));
    }
  }
  if (c.bodyContains !== undefined) {
    const needle = c.bodyContains;
    const re = needle.startsWith('re:') ? new RegExp(needle.slice(3)) : undefined;
    checks.push((e) => (re ? re.test(e.body) : e.body.includes(needle)));
  }
  return (e) => checks.every((check) => check(e));
}

/** Describe criteria for error messages: `vendor=vcenter operation=job.create`. */
export function describeCriteria(c: JournalCriteria): string {
  return Object.entries(c)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}
