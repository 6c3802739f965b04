/**
 * vCenter API sessions (com.vmware.cis.session): create with a user and password, then present
 * the id as `vmware-api-session-id` (header or cookie on /api and /rest, securityCtx in the
 * JSON-RPC body). A session dies on delete, after an idle timeout or after N calls when the
 * scenario asks for it, and then every call answers UNAUTHENTICATED.
 */
import type { HttpCall, TenantHandle } from '../../src/legacy/vendor';
import { parseDuration } from '../../src/duration';
import { newSessionId, type Appliance, type Session, type VcenterState } from './model';
import type { OptionsInput } from './schema';
import { errors } from './wire';

export const SESSION_HEADER = 'vmware-api-session-id';

/** Principal keys for tenant lookup. */
export const sessionPrincipal = (sid: string) => `sid:${sid}`;
export const userPrincipal = (user: string) => `user:${user}`;

export function login(tenant: TenantHandle<VcenterState>, appliance: Appliance, username: string | undefined, password: string | undefined, now: number): Session {
  if (username === undefined || password === undefined) throw errors.unauthenticated();
  const user = appliance.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  if (!user || user.password !== password) throw errors.badCredentials();
  let id = newSessionId(tenant.random);
  while (appliance.sessions[id]) id = newSessionId(tenant.random);
  const session: Session = { id, user: user.username, createdAt: now, lastAccessedAt: now, calls: 0 };
  appliance.sessions[id] = session;
  tenant.bind(sessionPrincipal(id));
  return session;
}

/** The live session for `sid`, touched; UNAUTHENTICATED when missing, expired or used up. */
export function authenticate(
  tenant: TenantHandle<VcenterState>,
  appliance: Appliance,
  sid: string | undefined,
  now: number,
  options: OptionsInput,
): Session {
  const session = sid !== undefined ? appliance.sessions[sid] : undefined;
  if (!session) throw errors.unauthenticated();
  const idle = appliance.sessionIdleTimeoutMs ?? (options.sessionIdleTimeout !== undefined ? parseDuration(options.sessionIdleTimeout) : undefined);
  const maxCalls = appliance.sessionMaxCalls ?? options.sessionMaxCalls;
  if ((idle !== undefined && now - session.lastAccessedAt > idle) || (maxCalls !== undefined && session.calls >= maxCalls)) {
    logout(tenant, appliance, session.id);
    throw errors.unauthenticated();
  }
  session.calls++;
  session.lastAccessedAt = now;
  return session;
}

export function logout(tenant: TenantHandle<VcenterState>, appliance: Appliance, sid: string): void {
  delete appliance.sessions[sid];
  tenant.unbind(sessionPrincipal(sid));
}

/** The session id an /api or /rest call presents: the header, else the cookie of the same name. */
export function presentedSessionId(call: HttpCall<unknown>): string | undefined {
  const header = call.headers[SESSION_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const cookie = call.headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === SESSION_HEADER) return decodeURIComponent(v.join('='));
    }
  }
  return undefined;
}

/** HTTP Basic credentials, as the SDK's rest connector and curl send them. */
export function basicCredentials(call: HttpCall<unknown>): { username: string; password: string } | undefined {
  const auth = call.headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  return { username: text.slice(0, i), password: text.slice(i + 1) };
}
