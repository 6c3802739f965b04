/**
 * The three doors to one appliance: REST `/api` (OpenAPI file), vAPI-REST `/rest` and vAPI
 * JSON-RPC on `POST /api` (what the official Python SDK sends by default). Each adapter finds
 * the appliance (URL prefix), authenticates, unwraps the input, runs the operation and encodes
 * the answer in its own dialect (a thrown VapiError is drawn by renderError, in index.ts).
 */
import type { Handler, HttpCall, Reply } from '../../src/legacy/vendor';
import { decodeRpc, RpcDecodeError } from './codec';
import { OPERATIONS, RPC_OPERATIONS, SESSION_CREATE, type Operation } from './handlers';
import type { Appliance, VcenterState } from './model';
import type { OptionsInput } from './schema';
import { authenticate, basicCredentials, login, presentedSessionId, SESSION_HEADER } from './sessions';
import { secret } from './vapi-types';
import {
  apiOk,
  errors,
  msg,
  parseRpcRequest,
  restOk,
  rpcOk,
  rpcProtocolError,
  RpcProtocolError,
  VapiError,
  type RpcRequest,
} from './wire';

type Call = HttpCall<VcenterState>;
type InputOf = (call: Call) => Record<string, unknown>;

/** The appliance addressed by `/appliances/:appliance/...`, else the first one. */
export function applianceOf(call: Call): Appliance {
  const { appliances } = call.tenant.state;
  const id = call.params.appliance;
  if (id === undefined) return appliances[0];
  const found = appliances.find((a) => a.id === id);
  if (!found) throw new VapiError('NOT_FOUND', [msg('com.vmware.vapi.rest.httpNotFound', `No appliance named ${id}.`, [id])]);
  return found;
}

/** JSON bodies only; an empty body reads as no input (the missing field is reported later). */
function jsonBody(call: Call): unknown {
  if (call.rawBody.length === 0) return undefined;
  if (call.contentType !== '' && !call.contentType.includes('json')) {
    throw new VapiError('INVALID_REQUEST', [msg('com.vmware.vapi.rest.unsupportedMediaType', `Unsupported content type ${call.contentType}; send application/json.`)], 415);
  }
  return call.json();
}

function requireAction(call: Call, action: string, service: string): void {
  if (call.query.action !== action) throw errors.operationNotFound(service, call.query.action ?? '');
}

function runAuthenticated(call: Call, o: Operation, sid: string | undefined, input: Record<string, unknown>): unknown {
  const appliance = applianceOf(call);
  const clock = call.ctx.clock;
  const session = authenticate(call.tenant, appliance, sid, clock.now(), call.ctx.options as OptionsInput);
  return o.run({ call, tenant: call.tenant, appliance, clock, session, input });
}

// ---- /api and /rest -------------------------------------------------------------------------

/** An /api route: plain JSON in and out, std errors as `{error_type, messages}`. */
export function api(o: Operation, input: InputOf = () => ({}), action?: string): Handler<VcenterState> {
  return (call) => {
    if (action) requireAction(call, action, o.service);
    const value = runAuthenticated(call, o, presentedSessionId(call), input(call));
    return apiOk(o.apiStatus ?? 200, o.output, value);
  };
}

/** A /rest route: `{"value":...}` answers, `{"type","value"}` errors. */
export function rest(o: Operation, input: InputOf = () => ({})): Handler<VcenterState> {
  return (call) => restOk(o.output, runAuthenticated(call, o, presentedSessionId(call), input(call)));
}

/** POST /api/session (Basic auth) -> 201 and the id as a bare JSON string. */
export const apiSessionCreate: Handler<VcenterState> = (call) => {
  const creds = basicCredentials(call);
  const session = login(call.tenant, applianceOf(call), creds?.username, creds?.password, call.ctx.clock.now());
  return apiOk(201, secret, session.id);
};

/** POST /rest/com/vmware/cis/session or /rest/session (Basic auth) -> `{"value":"<id>"}`. */
export const restSessionCreate: Handler<VcenterState> = (call) => {
  if (call.query['~action'] === 'get') return rest(OPERATIONS.sessionGet)(call) as Reply;
  const creds = basicCredentials(call);
  const session = login(call.tenant, applianceOf(call), creds?.username, creds?.password, call.ctx.clock.now());
  return restOk(secret, session.id);
};

/** Inputs of the body-carrying operations. */
export const inputs = {
  id: (call: Call) => ({ id: call.params.id }),
  apiPiece: (call: Call) => ({ piece: jsonBody(call) }),
  restPiece: (call: Call) => ({ piece: (jsonBody(call) as { piece?: unknown } | undefined)?.piece }),
  apiDetails: (call: Call) => (call.searchParams.has('jobs') ? { filter: { jobs: call.searchParams.getAll('jobs') } } : {}),
  /** The SDK's rest connector sends the filter as a GET body; curl users send `filter.jobs`. */
  restDetails: (call: Call) => {
    if (call.searchParams.has('filter.jobs')) return { filter: { jobs: call.searchParams.getAll('filter.jobs') } };
    const body = jsonBody(call) as { filter?: unknown } | undefined;
    return body?.filter ? { filter: body.filter } : {};
  },
};

// ---- JSON-RPC on POST /api ----------------------------------------------------------------------

/** The operation name a JSON-RPC call journals under (its body names it). */
export function rpcOperationName(call: Call): string {
  const body = call.json<{ params?: { serviceId?: string; operationId?: string } }>();
  const key = `${body.params?.serviceId}.${body.params?.operationId}`;
  if (key === `${SESSION_CREATE.service}.${SESSION_CREATE.operation}`) return SESSION_CREATE.name;
  return RPC_OPERATIONS.get(key)?.name ?? key;
}

/** The request id to echo, read leniently (for errors rendered before the request parsed). */
export function rpcIdOf(call: Call): RpcRequest['id'] {
  try {
    const id = (JSON.parse(call.text()) as { id?: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

export const jsonRpc: Handler<VcenterState> = (call) => {
  if (call.contentType !== 'application/json') {
    return { ...rpcProtocolError(null, 'INVALID_REQUEST', `Unsupported content type ${call.contentType || '(none)'}`), status: 415 };
  }
  let req: RpcRequest;
  try {
    req = parseRpcRequest(call.text(), call.headers);
  } catch (e) {
    if (e instanceof RpcProtocolError) return rpcProtocolError(e.id, e.code, e.detail);
    throw e;
  }
  // A VapiError thrown below reaches renderError, which answers it as a JSON-RPC result with the request id.
  let input: Record<string, unknown>;
  try {
    const decoded = req.input === undefined ? {} : decodeRpc(req.input);
    input = decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : {};
  } catch (e) {
    if (e instanceof RpcDecodeError) return rpcProtocolError(req.id, 'INVALID_PARAMS', e.message);
    throw e;
  }
  const sec = req.securityCtx ?? {};
  if (req.serviceId === SESSION_CREATE.service && req.operationId === SESSION_CREATE.operation) {
    const user = sec.schemeId === 'com.vmware.vapi.std.security.user_pass' ? sec : {};
    const session = login(call.tenant, applianceOf(call), str(user.userName), str(user.password), call.ctx.clock.now());
    return rpcOk(req.id, secret, session.id);
  }
  const o = RPC_OPERATIONS.get(`${req.serviceId}.${req.operationId}`);
  if (!o) throw errors.operationNotFound(req.serviceId, req.operationId);
  // The vAPI server lets a vmware-api-session-id header override the body's context (json_handler.py).
  const header = call.headers[SESSION_HEADER];
  const sid = typeof header === 'string' ? header : sec.schemeId === 'com.vmware.vapi.std.security.session_id' ? str(sec.sessionId) : undefined;
  return rpcOk(req.id, o.output, runAuthenticated(call, o, sid, input));
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
