/**
 * Keystone v3 (Open Telekom Cloud IAM) wire shapes, as keystoneauth (openstacksdk) and
 * gophertelekomcloud (openstack/client.go, identity/v3/tokens) send and parse them.
 * Sources: vendor-docs/otc-dds/authentication.rst and vendor-notes/dds.md.
 */
import { MockError } from '../../src/legacy/vendor';

export interface KeystoneErrorBody {
  error: { code: number; message: string; title: string };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
};

/** `{"error":{"code":401,"message":"Unauthorized.","title":"Unauthorized"}}` (the notes). */
export function keystoneError(code: number, message: string): KeystoneErrorBody {
  return { error: { code, message, title: TITLES[code] ?? 'Error' } };
}

const NAME_OF_STATUS: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND' };

/** A Keystone failure: a MockError the engine renders through renderError's Keystone branch. */
export class KeystoneError extends MockError {
  constructor(
    readonly status: 400 | 401 | 404,
    message: string,
  ) {
    super(NAME_OF_STATUS[status], message);
  }
  get body(): KeystoneErrorBody {
    return keystoneError(this.status, this.message);
  }
}

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

/** A name or an id, as Keystone accepts for users, domains and projects. */
export interface NameOrId {
  id?: string;
  name?: string;
}

export interface PasswordAuthRequest {
  user: NameOrId & { domain?: NameOrId };
  password: string;
  scope?: { project: NameOrId & { domain?: NameOrId } } | { domain: NameOrId };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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
  const endpoint = (id: string, url: string): CatalogEndpoint => ({
    id,
    interface: 'public',
    region,
    region_id: region,
    url,
  });
  const catalog: CatalogEntry[] = [
    {
      id: 'c0a1d0e5f4b34c6c8b0b5d1e3f5a7c90',
      name: 'iam',
      type: 'identity',
      endpoints: [endpoint('e0a1d0e5f4b34c6c8b0b5d1e3f5a7c91', `${base}/v3`)],
    },
  ];
  if (projectId) {
    catalog.push({
      id: 'c0a1d0e5f4b34c6c8b0b5d1e3f5a7c92',
      name: 'dds',
      type: 'ddsv3',
      endpoints: [endpoint('e0a1d0e5f4b34c6c8b0b5d1e3f5a7c93', `${base}/v3/${projectId}`)],
    });
  }
  return catalog;
}
