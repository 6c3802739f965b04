import type { Parser } from 'xml2js';

/**
 * The project's one XML parser set-up (xml2js). Elements become objects, attributes sit under
 * `$`, text under `_` when an element also has attributes, repeated elements become arrays
 * (use `asArray`). `localNames` strips namespace prefixes for protocols whose clients differ
 * in prefixes (Virtuozzo). Parsing is synchronous: xml2js calls back before returning.
 */
export interface XmlParseOptions {
  localNames?: boolean;
  /** Always use arrays for children (default: only when repeated). */
  arrays?: boolean;
}

const parsers = new Map<string, Parser>();

function parserFor(opts: XmlParseOptions): Parser {
  const key = `${opts.localNames ? 1 : 0}${opts.arrays ? 1 : 0}`;
  let p = parsers.get(key);
  if (!p) {
    // Loaded on the first XML request, not at start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Parser, processors } = require('xml2js') as typeof import('xml2js');
    p = new Parser({
      explicitArray: opts.arrays ?? false,
      explicitRoot: true,
      trim: true,
      attrkey: '$',
      charkey: '_',
      ...(opts.localNames
        ? { tagNameProcessors: [processors.stripPrefix], attrNameProcessors: [processors.stripPrefix], xmlns: false }
        : {}),
    });
    parsers.set(key, p);
  }
  return p;
}

export class XmlSyntaxError extends Error {}

export function parseXml<T = Record<string, unknown>>(text: string, opts: XmlParseOptions = {}): T {
  if (text.trim() === '') throw new XmlSyntaxError('empty XML document');
  let result: unknown;
  let failure: Error | undefined;
  const parser = parserFor(opts);
  parser.reset();
  parser.parseString(text, (err: Error | null, value: unknown) => {
    if (err) failure = err;
    else result = value;
  });
  if (failure) throw new XmlSyntaxError(failure.message.split('\n')[0]);
  if (result === undefined || result === null) throw new XmlSyntaxError('no root element');
  return result as T;
}

export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The XML builder as the vendors use it: xmlbuilder2's, described here rather than by its own
 * declarations because the package bundles xmlbuilder2 (scripts/build.js), so the published
 * declarations must not need it installed. `ele` given XML text adds the elements it holds.
 */
export interface XmlBuilder {
  ele(name: string, attributes?: Record<string, string>): XmlBuilder;
  att(name: string, value: string): XmlBuilder;
  txt(text: string): XmlBuilder;
  up(): XmlBuilder;
  end(options?: { headless?: boolean; prettyPrint?: boolean }): string;
}

let createFn: (() => XmlBuilder) | undefined;

/**
 * The project's one XML builder (a new xmlbuilder2 document), loaded on first use: it is a large
 * module and most runs never build XML, so start-up does not pay for it.
 */
export function createXml(): XmlBuilder {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  createFn ??= (require('xmlbuilder2') as typeof import('xmlbuilder2')).create;
  return createFn();
}
