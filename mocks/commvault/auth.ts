/**
 * Login and tokens (vendor-notes "Login and tokens"; cvpysdk.py `_login`, `_renew_login_token`,
 * `_logout`, `who_am_i`). A token is `QSDK <hex>`, used verbatim as the Authtoken header. It
 * slides: each call moves its expiry `tokenLifetime` ahead on the virtual clock; an expired
 * token answers 401 and cvpysdk then calls RenewLoginToken with it, which works for any token
 * this tenant issued and did not log out.
 */
import { MockError, type HttpCall, type Reply } from '../../src/legacy/vendor';
import type { CvState } from './model';
import { decodePassword, loginRequest, renewRequest } from './requests';
import { decode, errorShape, reply, type Decoded, type WireObject } from './wire';

type Call = HttpCall<CvState>;

export function header(call: Call, name: string): string | undefined {
  const v = call.headers[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}

/** Decode a body; codec failures are WireErrors, which the engine answers as BAD_REQUEST. */
export function body(call: Call): Decoded | undefined {
  return decode(call.contentType, call.text());
}

/** Tenant lookup: the Authtoken, or on Login the user named in the body. */
export function principal(call: Call): string | undefined {
  const token = header(call, 'authtoken');
  if (token) return token;
  if (/\/login\/?$/i.test(call.path)) {
    const d = decode(call.contentType, call.text());
    return `user:${loginRequest(d).username.toLowerCase()}`;
  }
  return undefined;
}

/** The caller's user, or 401. Slides the token's expiry. */
export function requireUser(call: Call): { userName: string; userId: number } {
  const token = header(call, 'authtoken');
  const s = call.tenant.state;
  const rec = token ? s.tokens[token] : undefined;
  const now = call.ctx.clock.now();
  if (!rec || rec.expiresAt <= now) {
    throw new MockError('UNAUTHENTICATED', rec ? 'Access denied: the Authtoken has expired.' : undefined);
  }
  rec.expiresAt = now + s.tokenLifetimeMs;
  const user = s.users.find((u) => u.username.toLowerCase() === rec.user.toLowerCase());
  return { userName: rec.user, userId: user?.userId ?? 1 };
}

function newToken(call: Call, user: string): string {
  const s = call.tenant.state;
  let hex = '';
  while (hex.length < 128) hex += Math.floor(call.tenant.random() * 0x100000000).toString(16).padStart(8, '0');
  const token = `QSDK ${hex}`;
  s.tokens[token] = { user, expiresAt: call.ctx.clock.now() + s.tokenLifetimeMs };
  call.tenant.bind(token);
  return token;
}

function fail(call: Call, name: string, message?: string, extra?: WireObject): Reply {
  const e = errorShape(name, message, extra);
  return reply(call.headers.accept, e.shape, e.status);
}

export function login(call: Call): Reply {
  const req = loginRequest(body(call));
  const s = call.tenant.state;
  const password = decodePassword(req.password);
  const user = s.users.find((u) => u.username.toLowerCase() === req.username.toLowerCase());
  if (!user || (user.password !== password && user.password !== req.password)) return fail(call, 'LOGIN_FAILED');
  if (user.locked) {
    const remainingLockTime = user.lockSeconds ?? 1800;
    return fail(call, 'ACCOUNT_LOCKED', undefined, { isAccountLocked: true, remainingLockTime, userName: user.username });
  }
  const token = newToken(call, user.username);
  return reply(call.headers.accept, {
    root: 'DM2ContentIndexing_CheckCredentialResp',
    body: {
      aliasName: String(user.userId),
      userGUID: user.userGUID,
      loginAttempts: 0,
      remainingLockTime: 0,
      smtpAddress: user.email,
      userName: user.username,
      providerType: 1,
      ccn: 0,
      token,
      capability: 9663676416,
      forcePasswordChange: false,
      isAccountLocked: false,
      ownerOrganization: { providerId: 0, providerDomainName: 'Commcell', GUID: s.commcell.guid },
      errList: [],
    },
  });
}

export function logout(call: Call): Reply {
  requireUser(call);
  const token = header(call, 'authtoken')!;
  delete call.tenant.state.tokens[token];
  call.tenant.unbind(token);
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'User logged out' };
}

export function renewLoginToken(call: Call): Reply {
  const req = renewRequest(body(call));
  const old = req.sessionId ?? header(call, 'authtoken');
  const s = call.tenant.state;
  const rec = old ? s.tokens[old] : undefined;
  if (!old || !rec) {
    return reply(call.headers.accept, {
      root: 'DM2ContentIndexing_RenewTokenResp',
      body: { error: { errorCode: 1, errLogMessage: 'Invalid session: the token cannot be renewed. Log in again.' } },
    });
  }
  delete s.tokens[old];
  call.tenant.unbind(old);
  const token = newToken(call, rec.user);
  return reply(call.headers.accept, { root: 'DM2ContentIndexing_RenewTokenResp', body: { token, userName: rec.user } });
}

export function whoAmI(call: Call): Reply {
  const u = requireUser(call);
  const user = call.tenant.state.users.find((x) => x.username === u.userName);
  return reply(call.headers.accept, {
    root: 'CvEntities_ProcessingInstructionInfo',
    body: { user: { userName: u.userName, userId: u.userId, userGUID: user?.userGUID ?? '' } },
  });
}

/** Scenario action `invalidateAuth`: forget the caller's token (the next call gets 401). */
export function invalidateAuth(call: Call): void {
  const token = header(call, 'authtoken');
  if (!token) return;
  delete call.tenant.state.tokens[token];
  call.tenant.unbind(token);
}
