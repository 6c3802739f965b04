import type { IncomingMessage } from 'node:http';
import { parseXml, XmlSyntaxError } from '../codec/xml';
import type { Engine } from '../engine';
import type { JournalInput } from '../journal';
import { EngineError } from '../errors';
import type { HttpRequest } from '../operations/types';
import type { Reply, Vendor } from '../vendor';

/** The query of a request without one: shared, frozen, with no prototype (as every parsed query has none). */
const NO_QUERY: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);

/** One HTTP request as doors see it. The query and the bodies are decoded lazily and once. */
export class IncomingHttpRequest implements HttpRequest {
  params: Readonly<Record<string, string | undefined>> = {};
  readonly contentType: string;
  private parsedQuery?: Record<string, string>;
  private parsedSearch?: URLSearchParams;
  private textCache?: string;
  private jsonCache?: { value: unknown };
  private xmlCache?: { value: Record<string, unknown> };

  constructor(
    private readonly req: IncomingMessage,
    readonly listener: string,
    readonly path: string,
    private readonly rawQuery: string,
    readonly rawBody: Buffer,
    readonly baseUrl: string,
  ) {
    const ct = req.headers['content-type'];
    this.contentType = ct ? ct.split(';', 1)[0].trim().toLowerCase() : '';
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  get headers() {
    return this.req.headers;
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  }

  basicAuth(): { username: string; password: string } | 'malformed' | undefined {
    const auth = this.header('authorization');
    if (auth === undefined || !/^basic\b/i.test(auth)) return undefined;
    const m = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(auth);
    if (!m) return 'malformed';
    const text = Buffer.from(m[1], 'base64').toString('utf8');
    const i = text.indexOf(':');
    if (i < 0) return 'malformed';
    return { username: text.slice(0, i), password: text.slice(i + 1) };
  }

  cookie(name: string): string | undefined {
    const header = this.header('cookie');
    if (header === undefined) return undefined;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return part.slice(eq + 1).trim();
      }
    }
    return undefined;
  }

  get searchParams(): URLSearchParams {
    return (this.parsedSearch ??= new URLSearchParams(this.rawQuery));
  }

  get query(): Readonly<Record<string, string>> {
    if (!this.parsedQuery) {
      if (this.rawQuery === '') return (this.parsedQuery = NO_QUERY);
      // A null-prototype record: a client's `?__proto__=` is just a parameter.
      const q: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [k, v] of this.searchParams) if (!(k in q)) q[k] = v;
      this.parsedQuery = q;
    }
    return this.parsedQuery;
  }

  text(): string {
    return (this.textCache ??= this.rawBody.toString('utf8'));
  }

  json(): unknown {
    if (!this.jsonCache) {
      const text = this.text();
      try {
        this.jsonCache = { value: JSON.parse(text) };
      } catch (e) {
        throw new EngineError('BAD_REQUEST', text.trim() === '' ? 'The request body is empty.' : `Malformed JSON: ${(e as Error).message}`);
      }
    }
    return this.jsonCache.value;
  }

  xml(): Record<string, unknown> {
    if (!this.xmlCache) {
      try {
        this.xmlCache = { value: parseXml(this.text()) };
      } catch (e) {
        throw new EngineError('BAD_REQUEST', `Malformed XML: ${e instanceof XmlSyntaxError ? e.message : 'the body is not XML'}`);
      }
    }
    return this.xmlCache.value;
  }

  /** The body as scenario rules see it: JSON or XML by content type, else JSON if it parses. */
  ruleBody(): unknown {
    if (this.rawBody.length === 0) return undefined;
    if (this.contentType.includes('xml')) return this.xml();
    if (this.contentType.includes('json')) return this.json();
    try {
      return this.json();
    } catch {
      return undefined;
    }
  }
}

/** What a journal entry of an HTTP exchange says besides the request itself. */
export interface HttpOutcome {
  operation: string;
  tenant: string;
  /** What the client got; 0 when nothing was sent (a fault, a client gone). */
  status: number;
  started: bigint;
  matched: boolean;
  rule?: string;
  fault?: string;
  nearest?: string[];
  /** What was sent, for the journal's `response`. */
  reply?: Reply;
}

/** Journal one HTTP exchange (the journal masks secrets when the entry is read; the vendor's maskBody adds its own). */
export function journalHttp(engine: Engine, vendor: Vendor, listener: string, http: IncomingHttpRequest, o: HttpOutcome): void {
  const ms = Number(process.hrtime.bigint() - o.started) / 1e6;
  const input: JournalInput = {
    vendor: vendor.name,
    listener,
    tenant: o.tenant,
    operation: o.operation,
    method: http.method,
    path: http.path,
    query: http.query,
    headers: http.headers as Record<string, unknown>,
    body: http.rawBody.length ? http.text() : '',
    contentType: http.contentType,
    status: o.status,
    durationMs: Math.round(ms * 1000) / 1000,
    matched: o.matched,
  };
  const reply = o.reply;
  if (reply) input.response = { headers: reply.headers, body: reply.body ?? '', streamed: reply.stream !== undefined };
  if (o.rule) input.rule = o.rule;
  if (o.fault) input.fault = o.fault;
  if (o.nearest) input.nearest = o.nearest;
  engine.record(input);
}
