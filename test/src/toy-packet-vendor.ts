import { z } from 'zod';
import { MockError } from '../../src/errors';
import type { PacketCodec } from '../../src/operations/packets';
import { operationsOf, type PacketDoor, type StreamDoor, type VendorTypes } from '../../src/operations/types';
import { defineVendor, type Reply, type SchemaTypes } from '../../src/vendor';

/**
 * A minimal packet vendor for the engine's packet transport tests: JSON packets, one per line
 * (`{"id":1,"progress":true,"calls":[{"call":"echo","args":{...}}]}\n`), a login that sets the
 * connection's user, calls that need it, a job that reports progress, a bug, and an HTTP
 * stream door whose `x-user`/`x-password` headers sign in.
 */
interface Header {
  id: number | null;
  progress: boolean;
}

interface ToyConn {
  user?: string;
  bye?: boolean;
}

interface ToyState {
  users: Map<string, string>;
  count: number;
}

const schemas = {
  credentials: z.array(z.object({ user: z.string(), password: z.string() })),
  entities: z.object({}),
  options: z.object({
    greeting: z.enum(['on', 'off', 'auto']).default('off'),
    greetingWindowMs: z.number().default(30),
    idleTimeoutMs: z.number().default(0),
    maxPacketBytes: z.number().default(4096),
  }),
};

type Sections = SchemaTypes<typeof schemas>;

interface ToyPacket extends VendorTypes {
  name: 'toypacket';
  state: ToyState;
  options: Sections['options'];
  credentials: Sections['credentials'];
  entities: Sections['entities'];
  doors: { packet: { binding: { call: string }; envelope: Header }; http: { binding: never; envelope: undefined } };
  raw: Record<string, unknown>;
  auth: { none: undefined; login: string };
  output: unknown;
  outputType: undefined;
  conn: ToyConn;
  progress: number;
  packetHeader: Header;
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, INTERNAL: 500, PAYLOAD_TOO_LARGE: 413 };
const codeOf = (e: unknown) => (e instanceof MockError ? e.code : 'INTERNAL');

const codec: PacketCodec<ToyPacket> = {
  delimiter: 0x0a,
  frame: (text) => Buffer.from(`${text}\n`),
  settings: (o) => ({ greeting: o.greeting, greetingWindowMs: o.greetingWindowMs, maxPacketBytes: o.maxPacketBytes, writeGapMs: 0, idleTimeoutMs: o.idleTimeoutMs }),
  names: { malformed: 'malformed', oversized: 'oversized' },
  decode: (text) => {
    let p: { id?: unknown; progress?: unknown; calls?: unknown };
    try {
      p = JSON.parse(text) as typeof p;
    } catch {
      throw new MockError('BAD_PACKET', 'not JSON');
    }
    if (typeof p?.id !== 'number' || !Array.isArray(p.calls) || p.calls.length === 0) throw new MockError('BAD_PACKET', 'no id or no calls');
    const calls = (p.calls as Array<{ call?: unknown; args?: unknown }>).map((c) => ({ key: String(c?.call), body: c?.args ?? {} }));
    return { header: { id: p.id, progress: p.progress === true }, calls };
  },
  sniff: (text) => ({ id: Number(/"id":\s*(\d+)/.exec(text)?.[1] ?? NaN) || null, progress: false }),
  path: (key) => `/${key}`,
  unknown: (key) => new MockError('NO_CALL', `no call ${key}`),
  wantsProgress: (h) => h.progress,
  reply: (h, answers) => JSON.stringify({ id: h.id, answers: answers.map((a) => (a.value !== undefined ? { ok: a.value } : { error: codeOf(a.error) })) }),
  refuse: (h, error) => JSON.stringify({ id: h?.id ?? null, refused: codeOf(error) }),
  progress: (h, percent) => JSON.stringify({ id: h.id, progress: percent }),
  greeting: () => JSON.stringify({ hello: true }),
  status: (a) => (a.value !== undefined ? 200 : (STATUS[codeOf(a.error)] ?? 400)),
  ends: (conn) => conn.bye === true,
};

const packet: PacketDoor<ToyPacket, 'packet'> = {
  kind: 'packet',
  keys: (b) => [b.call],
  decode: (p) => p.body as Record<string, unknown>,
};

const json = (status: number, value: unknown): Reply => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

const http: StreamDoor<ToyPacket, 'http'> = {
  kind: 'stream',
  route: { method: 'POST', path: '/packets' },
  headers: { 'content-type': 'application/x-ndjson' },
  signIn: (req) => {
    const user = req.header('x-user');
    if (user === undefined) return undefined;
    if (user === '') throw new MockError('UNAUTHENTICATED', 'malformed credentials');
    return { key: 'login', body: { user, password: req.header('x-password') ?? '' } };
  },
  error: (e) => json(STATUS[codeOf(e)] ?? (codeOf(e) === 'NOT_FOUND' ? 404 : 400), { refused: codeOf(e) }),
};

const operation = operationsOf<ToyPacket>();
let waiters = 0;

export const toyPacketVendor = defineVendor<ToyPacket>({
  name: 'toypacket',
  title: 'Toy packets',
  listeners: [
    { name: 'tcp', protocol: 'tcp', defaultPort: 0, offset: 82 },
    { name: 'http', protocol: 'http', defaultPort: 0, offset: 83 },
  ],
  schemas: () => schemas,
  doors: { packet, http },
  packet: codec,
  operations: [
    operation({
      name: 'login',
      doors: { packet: { call: 'login' } },
      auth: 'none',
      run: (args, { state, conn }) => {
        const user = String(args.user);
        if (state.users.get(user) !== args.password) throw new MockError('UNAUTHENTICATED', 'bad credentials');
        conn.user = user;
        return { user };
      },
    }),
    operation({ name: 'echo', doors: { packet: { call: 'echo' } }, auth: 'login', run: (args) => args }),
    operation({ name: 'count', doors: { packet: { call: 'count' } }, auth: 'login', run: (_a, { state }) => ++state.count }),
    operation({
      name: 'wait',
      doors: { packet: { call: 'wait' } },
      auth: 'login',
      run: (_a, { tenant, progress }) =>
        new Promise((resolve) => {
          const waiter = ++waiters;
          const off = tenant.jobs.onChange(({ job }) => {
            if (job.data.waiter !== waiter) return;
            if (job.state === 'succeeded') {
              off();
              resolve({ waited: job.id });
            } else progress?.(job.progress);
          });
          tenant.jobs.start({ operation: 'wait', data: { waiter } });
        }),
    }),
    operation({ name: 'bye', doors: { packet: { call: 'bye' } }, auth: 'none', run: (_a, { conn }) => ((conn.bye = true), 'bye') }),
    operation({
      name: 'boom',
      doors: { packet: { call: 'boom' } },
      auth: 'none',
      run: () => {
        throw new Error('kaboom');
      },
    }),
  ],
  auth: {
    none: () => undefined,
    login: (req) => {
      if (req.conn.user === undefined) throw new MockError('UNAUTHENTICATED', 'log in first');
      return req.conn.user;
    },
  },
  errors: { names: ['BAD_PACKET', 'NO_CALL', 'UNAUTHENTICATED'], create: (name, message) => new MockError(name, message) },
  createState: (init) => ({ users: new Map((init.credentials ?? []).map((c) => [c.user, c.password])), count: 0 }),
  newConn: () => ({}),
  defaultTimelines: { wait: { duration: '10s', steps: 4 } },
});

export const toyPacketScenario = {
  seed: 3,
  tenants: [{ id: 'alpha', credentials: { toypacket: [{ user: 'alice', password: 'a-pass' }] } }],
};
