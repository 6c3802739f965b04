import type { Faker } from '@faker-js/faker';
import { hash32 } from '../../src/random';
import { KeystoneError } from './errors';
import type { DdsCredentials } from './schema';

/**
 * The Keystone side of a tenant (Open Telekom Cloud IAM): one project with its domain, region
 * and users, and the tokens issued for them.
 */
export interface IdentityState {
  domain: { id: string; name: string };
  project: { id: string; name: string; region: string };
  users: IdentityUser[];
  /**
   * Token id -> record, in order of issue. One TTL per tenant and a clock that only moves
   * forward make that also the order of expiry, so the expired tokens are at the front.
   */
  tokens: Map<string, TokenRecord>;
}

export interface IdentityUser {
  id: string;
  name: string;
  password: string;
}

export interface TokenRecord {
  userId: string;
  /** Project-scoped tokens reach DDS; domain-scoped and unscoped ones only Keystone. */
  scope: 'project' | 'domain' | 'none';
  issuedAt: number;
  expiresAt: number;
}

/** A token with what its answer shows: the user and the project or domain it is scoped to. */
export interface TokenView {
  id: string;
  record: TokenRecord;
  user: IdentityUser;
  domain: IdentityState['domain'];
  project: IdentityState['project'];
}

/** A name or an id, as Keystone accepts for users, domains and projects. */
export interface NameOrId {
  id?: string;
  name?: string;
}

/** A decoded `POST /v3/auth/tokens` with the password method. */
export interface PasswordAuthRequest {
  user: NameOrId & { domain?: NameOrId };
  password: string;
  scope?: { project: NameOrId & { domain?: NameOrId } } | { domain: NameOrId };
}

/** 32 hex digits derived from a name, so ids repeat run to run without being listed. */
export function hexId(...names: string[]): string {
  let out = '';
  for (let i = 0; out.length < 32; i++) out += hash32(`${i}:${names.join('\0')}`).toString(16).padStart(8, '0');
  return out.slice(0, 32);
}

export function createIdentity(credentials: DdsCredentials): IdentityState {
  const users = [...credentials.users];
  if (credentials.user !== undefined && credentials.password !== undefined) {
    users.unshift({ name: credentials.user, password: credentials.password });
  }
  return {
    domain: { id: credentials.domain_id ?? hexId('domain', credentials.domain), name: credentials.domain },
    project: {
      id: credentials.project_id ?? hexId('project', credentials.domain, credentials.project),
      name: credentials.project,
      // Open Telekom Cloud project names read `<region>[_<suffix>]` (gophertelekomcloud's GetRegion).
      region: credentials.region ?? credentials.project.split('_')[0],
    },
    users: users.map((u) => ({ id: u.id ?? hexId('user', credentials.domain, u.name), name: u.name, password: u.password })),
    tokens: new Map(),
  };
}

/** Principals that route a Keystone request to this tenant before any token exists. */
export function identityPrincipals(credentials: DdsCredentials): string[] {
  const id = createIdentity(credentials);
  return [
    `project:${id.domain.name}/${id.project.name}`,
    `project:${id.domain.id}/${id.project.name}`,
    `project-id:${id.project.id}`,
    `project-name:${id.project.name}`,
    ...id.users.map((u) => `user:${id.domain.name}/${u.name}`),
    ...id.users.map((u) => `user-id:${u.id}`),
  ];
}

const matches = (ref: NameOrId | undefined, thing: { id: string; name: string }): boolean =>
  ref === undefined || (ref.id !== undefined ? ref.id === thing.id : ref.name === thing.name);

const UNAUTHORIZED = 'The request you have made requires authentication.';

/** Check the password and scope of a token request; Keystone answers every mismatch with 401. */
export function authenticate(identity: IdentityState, request: PasswordAuthRequest): { user: IdentityUser; scope: TokenRecord['scope'] } {
  const user = identity.users.find(
    (u) =>
      (request.user.id !== undefined ? u.id === request.user.id : u.name === request.user.name) &&
      (request.user.id !== undefined || matches(request.user.domain, identity.domain)),
  );
  // Open Telekom Cloud IAM says the same for an unknown user and a wrong password.
  if (!user || user.password !== request.password) throw new KeystoneError(401, 'Unauthorized.');
  const scope = request.scope;
  if (scope === undefined) return { user, scope: 'none' };
  if ('domain' in scope) {
    if (!matches(scope.domain, identity.domain)) throw new KeystoneError(401, UNAUTHORIZED);
    return { user, scope: 'domain' };
  }
  const p = scope.project;
  const projectOk = p.id !== undefined ? p.id === identity.project.id : p.name === identity.project.name && matches(p.domain, identity.domain);
  if (!projectOk) throw new KeystoneError(401, UNAUTHORIZED);
  return { user, scope: 'project' };
}

/** Called with each token id the identity forgets (so its principal can go too). */
export type ForgetToken = (id: string) => void;

/** At most this many expired tokens are dropped per call: the work per request stays bounded. */
export const SWEEP_LIMIT = 32;

/** Drop expired tokens from the front of the table (see IdentityState.tokens), at most `limit`. */
export function sweepTokens(identity: IdentityState, now: number, forget: ForgetToken, limit = SWEEP_LIMIT): number {
  let dropped = 0;
  for (const [id, record] of identity.tokens) {
    if (dropped >= limit || record.expiresAt > now) break;
    identity.tokens.delete(id);
    forget(id);
    dropped++;
  }
  return dropped;
}

/** A token the caller presents, or undefined when unknown or past its expiry on the virtual clock (then it is forgotten). */
export function liveToken(identity: IdentityState, token: string | undefined, now: number, forget: ForgetToken): TokenRecord | undefined {
  sweepTokens(identity, now, forget);
  if (!token) return undefined;
  const record = identity.tokens.get(token);
  if (!record) return undefined;
  if (record.expiresAt <= now) {
    identity.tokens.delete(token);
    forget(token);
    return undefined;
  }
  return record;
}

/** Opaque tokens, long like Open Telekom Cloud's (they start with MII). */
export function issueToken(
  identity: IdentityState,
  grant: { user: IdentityUser; scope: TokenRecord['scope'] },
  faker: Faker,
  now: number,
  ttlMs: number,
  forget: ForgetToken,
): TokenView {
  sweepTokens(identity, now, forget);
  const id = `MII${faker.string.alphanumeric(180)}`;
  const record: TokenRecord = { userId: grant.user.id, scope: grant.scope, issuedAt: now, expiresAt: now + ttlMs };
  identity.tokens.set(id, record);
  return viewOf(identity, id, record);
}

export function viewOf(identity: IdentityState, id: string, record: TokenRecord): TokenView {
  // A token's user is one of the tenant's (tokens are only issued to them, and users never go).
  const user = identity.users.find((u) => u.id === record.userId)!;
  return { id, record, user, domain: identity.domain, project: identity.project };
}

/** Revoke a live token (`DELETE /v3/auth/tokens`); Keystone answers 404 for one it does not know. */
export function revokeToken(identity: IdentityState, subject: string | undefined, now: number, forget: ForgetToken): void {
  if (!subject || !liveToken(identity, subject, now, forget)) throw new KeystoneError(404, 'Could not find token.');
  identity.tokens.delete(subject);
  forget(subject);
}
