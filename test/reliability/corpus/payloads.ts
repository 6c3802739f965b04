/**
 * Hostile payloads every door gets: deep and huge JSON, hostile XML (DOCTYPE and entities, deep
 * nesting, attribute floods), invalid UTF-8, and names of Object.prototype members. Sizes stay
 * under the default 1 MiB body limit unless the point is to pass it.
 */

/** Names a plain object would "find" (Object.prototype members) and the usual pollution keys. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'] as const;

export const MiB = 1024 * 1024;

/** JSON arrays nested n deep (`[[[...]]]`): 2n bytes. */
export const deepJsonArray = (n: number): string => '['.repeat(n) + ']'.repeat(n);

/** JSON objects nested n deep under `key`. */
export const deepJsonObject = (n: number, key = 'a'): string => `{"${key}":`.repeat(n) + '1' + '}'.repeat(n);

/** XML elements nested n deep. */
export const deepXml = (n: number, name = 'a'): string => `<${name}>`.repeat(n) + `</${name}>`.repeat(n);

/** One element with n attributes. */
export const manyAttributes = (n: number, name = 'x'): string => {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`a${i}="1"`);
  return `<${name} ${parts.join(' ')}/>`;
};

/** An external entity: a parser that resolves it reads a local file into the document. */
export const XXE = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>';

/** The billion laughs: ten levels of entities that each expand to ten of the one below. */
export const ENTITY_BOMB = (() => {
  const defs = ['<!ENTITY l0 "lol">'];
  for (let i = 1; i <= 9; i++) defs.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?><!DOCTYPE r [${defs.join('')}]><r>&l9;</r>`;
})();

/** A parameter entity pulling an external DTD (blind XXE). */
export const PARAMETER_ENTITY = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><r/>';

/** Bytes that are not UTF-8: a lone continuation byte, an overlong form, a truncated sequence, a UTF-16 surrogate. */
export const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0x80, 0xc0, 0xaf, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]);

/** `prefix`, the invalid bytes, then `suffix`: a body that is almost a document. */
export const withInvalidUtf8 = (prefix: string, suffix: string): Buffer => Buffer.concat([Buffer.from(prefix), INVALID_UTF8, Buffer.from(suffix)]);

/** JSON escapes of lone surrogates: valid JSON, not valid Unicode. */
export const LONE_SURROGATES = '"\\ud800\\udfff\\udc00x\\ud83d"';

/** A body of exactly `bytes` bytes of `fill`. */
export const bodyOf = (bytes: number, fill = 'a'): Buffer => Buffer.alloc(bytes, fill);

/** A JSON document whose one string makes it `bytes` long. */
export const bigJson = (bytes: number, key = 'x'): string => `{"${key}":"${'a'.repeat(Math.max(0, bytes - key.length - 7))}"}`;

/** A header value too long for anything but a limit check (Node refuses headers past 64 KiB in all). */
export const LONG_TOKEN = 'x'.repeat(16 * 1024);

/** Percent-encodings that do not decode (`%E0%A4%A`, `%zz`, a lone `%`). */
export const BAD_PERCENT = ['%E0%A4%A', '%zz', '%', '%C0%AF', '%FF%FE'];
