/**
 * Commvault's wire: one codec shared by every operation of the CommServ / Metallic REST API.
 *
 * JSON and XML carry the same tree. Commvault's XML is attribute-heavy: scalars are attributes,
 * objects are child elements, lists are repeated elements, and a list of scalars is repeated
 * `<name val="..."/>` elements (Commvault's `POST CommServ/DRBackup` page:
 * `<TMMsg_CreateTaskResp taskId="434"><jobIds val="2142"/></TMMsg_CreateTaskResp>` is the twin of
 * `{"taskId":433,"jobIds":["2141"]}`). Requests may also spell scalars as child text elements
 * (the Metallic CreateTask sample does), so decoding merges attributes and text children.
 * The answer follows `Accept` (XML when asked, JSON otherwise), never the request's
 * Content-Type: cvpysdk POSTs XML bodies with `Accept: application/json`.
 */
import { elementTemplate, escapeAttribute, fillTemplate, parseXml, XmlSyntaxError } from '../../../src/codec/xml';
import type { HttpMethod, HttpRequest, RouteDoor, VendorTypes } from '../../../src/operations/types';
import type { Reply, SchemaTypes } from '../../../src/vendor';
import { badRequest, shapeOf } from './errors';
import type { Caller, CvState } from './model';
import type { schemas } from './schema';

export type Format = 'json' | 'xml';
export type WireScalar = string | number | boolean;
export type WireValue = WireScalar | null | undefined | WireObject | WireValue[];
export interface WireObject {
  [key: string]: WireValue;
}

/** An answer: the XML root element's name and the tree both formats carry. */
export interface Shape {
  root: string;
  body: WireObject;
}

/** A plain-text answer (Logout answers `User logged out`, as the CommServ does). */
export interface PlainText {
  text: string;
}

/** A decoded request body: the same tree whatever the format, plus the XML root's name. */
export interface Decoded {
  format: Format;
  root?: string;
  body: Record<string, unknown>;
}

// ---- format negotiation -------------------------------------------------------------------

/** XML when Accept asks for XML ahead of JSON; JSON otherwise (also for * / * and no Accept). */
export function responseFormat(accept: string | string[] | undefined): Format {
  if (accept === 'application/json' || accept === undefined) return 'json';
  if (accept === 'application/xml') return 'xml';
  const text = (Array.isArray(accept) ? accept.join(',') : accept).toLowerCase();
  let best: { format: Format; q: number } | undefined;
  for (const part of text.split(',')) {
    const [type, ...params] = part.trim().split(';');
    const format: Format | undefined = /[/+]xml$/.test(type.trim()) ? 'xml' : /[/+]json$/.test(type.trim()) ? 'json' : undefined;
    if (!format) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) || 0 : 1;
    if (!best || q > best.q) best = { format, q };
  }
  return best?.format ?? 'json';
}

/** The request's format from its Content-Type; undefined when the body is empty. */
function requestFormat(contentType: string, raw: string): Format | undefined {
  if (raw.trim() === '') return undefined;
  if (/[/+]xml$/.test(contentType)) return 'xml';
  if (/[/+]json$/.test(contentType)) return 'json';
  throw badRequest(`Unsupported Content-Type "${contentType || '(none)'}": use application/xml or application/json`);
}

// ---- encoding -----------------------------------------------------------------------------

export function encodeJson(body: WireObject): string {
  return JSON.stringify(body);
}

/** Commvault's attribute-heavy XML for `body` under the element `root`. */
export function encodeXml(root: string, body: WireObject): string {
  return element(root, body);
}

/**
 * One element: scalars become attributes (in key order), then objects and lists become child
 * elements (in key order). The tags of each element shape come from src/codec/xml.ts, built once.
 */
function element(name: string, obj: WireObject): string {
  const attributes: string[] = [];
  const values: string[] = [];
  let children = '';
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object') {
      attributes.push(key);
      values.push(escapeAttribute(String(value)));
    } else if (Array.isArray(value)) {
      for (const item of value) {
        if (item === null || item === undefined) continue;
        if (typeof item !== 'object') children += fillTemplate(elementTemplate(key, VAL).empty, [escapeAttribute(String(item))]);
        else children += Array.isArray(item) ? element(key, { [key]: item }) : element(key, item);
      }
    } else children += element(key, value);
  }
  const t = elementTemplate(name, attributes);
  return children === '' ? fillTemplate(t.empty, values) : fillTemplate(t.open, values) + children + t.close;
}

const VAL = ['val'];

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const XML_HEADERS = { 'content-type': 'application/xml; charset=utf-8' };
const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8' };

/** An answer in the format `Accept` asks for. Every answer cvpysdk reads has a body, errors included. */
export function reply(accept: string | string[] | undefined, answer: Shape | PlainText, status = 200): Reply {
  if ('text' in answer) return { status, headers: TEXT_HEADERS, body: answer.text };
  return responseFormat(accept) === 'xml'
    ? { status, headers: XML_HEADERS, body: encodeXml(answer.root, answer.body) }
    : { status, headers: JSON_HEADERS, body: encodeJson(answer.body) };
}

// ---- decoding -----------------------------------------------------------------------------

/**
 * A request body in either format as one plain tree. XML attributes and text-only children
 * both become properties; repeated elements become arrays; `<x val="1"/>` lists become scalars.
 * The root element's name is kept so decoders can check it.
 */
export function decode(contentType: string, raw: string): Decoded | undefined {
  return decodeAs(requestFormat(contentType, raw), () => parseJson(raw), () => parseXmlBody(raw));
}

/**
 * Decoded XML bodies by their text. Clients repeat the same small bodies (cvpysdk polls
 * JobDetails with one body per job), and xml2js costs more than the rest of such a request, so
 * each distinct body is parsed once. The trees are frozen: decoders read them, never change them.
 */
const xmlBodies = new Map<string, Decoded | undefined>();
const CACHED_BODY_CHARS = 2048;
const CACHED_BODIES = 512;

/** The body of an HTTP request, parsed once. */
function decodeRequest(http: HttpRequest): Decoded | undefined {
  if (http.rawBody.length === 0) return undefined;
  const text = http.text();
  const format = requestFormat(http.contentType, text);
  if (format !== 'xml' || text.length > CACHED_BODY_CHARS) return decodeAs(format, () => http.json(), () => http.xml());
  let decoded = xmlBodies.get(text);
  if (decoded === undefined) {
    decoded = deepFreeze(decodeAs(format, () => http.json(), () => http.xml()));
    if (xmlBodies.size >= CACHED_BODIES) xmlBodies.delete(xmlBodies.keys().next().value!);
    xmlBodies.set(text, decoded);
  }
  return decoded;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function decodeAs(format: Format | undefined, json: () => unknown, xml: () => Record<string, unknown>): Decoded | undefined {
  if (!format) return undefined;
  if (format === 'json') {
    const value = json();
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest('The JSON body must be an object');
    return { format, body: value as Record<string, unknown> };
  }
  const parsed = xml();
  const [root] = Object.keys(parsed);
  if (root === undefined) throw badRequest('Malformed XML: no root element');
  const body = normalizeXml(parsed[root]);
  return { format, root, body: typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {} };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw badRequest(`Malformed JSON: ${(err as Error).message}`);
  }
}

function parseXmlBody(raw: string): Record<string, unknown> {
  try {
    return parseXml(raw);
  } catch (err) {
    throw badRequest(`Malformed XML: ${err instanceof XmlSyntaxError ? err.message : String(err)}`);
  }
}

/** Set a property, `__proto__` included, as an own property (a client's element names are data). */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Turn one xml2js node (shared set-up: attributes under `$`, text under `_`) into a plain value. */
export function normalizeXml(node: unknown): unknown {
  if (Array.isArray(node)) return node.filter((n) => typeof n !== 'function').map(normalizeXml);
  // xml2js assigns element names to plain objects: `<toString>` lands next to the inherited method.
  if (typeof node === 'function') return '';
  if (node === null || typeof node !== 'object') return node ?? '';
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const attrs = (src.$ ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(attrs)) put(out, k, v);
  for (const [k, v] of Object.entries(src)) {
    if (k === '$' || k === '_') continue;
    put(out, k, normalizeXml(v));
  }
  const keys = Object.keys(out);
  // `<jobIds val="2142"/>`: a scalar list item.
  if (keys.length === 1 && keys[0] === 'val' && typeof out.val === 'string') return out.val;
  if (keys.length === 0 && typeof src._ === 'string') return src._;
  return out;
}

/** A list in either format: JSON arrays, repeated XML elements, or one element. */
export function list<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

// ---- the door -----------------------------------------------------------------------------

/** Where an operation answers: a method and a path under each of the family's URL prefixes. */
export interface CvRoute {
  readonly method: HttpMethod | readonly HttpMethod[];
  readonly path: string;
}

/** How an operation's value becomes its answer (the operation table's `output`). */
export type Answer<V> = (value: V) => Shape | PlainText;

/**
 * What the door gives every operation: path parameters, query parameters (by name in any case,
 * as IIS matches them for the CommServ) and the body, decoded on first use.
 */
export class CvInput {
  private decoded?: { value: Decoded | undefined };
  private lowerQuery?: Map<string, string>;

  constructor(private readonly http: HttpRequest) {}

  get method(): string {
    return this.http.method;
  }

  param(name: string): string {
    return this.http.params[name] ?? '';
  }

  q(name: string): string | undefined {
    if (!this.lowerQuery) {
      this.lowerQuery = new Map();
      for (const [k, v] of this.http.searchParams) if (!this.lowerQuery.has(k.toLowerCase())) this.lowerQuery.set(k.toLowerCase(), v);
    }
    return this.lowerQuery.get(name.toLowerCase());
  }

  body(): Decoded | undefined {
    if (!this.decoded) this.decoded = { value: decodeRequest(this.http) };
    return this.decoded.value;
  }

  /** The body as text, for the few calls that send neither JSON nor XML (`taskId=N` as text/plain). */
  text(): string {
    return this.http.text();
  }
}

type Sections = SchemaTypes<typeof schemas>;

/** The family's pieces, for the engine's typing of doors, authenticators and operations. */
export interface Cv extends VendorTypes {
  name: string;
  state: CvState;
  options: Sections['options'];
  credentials: Sections['credentials'];
  entities: Sections['entities'];
  doors: { rest: { binding: CvRoute; envelope: undefined } };
  raw: CvInput;
  /** `none`: Probe, Login, RenewLoginToken; `token`: every other operation (an `Authtoken` header). */
  auth: { none: undefined; token: Caller };
  output: unknown;
  outputType: Answer<never>;
  conn: object;
  progress: never;
}

/** The REST door, under each URL prefix; errors (the engine's too) in the format `Accept` asks for. */
export const rest: RouteDoor<Cv, 'rest'> = {
  kind: 'route',
  route: (r) => r,
  decode: (http) => new CvInput(http),
  encode: (value, { op, http }) => {
    const answer = op.output as Answer<unknown> | undefined;
    if (!answer) throw new Error(`operation ${op.name} has no output`);
    return reply(http.headers.accept, answer(value));
  },
  error: (error, http) => {
    const { status, shape } = shapeOf(error);
    return reply(http.headers.accept, shape, status);
  },
};
