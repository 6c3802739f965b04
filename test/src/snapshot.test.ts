import request from 'supertest';
import { z } from 'zod';
import { startHarness, type Harness } from '../../src/harness';
import { MockError } from '../../src/errors';
import { operationsOf, type HttpRequest, type RouteDoor, type VendorTypes } from '../../src/operations/types';
import { decodeValue, encodeValue } from '../../src/snapshot';
import { defineVendor, type Reply, type SchemaTypes } from '../../src/vendor';
import { toyScenario } from './toy-vendor';

/** A vendor keeping sessions the way id-keyed tables should be kept: a Map, and a null-prototype index. */
interface MapState {
  sessions: Map<string, { user: string; since: Date }>;
  byUser: Record<string, string>;
  tags: Set<string>;
}

const schemas = {
  credentials: z.array(z.object({ username: z.string(), password: z.string() })),
  entities: z.object({}),
  options: z.object({}),
};
type Sections = SchemaTypes<typeof schemas>;

interface MapToy extends VendorTypes {
  name: 'toy';
  options: Sections['options'];
  credentials: Sections['credentials'];
  entities: Sections['entities'];
  state: MapState;
  doors: { http: { binding: { method: 'GET' | 'POST'; path: string; status?: number }; envelope: undefined } };
  raw: { sessionId: string; user: string };
  auth: { none: undefined };
  output: unknown;
  outputType: undefined;
  conn: object;
  progress: never;
}

function json(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

const http: RouteDoor<MapToy, 'http'> = {
  kind: 'route',
  route: (b) => ({ method: b.method, path: b.path }),
  decode: (req: HttpRequest) => ({ sessionId: req.header('x-session-id') ?? '', user: req.header('x-user') ?? '' }),
  encode: (value, { binding }) => json(binding.status ?? 200, value),
  error: (e) => json(e instanceof MockError && e.code === 'UNAUTHENTICATED' ? 401 : 400, { error_type: e instanceof MockError ? e.code : 'INTERNAL' }),
};

const operation = operationsOf<MapToy>();

const mapVendor = defineVendor<MapToy>({
  name: 'toy',
  title: 'Map toy',
  listeners: [{ name: 'http', protocol: 'http', defaultPort: 0, offset: 81 }],
  schemas: () => schemas,
  doors: { http },
  operations: [
    operation({
      name: 'session.create',
      doors: { http: { method: 'POST', path: '/session', status: 201 } },
      auth: 'none',
      run: (raw, { state, clock }) => {
        state.sessions.set(raw.sessionId, { user: raw.user, since: new Date(clock.now()) });
        state.byUser[raw.user] = raw.sessionId;
        state.tags.add(raw.user);
        return { id: raw.sessionId };
      },
    }),
    operation({
      name: 'session.get',
      doors: { http: { method: 'GET', path: '/session' } },
      auth: 'none',
      run: (raw, { state }) => {
        const session = state.sessions.get(raw.sessionId);
        if (!session) throw new MockError('UNAUTHENTICATED');
        return { user: session.user, since: session.since.toISOString(), index: state.byUser[session.user], tagged: state.tags.has(session.user) };
      },
    }),
  ],
  auth: { none: () => undefined },
  errors: { names: ['UNAUTHENTICATED', 'INTERNAL'], create: (name, message) => new MockError(name, message) },
  createState: () => ({ sessions: new Map(), byUser: Object.create(null), tags: new Set() }),
  newConn: () => ({}),
});

describe('the snapshot codec', () => {
  it('round-trips Map, Set, Date and null-prototype objects through JSON, prototype-named keys included', () => {
    const index = Object.create(null) as Record<string, number>;
    for (const [k, v] of [['__proto__', 1], ['constructor', 2]] as const) index[k] = v;
    const value = {
      sessions: new Map<unknown, unknown>([
        ['__proto__', { user: 'a' }],
        [7, new Set(['x', 'y'])],
      ]),
      index,
      at: new Date('2026-01-02T03:04:05Z'),
      looksTagged: { $map: 'not a map' },
      list: [1, 'two', null, { nested: new Map([['k', 'v']]) }],
    };
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value)))) as typeof value;
    expect(back.sessions).toBeInstanceOf(Map);
    expect(back.sessions.get('__proto__')).toEqual({ user: 'a' });
    expect(back.sessions.get(7)).toEqual(new Set(['x', 'y']));
    expect(Object.getPrototypeOf(back.index)).toBeNull();
    expect(Object.keys(back.index)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(back.index, 'constructor')?.value).toBe(2);
    expect(back.at).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(back.looksTagged).toEqual({ $map: 'not a map' });
    expect((back.list[3] as { nested: Map<string, string> }).nested.get('k')).toBe('v');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).user).toBeUndefined();
  });

  it('refuses what JSON cannot carry back: cycles and bigints', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeValue(cyclic)).toThrow(/cycle/);
    expect(() => encodeValue({ n: 1n })).toThrow(/bigint/);
  });
});

describe('GET and PUT /state', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await startHarness({ modules: [mapVendor], scenario: toyScenario, clock: 'manual' });
    admin = h.urls.admin!;
  });
  afterAll(() => h.stop());

  it('carries Map-keyed vendor state through a snapshot, a reset and a restore', async () => {
    const vc = () => request(h.url('toy'));
    await vc().post('/session').set('x-session-id', '__proto__').set('x-user', 'constructor').expect(201);
    const snap = (await request(admin).get('/state').expect(200)).body;
    await request(admin).post('/reset').expect(200);
    await vc().get('/session').set('x-session-id', '__proto__').expect(401);
    await request(admin).put('/state').send(snap).expect(200);
    const got = await vc().get('/session').set('x-session-id', '__proto__').expect(200);
    expect(got.body).toEqual({ user: 'constructor', since: '2026-01-01T00:00:00.000Z', index: '__proto__', tagged: true });
  });

  it('refuses garbage with 400 and changes nothing, even when only the last part is wrong', async () => {
    const vc = () => request(h.url('toy'));
    await request(admin).post('/reset').expect(200);
    await vc().post('/session').set('x-session-id', 's1').set('x-user', 'alice').expect(201);
    const good = (await request(admin).get('/state').expect(200)).body;
    const clockBefore = h.clock.now();
    await vc().post('/session').set('x-session-id', 's2').set('x-user', 'bob').expect(201);

    const cases: Array<[string, unknown]> = [
      ['not a snapshot', { nonsense: true }],
      ['a string', 'hello'],
      ['clock out of range', { ...good, clock: { ...good.clock, now: 1e20 } }],
      ['negative scale', { ...good, clock: { ...good.clock, scale: -1 } }],
      ['a job without a state', { ...good, jobs: { ...good.jobs, jobs: [{ id: 'x' }] } }],
      ['an unknown field', { ...good, extra: 1 }],
      ['a vendor not served', { ...good, tenancy: { ...good.tenancy, tenants: { ...good.tenancy.tenants, zz: { commvault: {} } } } }],
      ['a malformed $map', { ...good, tenancy: { ...good.tenancy, tenants: { alpha: { toy: { sessions: { $map: [['only-key']] } } } } } }],
    ];
    for (const [what, body] of cases) {
      const r = await request(admin).put('/state').set('content-type', 'application/json').send(JSON.stringify(body));
      expect([what, r.status]).toEqual([what, 400]);
      expect(r.body.error).toMatch(/snapshot|\$map|JSON/);
    }
    expect(h.clock.now()).toBe(clockBefore);
    // bob's session, made after the snapshot, is still there: nothing was applied.
    await vc().get('/session').set('x-session-id', 's2').expect(200);
  });
});
