/** Same-origin calls to the admin API: the guard accepts the page's writes because its Origin is the API's own. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': contentType };
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    // a text answer (the scenario as YAML)
  }
  if (!res.ok) {
    const b = (typeof parsed === 'object' && parsed !== null ? parsed : { error: text }) as Record<string, unknown>;
    throw new ApiError(res.status, String(b.error ?? `${res.status} ${res.statusText}`), b);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  postYaml: <T>(path: string, text: string) => call<T>('POST', path, text, 'application/yaml'),
  del: <T>(path: string) => call<T>('DELETE', path),
};

/** `?a=1&b=2` from the defined values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
