/**
 * vCenter's wire shapes: std errors and the three dialects' envelopes.
 * Sources: the OpenAPI files in vendor-specs (Std_Errors_Error, error_type enum), the vAPI
 * runtime of the Python SDK (serializers/jsonrpc.py, serializers/rest.py, rest/lib.py's
 * vapi_to_http_error_map, protocol/server/msg/json_handler.py) and its message catalogue
 * (settings/runtime.properties) for the runtime's own message ids.
 */
import { MockError, type Reply } from '../../src/legacy/vendor';
import { encodeFieldsRpc, encodeValue, type Dialect } from './codec';
import { stdErrorType, type VType } from './vapi-types';

export interface LocalizableMessage {
  id: string;
  default_message: string;
  args: string[];
}

export function msg(id: string, defaultMessage: string, args: string[] = []): LocalizableMessage {
  return { id, default_message: defaultMessage, args };
}

/** Std_Errors_Error.error_type, the discriminator of every standard error. */
export const ERROR_TYPES = [
  'ERROR', 'ALREADY_EXISTS', 'ALREADY_IN_DESIRED_STATE', 'CANCELED', 'CONCURRENT_CHANGE', 'FEATURE_IN_USE',
  'INTERNAL_SERVER_ERROR', 'INVALID_ARGUMENT', 'INVALID_ELEMENT_CONFIGURATION', 'INVALID_ELEMENT_TYPE',
  'INVALID_REQUEST', 'NOT_ALLOWED_IN_CURRENT_STATE', 'NOT_FOUND', 'OPERATION_NOT_FOUND', 'RESOURCE_BUSY',
  'RESOURCE_IN_USE', 'RESOURCE_INACCESSIBLE', 'SERVICE_UNAVAILABLE', 'TIMED_OUT', 'UNABLE_TO_ALLOCATE_RESOURCE',
  'UNAUTHENTICATED', 'UNAUTHORIZED', 'UNEXPECTED_INPUT', 'UNSUPPORTED', 'UNVERIFIED_PEER',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

const STD_PREFIX = 'com.vmware.vapi.std.errors.';

/** `FEATURE_IN_USE` -> `com.vmware.vapi.std.errors.feature_in_use`. */
export function vapiErrorName(type: ErrorType): string {
  return STD_PREFIX + type.toLowerCase();
}

/** Engine error names (src/vendor.ts renderError) in vAPI terms. */
const ENGINE_ERRORS: Record<string, ErrorType> = {
  BAD_REQUEST: 'INVALID_REQUEST',
  PAYLOAD_TOO_LARGE: 'INVALID_REQUEST',
  INTERNAL: 'ERROR',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  NOT_FOUND: 'NOT_FOUND',
};

/** Accepts `FEATURE_IN_USE`, `feature_in_use`, `com.vmware.vapi.std.errors.feature_in_use` or an engine name. */
export function errorTypeOf(name: string): ErrorType | undefined {
  const bare = name.startsWith(STD_PREFIX) ? name.slice(STD_PREFIX.length) : name;
  const upper = bare.toUpperCase() as ErrorType;
  if ((ERROR_TYPES as readonly string[]).includes(upper)) return upper;
  return ENGINE_ERRORS[name];
}

/** HTTP status of a std error on /api and /rest (rest/lib.py vapi_to_http_error_map; the rest 500). */
export function httpStatusOf(type: ErrorType): number {
  switch (type) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'UNAUTHORIZED':
      return 403;
    case 'NOT_FOUND':
    case 'OPERATION_NOT_FOUND':
      return 404;
    case 'CONCURRENT_CHANGE':
      return 409;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'TIMED_OUT':
      return 504;
    case 'ERROR':
    case 'INTERNAL_SERVER_ERROR':
    case 'CANCELED':
    case 'UNEXPECTED_INPUT':
    case 'UNVERIFIED_PEER':
      return 500;
    default:
      return 400;
  }
}

/**
 * A standard vAPI error raised by an operation. It is a MockError, so the engine hands it to
 * renderError, which draws it in the dialect of the request.
 */
export class VapiError extends MockError {
  override name = 'VapiError';
  constructor(
    readonly type: ErrorType,
    readonly messages: LocalizableMessage[],
    /** Only for `/api` and `/rest`: a status other than the standard mapping (e.g. 413). */
    readonly status?: number,
  ) {
    super(type, messages[0]?.default_message ?? type);
  }
}

export const errors = {
  unauthenticated: () =>
    new VapiError('UNAUTHENTICATED', [
      msg('com.vmware.vapi.endpoint.method.authentication.required', 'Authentication required.'),
    ]),
  badCredentials: () =>
    new VapiError('UNAUTHENTICATED', [msg('vapi.security.authentication.invalid', 'Unable to authenticate user')]),
  notFound: (what: string, id: string) =>
    new VapiError('NOT_FOUND', [msg('com.vmware.applmgmt.err_not_found', `${what} ${id} does not exist.`, [id])]),
  invalidArgument: (id: string, text: string, args: string[] = []) => new VapiError('INVALID_ARGUMENT', [msg(id, text, args)]),
  missingField: (structure: string, field: string) =>
    new VapiError('INVALID_ARGUMENT', [
      msg('vapi.data.structure.field.missing', `Structure ${structure} is missing a field "${field}"`, [structure, field]),
    ]),
  invalidRequest: (text: string) => new VapiError('INVALID_REQUEST', [msg('vapi.method.input.invalid', text)]),
  operationNotFound: (service: string, operation: string) =>
    new VapiError('OPERATION_NOT_FOUND', [
      msg('vapi.introspection.operation.not_found', `Operation ${operation} is not found in Service ${service}`, [operation, service]),
    ]),
  /** The field message for a backup or restore already running (vendor notes). */
  featureInUse: () =>
    new VapiError('FEATURE_IN_USE', [
      msg('com.vmware.applmgmt.err_backup_in_progress', 'A backup or restore is already in progress.'),
    ]),
};

// ---- /api (REST, OpenAPI) -------------------------------------------------------------------

export function apiOk(status: number, type: VType, value: unknown): Reply {
  const body = encodeValue(type, value, 'api');
  return body === undefined ? { status: status === 200 ? 204 : status } : jsonReply(status, body);
}

/** Std_Errors_Error: `{"error_type":"NOT_FOUND","messages":[...]}`. */
export function apiError(err: VapiError): Reply {
  return jsonReply(err.status ?? httpStatusOf(err.type), { error_type: err.type, messages: err.messages });
}

// ---- /rest (vAPI-REST) ----------------------------------------------------------------------

/** Answers are boxed as `{"value":...}`; void answers have an empty body. */
export function restOk(type: VType, value: unknown): Reply {
  const body = encodeValue(type, value, 'rest');
  return body === undefined ? { status: 200 } : jsonReply(200, { value: body });
}

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

/** JsonRpc20Error codes and default messages (serializers/jsonrpc.py). */
export const RPC_CODES = {
  PARSE_ERROR: [-32700, 'Parse error.'],
  INVALID_REQUEST: [-32600, 'Invalid Request.'],
  METHOD_NOT_FOUND: [-32601, 'Method not found.'],
  INVALID_PARAMS: [-32602, 'Invalid params.'],
  INTERNAL_ERROR: [-32603, 'Internal error.'],
  INVALID_OPERATION: [-31001, 'Mismatching operation identifier in HTTP header'],
} as const;

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

/** A protocol-level failure: the JSON-RPC `error` member, id null for parse/invalid request. */
export function rpcProtocolError(id: RpcRequest['id'], code: keyof typeof RPC_CODES, data?: string): Reply {
  const [num, message] = RPC_CODES[code];
  const nullId = code === 'PARSE_ERROR' || code === 'INVALID_REQUEST';
  return jsonReply(200, {
    jsonrpc: '2.0',
    id: nullId ? null : id,
    error: { code: num, message, ...(data !== undefined ? { data } : {}) },
  });
}

export class RpcProtocolError extends Error {
  override name = 'RpcProtocolError';
  constructor(
    readonly code: keyof typeof RPC_CODES,
    readonly id: RpcRequest['id'],
    readonly detail?: string,
  ) {
    super(detail ?? code);
  }
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

export function dialectOf(method: string, path: string): Dialect {
  if (/\/rest(\/|$)/.test(path)) return 'rest';
  if (method === 'POST' && /\/api\/?$/.test(path)) return 'jsonrpc';
  return 'api';
}

function jsonReply(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
