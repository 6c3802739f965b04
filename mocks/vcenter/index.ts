/**
 * vCenter Server Appliance backup emulator: one appliance model behind three dialects (REST
 * /api, vAPI JSON-RPC on POST /api, vAPI-REST /rest), several appliances per tenant under
 * /appliances/<id>/. See README.md (vCenter appliance).
 */
import { defineVendor, type HttpCall, type MockError, type Reply } from '../../src/legacy/vendor';
import { applianceOf, rpcIdOf } from './dialects';
import type { VcenterState } from './model';
import { routes } from './routes';
import type { CredentialsInput } from './schema';
import { basicCredentials, logout, presentedSessionId, sessionPrincipal, SESSION_HEADER, userPrincipal } from './sessions';
import { createState, usersOf } from './state';
import {
  apiError,
  dialectOf,
  errors,
  errorTypeOf,
  msg,
  restError,
  rpcError,
  rpcProtocolError,
  VapiError,
  type ErrorType,
} from './wire';

type Call = HttpCall<VcenterState>;

/** The security context of a JSON-RPC body, read leniently. */
function rpcSecurity(call: Call): Record<string, unknown> | undefined {
  if (call.rawBody.length === 0) return undefined;
  const body = call.json<{ params?: { ctx?: { securityCtx?: Record<string, unknown> } } }>();
  return body?.params?.ctx?.securityCtx;
}

function principal(call: Call): string | undefined {
  const dialect = dialectOf(call.method, call.path);
  if (dialect === 'jsonrpc') {
    const header = call.headers[SESSION_HEADER];
    if (typeof header === 'string') return sessionPrincipal(header);
    const sec = rpcSecurity(call);
    if (typeof sec?.sessionId === 'string') return sessionPrincipal(sec.sessionId);
    if (typeof sec?.userName === 'string') return userPrincipal(sec.userName);
    return undefined;
  }
  const sid = presentedSessionId(call);
  if (sid !== undefined) return sessionPrincipal(sid);
  const basic = basicCredentials(call);
  return basic ? userPrincipal(basic.username) : undefined;
}

/** Errors the engine or a scenario rule asks for, in the caller's dialect. */
function renderError(name: string, call: Call, message?: string, _details?: unknown, thrown?: MockError): Reply {
  const dialect = dialectOf(call.method, call.path);
  if (!(thrown instanceof VapiError)) {
    if (dialect === 'jsonrpc' && name === 'BAD_REQUEST') return rpcProtocolError(null, 'PARSE_ERROR', message);
    if (dialect === 'jsonrpc' && name === 'PAYLOAD_TOO_LARGE') return { ...rpcProtocolError(null, 'INVALID_REQUEST', message), status: 413 };
  }
  // An operation's own VapiError keeps its message stack; anything else is made from the name.
  const err = thrown instanceof VapiError ? thrown : errorFor(name, message);
  if (dialect === 'jsonrpc') return rpcError(rpcIdOf(call), err);
  return dialect === 'rest' ? restError(err) : apiError(err);
}

function errorFor(name: string, message?: string): VapiError {
  const type: ErrorType = errorTypeOf(name) ?? 'ERROR';
  if (name === 'PAYLOAD_TOO_LARGE') return new VapiError(type, [msg('com.vmware.vapi.rest.requestTooLarge', message ?? 'Request entity too large.')], 413);
  if (name === 'NOT_FOUND') return new VapiError(type, [msg('com.vmware.vapi.rest.httpNotFound', message ?? 'Not found.')]);
  if (type === 'FEATURE_IN_USE' && message === undefined) return errors.featureInUse();
  if (type === 'UNAUTHENTICATED' && message === undefined) return errors.unauthenticated();
  const text = message ?? `${type.toLowerCase().replace(/_/g, ' ')} (scenario rule)`;
  return new VapiError(type, [msg(`com.vmware.vapi.std.errors.${type.toLowerCase()}`, text)]);
}

/** Scenario action invalidateAuth: forget the session this call presents. */
function invalidateAuth(call: Call): void {
  let sid: string | undefined;
  if (dialectOf(call.method, call.path) === 'jsonrpc') {
    try {
      const sec = rpcSecurity(call);
      sid = typeof sec?.sessionId === 'string' ? sec.sessionId : undefined;
    } catch {
      sid = undefined;
    }
  } else {
    sid = presentedSessionId(call);
  }
  if (sid === undefined) return;
  try {
    const appliance = applianceOf(call);
    if (appliance.sessions[sid]) logout(call.tenant, appliance, sid);
  } catch {
    // an unknown appliance has no sessions to forget
  }
}

export default defineVendor<VcenterState>({
  name: 'vcenter',
  title: 'vCenter Server Appliance',
  listeners: [
    { name: 'https', protocol: 'https', defaultPort: 8443, offset: 44 },
    { name: 'http', protocol: 'http', defaultPort: 8480, offset: 81 },
  ],
  schemas: () => (require('./schema') as typeof import('./schema')).schemas,
  createState,
  routes,
  principal,
  credentialPrincipals: (credentials: CredentialsInput) => usersOf(credentials).map((u) => userPrincipal(u.username)),
  renderError,
  invalidateAuth,
  defaultTimelines: {
    backup: {
      duration: '12s',
      steps: 12,
      phases: ['Backup job started', 'Backing up configuration files', 'Backing up the database', 'Uploading backup files to the location'],
      message: 'Backup job completed successfully.',
    },
  },
  describeCredentials: (credentials: CredentialsInput) => usersOf(credentials).map((u) => `${u.username} / ${u.password}`),
  maskBody: (text) =>
    text
      .replace(/("(?:backup_password|location_password)"\s*:\s*)("(?:[^"\\]|\\.)*"|\{[^{}]*\})/g, '$1"****"')
      .replace(/("SECRET"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"****"'),
});
