/**
 * The fuzzers' shared pieces (fast-check): a fixed budget, values a client could send in any JSON
 * position (prototype names, numbers past the safe range, odd strings), byte-level mutation of
 * known-good requests, random XML from a vocabulary, and the one property every door must keep.
 *
 * Budget: `FUZZ_RUNS` runs per property (default 100, enough to reach each generator's branches
 * in CI in a few seconds), seed `FUZZ_SEED` (default fixed, so a CI failure replays locally).
 */
import fc from 'fast-check';
import { PROTO_NAMES } from '../corpus/payloads';
import type { Problems } from '../shapes';
import type { Seen } from '../wire';

export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 100);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED) || 20260101;

/** A property's Jest timeout: the default 30 s, or more when FUZZ_RUNS asks for a long run. */
export const FUZZ_TIMEOUT_MS = Math.max(30_000, FUZZ_RUNS * 60);

/** Each request of a run gets at most this long: no answer by then is a hang. */
export const ANSWER_WITHIN_MS = 5000;

export function params(runs = FUZZ_RUNS): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true };
}

/** Strings clients send by accident or on purpose. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  fc.constantFrom(...PROTO_NAMES, '', ' ', '\0', '%', '%E0%A4%A', '../../etc/passwd', 'null', 'NaN', '-1', '1e309', '99999999999999999999', '\ud800', '☃', '<x/>', '"', "'", '\\', '{}', 'QSDK x'),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.nat({ max: 3000 }).map((n) => 'x'.repeat(n)),
);

export const oddNumber: fc.Arbitrary<number> = fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 1, 2 ** 53, -(2 ** 53), 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER + 2), fc.double({ noNaN: true, noDefaultInfinity: true }));

/** A key: a field name from `vocabulary` most of the time, else a prototype name or any string. */
export const keyOf = (vocabulary: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...vocabulary) }, fc.constantFrom(...PROTO_NAMES), fc.string({ maxLength: 12 }));

/** JSON values built from a vocabulary of keys and odd scalars, nested a few levels. */
export function jsonOf(vocabulary: readonly string[], depth = 4): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: depth },
      oddString,
      oddNumber,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(keyOf(vocabulary), tie('value'), { maxKeys: 5 }),
    ),
  }));
  return value;
}

/** JSON text of a value, with `__proto__` keys kept as keys (JSON.stringify of an object literal would drop them). */
export function jsonText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Percent-encode any string, lone surrogates included (encodeURIComponent throws on those). */
export function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** Any generated value as header text. */
export const asText = (v: unknown): string => (typeof v === 'string' ? v : jsonText(v));

/** Replace the value at a random path of a known-good document with a random one. */
export function mutateJson(doc: unknown, replacement: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (v: unknown, at: string[]) => {
    paths.push(at);
    if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  walk(doc, []);
  return fc.tuple(fc.constantFrom(...paths), replacement, fc.boolean()).map(([path, value, drop]) => {
    if (path.length === 0) return value;
    const copy = structuredClone(doc) as Record<string, unknown>;
    let cur = copy;
    for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
    if (drop) delete cur[path[path.length - 1]];
    else Object.defineProperty(cur, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
    return copy;
  });
}

type ByteEdit = { op: 'flip' | 'delete' | 'insert' | 'duplicate' | 'truncate'; at: number; len: number; byte: number };
const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({ op: fc.constantFrom('flip', 'delete', 'insert', 'duplicate', 'truncate'), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }), byte: fc.constantFrom(0, 0x3c, 0x3e, 0x22, 0x26, 0x2f, 0xff, 0xc3, 0x0a, 0x7b, 0x7d, 0x5b) });

/** A known-good request's bytes with a few edits: flipped, deleted, inserted, duplicated or cut. */
export function mutateBytes(seed: string | Buffer): fc.Arbitrary<Buffer> {
  const base = Buffer.isBuffer(seed) ? seed : Buffer.from(seed, 'utf8');
  return fc.array(byteEdit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let b = Buffer.from(base);
    for (const e of edits) {
      const at = b.length === 0 ? 0 : e.at % b.length;
      if (e.op === 'flip' && b.length) b[at] = e.byte;
      else if (e.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.len)]);
      else if (e.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.alloc(e.len, e.byte), b.subarray(at)]);
      else if (e.op === 'duplicate') b = Buffer.concat([b.subarray(0, at + e.len), b.subarray(at)]);
      else b = b.subarray(0, at);
    }
    return b;
  });
}

const xmlName = (vocabulary: readonly string[]) => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...vocabulary) }, fc.constantFrom(...PROTO_NAMES.filter((n) => /^[a-z_]/i.test(n))), fc.stringMatching(/^[a-zA-Z_][\w.-]{0,8}(:[a-zA-Z_]\w{0,6})?$/));
const xmlText = fc.oneof(oddString.map((s) => s.replace(/[<&]/g, '')), fc.constantFrom('&amp;', '&lt;', '&#0;', '&#xD800;', '&unknown;', '<![CDATA[<x>]]>', '<!-- c -->'));

/** XML elements from a vocabulary (names, attributes, text), nested a few levels; sometimes broken on purpose. */
export function xmlOf(vocabulary: readonly string[], depth = 4): fc.Arbitrary<string> {
  const attr = fc.tuple(xmlName(vocabulary), xmlText).map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`);
  const { element } = fc.letrec<{ element: string }>((tie) => ({
    element: fc.oneof(
      { depthSize: 'small', maxDepth: depth },
      fc.tuple(xmlName(vocabulary), fc.array(attr, { maxLength: 3 })).map(([n, a]) => `<${n}${a.join('')}/>`),
      fc.tuple(xmlName(vocabulary), fc.array(attr, { maxLength: 3 }), fc.array(fc.oneof(tie('element'), xmlText), { maxLength: 4 })).map(([n, a, kids]) => `<${n}${a.join('')}>${kids.join('')}</${n}>`),
    ),
  }));
  return element;
}

/** What every fuzzed answer must be: an answer at all (no hang), no stack, no bug logged, and the door's check. */
export function answered(seen: Seen, bugs: string[], door: (seen: Seen) => Problems): Problems {
  if (seen.status === undefined) return [`no answer: ${seen.ended}`];
  const p = door(seen);
  if (bugs.length) p.push(...bugs.map((b) => `bug logged: ${b}`));
  return p;
}
