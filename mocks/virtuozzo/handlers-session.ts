/**
 * system/login, sessionm/login and sessionm/logout (VZLSystem.xsd, VZLSessionm.xsd). Names and
 * passwords are base64 (auth_nameType, base64Binary); the realm is a GUID, the system realm by
 * default. A login binds the connection to the tenant whose credentials hold the user.
 */
import type { CallContext, CallHandler } from './call';
import { AgentError } from './errors';
import { tokenXml } from './messages';
import { SYSTEM_REALM, type VirtuozzoUser } from './model';
import { child, fragment, fragments, leaf, OK, text, unb64, type Fragment } from './wire';

function readLogin(body: unknown): { name: string; password: string; realm: string } {
  return {
    name: unb64(text(child(body, 'name'))),
    password: unb64(text(child(body, 'password'))),
    realm: text(child(body, 'realm')).trim() || SYSTEM_REALM,
  };
}

/** Check the credentials and bind the connection; throws badCredentials. */
function authenticate(body: unknown, c: CallContext): VirtuozzoUser {
  const login = readLogin(body);
  const tenant = c.tenantFor(`user:${login.name}`);
  const user = tenant.state.users.find((u) => u.name === login.name && u.password === login.password && u.realm.toLowerCase() === login.realm.toLowerCase());
  if (!user) throw new AgentError('badCredentials');
  c.conn.user = user.name;
  c.conn.tenant = tenant;
  c.conn.clientName ??= `vzclient${++tenant.state.clientSeq}`;
  return user;
}

function userSid(name: string): string {
  // sidType is base64Binary; a Windows-style SID text stands in for the agent's binary SID.
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `S-1-5-21-4000-${h % 100000}-${name === 'root' ? 0 : 1000}`;
}

function token(p: string, user: VirtuozzoUser): Fragment {
  return tokenXml(p, userSid(user.name), [name2group(user.name)]);
}
function name2group(name: string): string {
  return name === 'root' ? 'S-1-5-32-544' : 'S-1-5-32-545';
}

export const systemLogin: CallHandler = (body, c) => token('ns2', authenticate(body, c));

export const sessionLogin: CallHandler = (body, c) => {
  const user = authenticate(body, c);
  const tenant = c.conn.tenant!;
  const hex = () => Math.floor(tenant.random() * 0x100000000).toString(16).padStart(8, '0');
  const uuid = `${hex()}-${hex().slice(0, 4)}-4${hex().slice(0, 3)}-a${hex().slice(0, 3)}-${hex()}${hex().slice(0, 4)}`;
  const sessionId = `vzl.40000.4.${uuid}..${hex()}${hex()}`;
  tenant.state.sessions[sessionId] = { user: user.name, created: c.clock.now() };
  tenant.bind(sessionId);
  c.conn.sessionId = sessionId;
  return fragments([fragment((parent) => void leaf(parent, 'ns2:session_id', sessionId)), token('ns2', user)]);
};

export const sessionLogout: CallHandler = (body, c) => {
  const id = text(child(body, 'session_id')).trim() || c.conn.sessionId;
  if (id && c.state.sessions[id]) {
    delete c.state.sessions[id];
    c.tenant.unbind(id);
  }
  c.conn.closing = true;
  return OK;
};
