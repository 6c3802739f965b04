import { TENANT_HEADER } from '../tenancy';

/** A refusal of the admin API: its status and its `{"error": ...}` message. */
export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export interface AdminCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body (objects), or YAML text (strings, sent as application/yaml). */
  body?: unknown;
  /** The tenant the call is about (sent as x-mock-tenant). */
  tenant?: string | undefined;
  /** Statuses answered as a value instead of thrown (e.g. 404 for "no such job"). */
  accept?: readonly number[];
}

/** JSON over HTTP to one admin API (global fetch: Node 20 has it). */
export class AdminApi {
  constructor(
    readonly url: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async call<T>(path: string, c: AdminCall = {}): Promise<{ status: number; body: T }> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(c.query ?? {})) if (v !== undefined) q.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (c.tenant !== undefined) headers[TENANT_HEADER] = c.tenant;
    let body: string | undefined;
    if (typeof c.body === 'string') {
      headers['content-type'] = 'application/yaml';
      body = c.body;
    } else if (c.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(c.body);
    }
    const target = `${this.url}${path}${q.size ? `?${q}` : ''}`;
    const method = c.method ?? (body === undefined ? 'GET' : 'POST');
    let res: Response;
    try {
      res = await this.fetchImpl(target, { method, headers, ...(body !== undefined ? { body } : {}) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new AdminApiError(0, `cannot reach the backup-mocks admin API at ${this.url} (${cause})`);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    if (res.ok || c.accept?.includes(res.status)) return { status: res.status, body: parsed as T };
    const message = (parsed as { error?: unknown } | undefined)?.error;
    throw new AdminApiError(res.status, `${method} ${path}: ${typeof message === 'string' ? message : `${res.status} ${res.statusText}`}`, parsed);
  }
}
