import { z } from 'zod';
import { EngineError, MockError } from '../../src/errors';
import { operationsOf, type HttpRequest, type MuxDoor, type RouteDoor, type VendorTypes } from '../../src/operations/types';
import { defineVendor, type Reply, type SchemaTypes } from '../../src/vendor';

/**
 * A minimal vendor for engine unit tests (the real vendors have their own suites): a login
 * that binds a token, a job create/get pair, a JSON error format, one JSON route door.
 */
interface ToyUser {
  username: string;
  password: string;
}

interface ToyState {
  users: ToyUser[];
  tokens: string[];
  created: number;
}

const schemas = {
  credentials: z.array(z.object({ username: z.string(), password: z.string() })),
  entities: z.object({ things: z.array(z.string()).default([]) }),
  options: z.object({ flavour: z.string().default('plain') }),
};

interface ToyBinding {
  method: 'GET' | 'POST';
  path: string;
  status?: number;
  query?: Record<string, string>;
}

type Sections = SchemaTypes<typeof schemas>;

interface ToyRpcBinding {
  method: string;
}

interface Toy extends VendorTypes {
  name: 'toy';
  options: Sections['options'];
  credentials: Sections['credentials'];
  entities: Sections['entities'];
  state: ToyState;
  doors: {
    http: { binding: ToyBinding; envelope: undefined };
    v2: { binding: ToyBinding; envelope: undefined };
    rpc: { binding: ToyRpcBinding; envelope: { id: number; params: unknown } };
  };
  raw: { params: Readonly<Record<string, string | undefined>>; query: Readonly<Record<string, string>>; body: unknown };
  auth: { none: undefined; token: string };
  output: unknown;
  outputType: undefined;
  conn: object;
  progress: never;
}

const ERROR_STATUS: Record<string, number> = { NOT_FOUND: 404, UNAUTHENTICATED: 401, PAYLOAD_TOO_LARGE: 413, BAD_REQUEST: 400, INTERNAL: 500, SERVICE_UNAVAILABLE: 503 };

function json(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

const http: RouteDoor<Toy, 'http'> = {
  kind: 'route',
  route: (b) => ({ method: b.method, path: b.path, ...(b.query ? { query: b.query } : {}) }),
  decode: (req: HttpRequest) => ({ params: req.params, query: req.query, body: req.rawBody.length ? req.json() : undefined }),
  // A vendor bug on purpose: `{badHeader: true}` asks for a header Node refuses to send.
  encode: (value, { binding }) =>
    (value as { badHeader?: boolean } | undefined)?.badHeader ? { ...json(200, {}), headers: { 'x-bad': 'a\nb' } } : json(binding.status ?? 200, value),
  error: (e) => {
    const name = e instanceof MockError ? e.code : 'INTERNAL';
    const message = e instanceof Error ? e.message : name;
    return json(ERROR_STATUS[name] ?? 400, { error_type: name, message });
  },
};

/** A second REST door with its own error shape, answering everything under /v2 that has no route. */
const v2: RouteDoor<Toy, 'v2'> = {
  ...(http as unknown as RouteDoor<Toy, 'v2'>),
  route: (b) => ({ method: b.method, path: `/v2${b.path}` }),
  fallback: ['/v2/*'],
  error: (e) => json(e instanceof MockError && e.code === 'NOT_FOUND' ? 404 : 400, { v2error: e instanceof MockError ? e.code : 'INTERNAL' }),
};

/** A JSON-RPC-like door: POST /rpc {"id":1,"method":"job.get","params":{...}}, errors in the body. */
const rpc: MuxDoor<Toy, 'rpc'> = {
  kind: 'mux',
  route: { method: 'POST', path: '/rpc' },
  keys: (b) => [b.method],
  parse: (req) => {
    const body = req.json() as { id?: unknown; method?: unknown; params?: unknown };
    if (typeof body?.method !== 'string') throw new MockError('BAD_REQUEST', 'no method');
    return { key: body.method, envelope: { id: typeof body.id === 'number' ? body.id : 0, params: body.params } };
  },
  unknown: (key) => new MockError('NO_METHOD', `no method ${key}`),
  decode: (req, _b, _op, env) => ({ params: (env.params ?? {}) as Record<string, string>, query: req.query, body: env.params }),
  encode: (value, { envelope }) => json(200, { id: envelope.id, result: value }),
  error: (e, _req, env) => json(200, { id: env?.id ?? null, error: e instanceof MockError ? e.code : 'INTERNAL' }),
};

const operation = operationsOf<Toy>();

export const toyOperations = [
  operation({
    name: 'login',
    doors: { http: { method: 'POST', path: '/login', status: 201 } },
    auth: 'none',
    input: (raw) => raw.body as ToyUser,
    run: (body, { tenant, state }) => {
      const ok = state.users.some((u) => u.username === body.username && u.password === body.password);
      if (!ok) throw new MockError('UNAUTHENTICATED', 'bad credentials');
      const token = `t-${tenant.id}-${state.tokens.length + 1}`;
      state.tokens.push(token);
      tenant.bind(`token:${token}`);
      return { token };
    },
  }),
  operation({
    name: 'job.create',
    doors: { http: { method: 'POST', path: '/jobs', status: 201 } },
    auth: 'token',
    run: (raw, { tenant, state }) => {
      const job = tenant.jobs.start({ id: `j${++state.created}`, operation: 'backup', target: String(raw.query.target ?? 'all') });
      return { id: job.id, state: job.state };
    },
  }),
  operation({
    name: 'job.get',
    doors: { http: { method: 'GET', path: '/jobs/:id' }, v2: { method: 'GET', path: '/jobs/:id' }, rpc: { method: 'job.get' } },
    auth: 'none',
    run: (raw, { tenant }) => {
      const job = tenant.jobs.get(raw.params.id!);
      if (!job) throw new MockError('NOT_FOUND', `no job ${raw.params.id}`);
      return { id: job.id, state: job.state, progress: job.progress, phase: job.phase ?? null };
    },
  }),
  operation({
    name: 'job.count',
    doors: { http: { method: 'GET', path: '/jobs', query: { view: 'count' } } },
    auth: 'none',
    run: (_raw, { tenant }) => ({ count: tenant.jobs.list().length }),
  }),
  operation({
    name: 'job.list',
    doors: { http: { method: 'GET', path: '/jobs' } },
    auth: 'none',
    run: (_raw, { tenant }) => tenant.jobs.list().map((j) => j.id),
  }),
  operation({
    name: 'boom.header',
    doors: { http: { method: 'GET', path: '/boom/header' } },
    auth: 'none',
    run: () => ({ badHeader: true }),
  }),
  operation({
    name: 'boom',
    doors: { http: { method: 'GET', path: '/boom' } },
    auth: 'none',
    run: () => {
      throw new Error('kaboom');
    },
  }),
];

export const toyVendor = defineVendor<Toy>({
  name: 'toy',
  title: 'Toy',
  listeners: [{ name: 'http', protocol: 'http', defaultPort: 0, offset: 81 }],
  schemas: () => schemas,
  doors: { http, v2, rpc },
  operations: toyOperations,
  auth: {
    none: () => undefined,
    token: (req) => {
      const token = req.http?.header('x-token');
      if (token === undefined || !req.state.tokens.includes(token)) throw new MockError('UNAUTHENTICATED');
      return token;
    },
  },
  errors: {
    names: [...Object.keys(ERROR_STATUS), 'NO_METHOD'],
    create: (name, message) => (name in ERROR_STATUS && name !== 'INTERNAL' ? new MockError(name, message) : new EngineError('INTERNAL', message)),
  },
  createState: (init) => ({ users: init.credentials ?? [], tokens: [], created: 0 }),
  newConn: () => ({}),
  credentialPrincipals: (creds) => creds.map((c) => `user:${c.username}`),
  principal: (req) => {
    const token = req.http?.header('x-token');
    if (token !== undefined) return `token:${token}`;
    if (req.http?.path === '/login') return `user:${(req.raw().body as { username?: string } | undefined)?.username}`;
    return undefined;
  },
  invalidateAuth: (req) => {
    const s = req.state;
    s.tokens = s.tokens.filter((t) => t !== req.http?.header('x-token'));
  },
  defaultTimelines: { backup: { duration: '10s' } },
  describeCredentials: (creds) => (creds ?? []).map((c) => `${c.username} / ${c.password}`),
});

export const toyScenario = `
seed: 7
tenants:
  - id: alpha
    credentials:
      toy:
        - { username: alice, password: a-pass }
  - id: beta
    credentials:
      toy:
        - { username: bob, password: b-pass }
`;
