import type { IncomingMessage } from 'node:http';
import { parseXml, XmlSyntaxError } from '../../codec/xml';
import type { Engine } from '../../engine';
import { TENANT_HEADER } from '../../tenancy';
import { MockError, type HttpCall, type TenantHandle, type VendorContext, type VendorModule, type VendorName } from '../vendor';

/** One request as handlers see it. Bodies are decoded lazily and once. */
export class Call<S = unknown> implements HttpCall<S> {
  params: Record<string, string | undefined> = {};
  operation = 'unmatched';
  private parsedQuery?: Record<string, string>;
  private parsedSearch?: URLSearchParams;
  private textCache?: string;
  private jsonCache?: { value: unknown };
  private xmlCache?: { value: unknown };
  private tenantCache?: TenantHandle<S>;
  private tenantIdCache?: string;
  readonly contentType: string;

  constructor(
    private readonly engine: Engine,
    private readonly module: VendorModule<S>,
    readonly listener: string,
    private readonly req: IncomingMessage,
    readonly path: string,
    private readonly rawQuery: string,
    readonly rawBody: Buffer,
    readonly baseUrl: string,
  ) {
    const ct = req.headers['content-type'];
    this.contentType = ct ? ct.split(';', 1)[0].trim().toLowerCase() : '';
  }

  get vendor(): VendorName {
    return this.module.name;
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  get headers() {
    return this.req.headers;
  }

  get ctx(): VendorContext<any> {
    return this.engine.context(this.module.name);
  }

  get searchParams(): URLSearchParams {
    return (this.parsedSearch ??= new URLSearchParams(this.rawQuery));
  }

  get query(): Record<string, string> {
    if (!this.parsedQuery) {
      const q: Record<string, string> = {};
      for (const [k, v] of this.searchParams) if (!(k in q)) q[k] = v;
      this.parsedQuery = q;
    }
    return this.parsedQuery;
  }

  /** The tenant's id, resolved without building its state (the journal and rules need only this). */
  get tenantId(): string {
    if (this.tenantIdCache === undefined) {
      const explicit = this.req.headers[TENANT_HEADER];
      const header = Array.isArray(explicit) ? explicit[0] : explicit;
      let principal: string | undefined;
      if (!header && this.module.principal) {
        try {
          principal = this.module.principal(this);
        } catch {
          principal = undefined; // a malformed body is the handler's to report
        }
      }
      this.tenantIdCache = this.engine.tenancy.resolve(this.module.name, principal, header);
    }
    return this.tenantIdCache;
  }

  get tenant(): TenantHandle<S> {
    return (this.tenantCache ??= this.engine.tenancy.handle<S>(this.module.name, this.tenantId));
  }

  text(): string {
    return (this.textCache ??= this.rawBody.toString('utf8'));
  }

  json<T = unknown>(): T {
    if (!this.jsonCache) {
      const text = this.text();
      try {
        this.jsonCache = { value: JSON.parse(text) };
      } catch (e) {
        throw new MockError('BAD_REQUEST', text.trim() === '' ? 'The request body is empty.' : `Malformed JSON: ${(e as Error).message}`);
      }
    }
    return this.jsonCache.value as T;
  }

  xml<T = Record<string, unknown>>(): T {
    if (!this.xmlCache) {
      try {
        this.xmlCache = { value: parseXml(this.text()) };
      } catch (e) {
        throw new MockError('BAD_REQUEST', `Malformed XML: ${e instanceof XmlSyntaxError ? e.message : String(e)}`);
      }
    }
    return this.xmlCache.value as T;
  }

  /** The body as scenario rules see it: JSON or XML by content type, else undefined. */
  parsedBody(): unknown {
    if (this.rawBody.length === 0) return undefined;
    if (this.contentType.includes('json')) return this.json();
    if (this.contentType.includes('xml')) return this.xml();
    try {
      return this.json();
    } catch {
      return undefined;
    }
  }
}
