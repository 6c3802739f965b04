/**
 * Open Telekom Cloud DDS with its Keystone v3 identity on one port: the token's catalog points
 * both `identity` and `ddsv3` here. One tenant is one project. See README.md (Open Telekom Cloud DDS).
 */
import type { TimelineInput } from '../../src/jobs/timeline';
import { defineVendor } from '../../src/vendor';
import { DbsError, errors, KeystoneError, ObsError } from './errors';
import { identityPrincipals, liveToken } from './identity';
import { keystoneDoor, maskSecrets, scopePrincipal } from './keystone-wire';
import { armPolicies } from './automated';
import {
  AUTO_BACKUP_OPERATION,
  BACKUP_OPERATION,
  DELETE_INSTANCE_OPERATION,
  DELETE_OPERATION,
  jobStatus,
  RESTORE_COLLECTIONS_OPERATION,
  RESTORE_NEW_OPERATION,
  RESTORE_OPERATION,
} from './model';
import { forgetter, operations, TOKENS_PATH } from './operations';
import { createState } from './seed';
import { ddsDoor, obsDoor, type Dds } from './wire';

const BACKUP_TIMELINE: TimelineInput = [
  { after: '0s', state: 'running', progress: 0 },
  { after: '3s', progress: 50, phase: 'Backup' },
  { after: '6s', state: 'succeeded', progress: 100 },
];

const RESTORE_TIMELINE: TimelineInput = [
  { after: '0s', state: 'running', progress: 0 },
  { after: '5s', progress: 50, phase: 'Restore' },
  { after: '10s', state: 'succeeded', progress: 100 },
];

export default defineVendor<Dds>({
  name: 'dds',
  title: 'Open Telekom Cloud DDS (with Keystone)',
  listeners: [{ name: 'http', protocol: 'http', defaultPort: 8402, offset: 3 }],
  schemas: () => (require('./schema') as typeof import('./schema')).schemas,
  http: { router: { ignoreTrailingSlash: true } },
  doors: { dds: ddsDoor, keystone: keystoneDoor, obs: obsDoor },
  operations,
  auth: {
    none: () => undefined,
    /** Keystone's own calls: any live token in X-Auth-Token. */
    keystone: (req) => {
      const token = liveToken(req.state.identity, req.http?.header('x-auth-token'), req.clock.now(), forgetter(req.tenant));
      if (!token) throw new KeystoneError(401, 'Unauthorized.');
      return token;
    },
    /** Every DDS call: a live project-scoped X-Auth-Token (DBS.280056) for the project in the path (DBS.280408). */
    project: (req) => {
      const identity = req.state.identity;
      const token = liveToken(identity, req.http?.header('x-auth-token'), req.clock.now(), forgetter(req.tenant));
      if (!token || token.scope !== 'project') throw new DbsError('DBS.280056');
      if (req.http?.params.project_id !== identity.project.id) throw new DbsError('DBS.280408');
      return token;
    },
    /** A presigned OBS link carries its own expiry (seconds), checked on the virtual clock. */
    presigned: (req) => {
      const expires = Number(req.http?.query.Expires);
      if (!Number.isFinite(expires) || req.clock.now() > expires * 1000) throw new ObsError('AccessDenied', 'Request has expired', 403);
      return expires;
    },
  },
  errors,
  createState,
  // Each instance's automated backup policy, on the tenant's clock from its start (automated.ts).
  armState: armPolicies,
  newConn: () => ({}),
  principal(req) {
    const http = req.http;
    if (!http) return undefined;
    if (req.door === 'keystone' && req.binding.method === 'POST' && req.binding.path === TOKENS_PATH) return scopePrincipal(req.raw().json());
    const token = http.header('x-auth-token');
    if (token) return `token:${token}`;
    // A download link's bucket is the project's (ddsbucket.<project_id>).
    const project = http.params.project_id ?? http.params.bucket?.replace(/^ddsbucket\./, '');
    return project ? `project-id:${project}` : undefined;
  },
  credentialPrincipals: identityPrincipals,
  invalidateAuth(req) {
    const token = req.http?.header('x-auth-token');
    if (!token || !req.state.identity.tokens.delete(token)) return;
    req.tenant.unbind(`token:${token}`);
  },
  // "Running" then 50% then "Completed" in seconds; scenarios pick longer or failing ones.
  defaultTimelines: {
    [BACKUP_OPERATION]: BACKUP_TIMELINE,
    [AUTO_BACKUP_OPERATION]: BACKUP_TIMELINE,
    [DELETE_OPERATION]: [
      { after: '0s', state: 'running', progress: 0 },
      { after: '2s', state: 'succeeded', progress: 100 },
    ],
    [RESTORE_OPERATION]: RESTORE_TIMELINE,
    [RESTORE_NEW_OPERATION]: RESTORE_TIMELINE,
    [RESTORE_COLLECTIONS_OPERATION]: RESTORE_TIMELINE,
    [DELETE_INSTANCE_OPERATION]: [
      { after: '0s', state: 'running', progress: 0 },
      { after: '5s', state: 'succeeded', progress: 100 },
    ],
  },
  describeCredentials: (c) => {
    const users = [...(c.user && c.password ? [{ name: c.user, password: c.password }] : []), ...c.users];
    return users.map((u) => `domain ${c.domain}, user ${u.name} / ${u.password}, project ${c.project}`);
  },
  maskBody: maskSecrets,
  jobStatusWord: (job) => jobStatus(job.state),
});
