import { hash32 } from '../../src/random';
import { KeystoneError, type NameOrId, type PasswordAuthRequest } from './keystone-wire';
import type { DdsCredentials } from './schema';

/** One project with its domain, region and users: the tenant as Keystone sees it. */
export interface IdentityState {
  domain: { id: string; name: string };
  project: { id: string; name: string; region: string };
  users: { id: string; name: string; password: string }[];
  tokens: Record<string, TokenRecord>;
}

export interface TokenRecord {
  userId: string;
  /** Project-scoped tokens reach DDS; domain-scoped and unscoped ones only Keystone. */
  scope: 'project' | 'domain' | 'none';
  issuedAt: number;
  expiresAt: number;
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
    tokens: {},
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
export function authenticate(
  identity: IdentityState,
  request: PasswordAuthRequest,
): { user: IdentityState['users'][number]; scope: TokenRecord['scope'] } {
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
  const projectOk =
    p.id !== undefined
      ? p.id === identity.project.id
      : p.name === identity.project.name && matches(p.domain, identity.domain);
  if (!projectOk) throw new KeystoneError(401, UNAUTHORIZED);
  return { user, scope: 'project' };
}

/** A token the caller presents, or undefined when unknown or past its expiry on the virtual clock. */
export function liveToken(identity: IdentityState, token: string | undefined, now: number): TokenRecord | undefined {
  if (!token) return undefined;
  const record = identity.tokens[token];
  if (!record) return undefined;
  if (record.expiresAt <= now) {
    delete identity.tokens[token];
    return undefined;
  }
  return record;
}
