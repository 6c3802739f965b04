/** Secrets never reach the journal or the logs: passwords, tokens, session ids, auth headers. */
const SECRET_HEADERS = new Set([
  'authorization',
  'authtoken',
  'x-auth-token',
  'x-subject-token',
  'vmware-api-session-id',
  'cookie',
  'set-cookie',
  'proxy-authorization',
]);

const SECRET_KEY = /pass(word)?|secret|token|session_?id|sessionid|credential/i;
export const MASK = '***';

export function maskHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : String(v);
    out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? maskHeaderValue(value) : value;
  }
  return out;
}

/** Keep the scheme of an Authorization header (`Basic ***`) so journals still show how a call authenticated. */
function maskHeaderValue(value: string): string {
  const m = /^(Basic|Bearer|QSDK)\s+/i.exec(value);
  return m ? `${m[1]} ${MASK}` : MASK;
}

/** Query parameters named like secrets (`loc_spec.location_password=...`, `token=...`) keep their name only. */
export function maskQuery(query: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) out[k] = SECRET_KEY.test(k) ? MASK : v;
  return out;
}

/** Mask secret fields in a JSON value (deep copy). */
export function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && (typeof v === 'string' || typeof v === 'number' || (v && typeof v === 'object' && !Array.isArray(v)))
        ? typeof v === 'object'
          ? maskLeaves(v)
          : MASK
        : maskJson(v);
    }
    return out;
  }
  return value;
}

/** vAPI wraps secrets as {"SECRET": "..."} or {"OPTIONAL": {"SECRET": ...}}: mask every leaf below a secret key. */
function maskLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskLeaves);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskLeaves(v)]));
  }
  return value === null ? null : MASK;
}

const TEXT_RULES: Array<[RegExp, string]> = [
  // JSON-ish "password": "..." in text that is not valid JSON
  [/("[^"]*(?:pass(?:word)?|secret|token|sessionId|session_id)[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${MASK}"`],
  // XML attributes: password="..." backupPassword='...'
  [/(\b[\w:.-]*(?:pass(?:word)?|secret|token)[\w.-]*\s*=\s*)("[^"]*"|'[^']*')/gi, `$1"${MASK}"`],
  // XML elements: <password>...</password>, <ns:password>, <token>, <session_id>
  [/(<([\w.-]+:)?([\w.-]*(?:pass(?:word)?|secret|token|session_id)[\w.-]*)(\s[^>]*)?>)[^<]*(<\/)/gi, `$1${MASK}$5`],
];

export function maskText(text: string): string {
  let out = text;
  for (const [re, rep] of TEXT_RULES) out = out.replace(re, rep);
  return out;
}

/** Mask a body by its media type; JSON is masked structurally, anything else by text rules. */
export function maskBody(body: string, contentType: string): string {
  if (contentType.includes('json')) {
    try {
      return JSON.stringify(maskJson(JSON.parse(body)));
    } catch {
      return maskText(body);
    }
  }
  return maskText(body);
}
