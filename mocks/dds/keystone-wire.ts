/**
 * Keystone v3 (Open Telekom Cloud IAM) on the DDS port: its door and wire shapes, as
 * keystoneauth (openstacksdk) and gophertelekomcloud (openstack/client.go,
 * identity/v3/tokens) send and parse them. Sources: authentication.rst of the DDS API
 * reference and Keystone's api-ref (identity v3 tokens).
 */
import { json } from '../../src/transport/reply';
import type { EncodeArgs, RouteDoor } from '../../src/operations/types';
import type { Reply } from '../../src/vendor';
import { EngineError, MockError } from '../../src/errors';
import { KeystoneError, keystoneError, statusOf } from './errors';
import type { NameOrId, PasswordAuthRequest, TokenView } from './identity';
import { decodeRaw, type Dds, type HttpBinding } from './wire';

const MEDIA_TYPES = [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }];

export interface KeystoneVersion {
  id: string;
  status: string;
  updated: string;
  links: { rel: string; href: string }[];
  'media-types': typeof MEDIA_TYPES;
}

function version(base: string): KeystoneVersion {
  return {
    id: 'v3.0',
    status: 'stable',
    updated: '2016-04-04T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/v3/` }],
    'media-types': MEDIA_TYPES,
  };
}

/** `GET /v3`: keystoneauth's discovery reads `version`. */
export function versionDocument(base: string): { version: KeystoneVersion } {
  return { version: version(base) };
}

/** `GET /` (300 Multiple Choices): gophertelekomcloud's ChooseVersion reads `versions.values`. */
export function versionsDocument(base: string): { versions: { values: KeystoneVersion[] } } {
  return { versions: { values: [version(base)] } };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function nameOrId(v: unknown): NameOrId | undefined {
  if (!isObject(v)) return undefined;
  const out: NameOrId = {};
  if (typeof v.id === 'string' && v.id !== '') out.id = v.id;
  if (typeof v.name === 'string' && v.name !== '') out.name = v.name;
  return out.id || out.name ? out : undefined;
}

/**
 * Decode `POST /v3/auth/tokens`. Malformed bodies answer 400 as Keystone does; methods other
 * than password answer 401 (this emulator only issues password tokens).
 */
export function decodePasswordAuth(body: unknown): PasswordAuthRequest {
  const auth = isObject(body) ? body.auth : undefined;
  if (!isObject(auth) || !isObject(auth.identity)) {
    throw new KeystoneError(400, 'Expecting to find auth.identity in request body.');
  }
  const methods = auth.identity.methods;
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new KeystoneError(400, 'Expecting to find identity.methods in request body.');
  }
  if (!methods.includes('password')) {
    throw new KeystoneError(401, 'The request you have made requires authentication.');
  }
  const password = isObject(auth.identity.password) ? auth.identity.password : undefined;
  const rawUser = password && isObject(password.user) ? password.user : undefined;
  const user = nameOrId(rawUser);
  if (!rawUser || !user || typeof rawUser.password !== 'string') {
    throw new KeystoneError(400, 'Expecting to find user and password in request body.');
  }
  const userDomain = nameOrId(rawUser.domain);
  if (!user.id && !userDomain) {
    throw new KeystoneError(400, 'Expecting to find domain in user.');
  }
  const request: PasswordAuthRequest = {
    user: { ...user, ...(userDomain ? { domain: userDomain } : {}) },
    password: rawUser.password,
  };
  if (auth.scope !== undefined) {
    if (!isObject(auth.scope)) throw new KeystoneError(400, 'Invalid scope.');
    const project = nameOrId(auth.scope.project);
    const domain = nameOrId(auth.scope.domain);
    if (project) {
      const projectDomain = isObject(auth.scope.project) ? nameOrId(auth.scope.project.domain) : undefined;
      request.scope = { project: { ...project, ...(projectDomain ? { domain: projectDomain } : {}) } };
    } else if (domain) {
      request.scope = { domain };
    } else {
      throw new KeystoneError(400, 'Expecting to find project or domain in scope.');
    }
  }
  return request;
}

/** The tenant a token request asks for, read from its scope (or its user when unscoped). */
export function scopePrincipal(body: unknown): string | undefined {
  const auth = isObject(body) && isObject(body.auth) ? body.auth : undefined;
  const identity = auth && isObject(auth.identity) ? auth.identity : undefined;
  const password = identity && isObject(identity.password) ? identity.password : undefined;
  const user = password && isObject(password.user) ? password.user : undefined;
  const userDomain = nameOrId(user?.domain);
  const scope = auth && isObject(auth.scope) ? auth.scope : undefined;
  const project = nameOrId(scope?.project);
  if (project?.id) return `project-id:${project.id}`;
  if (project?.name) {
    const pd = isObject(scope?.project) ? nameOrId(scope.project.domain) : undefined;
    const domain = pd?.name ?? pd?.id ?? userDomain?.name ?? userDomain?.id;
    return domain ? `project:${domain}/${project.name}` : `project-name:${project.name}`;
  }
  const u = nameOrId(user);
  if (u?.id) return `user-id:${u.id}`;
  const domain = userDomain?.name ?? userDomain?.id;
  return domain && u?.name ? `user:${domain}/${u.name}` : undefined;
}

export interface CatalogEndpoint {
  id: string;
  interface: 'public';
  region: string;
  region_id: string;
  url: string;
}

export interface CatalogEntry {
  id: string;
  name: string;
  type: string;
  endpoints: CatalogEndpoint[];
}

export interface TokenBody {
  token: {
    methods: string[];
    expires_at: string;
    issued_at: string;
    user: { id: string; name: string; domain: { id: string; name: string }; password_expires_at: string };
    project?: { id: string; name: string; domain: { id: string; name: string } };
    domain?: { id: string; name: string };
    roles: { id: string; name: string }[];
    catalog: CatalogEntry[];
  };
}

/** Keystone timestamps: "2026-11-24T09:11:12.000000Z" (Go parses them as RFC 3339). */
export function formatKeystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * The catalog clients read: `identity` at `<base>/v3` and `ddsv3` at `<base>/v3/<project_id>`
 * (the Go SDK uses the ddsv3 URL as is; otcextensions appends the project id only if missing).
 */
export function buildCatalog(base: string, region: string, projectId: string | undefined): CatalogEntry[] {
  const endpoint = (id: string, url: string): CatalogEndpoint => ({ id, interface: 'public', region, region_id: region, url });
  const catalog: CatalogEntry[] = [
    { id: 'c0a1d0e5f4b34c6c8b0b5d1e3f5a7c90', name: 'iam', type: 'identity', endpoints: [endpoint('e0a1d0e5f4b34c6c8b0b5d1e3f5a7c91', `${base}/v3`)] },
  ];
  if (projectId) {
    catalog.push({ id: 'c0a1d0e5f4b34c6c8b0b5d1e3f5a7c92', name: 'dds', type: 'ddsv3', endpoints: [endpoint('e0a1d0e5f4b34c6c8b0b5d1e3f5a7c93', `${base}/v3/${projectId}`)] });
  }
  return catalog;
}

/** A token's answer body, its catalog pointing at the URL the client addressed. */
export function tokenBody(view: TokenView, base: string): TokenBody {
  const { record, user, project } = view;
  const domain = { id: view.domain.id, name: view.domain.name };
  return {
    token: {
      methods: ['password'],
      expires_at: formatKeystoneTime(record.expiresAt),
      issued_at: formatKeystoneTime(record.issuedAt),
      user: { id: user.id, name: user.name, domain, password_expires_at: '' },
      ...(record.scope === 'project' ? { project: { id: project.id, name: project.name, domain } } : record.scope === 'domain' ? { domain } : {}),
      roles: record.scope === 'none' ? [] : [{ id: 'b1f3e3d9c2a14b6e9a7f0c5d8e2b4a61', name: 'te_admin' }],
      catalog: buildCatalog(base, project.region, record.scope === 'project' ? project.id : undefined),
    },
  };
}

/** What a Keystone operation answers, for the door's encoder (the operation's `output`). */
export type KeystoneOutput = 'versions' | 'version' | 'token' | 'none';

function encode(value: unknown, { op, binding, http }: EncodeArgs<Dds, 'keystone'>): Reply {
  const status = binding.status ?? 200;
  switch (op.output) {
    case 'versions':
      return json(status, versionsDocument(http.baseUrl));
    case 'version':
      return json(status, versionDocument(http.baseUrl));
    case 'token': {
      // The token itself travels in X-Subject-Token, never in the body (Keystone api-ref).
      const view = value as TokenView;
      return json(status, tokenBody(view, http.baseUrl), { 'x-subject-token': view.id });
    }
    default:
      return { status, headers: {} };
  }
}

/** The Keystone door: `/`, `/v3` and `/v3/auth/...`, answering in Keystone's error shape. */
export const keystoneDoor: RouteDoor<Dds, 'keystone'> = {
  kind: 'route',
  route: (b: HttpBinding) => ({ method: b.method, path: b.path }),
  // Unknown URLs under /v3/auth are Keystone's to answer; everything else is the gateway's.
  fallback: ['/v3/auth', '/v3/auth/*'],
  decode: (http) => decodeRaw(http, () => new KeystoneError(400, 'Expecting a JSON request body (Content-Type: application/json).')),
  encode,
  error(e) {
    if (e instanceof KeystoneError) return json(e.status, e.body);
    const status = e instanceof MockError ? statusOf(e) : 500;
    const message = e instanceof EngineError && status === 404 ? 'The resource could not be found.' : e instanceof Error ? e.message : 'An unexpected error occurred.';
    return json(status, keystoneError(status, status === 401 ? 'Unauthorized.' : message));
  },
};

/** Keys whose values are secrets: Keystone's `password` (method and field) and `token`, and their kin. */
const SECRET_KEY = /pass(word)?|secret|token/i;
const MASK = '***';

/** Mask every value under a secret key, whatever JSON type a client sent it as (string, array, object). */
function maskValue(v: unknown, secret: boolean): unknown {
  if (Array.isArray(v)) return secret ? MASK : v.map((x) => maskValue(x, false));
  // fromEntries defines own keys, so a client's `__proto__` key stays data.
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskValue(x, secret || SECRET_KEY.test(k))]));
  return secret && v !== null ? MASK : v;
}

/** Where the JSON value starting at `i` ends: a string, a bracketed value (to its close, or the end of a truncated text), or a literal. */
function valueEnd(text: string, i: number): number {
  let depth = 0;
  let inString = false;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return j + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (depth === 0) return j;
      if (--depth === 0) return j + 1;
    } else if (depth === 0 && (c === ',' || c === ' ' || c === '\n' || c === '\r' || c === '\t')) return j;
  }
  return text.length;
}

const JSON_KEY = /"((?:[^"\\]|\\.)*)"\s*:\s*/g;

/**
 * The journal's view of a request body: secrets masked. JSON is masked structurally; a body that
 * does not parse (truncated, malformed) has each secret key's value masked up to where it ends.
 */
export function maskSecrets(text: string): string {
  try {
    return JSON.stringify(maskValue(JSON.parse(text), false));
  } catch {
    let out = '';
    let last = 0;
    JSON_KEY.lastIndex = 0;
    for (let m = JSON_KEY.exec(text); m; m = JSON_KEY.exec(text)) {
      if (!SECRET_KEY.test(m[1])) continue;
      const start = m.index + m[0].length;
      const end = valueEnd(text, start);
      out += `${text.slice(last, start)}"${MASK}"`;
      last = end;
      JSON_KEY.lastIndex = Math.max(end, JSON_KEY.lastIndex);
    }
    return out + text.slice(last);
  }
}
