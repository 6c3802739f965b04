/**
 * vCenter Server Appliance backup emulator: one appliance model behind three doors (REST /api,
 * vAPI JSON-RPC on POST /api, vAPI-REST /rest), several appliances per tenant under
 * /appliances/<id>/. See README.md (vCenter appliance).
 */
import type { DoorRequest } from '../../src/operations/types';
import { defineVendor } from '../../src/vendor';
import { catalog } from './errors';
import { processState } from './backup-jobs';
import { applianceOf, authenticate, logout, sessionPolicy, sessionPrincipal, userPrincipal } from './model';
import { operations, serviceOf } from './operations';
import { armSchedules } from './schedules';
import type { schemas } from './schema';
import { createState, usersOf } from './seed';
import { apiDoor, jsonRpcDoor, presentedSessionId, restDoor, rpcCredentials, rpcSessionId, type Vcenter } from './wire';

type Req = DoorRequest<Vcenter>;

/** The session id a request presents, in its dialect. */
function sessionIdOf(req: Req): string | undefined {
  if (!req.http) return undefined;
  return req.door === 'jsonrpc' ? rpcSessionId(req.http, req.envelope) : presentedSessionId(req.http);
}

export default defineVendor<Vcenter>({
  name: 'vcenter',
  title: 'vCenter Server Appliance',
  listeners: [
    { name: 'https', protocol: 'https', defaultPort: 8443, offset: 44 },
    { name: 'http', protocol: 'http', defaultPort: 8480, offset: 81 },
  ],
  schemas: () => (require('./schema') as { schemas: typeof schemas }).schemas,
  // The first appliance at the root, any appliance under /appliances/<id>/.
  http: { prefixes: ['', '/appliances/:appliance'] },
  doors: { api: apiDoor(serviceOf), rest: restDoor, jsonrpc: jsonRpcDoor },
  operations,
  auth: {
    none: (req) => applianceOf(req.state, req.http?.params.appliance),
    login: (req) => {
      const appliance = applianceOf(req.state, req.http?.params.appliance);
      if (req.door === 'jsonrpc') return { appliance, ...rpcCredentials(req.envelope) };
      const basic = req.http?.basicAuth();
      return typeof basic === 'object' ? { appliance, username: basic.username, password: basic.password } : { appliance };
    },
    session: (req) => {
      const appliance = applianceOf(req.state, req.http?.params.appliance);
      return { appliance, session: authenticate(req.tenant, appliance, sessionIdOf(req), sessionPolicy(req.options)) };
    },
  },
  errors: catalog,
  createState,
  armState: (tenant, since) => armSchedules(tenant, since),
  newConn: () => ({}),
  principal: (req) => {
    const sid = sessionIdOf(req);
    if (sid !== undefined) return sessionPrincipal(sid);
    if (req.door === 'jsonrpc') {
      const user = req.envelope.securityCtx?.userName;
      return typeof user === 'string' ? userPrincipal(user) : undefined;
    }
    const basic = req.http?.basicAuth();
    return typeof basic === 'object' ? userPrincipal(basic.username) : undefined;
  },
  credentialPrincipals: (credentials) => usersOf(credentials).map((u) => userPrincipal(u.username)),
  invalidateAuth: (req) => {
    const sid = sessionIdOf(req);
    if (sid === undefined) return;
    try {
      const appliance = applianceOf(req.state, req.http?.params.appliance);
      if (appliance.sessions.has(sid)) logout(req.tenant, appliance, sid);
    } catch {
      // an unknown appliance has no sessions to forget
    }
  },
  defaultTimelines: {
    backup: {
      duration: '12s',
      steps: 12,
      phases: ['Backup job started', 'Backing up configuration files', 'Backing up the database', 'Uploading backup files to the location'],
      message: 'Backup job completed successfully.',
    },
    restore: {
      duration: '30s',
      steps: 10,
      phases: ['Restore job started', 'Downloading backup files from the location', 'Restoring the database', 'Restoring configuration files', 'Starting services'],
      message: 'Restore job completed successfully.',
    },
    reconciliation: {
      duration: '10s',
      steps: 5,
      phases: ['Reconciliation job started', 'Reconciling the inventory with the ESXi hosts', 'Reconciling services'],
      message: 'Reconciliation completed successfully.',
    },
  },
  describeCredentials: (credentials) => usersOf(credentials).map((u) => `${u.username} / ${u.password}`),
  maskBody: (text) =>
    text
      .replace(/("(?:backup_password|location_password|sso_admin_user_password)"\s*:\s*)("(?:[^"\\]|\\.)*"|\{[^{}]*\})/g, '$1"****"')
      .replace(/("SECRET"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"****"')
      // A session.create answer: the bare id (/api) or {"value": id} (/rest), 32 hex digits (model.ts newSessionId).
      .replace(/^"[0-9a-f]{32}"$/, '"****"')
      .replace(/^(\{\s*"value"\s*:\s*)"[0-9a-f]{32}"/, '$1"****"'),
  jobStatusWord: processState,
});
