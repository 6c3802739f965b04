/**
 * The three doors to one appliance and their envelopes: REST `/api` (VMware's appliance API
 * specification), vAPI-REST `/rest`, and vAPI JSON-RPC on `POST /api` (what the official Python
 * SDK sends by default). Sources: the vAPI runtime of the Python SDK (serializers/jsonrpc.py,
 * serializers/rest.py, rest/lib.py's vapi_to_http_error_map, protocol/server/msg/json_handler.py).
 */
import { EngineError, MockError } from '../../src/errors';
import type { HttpMethod, HttpRequest, MuxDoor, RouteDoor, VendorTypes } from '../../src/operations/types';
import type { Reply, SchemaTypes } from '../../src/vendor';
import { decodeRpc, encodeFieldsRpc, encodeValue, RpcDecodeError } from './codec';
import { asVapiError, errors, httpStatusOf, vapiErrorName, type VapiError } from './errors';
import type { Appliance, Session, VcenterState } from './model';
import type { schemas } from './schema';
import { stdErrorType, type VType } from './vapi-types';

/** An `/api` route: the OpenAPI path, its success status, and how the request carries the parameters. */
export interface ApiBinding {
  readonly method: HttpMethod;
  readonly path: string;
  readonly status?: number;
  /** `?action=cancel`: the operation of a POST that shares its path with others. */
  readonly action?: string;
  /** The parameter the JSON body is (`piece`); absent: the body's fields are the parameters. */
  readonly body?: string;
  /** Query parameter -> dotted parameter path (`jobs` -> `filter.jobs`), all values as a list. */
  readonly query?: Readonly<Record<string, string>>;
}

/** A `/rest` route: parameters are the body's fields and dotted query names (`filter.jobs`). */
export interface RestBinding {
  readonly method: HttpMethod;
  readonly path: string;
  /** Query values that pick this operation on a shared path (`~action=get`, `action=run`). */
  readonly query?: Readonly<Record<string, string>>;
}

/** A JSON-RPC `invoke` of a vAPI service operation. */
export interface RpcBinding {
  readonly service: string;
  readonly operation: string;
}

/** A vAPI operation's parameters by name, as any dialect carries them. */
export type VapiParams = Record<string, unknown>;

/** What the session level hands an operation: the appliance and the caller's session. */
export interface Caller {
  readonly appliance: Appliance;
  readonly session: Session;
}

/** What the login level hands session.create: the credentials the request presents. */
export interface LoginAttempt {
  readonly appliance: Appliance;
  readonly username?: string;
  readonly password?: string;
}

type Sections = SchemaTypes<typeof schemas>;

export interface Vcenter extends VendorTypes {
  name: 'vcenter';
  state: VcenterState;
  options: Sections['options'];
  credentials: Sections['credentials'];
  entities: Sections['entities'];
  doors: {
    api: { binding: ApiBinding; envelope: undefined };
    rest: { binding: RestBinding; envelope: undefined };
    jsonrpc: { binding: RpcBinding; envelope: RpcEnvelope };
  };
  raw: VapiParams;
  auth: { none: Appliance; login: LoginAttempt; session: Caller };
  output: unknown;
  outputType: VType;
  conn: object;
  progress: never;
}

export const SESSION_HEADER = 'vmware-api-session-id';

function jsonReply(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** Set a dotted parameter path (`filter.jobs`) in a null-prototype record. */
function setPath(params: VapiParams, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = params;
  for (const key of parts.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[key] = Object.create(null) as VapiParams;
    cur = cur[key] as VapiParams;
  }
  cur[parts[parts.length - 1]] = value;
}

function newParams(http: HttpRequest): VapiParams {
  const params = Object.create(null) as VapiParams;
  for (const [k, v] of Object.entries(http.params)) if (k !== 'appliance' && v !== undefined) params[k] = v;
  return params;
}

/** JSON bodies only; an empty body reads as no input (the missing field is reported later). */
function jsonBody(http: HttpRequest): unknown {
  if (http.rawBody.length === 0) return undefined;
  if (http.contentType !== '' && !http.contentType.includes('json')) throw errors.unsupportedMediaType(http.contentType);
  return http.json();
}

function assignFields(params: VapiParams, body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  for (const [k, v] of Object.entries(body)) params[k] = v;
}

/** The session id an /api or /rest call presents: the header, else the cookie of the same name. */
export function presentedSessionId(http: HttpRequest): string | undefined {
  const header = http.header(SESSION_HEADER);
  if (header !== undefined && header !== '') return header;
  return http.cookie(SESSION_HEADER);
}

// ---- /api (REST, OpenAPI) -------------------------------------------------------------------

/** `/api` answers plain JSON; std errors are `{"error_type":"NOT_FOUND","messages":[...]}`. */
export function apiDoor(serviceOf: (operation: string) => string): RouteDoor<Vcenter, 'api'> {
  return {
    kind: 'route',
    route: (b) => ({ method: b.method, path: b.path, ...(b.action ? { query: { action: b.action } } : {}) }),
    fallback: ['/*'],
    decode: (http, b) => {
      const params = newParams(http);
      if (b.body) params[b.body] = jsonBody(http);
      else assignFields(params, jsonBody(http));
      for (const [q, path] of Object.entries(b.query ?? {})) if (http.searchParams.has(q)) setPath(params, path, http.searchParams.getAll(q));
      return params;
    },
    encode: (value, { op, binding }) => {
      const body = encodeValue(op.output!, value, 'api');
      const status = binding.status ?? 200;
      return body === undefined ? { status: status === 200 ? 204 : status } : jsonReply(status, body);
    },
    error: (e, http) => {
      if (e instanceof EngineError && e.code === 'OPERATION_NOT_FOUND' && e.near?.length) {
        return apiError(errors.operationNotFound(serviceOf(e.near[0]), http.query.action ?? ''));
      }
      return apiError(asVapiError(e));
    },
  };
}

/** Std_Errors_Error: `{"error_type":"NOT_FOUND","messages":[...]}`. */
export function apiError(err: VapiError): Reply {
  return jsonReply(err.status ?? httpStatusOf(err.type), { error_type: err.type, messages: err.messages });
}

// ---- /rest (vAPI-REST) ----------------------------------------------------------------------

/** `/rest` boxes answers as `{"value":...}`; errors are `{"type":"com.vmware.vapi.std.errors.<name>","value":{...}}`. */
export const restDoor: RouteDoor<Vcenter, 'rest'> = {
  kind: 'route',
  route: (b) => ({ method: b.method, path: b.path, ...(b.query ? { query: b.query } : {}) }),
  fallback: ['/rest/*'],
  decode: (http, b) => {
    const params = newParams(http);
    // The SDK's rest connector sends a GET's structure (Details.list's filter) as a body.
    assignFields(params, jsonBody(http));
    const picked = new Set(Object.keys(b.query ?? {}));
    for (const key of new Set(http.searchParams.keys())) {
      if (picked.has(key) || key === '~action') continue;
      const values = http.searchParams.getAll(key);
      setPath(params, key, values.length === 1 ? values[0] : values);
    }
    return params;
  },
  encode: (value, { op }) => {
    const body = encodeValue(op.output!, value, 'rest');
    return body === undefined ? { status: 200 } : jsonReply(200, { value: body });
  },
  error: (e) => restError(asVapiError(e)),
};

/** `{"type":"com.vmware.vapi.std.errors.<name>","value":{"messages":[...]}}` (serializers/rest.py). */
export function restError(err: VapiError): Reply {
  return jsonReply(err.status ?? httpStatusOf(err.type), { type: vapiErrorName(err.type), value: { messages: err.messages } });
}

// ---- JSON-RPC 2.0 on POST /api ----------------------------------------------------------------

export interface RpcRequest {
  id: string | number | null;
  serviceId: string;
  operationId: string;
  input: unknown;
  securityCtx?: Record<string, unknown>;
}

/** A parsed request with its typed input already decoded: the server deserialises a message whole before it dispatches. */
export interface RpcEnvelope extends RpcRequest {
  params: VapiParams;
}

/** JsonRpc20Error codes and default messages (serializers/jsonrpc.py). */
export const RPC_CODES = {
  PARSE_ERROR: [-32700, 'Parse error.'],
  INVALID_REQUEST: [-32600, 'Invalid Request.'],
  METHOD_NOT_FOUND: [-32601, 'Method not found.'],
  INVALID_PARAMS: [-32602, 'Invalid params.'],
  INTERNAL_ERROR: [-32603, 'Internal error.'],
  INVALID_OPERATION: [-31001, 'Mismatching operation identifier in HTTP header'],
} as const;
export type RpcCode = keyof typeof RPC_CODES;

/** A protocol-level failure: the JSON-RPC `error` member (not a vAPI error result). */
export class RpcProtocolError extends MockError {
  override name = 'RpcProtocolError';
  constructor(
    readonly rpcCode: RpcCode,
    readonly id: RpcRequest['id'],
    readonly detail?: string,
    /** HTTP status, where the transport refuses the request itself (415, 413). */
    readonly status = 200,
  ) {
    super(rpcCode, detail ?? rpcCode);
  }
}

/** Always HTTP 200; a non-2xx status makes the SDK raise a transport error instead of a vAPI error. */
export function rpcOk(id: RpcRequest['id'], type: VType, value: unknown): Reply {
  return jsonReply(200, { jsonrpc: '2.0', id, result: { output: encodeValue(type, value, 'jsonrpc') } });
}

export function rpcError(id: RpcRequest['id'], err: VapiError): Reply {
  const name = vapiErrorName(err.type);
  const fields = encodeFieldsRpc(stdErrorType(name).fields, { messages: err.messages, error_type: err.type });
  const reply = jsonReply(200, { jsonrpc: '2.0', id, result: { error: { ERROR: { [name]: fields } } } });
  reply.headers = { ...reply.headers, 'vapi-error': name };
  return reply;
}

/** The JSON-RPC `error` member, id null for parse errors and invalid requests. */
export function rpcProtocolError(id: RpcRequest['id'], code: RpcCode, data?: string, status = 200): Reply {
  const [num, message] = RPC_CODES[code];
  const nullId = code === 'PARSE_ERROR' || code === 'INVALID_REQUEST';
  return jsonReply(status, { jsonrpc: '2.0', id: nullId ? null : id, error: { code: num, message, ...(data !== undefined ? { data } : {}) } });
}

/**
 * Parse a vAPI JSON-RPC request (`{"jsonrpc":"2.0","method":"invoke","params":{...},"id":"N"}`)
 * the way the vAPI server does: version 2.0, method `invoke`, params with serviceId and
 * operationId that agree with the `vapi-service`/`vapi-operation` headers when those are sent.
 */
export function parseRpcRequest(text: string, headers: Record<string, string | string[] | undefined>): RpcRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new RpcProtocolError('PARSE_ERROR', null, (e as Error).message);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new RpcProtocolError('INVALID_REQUEST', null);
  const req = body as Record<string, unknown>;
  const id = req.id;
  if (req.jsonrpc !== '2.0' || (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number')) {
    throw new RpcProtocolError('INVALID_REQUEST', null);
  }
  const rid = (id ?? null) as RpcRequest['id'];
  if (req.method !== 'invoke') throw new RpcProtocolError('METHOD_NOT_FOUND', rid);
  const params = req.params as Record<string, unknown> | undefined;
  if (!params || typeof params !== 'object' || typeof params.serviceId !== 'string' || typeof params.operationId !== 'string') {
    throw new RpcProtocolError('INVALID_PARAMS', rid);
  }
  const svcHeader = headers['vapi-service'];
  const opHeader = headers['vapi-operation'];
  if ((svcHeader !== undefined || opHeader !== undefined) && (svcHeader !== params.serviceId || opHeader !== params.operationId)) {
    throw new RpcProtocolError('INVALID_OPERATION', rid);
  }
  const ctx = (params.ctx ?? {}) as Record<string, unknown>;
  const security = ctx.securityCtx;
  return {
    id: rid,
    serviceId: params.serviceId,
    operationId: params.operationId,
    input: params.input,
    ...(security && typeof security === 'object' ? { securityCtx: security as Record<string, unknown> } : {}),
  };
}

/** The request id to echo for an error rendered before the request parsed, read leniently. */
function rpcIdOf(http: HttpRequest): RpcRequest['id'] {
  try {
    const id = (JSON.parse(http.text()) as { id?: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The session a JSON-RPC call presents: the header overrides the body's context (json_handler.py). */
export function rpcSessionId(http: HttpRequest, req: RpcRequest): string | undefined {
  const header = http.header(SESSION_HEADER);
  if (header !== undefined) return header;
  const sec = req.securityCtx ?? {};
  return sec.schemeId === 'com.vmware.vapi.std.security.session_id' ? str(sec.sessionId) : undefined;
}

/** The user and password of a JSON-RPC session.create (the user_pass security scheme). */
export function rpcCredentials(req: RpcRequest): { username?: string; password?: string } {
  const sec = req.securityCtx ?? {};
  if (sec.schemeId !== 'com.vmware.vapi.std.security.user_pass') return {};
  const username = str(sec.userName);
  const password = str(sec.password);
  return { ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) };
}

export const jsonRpcDoor: MuxDoor<Vcenter, 'jsonrpc'> = {
  kind: 'mux',
  route: { method: 'POST', path: '/api' },
  keys: (b) => [`${b.service}.${b.operation}`],
  parse: (http) => {
    if (http.contentType !== 'application/json') throw new RpcProtocolError('INVALID_REQUEST', null, `Unsupported content type ${http.contentType || '(none)'}`, 415);
    const req = parseRpcRequest(http.text(), http.headers);
    const params = Object.create(null) as VapiParams;
    try {
      assignFields(params, req.input === undefined ? {} : decodeRpc(req.input));
    } catch (e) {
      if (e instanceof RpcDecodeError) throw new RpcProtocolError('INVALID_PARAMS', req.id, e.message);
      throw e;
    }
    return { key: `${req.serviceId}.${req.operationId}`, envelope: { ...req, params } };
  },
  unknown: (_key, req) => errors.operationNotFound(req.serviceId, req.operationId),
  decode: (_http, _b, _op, req) => req.params,
  encode: (value, { op, envelope }) => rpcOk(envelope.id, op.output!, value),
  error: (e, http, req) => {
    if (e instanceof RpcProtocolError) return rpcProtocolError(e.id, e.rpcCode, e.detail, e.status);
    if (e instanceof EngineError && e.code === 'BAD_REQUEST') return rpcProtocolError(null, 'PARSE_ERROR', e.message);
    if (e instanceof EngineError && e.code === 'PAYLOAD_TOO_LARGE') return rpcProtocolError(null, 'INVALID_REQUEST', e.message, 413);
    return rpcError(req?.id ?? rpcIdOf(http), asVapiError(e));
  },
};
