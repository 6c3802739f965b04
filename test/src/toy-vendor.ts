import { z } from 'zod';
import { json } from '../../src/http/reply';
import { defineVendor, MockError, type VendorModule } from '../../src/legacy/vendor';

/**
 * A minimal vendor for engine unit tests (the real vendors have their own suites). It has a
 * login that binds a token, a job create/get pair and a JSON error format.
 */
interface ToyState {
  users: Array<{ username: string; password: string }>;
  tokens: string[];
  created: number;
}

export const toyVendor: VendorModule<ToyState> = defineVendor<ToyState>({
  name: 'vcenter',
  title: 'Toy',
  listeners: [{ name: 'http', protocol: 'http', defaultPort: 0, offset: 81 }],
  schemas: {
    credentials: z.array(z.object({ username: z.string(), password: z.string() })),
    entities: z.object({ things: z.array(z.string()).default([]) }),
    options: z.object({ flavour: z.string().default('plain') }),
  },
  createState: (init) => ({ users: (init.credentials as ToyState['users']) ?? [], tokens: [], created: 0 }),
  credentialPrincipals: (creds: ToyState['users']) => creds.map((c) => `user:${c.username}`),
  principal: (call) => {
    const token = call.headers['x-token'];
    if (typeof token === 'string') return `token:${token}`;
    if (call.path === '/login') return `user:${(call.json() as { username?: string }).username}`;
    return undefined;
  },
  invalidateAuth: (call) => {
    const s = call.tenant.state;
    s.tokens = s.tokens.filter((t) => t !== call.headers['x-token']);
  },
  routes: [
    {
      method: 'POST',
      path: '/login',
      operation: 'login',
      handler: (call) => {
        const body = call.json<{ username: string; password: string }>();
        const ok = call.tenant.state.users.some((u) => u.username === body.username && u.password === body.password);
        if (!ok) throw new MockError('UNAUTHENTICATED', 'bad credentials');
        const token = `t-${call.tenant.id}-${call.tenant.state.tokens.length + 1}`;
        call.tenant.state.tokens.push(token);
        call.tenant.bind(`token:${token}`);
        return json(201, { token });
      },
    },
    {
      method: 'POST',
      path: '/jobs',
      operation: 'job.create',
      handler: (call) => {
        if (!call.tenant.state.tokens.includes(String(call.headers['x-token']))) throw new MockError('UNAUTHENTICATED');
        const s = call.tenant.state;
        const job = call.tenant.jobs.start({ id: `j${++s.created}`, operation: 'backup', target: String(call.query.target ?? 'all') });
        return json(201, { id: job.id, state: job.state });
      },
    },
    {
      method: 'GET',
      path: '/jobs/:id',
      operation: 'job.get',
      handler: (call) => {
        const job = call.tenant.jobs.get(call.params.id!);
        if (!job) throw new MockError('NOT_FOUND', `no job ${call.params.id}`);
        return json(200, { id: job.id, state: job.state, progress: job.progress, phase: job.phase ?? null });
      },
    },
    { method: 'GET', path: '/boom', operation: 'boom', handler: () => { throw new Error('kaboom'); } },
  ],
  defaultTimelines: { backup: { duration: '10s' } },
  renderError: (name, _call, message) => {
    const status = { NOT_FOUND: 404, UNAUTHENTICATED: 401, PAYLOAD_TOO_LARGE: 413, BAD_REQUEST: 400, INTERNAL: 500 }[name] ?? 400;
    return json(status, { error_type: name, message: message ?? name });
  },
  describeCredentials: (creds: ToyState['users']) => creds.map((c) => `${c.username} / ${c.password}`),
});

export const toyScenario = `
seed: 7
tenants:
  - id: alpha
    credentials:
      vcenter:
        - { username: alice, password: a-pass }
  - id: beta
    credentials:
      vcenter:
        - { username: bob, password: b-pass }
`;
