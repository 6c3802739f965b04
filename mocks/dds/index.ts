import { json } from '../../src/http/reply';
import { defineVendor, type HttpCall, type Reply } from '../../src/legacy/vendor';
import { dbsBody, isDbsCode, DBS_ERRORS } from './errors';
import { identityPrincipals } from './identity';
import { keystoneError } from './keystone-wire';
import { BACKUP_OPERATION, createDdsState, DELETE_OPERATION, type DdsState } from './model';
import { routes } from './routes';
import type { DdsCredentials } from './schema';

/** Keystone paths answer Keystone's error shape; everything else DDS's `{error_code, error_msg}`. */
const isKeystonePath = (path: string): boolean => path === '/' || /^\/v3\/?$/.test(path) || path.startsWith('/v3/auth');

function header(call: HttpCall<DdsState>, name: string): string | undefined {
  const v = call.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The tenant a Keystone token request asks for, read from its scope (or user when unscoped). */
function authPrincipal(call: HttpCall<DdsState>): string | undefined {
  const auth = (JSON.parse(call.text()) as { auth?: Record<string, any> }).auth;
  const user = auth?.identity?.password?.user;
  const userDomain: string | undefined = user?.domain?.name ?? user?.domain?.id;
  const project = auth?.scope?.project;
  if (project?.id) return `project-id:${project.id}`;
  if (project?.name) {
    const domain: string | undefined = project.domain?.name ?? project.domain?.id ?? userDomain;
    return domain ? `project:${domain}/${project.name}` : `project-name:${project.name}`;
  }
  if (user?.id) return `user-id:${user.id}`;
  return userDomain && user?.name ? `user:${userDomain}/${user.name}` : undefined;
}

function renderError(name: string, call: HttpCall<DdsState>, message?: string): Reply {
  if (isKeystonePath(call.path)) {
    const status =
      name === 'NOT_FOUND' ? 404 : name === 'PAYLOAD_TOO_LARGE' ? 413 : name === 'INTERNAL' ? 500 : name === 'UNAUTHENTICATED' ? 401 : 400;
    return json(status, keystoneError(status, message ?? (status === 401 ? 'Unauthorized.' : name)));
  }
  if (isDbsCode(name)) return json(DBS_ERRORS[name].status, dbsBody(name, message));
  switch (name) {
    case 'NOT_FOUND':
      // Open Telekom Cloud's API gateway answers unknown URLs itself, in the same two-field shape.
      return json(404, { error_code: 'APIGW.0101', error_msg: 'The API does not exist or has not been published in the environment' });
    case 'UNAUTHENTICATED':
      return json(401, dbsBody('DBS.280056', message));
    case 'PAYLOAD_TOO_LARGE':
      return json(413, dbsBody('DBS.200001', message ?? 'Parameter error: the request body is too large.'));
    case 'INTERNAL':
      return json(500, dbsBody('DBS.280005'));
    default:
      return json(400, dbsBody('DBS.200001', message));
  }
}

export default defineVendor<DdsState>({
  name: 'dds',
  title: 'Open Telekom Cloud DDS (with Keystone)',
  listeners: [{ name: 'http', protocol: 'http', defaultPort: 8402, offset: 3 }],
  schemas: () => (require('./schema') as typeof import('./schema')).schemas,
  createState: createDdsState,
  routes,
  router: { ignoreTrailingSlash: true },
  principal(call) {
    if (call.method === 'POST' && call.path.replace(/\/$/, '') === '/v3/auth/tokens') return authPrincipal(call);
    const token = header(call, 'x-auth-token');
    if (token) return `token:${token}`;
    return call.params.project_id ? `project-id:${call.params.project_id}` : undefined;
  },
  credentialPrincipals: (credentials: DdsCredentials) => identityPrincipals(credentials),
  renderError,
  invalidateAuth(call) {
    const token = header(call, 'x-auth-token');
    if (!token) return;
    delete call.tenant.state.identity.tokens[token];
    call.tenant.unbind(`token:${token}`);
  },
  // "Running" then 50% then "Completed" in a few seconds; scenarios pick longer or failing ones.
  defaultTimelines: {
    [BACKUP_OPERATION]: [
      { after: '0s', state: 'running', progress: 0 },
      { after: '3s', progress: 50, phase: 'Backup' },
      { after: '6s', state: 'succeeded', progress: 100 },
    ],
    [DELETE_OPERATION]: [
      { after: '0s', state: 'running', progress: 0 },
      { after: '2s', state: 'succeeded', progress: 100 },
    ],
  },
  describeCredentials: (c: DdsCredentials) => {
    const users = [...(c.user && c.password ? [{ name: c.user, password: c.password }] : []), ...c.users];
    return users.map((u) => `domain ${c.domain}, user ${u.name} / ${u.password}, project ${c.project}`);
  },
});
