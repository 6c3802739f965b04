/**
 * Commvault's wire: one codec shared by every operation of the CommServ / Metallic REST API.
 *
 * JSON and XML carry the same tree. Commvault's XML is attribute-heavy: scalars are attributes,
 * objects are child elements, lists are repeated elements, and a list of scalars is repeated
 * `<name val="..."/>` elements (vendor-docs/commvault-commserv-drbackup.txt:
 * `<TMMsg_CreateTaskResp taskId="434"><jobIds val="2142"/></TMMsg_CreateTaskResp>` is the twin of
 * `{"taskId":433,"jobIds":["2141"]}`). Requests may also spell scalars as child text elements
 * (the Metallic CreateTask sample does), so decoding merges attributes and text children.
 * The answer follows `Accept` (XML when asked, JSON otherwise), never the request's
 * Content-Type: cvpysdk POSTs XML bodies with `Accept: application/json` (vendor-notes).
 */
import { createXml as create, parseXml, XmlSyntaxError } from '../../src/codec/xml';
import { MockError } from '../../src/legacy/vendor';
import type { Reply } from '../../src/legacy/vendor';

export type Format = 'json' | 'xml';
export type WireScalar = string | number | boolean;
export type WireValue = WireScalar | null | undefined | WireObject | WireValue[];
export interface WireObject {
  [key: string]: WireValue;
}

/** A decoded request body: the same tree whatever the format, plus the XML root's name. */
export interface Decoded {
  format: Format;
  root?: string;
  body: Record<string, unknown>;
}

/** Bad input found by a codec: a MockError the engine answers as the vendor's BAD_REQUEST. */
export class WireError extends MockError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
    this.name = 'WireError';
  }
}

// ---- format negotiation -------------------------------------------------------------------

/** XML when Accept asks for XML ahead of JSON; JSON otherwise (also for * / * and no Accept). */
export function responseFormat(accept: string | string[] | undefined): Format {
  const text = (Array.isArray(accept) ? accept.join(',') : accept ?? '').toLowerCase();
  let best: { format: Format; q: number; pos: number } | undefined;
  text.split(',').forEach((part, pos) => {
    const [type, ...params] = part.trim().split(';');
    const format: Format | undefined = /[/+]xml$/.test(type.trim()) ? 'xml' : /[/+]json$/.test(type.trim()) ? 'json' : undefined;
    if (!format) return;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) || 0 : 1;
    if (!best || q > best.q) best = { format, q, pos };
  });
  return best?.format ?? 'json';
}

/** The request's format from its Content-Type; undefined when the body is empty. */
export function requestFormat(contentType: string, raw: string): Format | undefined {
  if (raw.trim() === '') return undefined;
  if (/[/+]xml$/.test(contentType)) return 'xml';
  if (/[/+]json$/.test(contentType)) return 'json';
  throw new WireError(`Unsupported Content-Type "${contentType || '(none)'}": use application/xml or application/json`);
}

// ---- encoding -----------------------------------------------------------------------------

export function encodeJson(body: WireObject): string {
  return JSON.stringify(body);
}

/** Build Commvault's attribute-heavy XML for `body` under the element `root`. */
export function encodeXml(root: string, body: WireObject): string {
  const doc = create();
  fill(doc.ele(root), body);
  return doc.end({ headless: true });
}

type XmlNode = ReturnType<ReturnType<typeof create>['ele']>;

function fill(node: XmlNode, obj: WireObject): void {
  for (const [key, value] of Object.entries(obj)) {
    if (isScalar(value)) node.att(key, String(value));
  }
  for (const [key, value] of Object.entries(obj)) {
    if (value === null || value === undefined || isScalar(value)) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      if (isScalar(item)) node.ele(key, { val: String(item) });
      else if (Array.isArray(item)) fill(node.ele(key), { [key]: item });
      else fill(node.ele(key), item);
    }
  }
}

function isScalar(v: unknown): v is WireScalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export function encode(format: Format, root: string, body: WireObject): string {
  return format === 'xml' ? encodeXml(root, body) : encodeJson(body);
}

// ---- decoding -----------------------------------------------------------------------------

/**
 * Decode a request body in either format into one plain tree. XML attributes and text-only
 * children both become properties; repeated elements become arrays; `<x val="1"/>` lists
 * become scalars. The root element's name is kept so handlers can check it.
 */
export function decode(contentType: string, raw: string): Decoded | undefined {
  const format = requestFormat(contentType, raw);
  if (!format) return undefined;
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new WireError(`Malformed JSON: ${(err as Error).message}`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new WireError('The JSON body must be an object');
    return { format, body: value as Record<string, unknown> };
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = parseXml(raw);
  } catch (err) {
    throw new WireError(`Malformed XML: ${err instanceof XmlSyntaxError ? err.message : String(err)}`);
  }
  const [root] = Object.keys(parsed);
  const body = normalizeXml(parsed[root]);
  return { format, root, body: typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {} };
}

/** Turn one xml2js node (shared set-up: attributes under `$`, text under `_`) into a plain value. */
export function normalizeXml(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeXml);
  if (node === null || typeof node !== 'object') return node ?? '';
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const attrs = (src.$ ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(attrs)) out[k] = v;
  for (const [k, v] of Object.entries(src)) {
    if (k === '$' || k === '_') continue;
    out[k] = normalizeXml(v);
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

// ---- error shapes -------------------------------------------------------------------------

/** The generic error every operation answers with: `TMMsg_GenericResp errorMessage errorCode`. */
export function genericError(errorCode: number, errorMessage: string): { root: string; body: WireObject } {
  return { root: 'TMMsg_GenericResp', body: { errorCode, errorMessage } };
}

/** Login refusal: cvpysdk reads `errList[0].errLogMessage` (cvpysdk.py `_login`). */
export function loginError(errorCode: number, errLogMessage: string, extra: WireObject = {}): { root: string; body: WireObject } {
  return {
    root: 'DM2ContentIndexing_CheckCredentialResp',
    body: { ...extra, errList: [{ errorCode, errLogMessage }] },
  };
}

/** Job control answer (job.py kill/pause/resume read `errors[0].errList[0]`). */
export function jobOpResult(errorCode: number, errLogMessage: string): { root: string; body: WireObject } {
  return { root: 'JobManager_PerformJobOperationResp', body: { errors: [{ errList: [{ errorCode, errLogMessage }] }] } };
}

// ---- replies ------------------------------------------------------------------------------

export interface Shape {
  root: string;
  body: WireObject;
}

/** A reply in the format `Accept` asks for (vendor-notes: every reply the SDK reads has a body). */
export function reply(accept: string | string[] | undefined, shape: Shape, status = 200): Reply {
  const format = responseFormat(accept);
  return {
    status,
    headers: { 'content-type': format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8' },
    body: encode(format, shape.root, shape.body),
  };
}

/**
 * The family's named errors: the engine's (BAD_REQUEST, PAYLOAD_TOO_LARGE, NOT_FOUND,
 * UNAUTHENTICATED, INTERNAL) and Commvault's own, which scenario rules may also name.
 * Refusals of an operation are HTTP 200 with an errorCode, as the CommServ answers them;
 * 587207178 is from the Metallic CreateTask seed page, errorCode 5 on Login from cvpysdk's
 * handling of a bad password. Other codes are this emulator's choice (docs/commvault.md).
 */
export const ERRORS: Record<string, { status: number; errorCode: number; message: string; kind?: 'login' | 'jobOp' }> = {
  BAD_REQUEST: { status: 400, errorCode: 2, message: 'Invalid request.' },
  PAYLOAD_TOO_LARGE: { status: 413, errorCode: 2, message: 'The request body is too large.' },
  NOT_FOUND: { status: 404, errorCode: 4, message: 'The requested resource was not found.' },
  ENTITY_NOT_FOUND: { status: 404, errorCode: 4, message: 'The requested entity does not exist.' },
  UNAUTHENTICATED: { status: 401, errorCode: 1, message: 'Access denied: the Authtoken is missing, invalid or expired.' },
  INTERNAL: { status: 500, errorCode: 3, message: 'Internal server error.' },
  LOGIN_FAILED: { status: 200, errorCode: 5, message: 'Username or password is invalid', kind: 'login' },
  ACCOUNT_LOCKED: { status: 200, errorCode: 1116, message: 'User account is locked.', kind: 'login' },
  NO_ELIGIBLE_SUBCLIENTS: { status: 200, errorCode: 587207178, message: 'Failed to start backups as no eligible subclients were found. ' },
  DR_BACKUP_RUNNING: { status: 200, errorCode: 9, message: 'A disaster recovery backup job is already running.' },
  BACKUP_FAILED_TO_START: { status: 200, errorCode: 10, message: 'Failed to start the backup job.' },
  JOB_NOT_FOUND: { status: 200, errorCode: 2, message: 'The job does not exist.', kind: 'jobOp' },
  JOB_OPERATION_REFUSED: { status: 200, errorCode: 1, message: 'The job is not in a state that allows this operation.', kind: 'jobOp' },
};

export function errorShape(name: string, message?: string, extra: WireObject = {}): { status: number; shape: Shape } {
  const e = ERRORS[name] ?? ERRORS.INTERNAL;
  const text = message ?? e.message;
  if (e.kind === 'login') return { status: e.status, shape: loginError(e.errorCode, text, extra) };
  if (e.kind === 'jobOp') return { status: e.status, shape: jobOpResult(e.errorCode, text) };
  return { status: e.status, shape: genericError(e.errorCode, text) };
}
