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

/**
 * Bounds of documents the parser accepts. No vendor's message nests anywhere near this deep or
 * carries this many attributes on one element; a document that does is hostile, and walking it
 * (xml2js builds it recursively, vendors walk the result) could exhaust the stack.
 */
export const XML_LIMITS = { depth: 100, attributes: 256 } as const;

/**
 * A linear pre-scan before xml2js sees the text: no DOCTYPE (so no entity declarations, internal
 * subsets or external references: none of the vendors' protocols uses one), element depth and
 * attributes per element bounded. Comments, CDATA and processing instructions are skipped whole.
 */
export function checkXmlLimits(text: string): void {
  let depth = 0;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return;
    if (text.startsWith('<!--', lt)) i = skipTo(text, '-->', lt + 4);
    else if (text.startsWith('<![CDATA[', lt)) i = skipTo(text, ']]>', lt + 9);
    else if (text.startsWith('<?', lt)) i = skipTo(text, '?>', lt + 2);
    else if (text.startsWith('<!', lt)) {
      const what = /^<!\s*([A-Za-z]*)/.exec(text.slice(lt, lt + 16))?.[1].toUpperCase() || 'markup';
      throw new XmlSyntaxError(`${what === 'DOCTYPE' || what === 'ENTITY' ? `<!${what}>` : 'markup declarations'} not allowed`);
    } else if (text.startsWith('</', lt)) {
      depth--;
      i = lt + 2;
    } else {
      const { end, attributes, selfClosing } = scanTag(text, lt + 1);
      if (attributes > XML_LIMITS.attributes) throw new XmlSyntaxError(`more than ${XML_LIMITS.attributes} attributes on one element`);
      if (!selfClosing && ++depth > XML_LIMITS.depth) throw new XmlSyntaxError(`elements nested deeper than ${XML_LIMITS.depth} levels`);
      i = end;
    }
  }
}

function skipTo(text: string, closer: string, from: number): number {
  const at = text.indexOf(closer, from);
  return at < 0 ? text.length : at + closer.length;
}

/** One start tag from just after its `<`: where it ends, how many attributes (`=` outside quotes) it has, whether it is `<x/>`. */
function scanTag(text: string, from: number): { end: number; attributes: number; selfClosing: boolean } {
  let attributes = 0;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '=') attributes++;
    else if (c === '>') return { end: i + 1, attributes, selfClosing: text[i - 1] === '/' };
    else if (c === '<') return { end: i, attributes, selfClosing: false };
  }
  return { end: text.length, attributes, selfClosing: false };
}

export function parseXml<T = Record<string, unknown>>(text: string, opts: XmlParseOptions = {}): T {
  if (text.trim() === '') throw new XmlSyntaxError('empty XML document');
  checkXmlLimits(text);
  let result: unknown;
  let failure: Error | undefined;
  const parser = parserFor(opts);
  parser.reset();
  try {
    parser.parseString(text, (err: Error | null, value: unknown) => {
      if (err) failure = err;
      else result = value;
    });
  } catch (e) {
    // xml2js calls back with the first error, then drops its listeners and lets sax go on: a
    // second error is thrown as EventEmitter's "Unhandled error. (<the error, stack included>)".
    failure ??= e instanceof Error ? e : new Error(String(e));
  }
  if (failure) throw new XmlSyntaxError(syntaxMessage(failure));
  if (result === undefined || result === null) throw new XmlSyntaxError('no root element');
  return result as T;
}

/** The first line of a parser's error, without EventEmitter's wrapper: never a stack. */
function syntaxMessage(e: Error): string {
  const first = e.message.split('\n')[0];
  return first.replace(/^Unhandled error\. \((?:Error: )?/, '').replace(/\)$/, '') || 'the document is not XML';
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

/**
 * The tags of one element shape (its name and attribute names), written once by the project's
 * XML builder. Answers of a shape seen before then cost string concatenation and escaping
 * instead of a document build: xmlbuilder2 builds a DOM and checks every name for each one,
 * which costs more than the rest of a request does (bench/run.ts measures the XML answers).
 */
export interface ElementTemplate {
  /** Start tag of the element with children: `<name a="`, `" b="`, `">`, one attribute value between two parts. */
  readonly open: readonly string[];
  /** The element without children: `<name a="`, `" b="`, `"/>`. */
  readonly empty: readonly string[];
  /** `</name>`. */
  readonly close: string;
}

const VALUE = '\u0001';
const CHILD = 'c';
const MAX_TEMPLATES = 4096;

/** Templates by element name, then by each attribute name in order: no key string is built per element. */
interface TemplateNode {
  template?: ElementTemplate;
  next?: Map<string, TemplateNode>;
}
let templates = new Map<string, TemplateNode>();
let templateNodes = 0;

function child(map: Map<string, TemplateNode>, key: string): TemplateNode {
  let node = map.get(key);
  if (!node) {
    node = {};
    map.set(key, node);
    templateNodes++;
  }
  return node;
}

export function elementTemplate(name: string, attributes: readonly string[]): ElementTemplate {
  let node = child(templates, name);
  for (let i = 0; i < attributes.length; i++) node = child((node.next ??= new Map()), attributes[i]);
  if (node.template) return node.template;
  const build = (children: boolean) => {
    const el = createXml().ele(name);
    for (const a of attributes) el.att(a, VALUE);
    if (children) el.ele(CHILD);
    return el.end({ headless: true });
  };
  const [head, close] = build(true).split(`<${CHILD}/>`);
  const t: ElementTemplate = { open: head.split(VALUE), empty: build(false).split(VALUE), close };
  node.template = t;
  // Shapes come from the emulator's own answers, so there are few; the bound is a backstop.
  if (templateNodes >= MAX_TEMPLATES) {
    templates = new Map();
    templateNodes = 0;
  }
  return t;
}

const ESCAPED = /[&<>"]/;

/** An attribute value escaped as xmlbuilder2 escapes it (&, <, >, "). */
export function escapeAttribute(value: string): string {
  if (!ESCAPED.test(value)) return value;
  return value.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** A template's parts with the (already escaped) values between them. */
export function fillTemplate(parts: readonly string[], values: readonly string[]): string {
  let out = parts[0];
  for (let i = 0; i < values.length; i++) out += values[i] + parts[i + 1];
  return out;
}
