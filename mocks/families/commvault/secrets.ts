/**
 * Secrets kept out of the journal, wherever a Commvault body can carry them: `QSDK` tokens
 * anywhere in the text (RenewLoginToken's `sessionId`, a token pasted into any field), and
 * passwords (Login's base64 `password`, `userPassword`...), session ids and tokens by name, as
 * JSON fields of any type (a string, a number, an array, an object) and as XML attributes or
 * elements (`<password>`, `<password val=".."/>`, nested elements), and in text that is neither
 * (broken JSON, form pairs `password=..`). The engine masks headers (`Authtoken`) and common
 * fields on top of this.
 */
const MASK = '***';
const QSDK = /QSDK\s+[^\s"'<>&,;]+/gi;
const SECRET = /pass(?:word)?|secret|token|session_?id/i;

/** Cheap test first: most bodies (job polls, listings) name no secret at all. */
const MAYBE = /qsdk|pass|secret|token|session/i;

export function maskSecrets(text: string): string {
  if (!MAYBE.test(text)) return text;
  const masked = text.replace(QSDK, `QSDK ${MASK}`);
  const start = masked.trimStart()[0];
  if (start === '{' || start === '[') {
    try {
      return JSON.stringify(maskJson(JSON.parse(masked)));
    } catch {
      // not JSON after all: the text rules below still apply
    }
  }
  return maskXml(masked);
}

function own(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function maskJson(value: unknown, secret = false): unknown {
  if (Array.isArray(value)) return value.map((v) => maskJson(v, secret));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) own(out, k, maskJson(v, secret || SECRET.test(k)));
    return out;
  }
  return secret && value !== null ? MASK : value;
}

// Every pattern is linear in the text: names are bounded, and an unterminated value, tag or
// element runs to the end of the text (and is masked) instead of being searched for again
// from every later start, so a hostile body cannot make the journal's masking quadratic.
const NAME = String.raw`(?:[\w.-]{1,64}:)?[\w.-]{0,64}(?:pass(?:word)?|secret|token|session_?id)[\w.-]{0,64}`;
const VALUE = String.raw`("[^"]*(?:"|$)|'[^']*(?:'|$))`;
/** `password="..."`, `sessionId='...'` */
const SECRET_ATTRIBUTE = new RegExp(String.raw`(\s${NAME}\s*=\s*)${VALUE}`, 'gi');
/** every attribute of a secret element: `<password val="..."/>` */
const SECRET_START_TAG = new RegExp(String.raw`<${NAME}(?:\s[^>]*)?(?:>|$)`, 'gi');
const ANY_ATTRIBUTE = new RegExp(String.raw`(\s[\w:.-]+\s*=\s*)${VALUE}`, 'g');
/** `<password>...</password>`, nested elements included (not `<password/>`) */
const SECRET_ELEMENT = new RegExp(String.raw`(<(${NAME})(?:\s[^>]*)?(?<!/)(?:>|$))[\s\S]*?(</\2\s*>|$)`, 'gi');
/** JSON that did not parse: `"password": "..."` */
const SECRET_FIELD = new RegExp(String.raw`("${NAME}"\s*:\s*)("(?:[^"\\]|\\.)*(?:"|$)|[^\s,}\]]+)`, 'gi');
/** Form and query text: `password=...&` */
const SECRET_PAIR = new RegExp(String.raw`((?:^|[\s&?;])${NAME}=)(?!["'])[^&\s"'<>]+`, 'gi');

function maskXml(text: string): string {
  return text
    .replace(SECRET_ATTRIBUTE, `$1"${MASK}"`)
    .replace(SECRET_START_TAG, (tag) => tag.replace(ANY_ATTRIBUTE, `$1"${MASK}"`))
    .replace(SECRET_ELEMENT, `$1${MASK}$3`)
    .replace(SECRET_FIELD, `$1"${MASK}"`)
    .replace(SECRET_PAIR, `$1${MASK}`);
}
