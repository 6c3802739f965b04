/**
 * Login and tokens (cvpysdk.py `_login`, `_renew_login_token`, `_logout`, `who_am_i`). A token
 * is `QSDK <hex>`, used verbatim as the Authtoken header. It slides: each call moves its expiry
 * `tokenLifetime` ahead on the virtual clock. An expired token answers 401, and cvpysdk then
 * calls RenewLoginToken with it (cvpysdk.py `make_request` on a 401), which works for
 * `tokenRenewWindow` after the expiry; after that the token is forgotten.
 *
 * Tokens stay bounded: they are kept in order of last use, which is also the order they expire
 * in (every token of a tenant has the same lifetime), so each new token first drops the
 * forgotten ones from the front; at most `maxTokens` are kept, the least recently used going
 * first; a lookup drops a forgotten token it meets.
 */
import { CvError } from './errors';
import type { Caller, CvState, CvTenant, TokenRec, UserRec } from './model';

export interface Credentials {
  username: string;
  /** As sent (cvpysdk sends it base64-encoded). */
  password: string;
  /** The password decoded from base64, when it is base64. */
  plain: string;
}

const findUser = (s: CvState, name: string) => s.users.find((u) => u.username.toLowerCase() === name.toLowerCase());

/** Log a user in: a new token, or LOGIN_FAILED / ACCOUNT_LOCKED (answered 200, as the CommServ does). */
export function login(tenant: CvTenant, c: Credentials): { user: UserRec; token: string } {
  const user = findUser(tenant.state, c.username);
  if (!user || (user.password !== c.plain && user.password !== c.password)) throw new CvError('LOGIN_FAILED');
  if (user.locked) {
    throw new CvError('ACCOUNT_LOCKED', undefined, { isAccountLocked: true, remainingLockTime: user.lockSeconds ?? 1800, userName: user.username });
  }
  return { user, token: issue(tenant, user.username) };
}

/** The caller a token stands for, or UNAUTHENTICATED. Slides the token's expiry. */
export function authenticate(tenant: CvTenant, token: string | undefined): Caller {
  const s = tenant.state;
  const now = tenant.clock.now();
  const rec = token === undefined ? undefined : live(tenant, token, now);
  if (!rec || token === undefined) throw new CvError('UNAUTHENTICATED');
  if (rec.expiresAt <= now) throw new CvError('UNAUTHENTICATED', 'Access denied: the Authtoken has expired.');
  rec.expiresAt = now + s.tokenLifetimeMs;
  // Most recently used last: the front of the map is what expires first.
  s.tokens.delete(token);
  s.tokens.set(token, rec);
  return { userName: rec.user, userId: findUser(s, rec.user)?.userId ?? 1, token };
}

/** RenewLoginToken: a new token for the old one's user, which stops working; or RENEW_REFUSED. */
export function renew(tenant: CvTenant, old: string | undefined): { token: string; userName: string } {
  const rec = old === undefined ? undefined : live(tenant, old, tenant.clock.now());
  if (!rec || old === undefined) throw new CvError('RENEW_REFUSED');
  forget(tenant, old);
  return { token: issue(tenant, rec.user), userName: rec.user };
}

/** Logout, and the scenario action `invalidateAuth`: the token stops working and cannot be renewed. */
export function forget(tenant: CvTenant, token: string): void {
  tenant.state.tokens.delete(token);
  tenant.unbind(token);
}

/** A token this tenant knows and has not forgotten (expired or not); a forgotten one met here goes. */
function live(tenant: CvTenant, token: string, now: number): TokenRec | undefined {
  const rec = tenant.state.tokens.get(token);
  if (rec && forgotten(tenant.state, rec, now)) {
    forget(tenant, token);
    return undefined;
  }
  return rec;
}

const forgotten = (s: CvState, rec: TokenRec, now: number) => now >= rec.expiresAt + s.tokenRenewWindowMs;

function issue(tenant: CvTenant, user: string): string {
  const s = tenant.state;
  const now = tenant.clock.now();
  for (const [t, rec] of s.tokens) {
    if (!forgotten(s, rec, now) && s.tokens.size < s.maxTokens) break;
    forget(tenant, t);
  }
  let hex = '';
  while (hex.length < 128) hex += Math.floor(tenant.random() * 0x100000000).toString(16).padStart(8, '0');
  const token = `QSDK ${hex}`;
  s.tokens.set(token, { user, expiresAt: now + s.tokenLifetimeMs });
  tenant.bind(token);
  return token;
}
