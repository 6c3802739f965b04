import request from 'supertest';
import { z } from 'zod';
import { startHarness, type Harness } from '../../src/harness';
import { json } from '../../src/http/reply';
import { decodeValue, encodeValue } from '../../src/snapshot';
import { defineVendor, MockError, type VendorModule } from '../../src/vendor';
import { toyScenario } from './toy-vendor';

/** A vendor keeping sessions the way id-keyed tables should be kept: a Map, and a null-prototype index. */
interface MapState {
  sessions: Map<string, { user: string; since: Date }>;
  byUser: Record<string, string>;
  tags: Set<string>;
}

const mapVendor: VendorModule<MapState> = defineVendor<MapState>({
  name: 'vcenter',
  title: 'Map toy',
  listeners: [{ name: 'http', protocol: 'http', defaultPort: 0, offset: 81 }],
  schemas: {
    credentials: z.array(z.object({ username: z.string(), password: z.string() })),
    entities: z.object({}),
    options: z.object({}),
  },
  createState: () => ({ sessions: new Map(), byUser: Object.create(null), tags: new Set() }),
  routes: [
    {
      method: 'POST',
      path: '/session',
      operation: 'session.create',
      handler: (call) => {
        const id = String(call.headers['x-session-id']);
        const user = String(call.headers['x-user']);
        const s = call.tenant.state;
        s.sessions.set(id, { user, since: new Date(call.ctx.clock.now()) });
        s.byUser[user] = id;
        s.tags.add(user);
        return json(201, { id });
      },
    },
    {
      method: 'GET',
      path: '/session',
      operation: 'session.get',
      handler: (call) => {
        const s = call.tenant.state;
        const session = s.sessions.get(String(call.headers['x-session-id']));
        if (!session) throw new MockError('UNAUTHENTICATED');
        return json(200, { user: session.user, since: session.since.toISOString(), index: s.byUser[session.user], tagged: s.tags.has(session.user) });
      },
    },
  ],
  renderError: (name) => json(name === 'UNAUTHENTICATED' ? 401 : 400, { error_type: name }),
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
    const vc = () => request(h.url('vcenter'));
    await vc().post('/session').set('x-session-id', '__proto__').set('x-user', 'constructor').expect(201);
    const snap = (await request(admin).get('/state').expect(200)).body;
    await request(admin).post('/reset').expect(200);
    await vc().get('/session').set('x-session-id', '__proto__').expect(401);
    await request(admin).put('/state').send(snap).expect(200);
    const got = await vc().get('/session').set('x-session-id', '__proto__').expect(200);
    expect(got.body).toEqual({ user: 'constructor', since: '2026-01-01T00:00:00.000Z', index: '__proto__', tagged: true });
  });

  it('refuses garbage with 400 and changes nothing, even when only the last part is wrong', async () => {
    const vc = () => request(h.url('vcenter'));
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
      ['a malformed $map', { ...good, tenancy: { ...good.tenancy, tenants: { alpha: { vcenter: { sessions: { $map: [['only-key']] } } } } } }],
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
