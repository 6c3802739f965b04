import request from 'supertest';
import { startHarness, type Harness } from '../../src/harness';
import { toyScenario, toyVendor } from './toy-vendor';

async function login(h: Harness, username: string, password: string): Promise<string> {
  const res = await request(h.url('toy')).post('/login').send({ username, password }).expect(201);
  return res.body.token as string;
}

describe('harness around a vendor', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
  });
  afterAll(() => h.stop());
  beforeEach(() => {
    h.loadScenario(toyScenario);
    h.journal.clear();
  });

  it('routes a login to the tenant that owns the user and binds its token there', async () => {
    const a = await login(h, 'alice', 'a-pass');
    const b = await login(h, 'bob', 'b-pass');
    expect(a).toBe('t-alpha-1');
    expect(b).toBe('t-beta-1');
    await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'nope' }).expect(401, { error_type: 'UNAUTHENTICATED', message: 'bad credentials' });
  });

  it('two tenants never see each other\'s jobs', async () => {
    const a = await login(h, 'alice', 'a-pass');
    const b = await login(h, 'bob', 'b-pass');
    const ja = await request(h.url('toy')).post('/jobs').set('x-token', a).expect(201);
    await request(h.url('toy')).get(`/jobs/${ja.body.id}`).set('x-token', a).expect(200);
    await request(h.url('toy')).get(`/jobs/${ja.body.id}`).set('x-token', b).expect(404);
    expect(h.engine.jobs.list({ tenant: 'alpha' })).toHaveLength(1);
    expect(h.engine.jobs.list({ tenant: 'beta' })).toHaveLength(0);
  });

  it('x-mock-tenant makes a fresh tenant from the template, and resetting it leaves others intact', async () => {
    const w1 = await request(h.url('toy')).post('/login').set('x-mock-tenant', 'worker-1').send({ username: 'alice', password: 'a-pass' }).expect(201);
    expect(w1.body.token).toBe('t-worker-1-1');
    const a = await login(h, 'alice', 'a-pass');
    await request(h.url('toy')).post('/jobs').set('x-token', a).expect(201);
    await request(h.url('toy')).post('/jobs').set('x-mock-tenant', 'worker-1').set('x-token', w1.body.token).expect(201);
    h.reset('worker-1');
    expect(h.engine.jobs.list({ tenant: 'worker-1' })).toHaveLength(0);
    expect(h.engine.jobs.list({ tenant: 'alpha' })).toHaveLength(1);
    await request(h.url('toy')).get('/jobs/j1').set('x-token', a).expect(200);
  });

  it('job state follows the virtual clock', async () => {
    const a = await login(h, 'alice', 'a-pass');
    const { body } = await request(h.url('toy')).post('/jobs').set('x-token', a).expect(201);
    h.clock.advance('5s');
    expect((await request(h.url('toy')).get(`/jobs/${body.id}`).set('x-token', a)).body).toMatchObject({ state: 'running', progress: 50 });
    h.clock.advance('5s');
    expect((await request(h.url('toy')).get(`/jobs/${body.id}`).set('x-token', a)).body).toMatchObject({ state: 'succeeded', progress: 100 });
  });

  it('scenario job rules pick timelines by operation and nth', async () => {
    h.loadScenario(toyScenario, { jobs: [{ match: { vendor: 're:^(toy|dds)$', operation: 'backup', nth: 2 }, timeline: { duration: '1m', outcome: 'failed', failAt: 60, message: 'tape jam' } }] });
    const a = await login(h, 'alice', 'a-pass');
    await request(h.url('toy')).post('/jobs').set('x-token', a).expect(201);
    await request(h.url('toy')).post('/jobs').set('x-token', a).expect(201);
    h.clock.advance('2m');
    const [first, second] = h.engine.jobs.list({ tenant: 'alpha' });
    expect(first.state).toBe('succeeded');
    expect(second).toMatchObject({ state: 'failed', progress: 60, message: 'tape jam', timelineRule: 'jobs[0]' });
  });

  it('answers malformed bodies, oversized bodies, unknown routes and handler crashes in the vendor format, state intact', async () => {
    const a = await login(h, 'alice', 'a-pass');
    await request(h.url('toy')).post('/login').set('content-type', 'application/json').send('{"username":').expect(400).expect((r) => expect(r.body.error_type).toBe('BAD_REQUEST'));
    await request(h.url('toy')).post('/login').set('content-type', 'application/json').send(`{"x":"${'a'.repeat(1_100_000)}"}`).expect(413);
    await request(h.url('toy')).get('/nope').expect(404).expect((r) => expect(r.body.error_type).toBe('NOT_FOUND'));
    const crash = await request(h.url('toy')).get('/boom').expect(500);
    expect(crash.text).not.toMatch(/kaboom|at .*\.ts/);
    await request(h.url('toy')).post('/jobs').set('x-token', a).expect(201);
  });

  it('rules give sequences without code: 500, then 503, then the real answer', async () => {
    h.loadScenario(toyScenario, {
      rules: [
        { match: { operation: 'job.get' }, respond: { status: 500, body: { oops: 1 } }, times: 1 },
        { match: { operation: 'job.get' }, respond: { status: 503, error: 'SERVICE_UNAVAILABLE', message: 'busy' }, times: 1 },
      ],
    });
    const a = await login(h, 'alice', 'a-pass');
    await request(h.url('toy')).post('/jobs').set('x-token', a).expect(201);
    await request(h.url('toy')).get('/jobs/j1').set('x-token', a).expect(500, { oops: 1 });
    await request(h.url('toy')).get('/jobs/j1').set('x-token', a).expect(503, { error_type: 'SERVICE_UNAVAILABLE', message: 'busy' });
    await request(h.url('toy')).get('/jobs/j1').set('x-token', a).expect(200);
    expect(h.find({ rule: 'rule#' + h.engine.rules.list()[0].id })).toHaveLength(1);
  });

  it('matches rules by header, body field and tenant, and skip lets the first calls through', async () => {
    h.loadScenario(toyScenario, {
      rules: [
        { match: { operation: 'login', body: { username: 'bob' } }, respond: { status: 418, body: 'teapot' } },
        { match: { operation: 'job.create', headers: { 'x-trace': 're:^slow-' } }, respond: { status: 429 } },
        { name: 'expire-after-2', match: { operation: 'job.get', tenant: 'alpha' }, skip: 2, invalidateAuth: true, times: 1 },
      ],
    });
    await request(h.url('toy')).post('/login').send({ username: 'bob', password: 'b-pass' }).expect(418, 'teapot');
    const a = await login(h, 'alice', 'a-pass');
    await request(h.url('toy')).post('/jobs').set('x-token', a).set('x-trace', 'slow-1').expect(429);
    await request(h.url('toy')).post('/jobs').set('x-token', a).set('x-trace', 'fast').expect(201);
    await request(h.url('toy')).get('/jobs/j1').set('x-token', a).expect(200);
    await request(h.url('toy')).get('/jobs/j1').set('x-token', a).expect(200);
    await request(h.url('toy')).get('/jobs/j1').set('x-token', a).expect(200); // invalidated now, get does not check auth
    await request(h.url('toy')).post('/jobs').set('x-token', a).expect(401);
  });

  it('delays follow the virtual clock', async () => {
    h.loadScenario(toyScenario, { rules: [{ match: { operation: 'login' }, delay: '30s' }] });
    let done = false;
    const p = request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).then((r) => {
      done = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 50)); // let the request reach the server (not a sleep on behaviour)
    expect(done).toBe(false);
    h.clock.advance('30s');
    expect((await p).status).toBe(201);
  });

  it('connection faults break the connection the way WireMock does', async () => {
    h.loadScenario(toyScenario, {
      rules: [
        { match: { path: '/jobs/reset' }, fault: 'connection_reset' },
        { match: { path: '/jobs/empty' }, fault: 'empty_response' },
        { match: { path: '/jobs/chunk' }, fault: 'malformed_chunk' },
      ],
    });
    for (const p of ['/jobs/reset', '/jobs/empty', '/jobs/chunk']) {
      await expect(fetch(`${h.url('toy')}${p}`).then((r) => r.text())).rejects.toThrow();
    }
    await request(h.url('toy')).get('/nope').expect(404);
  });

  it('dribbles a real answer chunk by chunk on the clock', async () => {
    h.loadScenario(toyScenario, { rules: [{ match: { operation: 'login' }, dribble: { chunkBytes: 4, every: '1s' } }] });
    const p = request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' });
    const settle = p.then((r) => r);
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 5));
      h.clock.advance('1s');
    }
    const res = await settle;
    expect(res.status).toBe(201);
    expect(res.body.token).toBe('t-alpha-1');
  });

  it('journals every request with secrets masked and verifies counts', async () => {
    await login(h, 'alice', 'a-pass');
    await request(h.url('toy')).get('/jobs/zzz').set('x-token', 'secret-token').set('authorization', 'Basic YWxpY2U6YS1wYXNz');
    const [entry] = h.find({ operation: 'login' });
    expect(entry.body).toBe('{"username":"alice","password":"***"}');
    expect(entry).toMatchObject({ vendor: 'toy', tenant: 'alpha', method: 'POST', status: 201, matched: true });
    const [get] = h.find({ operation: 'job.get' });
    expect(get.headers.authorization).toBe('Basic ***');
    expect(h.verify({ vendor: 'toy', operation: 'login' }, 1)).toHaveLength(1);
    expect(() => h.verify({ operation: 'job.create' })).toThrow(/expected at least 1 .*found 0/);
    expect(h).toHaveReceived({ operation: 'job.get', status: 404 }, 1);
    expect(h).not.toHaveReceived({ operation: 'job.create' });
  });

  it('strict mode fails unmatched requests loudly with the nearest routes', async () => {
    h.engine.strict = true;
    try {
      const res = await request(h.url('toy')).get('/job/1').expect(501);
      expect(res.body.error).toMatch(/strict/);
      expect(res.body.nearest[0]).toBe('GET /jobs/:id');
      const [u] = h.journal.unmatched();
      expect(u.nearest).toContain('GET /jobs/:id');
    } finally {
      h.engine.strict = false;
    }
  });
});

describe('journal capacity', () => {
  it('keeps only the newest entries and 0 disables it', async () => {
    const h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', journalSize: 2, admin: false });
    try {
      for (const p of ['/a', '/b', '/c']) await request(h.url('toy')).get(p);
      expect(h.journal.all().map((e) => e.path)).toEqual(['/b', '/c']);
      h.journal.resize(0);
      await request(h.url('toy')).get('/d');
      expect(h.journal.all()).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

describe('stopping', () => {
  it('stop() may be called again and by several callers; `stopped` settles once it has stopped, whoever stopped it', async () => {
    const h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
    const url = h.url('toy');
    let settled = false;
    void h.stopped.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await Promise.all([h.stop(), h.stop()]);
    expect(settled).toBe(true);
    await h.stop();
    await expect(fetch(`${url}/jobs`)).rejects.toThrow();
    await expect(fetch(`${h.urls.admin}/health`)).rejects.toThrow();
  });
});
