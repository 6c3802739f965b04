import { parseDuration } from '../../src/duration';
import { json } from '../../src/http/reply';
import type { HttpCall, Reply } from '../../src/legacy/vendor';
import { authenticate, liveToken, type IdentityState, type TokenRecord } from './identity';
import {
  buildCatalog,
  decodePasswordAuth,
  formatKeystoneTime,
  KeystoneError,
  versionDocument,
  versionsDocument,
  type TokenBody,
} from './keystone-wire';
import type { DdsState } from './model';

/** Keystone v3 handlers (Open Telekom Cloud IAM) served on the DDS port. */

type Call = HttpCall<DdsState>;

/** `GET /`: gophertelekomcloud's ChooseVersion reads `versions.values` (Keystone answers 300). */
export const listVersions = (call: Call): Reply => json(300, versionsDocument(call.baseUrl));

/** `GET /v3`: keystoneauth's discovery. */
export const showVersion = (call: Call): Reply => json(200, versionDocument(call.baseUrl));

function tokenBody(call: Call, identity: IdentityState, token: TokenRecord): TokenBody {
  const user = identity.users.find((u) => u.id === token.userId)!;
  const domain = { id: identity.domain.id, name: identity.domain.name };
  return {
    token: {
      methods: ['password'],
      expires_at: formatKeystoneTime(token.expiresAt),
      issued_at: formatKeystoneTime(token.issuedAt),
      user: { id: user.id, name: user.name, domain, password_expires_at: '' },
      ...(token.scope === 'project'
        ? { project: { id: identity.project.id, name: identity.project.name, domain } }
        : token.scope === 'domain'
          ? { domain }
          : {}),
      roles: token.scope === 'none' ? [] : [{ id: 'b1f3e3d9c2a14b6e9a7f0c5d8e2b4a61', name: 'te_admin' }],
      catalog: buildCatalog(
        call.baseUrl,
        identity.project.region,
        token.scope === 'project' ? identity.project.id : undefined,
      ),
    },
  };
}

/** Opaque tokens, long like Open Telekom Cloud's (they start with MII). */
function newToken(call: Call): string {
  return `MII${call.tenant.faker.string.alphanumeric(180)}`;
}

/** `POST /v3/auth/tokens`: 201, the token in `X-Subject-Token`, the catalog in the body. */
export const createToken = (call: Call): Reply => {
  if (call.contentType !== 'application/json') {
    throw new KeystoneError(400, 'Expecting a JSON request body (Content-Type: application/json).');
  }
  let body: unknown;
  try {
    body = JSON.parse(call.text());
  } catch {
    throw new KeystoneError(400, 'The request body is not valid JSON.');
  }
  const identity = call.tenant.state.identity;
  const { user, scope } = authenticate(identity, decodePasswordAuth(body));
  const now = call.ctx.clock.now();
  const record: TokenRecord = {
    userId: user.id,
    scope,
    issuedAt: now,
    expiresAt: now + parseDuration(call.tenant.state.options.token_ttl),
  };
  const id = newToken(call);
  identity.tokens[id] = record;
  call.tenant.bind(`token:${id}`);
  return json(201, tokenBody(call, identity, record), { 'x-subject-token': id });
};

function header(call: Call, name: string): string | undefined {
  const v = call.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `GET /v3/auth/tokens`: validate X-Subject-Token with X-Auth-Token (Go's tokens.Get). */
export const validateToken = (call: Call): Reply => {
  const identity = call.tenant.state.identity;
  const now = call.ctx.clock.now();
  if (!liveToken(identity, header(call, 'x-auth-token'), now)) throw new KeystoneError(401, 'Unauthorized.');
  const subjectId = header(call, 'x-subject-token');
  const subject = liveToken(identity, subjectId, now);
  if (!subject || !subjectId) throw new KeystoneError(404, 'Could not find token.');
  return json(200, tokenBody(call, identity, subject), { 'x-subject-token': subjectId });
};

/** `DELETE /v3/auth/tokens`: revoke X-Subject-Token. */
export const revokeToken = (call: Call): Reply => {
  const identity = call.tenant.state.identity;
  const now = call.ctx.clock.now();
  if (!liveToken(identity, header(call, 'x-auth-token'), now)) throw new KeystoneError(401, 'Unauthorized.');
  const subjectId = header(call, 'x-subject-token');
  if (!subjectId || !liveToken(identity, subjectId, now)) throw new KeystoneError(404, 'Could not find token.');
  delete identity.tokens[subjectId];
  call.tenant.unbind(`token:${subjectId}`);
  return { status: 204, headers: {} };
};
