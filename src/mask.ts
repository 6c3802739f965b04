/**
 * Secrets never reach the journal or the logs: passwords, tokens, session ids, API keys and
 * cookies, wherever a client puts them (headers, query strings, JSON, XML and form bodies). The
 * generic rules here go by name; a vendor adds its own shapes with its `maskBody` hook.
 *
 * Every function is linear in its input (no regular expression here can backtrack over more than
 * one name or one quoted value), since bodies come from clients.
 */
export const MASK = '***';

/** Names (JSON keys, XML elements and attributes, form and query keys) whose values are secrets. */
const SECRET_NAME = /pass|secret|token|session_?id|sessid|^session$|credential|api_?key|access_?key|private_?key|authorization|cookie/i;

/** Header names whose values are secrets (besides any name SECRET_NAME matches). */
const SECRET_HEADER = /^(?:authorization|proxy-authorization|authtoken|x-auth-token|x-subject-token|vmware-api-session-id|cookie|set-cookie)$|token|secret|session|pass|api-?key|credential|auth/i;

/** Authentication schemes kept in front of a masked value, so journals still show how a call authenticated. */
const SCHEME = /^(Basic|Bearer|Digest|Negotiate|NTLM|QSDK|Token|SSWS|AWS4-HMAC-SHA256)\s+/i;

/**
 * A cheap first look: text with none of these substrings has no secret name in it, so it is kept
 * as it is. Escapes (`\u0070assword` in JSON, `p%61ssword` in forms) could spell a name without
 * them, so text holding an escape always gets the full treatment.
 */
const HINT = /pass|secret|token|sess|credential|api_?key|access_?key|private_?key|authorization|cookie|auth/i;

function mayHoldSecret(text: string): boolean {
  return HINT.test(text) || text.includes('\\u') || text.includes('%');
}

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(localName(name));
}

function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

export function maskHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const name = k.toLowerCase();
    if (Array.isArray(v)) out[k] = v.map((one) => maskHeaderValue(name, String(one))).join(', ');
    else out[k] = maskHeaderValue(name, String(v));
  }
  return out;
}

function maskHeaderValue(name: string, value: string): string {
  if (name === 'cookie') return maskCookies(value, true);
  if (name === 'set-cookie') return maskCookies(value, false);
  if (!SECRET_HEADER.test(name) || name === 'x-mock-tenant') return value;
  const m = SCHEME.exec(value);
  return m ? `${m[1]} ${MASK}` : MASK;
}

/** `a=1; b=2` -> `a=***; b=***` (Cookie); for Set-Cookie only the first pair is the cookie, the rest are attributes. */
function maskCookies(value: string, every: boolean): string {
  return value
    .split(';')
    .map((part, i) => {
      if (!every && i > 0) return part;
      const eq = part.indexOf('=');
      return eq < 0 ? MASK : `${part.slice(0, eq)}=${MASK}`;
    })
    .join(';');
}

/** Query parameters by name: `?password=...`, `?token=...`, `?sessionId=...`. */
export function maskQuery(query: Record<string, string> | undefined): Record<string, string> {
  if (!query) return {};
  // fromEntries defines own properties, so a `__proto__` parameter stays a plain key.
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, isSecretName(k) ? MASK : v]));
}

/** JSON deeper than this is masked as text (a recursive walk of hostile nesting would run out of stack). */
const MAX_JSON_DEPTH = 64;

class TooDeep extends Error {}

/** Mask secret fields in a JSON value (deep copy). */
export function maskJson(value: unknown, depth = 0): unknown {
  if (depth > MAX_JSON_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return value.map((v) => maskJson(v, depth + 1));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // {"name": "password", "value": "..."}: a secret passed as a name/value pair.
    const pairName = typeof record.name === 'string' ? record.name : typeof record.key === 'string' ? record.key : undefined;
    const secretPair = pairName !== undefined && 'value' in record && isSecretName(pairName);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
      const secret = isSecretName(k) || (secretPair && k === 'value');
      Object.defineProperty(out, k, { value: secret ? maskLeaves(v, depth + 1) : maskJson(v, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/**
 * Everything below a secret key: strings and numbers become `***` whatever the nesting (a password
 * sent as an array, vAPI's {"SECRET": "..."} or {"OPTIONAL": {"SECRET": ...}}); booleans and null stay.
 */
function maskLeaves(value: unknown, depth: number): unknown {
  if (depth > MAX_JSON_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return value.map((v) => maskLeaves(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: maskLeaves(v, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return typeof value === 'string' || typeof value === 'number' ? MASK : value;
}

/**
 * JSON-looking `"key": value` pairs in text that is not valid JSON (a body cut short, JSON inside
 * another format). The value is a string (also one cut off at the end), a number or a flat array or object.
 */
const JSON_PAIR = /("(?:[^"\\\n]|\\.)*")(\s*:\s*)("(?:[^"\\]|\\.)*(?:"|$)|-?\d[\d.eE+-]*|\[[^[\]]*\]|\{[^{}]*\})/g;

/** `name="value"` / `name='value'`: XML attributes, and the same shape anywhere in text. */
const ATTRIBUTE = /(?<![\w:.-])([\w:.-]+)(\s*=\s*)("[^"]*"|'[^']*')/g;

function maskPairs(text: string): string {
  return text
    .replace(JSON_PAIR, (all, key: string, sep: string) => (isSecretName(key.slice(1, -1)) ? `${key}${sep}"${MASK}"` : all))
    .replace(ATTRIBUTE, (all, name: string, sep: string) => (isSecretName(name) ? `${name}${sep}"${MASK}"` : all));
}

/**
 * XML: every text and CDATA section inside a secret element (`<password>`, `<ns:token>`,
 * `<password><value>...</value></password>`; the root element names the message and is never
 * secret itself) becomes `***`, and secret attributes too. One pass
 * over the tags with indexOf; only tags near a hint are looked at closely, and unchanged text is
 * copied in runs. Malformed XML is masked as far as it goes.
 */
export function maskXml(text: string): string {
  const hints = new RegExp(HINT.source, 'gi');
  let nextHint = -1;
  /** Position of the first hint at or after `from` (Infinity: none left). */
  const hintFrom = (from: number): number => {
    if (nextHint < from && nextHint !== Infinity) {
      hints.lastIndex = from;
      nextHint = hints.exec(text)?.index ?? Infinity;
    }
    return nextHint;
  };
  /** For each open element: whether it or an ancestor is secret. */
  const stack: boolean[] = [];
  let inSecret = false;
  let sawRoot = false;
  let out = '';
  let copied = 0;
  const replace = (from: number, to: number, by: string) => {
    out += text.slice(copied, from) + by;
    copied = to;
  };
  const skipTo = (closer: string, from: number) => {
    const at = text.indexOf(closer, from);
    return at < 0 ? text.length : at + closer.length;
  };
  for (let i = 0; i < text.length; ) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? text.length : lt;
    if (inSecret && textEnd > i && text.slice(i, textEnd).trim() !== '') replace(i, textEnd, MASK);
    if (lt < 0) break;
    const next = text.charCodeAt(lt + 1);
    let end: number;
    if (text.startsWith('<!--', lt)) end = skipTo('-->', lt + 4);
    else if (text.startsWith('<![CDATA[', lt)) {
      end = skipTo(']]>', lt + 9);
      if (inSecret) replace(lt, end, `<![CDATA[${MASK}]]>`);
    } else if (next === 0x3f /* ? */) end = skipTo('?>', lt + 2);
    else if (next === 0x21 /* ! */) end = skipTo('>', lt + 2);
    else if (next === 0x2f /* / */) {
      end = skipTo('>', lt + 2);
      stack.pop();
      inSecret = stack.length > 0 && stack[stack.length - 1];
    } else {
      end = skipTo('>', lt + 1);
      const hinted = hintFrom(lt) < end;
      if (inSecret || hinted) {
        const tag = text.slice(lt, end);
        const secret = inSecret;
        if (tag.includes('=')) {
          const masked = tag.replace(ATTRIBUTE, (all, attr: string, sep: string) => (secret || isSecretName(attr) ? `${attr}${sep}"${MASK}"` : all));
          if (masked !== tag) replace(lt, end, masked);
        }
      }
      if (text.charCodeAt(end - 2) !== 0x2f /* / */) {
        // The root element names the message (`CheckCredentialReq`), not a field: it is never secret itself.
        if (hinted && !inSecret && (stack.length > 0 || sawRoot)) {
          let nameEnd = lt + 1;
          while (nameEnd < end && !/[\s/>]/.test(text[nameEnd])) nameEnd++;
          inSecret = isSecretName(text.slice(lt + 1, nameEnd));
        }
        sawRoot = true;
        stack.push(inSecret);
      }
    }
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `a=1&password=2` -> `a=1&password=***` (form bodies, and text of that shape). */
export function maskForm(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let key = pair.slice(0, eq);
      try {
        key = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        // a malformed escape: judge the name as written
      }
      return isSecretName(key) ? `${pair.slice(0, eq)}=${MASK}` : pair;
    })
    .join('&');
}

const FORM_SHAPE = /^[^\s=&<>{}"]+=[^\s&]*(?:&[^\s=&]+=[^\s&]*)*$/;

/** Mask text of any format: XML by its tags, forms by their keys, and name/value pairs anywhere. */
export function maskText(text: string): string {
  return mayHoldSecret(text) ? maskShape(text) : text;
}

/** maskText once its first look found a hint. */
function maskShape(text: string): string {
  if (text.trimStart().startsWith('<')) return maskXml(text);
  if (FORM_SHAPE.test(text)) return maskForm(text);
  return maskPairs(text);
}

/** Mask a body by its media type; JSON is masked structurally, anything else by its shape. */
export function maskBody(body: string, contentType: string): string {
  if (!mayHoldSecret(body)) return body;
  if (contentType.includes('json')) {
    try {
      return JSON.stringify(maskJson(JSON.parse(body)));
    } catch {
      return maskShape(body);
    }
  }
  if (contentType.includes('x-www-form-urlencoded')) return maskForm(body);
  if (contentType.includes('xml')) return maskXml(body);
  return maskShape(body);
}
