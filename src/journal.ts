import { requestWeight } from './events/weight';
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
  /** The masked body, at most the journal's `maxBodyBytes` of it. */
  body: string;
  /** Size of the whole body in UTF-8 bytes (before any cut). */
  bodyBytes: number;
  /** Present when `body` holds only the first `maxBodyBytes` of a longer body. */
  bodyTruncated?: true;
  status: number;
  /** What the client was sent (masked, cut to `maxBodyBytes` like the request body); absent when nothing was. */
  response?: JournalResponse;
  durationMs: number;
  /** Name or index of the scenario rule that acted on the request, if any. */
  rule?: string;
  /** The connection fault a rule carried out (the client got no answer, or a broken one). */
  fault?: string;
  matched: boolean;
  /** For unmatched requests: the closest routes the vendor has. */
  nearest?: string[];
}

/** The answer of a journalled exchange, masked and cut as request bodies are. */
export interface JournalResponse {
  headers: Record<string, string>;
  body: string;
  bodyBytes: number;
  bodyTruncated?: true;
  /** A chunked answer that followed the virtual clock (its chunks are not kept). */
  streamed?: true;
}

/** An answer as the transports hand it to the journal, before masking and cutting. */
export interface ResponseInput {
  headers?: Record<string, unknown>;
  body?: string | Buffer;
  streamed?: boolean;
}

/** What masks a vendor's bodies besides the generic rules: the vendor itself (its `maskBody`). */
export interface BodyMasker {
  maskBody?(text: string): string;
}

/** The fields of an entry without headers and bodies: what a listing of many entries needs. */
export type JournalBrief = Omit<JournalEntry, 'headers' | 'query' | 'body' | 'response'>;

export function briefOf(e: JournalEntry): JournalBrief {
  const { headers: _h, query: _q, body: _b, response: _r, ...brief } = e;
  return brief;
}

export type JournalInput = Omit<JournalEntry, 'id' | 'wallTime' | 'virtualTime' | 'headers' | 'body' | 'bodyBytes' | 'bodyTruncated' | 'response'> & {
  headers?: Record<string, unknown>;
  body?: string;
  contentType?: string;
  response?: ResponseInput | undefined;
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

/** Defaults and upper bounds of the scenario's `journal` section. */
export const JOURNAL_DEFAULTS = { size: 10_000, maxBodyBytes: 64 * 1024, maxBytes: 64 * 1024 * 1024 } as const;
export const JOURNAL_LIMITS = { size: 1_000_000, maxBodyBytes: 16 * 1024 * 1024, maxBytes: 2 * 1024 * 1024 * 1024 } as const;

export interface JournalOptions {
  size?: number;
  maxBodyBytes?: number;
  maxBytes?: number;
}

/**
 * Thrown by every query of a journal of size 0. Answering "0 found" would let `verify(criteria, 0)`
 * pass with journaling off (WireMock's DisabledRequestJournal refuses for the same reason).
 */
export class JournalDisabledError extends Error {
  override name = 'JournalDisabledError';
  constructor() {
    super('the request journal is disabled (journal size 0), so it cannot be queried or verified; give journal.size above 0 (--journal-size, journalSize)');
  }
}

/** Fixed cost counted for each entry besides its strings (ids, numbers, object headers). */
const ENTRY_OVERHEAD = 256;

/**
 * At most `max` UTF-8 bytes of `text`, cut at a character boundary, as a new string. `slice` alone
 * would not do: V8 keeps a slice of a long string as a view that holds the whole parent alive,
 * so a journal of slices keeps every whole body.
 */
function head(text: string, max: number): { text: string; bytes: number; truncated: boolean } {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: short texts fit without measuring.
  if (text.length * 3 <= max) return { text, bytes: Buffer.byteLength(text), truncated: false };
  const bytes = Buffer.byteLength(text);
  if (bytes <= max) return { text, bytes, truncated: false };
  const buf = Buffer.from(text.slice(0, max), 'utf8');
  let end = Math.min(max, buf.length);
  // Back up over continuation bytes (10xxxxxx) so no character is cut in half.
  if (end < buf.length) while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return { text: buf.toString('utf8', 0, end), bytes, truncated: true };
}

/** The first `max` bytes of a Buffer as text, without decoding the rest. */
function headOfBytes(buf: Buffer, max: number): { text: string; bytes: number; truncated: boolean } {
  if (buf.length <= max) return { text: buf.toString('utf8'), bytes: buf.length, truncated: false };
  let end = max;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return { text: buf.toString('utf8', 0, end), bytes: buf.length, truncated: true };
}

/** A body as the journal keeps it: at most `maxBodyBytes` of text and the whole size in bytes. */
interface Cut {
  text: string;
  bytes: number;
  truncated: boolean;
}

/** A request body: short text is kept as it is (its byte size is measured when it is read). */
function cutText(text: string, max: number): Cut {
  return text.length * 3 <= max ? { text, bytes: -1, truncated: false } : head(text, max);
}

/**
 * An answer's body. A Buffer is decoded now: a small one may be a slice of a pooled slab, which
 * keeping would hold alive.
 */
function cutBody(raw: string | Buffer, max: number): Cut {
  return typeof raw === 'string' ? cutText(raw, max) : headOfBytes(raw, max);
}

/** A cut with its byte size known. */
function measured(c: Cut): Cut {
  return c.bytes >= 0 ? c : { text: c.text, bytes: Buffer.byteLength(c.text), truncated: false };
}

/**
 * One kept exchange: what the transports handed over until it is first read, then the masked
 * entry (and nothing else). Reading it twice gives the same object.
 */
export class KeptEntry {
  private entry?: JournalEntry;
  private input?: JournalInput;

  constructor(
    readonly id: number,
    readonly wallMs: number,
    readonly virtualMs: number,
    /** What it counts against the journal's `maxBytes`. */
    readonly size: number,
    /** Rough memory it holds, as the event history counts it (src/events/bus.ts requestWeight). */
    readonly weight: number,
    input: JournalInput,
    private body: Cut | undefined,
    private answer: Cut | undefined,
    private maskWith: BodyMasker | undefined,
    private owner: Journal | undefined,
  ) {
    this.input = input;
  }

  get tenant(): string {
    return this.entry?.tenant ?? this.input!.tenant;
  }

  read(): JournalEntry {
    if (this.entry === undefined) {
      this.entry = this.owner!.materialize(this, this.input!, measured(this.body!), this.answer && measured(this.answer), this.maskWith);
      this.input = undefined;
      this.maskWith = undefined;
      this.body = undefined;
      this.answer = undefined;
      this.owner = undefined;
    }
    return this.entry;
  }
}

function contentTypeOf(headers: Record<string, unknown> | undefined): string {
  if (!headers) return '';
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'content-type') return String(v).toLowerCase();
  return '';
}

/** Key and value lengths of a header or query record (array values counted whole). */
function lengthsOf(record: Record<string, unknown> | undefined): number {
  let n = 0;
  for (const k in record) {
    const v = record[k];
    n += k.length + (typeof v === 'string' ? v.length : Array.isArray(v) ? v.join(', ').length : v === undefined ? 0 : String(v).length);
  }
  return n;
}

/**
 * What an entry counts against `maxBytes`, worked out from what it keeps before masking (masking
 * only shortens values, so this bounds the masked entry too).
 */
function sizeOfInput(input: JournalInput, body: string, answer: string | undefined): number {
  let n = ENTRY_OVERHEAD + input.path.length + input.operation.length + input.tenant.length + body.length;
  if (answer !== undefined) n += answer.length + lengthsOf(input.response?.headers);
  n += lengthsOf(input.headers) + lengthsOf(input.query);
  for (const r of input.nearest ?? []) n += r.length;
  return n;
}

/** `new Date(ms).toISOString()`, kept for the last millisecond asked (requests share milliseconds under load). */
function isoCache(): (ms: number) => string {
  let lastMs = NaN;
  let last = '';
  return (ms) => (ms === lastMs ? last : ((lastMs = ms), (last = new Date(ms).toISOString())));
}

/**
 * Bounded ring of requests (WireMock's RequestJournal, in memory): at most `size` entries and
 * about `maxBytes` in all (the oldest go first), each body cut to `maxBodyBytes`. Size 0 disables
 * it: nothing is stored and every query (find, countOf, unmatched) throws JournalDisabledError.
 */
export class Journal {
  private ring: (KeptEntry | undefined)[] = [];
  /** Slot of the oldest entry. */
  private start = 0;
  private count = 0;
  private bytes = 0;
  private seq = 0;
  private capacity: number;
  private maxBodyBytes: number = JOURNAL_DEFAULTS.maxBodyBytes;
  private maxBytes: number = JOURNAL_DEFAULTS.maxBytes;
  private readonly wallIso = isoCache();
  private readonly virtualIso = isoCache();

  constructor(
    capacity: number = JOURNAL_DEFAULTS.size,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = capacity;
    this.ring = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get limit(): number {
    return this.capacity;
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  /** Bytes the kept entries take, as the `maxBytes` bound counts them. */
  get byteSize(): number {
    return this.bytes;
  }

  /** Apply a scenario's `journal` section; kept entries stay (the newest, within the new bounds). */
  configure(options: JournalOptions): void {
    if (options.maxBodyBytes !== undefined) this.maxBodyBytes = options.maxBodyBytes;
    if (options.maxBytes !== undefined) this.maxBytes = options.maxBytes;
    if (options.size !== undefined && options.size !== this.capacity) this.resize(options.size);
    while (this.count > 0 && this.bytes > this.maxBytes) this.dropOldest();
  }

  resize(capacity: number): void {
    const keep = capacity > 0 ? this.kept().slice(-capacity) : [];
    this.capacity = capacity;
    this.clear();
    for (const k of keep) this.push(k);
  }

  /**
   * Keep one exchange and return the entry, masked and cut. A disabled journal keeps nothing but
   * still returns the masked entry (id 0).
   */
  record(input: JournalInput, at?: number, maskWith?: BodyMasker): JournalEntry {
    return this.keep(input, at, maskWith).read();
  }

  /**
   * Keep one exchange as it is (the transports' own values, by reference; only a body longer
   * than `maxBodyBytes` is cut now) and mask it when it is first read: a request journalled and
   * never looked at costs no masking. Masking is a pure function of what is kept, so the entry
   * read later is the one an eager journal would have stored. `at`: the virtual time of the
   * exchange when its tenant runs its own clock (default: the shared clock); `maskWith`: the
   * vendor, whose own masking runs on the journal's cut of each body (request and answer).
   */
  keep(input: JournalInput, at?: number, maskWith?: BodyMasker): KeptEntry {
    const wallMs = Date.now();
    const virtualMs = at ?? this.now();
    const body = cutText(input.body ?? '', this.maxBodyBytes);
    const r = input.response;
    const answer = r === undefined || r.streamed ? undefined : cutBody(r.body ?? '', this.maxBodyBytes);
    // A body that was cut (or decoded from a Buffer) must not stay reachable through the input.
    const whole = body.text === (input.body ?? '') && (answer === undefined || answer.text === r!.body);
    const held = whole ? input : { ...input, body: undefined, response: r && { ...r, body: undefined } };
    const size = sizeOfInput(input, body.text, answer?.text);
    const weight = requestWeight(body.text.length, answer?.text.length ?? 0, input.path.length);
    const kept = new KeptEntry(this.capacity === 0 ? 0 : ++this.seq, wallMs, virtualMs, size, weight, held, body, answer, maskWith, this);
    this.push(kept);
    return kept;
  }

  /** @internal An entry as it is read: masked and cut (KeptEntry.read, once per entry). */
  materialize(k: KeptEntry, input: JournalInput, body: Cut, answer: Cut | undefined, maskWith: BodyMasker | undefined): JournalEntry {
    const { headers, body: _b, contentType, query, response, ...rest } = input;
    const text = maskWith?.maskBody && body.text.length ? maskWith.maskBody(body.text) : body.text;
    return {
      id: k.id,
      wallTime: this.wallIso(k.wallMs),
      virtualTime: this.virtualIso(k.virtualMs),
      ...rest,
      query: maskQuery(query),
      headers: headers ? maskHeaders(headers) : {},
      body: text.length === 0 ? '' : maskBody(text, contentType ?? ''),
      bodyBytes: body.bytes,
      ...(body.truncated ? { bodyTruncated: true } : {}),
      ...(response ? { response: this.answerOf(response, answer, maskWith) } : {}),
    };
  }

  /** One entry by id, if still kept. */
  get(id: number): JournalEntry | undefined {
    this.assertEnabled();
    if (this.count === 0) return undefined;
    // Ids are consecutive in the ring (resize and configure keep order), so look it up directly when they still are.
    const first = this.ring[this.start]!.id;
    const guess = this.ring[(this.start + (id - first)) % this.capacity];
    if (id >= first && id - first < this.count && guess?.id === id) return guess.read();
    return this.kept().find((k) => k.id === id)?.read();
  }

  private answerOf(r: ResponseInput, cut: Cut | undefined, maskWith: BodyMasker | undefined): JournalResponse {
    const headers = r.headers ? maskHeaders(r.headers) : {};
    if (cut === undefined) return { headers, body: '', bodyBytes: 0, streamed: true };
    const text = maskWith?.maskBody && cut.text.length ? maskWith.maskBody(cut.text) : cut.text;
    return {
      headers,
      body: text.length === 0 ? '' : maskBody(text, contentTypeOf(r.headers)),
      bodyBytes: cut.bytes,
      ...(cut.truncated ? { bodyTruncated: true } : {}),
    };
  }

  /** Every kept entry, oldest first (none when disabled: a listing, unlike a query, cannot mislead). */
  all(): JournalEntry[] {
    return this.entries();
  }

  find(criteria: JournalCriteria = {}): JournalEntry[] {
    this.assertEnabled();
    const test = compileCriteria(criteria);
    return this.entries().filter(test);
  }

  countOf(criteria: JournalCriteria = {}): number {
    return this.find(criteria).length;
  }

  unmatched(): JournalEntry[] {
    this.assertEnabled();
    return this.entries().filter((e) => !e.matched);
  }

  /** Forget every entry, or one tenant's (ids go on from where they were, so `since` stays meaningful). */
  clear(tenant?: string): void {
    if (tenant !== undefined) {
      const keep = this.kept().filter((k) => k.tenant !== tenant);
      if (keep.length === this.count) return;
      this.clear();
      for (const k of keep) this.push(k);
      return;
    }
    this.ring = new Array(this.capacity);
    this.start = 0;
    this.count = 0;
    this.bytes = 0;
  }

  private assertEnabled(): void {
    if (this.capacity === 0) throw new JournalDisabledError();
  }

  private entries(): JournalEntry[] {
    const out: JournalEntry[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.ring[(this.start + i) % this.capacity]!.read();
    return out;
  }

  private kept(): KeptEntry[] {
    const out: KeptEntry[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.ring[(this.start + i) % this.capacity]!;
    return out;
  }

  private dropOldest(): void {
    this.bytes -= this.ring[this.start]!.size;
    this.ring[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.count--;
  }

  private push(entry: KeptEntry): void {
    if (this.capacity === 0) return;
    const size = entry.size;
    if (this.count === this.capacity) this.dropOldest();
    while (this.count > 0 && this.bytes + size > this.maxBytes) this.dropOldest();
    const slot = (this.start + this.count) % this.capacity;
    this.ring[slot] = entry;
    this.bytes += size;
    this.count++;
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
    const re = needle.startsWith('re:') ? stringMatcher(needle) : undefined;
    checks.push((e) => (re ? re(e.body) : e.body.includes(needle)));
  }
  return (e) => checks.every((check) => check(e));
}

/** Describe criteria for error messages: `vendor=vcenter operation=job.create`. */
export function describeCriteria(c: JournalCriteria): string {
  return Object.entries(c)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}
