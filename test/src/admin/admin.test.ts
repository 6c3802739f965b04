import request from 'supertest';
import { startHarness, type Harness } from '../../../src/harness';
import { toyScenario, toyVendor } from '../toy-vendor';

describe('admin API', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
    admin = h.urls.admin!;
  });
  afterAll(() => h.stop());
  beforeEach(() => {
    h.loadScenario(toyScenario);
    h.journal.clear();
  });

  async function startJob(): Promise<string> {
    const { body } = await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' });
    const job = await request(h.url('toy')).post('/jobs').set('x-token', body.token).expect(201);
    return job.body.id;
  }

  it('reports health, vendors with URLs and its own routes', async () => {
    await request(admin).get('/health').expect(200, { status: 'ok' });
    const v = await request(admin).get('/vendors').expect(200);
    expect(v.body.vendors[0]).toMatchObject({ name: 'toy', enabled: true, urls: { http: h.url('toy', 'http') } });
    const root = await request(admin).get('/').expect(200);
    expect(root.body.routes).toEqual(expect.arrayContaining([expect.stringMatching(/^POST \/clock\/advance/)]));
  });

  it('loads a scenario from YAML, and rejects an invalid one with file:line, keeping the old one', async () => {
    await request(admin).post('/scenario').set('content-type', 'application/yaml').send('name: from-admin\nseed: 9\ntenants: [{id: gamma}]\n').expect(200);
    expect(h.engine.scenario.name).toBe('from-admin');
    const bad = await request(admin).post('/scenario').set('content-type', 'application/yaml').send('name: x\nrules:\n  - fault: meltdown\n').expect(400);
    expect(bad.body.issues[0]).toMatchObject({ file: '<admin body>', line: 3, path: 'rules.0.fault' });
    expect(h.engine.scenario.name).toBe('from-admin');
    await request(admin).post('/scenario').send({ name: 'as-json', tenants: [{ id: 'delta' }] }).expect(200);
    expect(h.engine.tenancy.defaultTenant).toBe('delta');
  });

  it('reads, advances, sets and switches the clock', async () => {
    const before = (await request(admin).get('/clock').expect(200)).body;
    expect(before.mode).toBe('manual');
    const adv = await request(admin).post('/clock/advance').send({ by: '2h' }).expect(200);
    expect(adv.body.epochMs ?? Date.parse(adv.body.now)).toBe(before.epochMs + 7_200_000);
    await request(admin).post('/clock/advance').send({ by: 'later' }).expect(400);
    await request(admin).post('/clock/set').send({ to: 0 }).expect(400);
    const mode = await request(admin).post('/clock/mode').send({ mode: 'x60' }).expect(200);
    expect(mode.body).toMatchObject({ mode: 'scaled', scale: 60 });
    await request(admin).post('/clock/mode').send({ mode: 'manual' }).expect(200);
  });

  it('lists, reads, forces, suspends, resumes and cancels jobs', async () => {
    const id = await startJob();
    const list = await request(admin).get('/jobs?vendor=toy&tenant=alpha').expect(200);
    expect(list.body.jobs.map((j: { id: string }) => j.id)).toEqual([id]);
    await request(admin).get(`/jobs/toy/${id}?tenant=alpha`).expect(200);
    await request(admin).get(`/jobs/toy/nope?tenant=alpha`).expect(404);
    await request(admin).post(`/jobs/toy/${id}/suspend?tenant=alpha`).expect(200);
    await request(admin).post(`/jobs/toy/${id}/suspend?tenant=alpha`).expect(409);
    await request(admin).post(`/jobs/toy/${id}/resume?tenant=alpha`).expect(200);
    const forced = await request(admin).post(`/jobs/toy/${id}/state?tenant=alpha`).send({ progress: 70, phase: 'Archive' }).expect(200);
    expect(forced.body).toMatchObject({ state: 'running', progress: 70, phase: 'Archive' });
    await request(admin).post(`/jobs/toy/${id}/state?tenant=alpha`).send({ state: 'exploded' }).expect(400);
    await request(admin).post(`/jobs/toy/${id}/cancel?tenant=alpha`).expect(200);
    expect(h.engine.jobs.get('alpha', 'toy', id)!.state).toBe('cancelled');
  });

  it('queries, counts, verifies and clears the journal', async () => {
    await startJob();
    const all = await request(admin).get('/journal?vendor=toy').expect(200);
    expect(all.body.total).toBe(2);
    expect((await request(admin).post('/journal/count').send({ operation: 'job.create' })).body.count).toBe(1);
    await request(admin).post('/journal/verify').send({ criteria: { operation: 'login' }, count: 1 }).expect(200);
    const miss = await request(admin).post('/journal/verify').send({ criteria: { operation: 'login' }, count: 2 }).expect(409);
    expect(miss.body.error).toMatch(/expected exactly 2 .* found 1/);
    await request(h.url('toy')).get('/no/such/route');
    const un = await request(admin).get('/journal/unmatched').expect(200);
    expect(un.body.requests).toHaveLength(1);
    await request(admin).delete('/journal').expect(200);
    expect(h.journal.size).toBe(0);
  });

  it('adds and removes rules at run time', async () => {
    const { body } = await request(admin).post('/rules').send({ match: { operation: 'login' }, respond: { status: 503 }, times: 1 }).expect(201);
    await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).expect(503);
    const rules = await request(admin).get('/rules').expect(200);
    expect(rules.body.rules[0]).toMatchObject({ id: body.id, fired: 1 });
    await request(admin).delete(`/rules/${body.id}`).expect(200);
    await request(admin).delete(`/rules/${body.id}`).expect(404);
    await request(admin).post('/rules').send({ respond: { status: 'bad' } }).expect(400);
  });

  it('resets one tenant or all', async () => {
    await startJob();
    await request(admin).post('/reset?tenant=beta').expect(200);
    expect(h.engine.jobs.list({ tenant: 'alpha' })).toHaveLength(1);
    await request(admin).post('/reset').expect(200, { reset: 'all' });
    expect(h.engine.jobs.list()).toHaveLength(0);
  });

  it('snapshots and restores state as JSON', async () => {
    const id = await startJob();
    h.clock.advance('3s');
    const snap = (await request(admin).get('/state').expect(200)).body;
    await request(admin).post('/reset').expect(200);
    expect(h.engine.jobs.list()).toHaveLength(0);
    await request(admin).put('/state').send(snap).expect(200);
    expect(h.engine.jobs.get('alpha', 'toy', id)).toMatchObject({ state: 'running', progress: 30 });
    h.clock.advance('7s');
    expect(h.engine.jobs.get('alpha', 'toy', id)!.state).toBe('succeeded');
    await request(admin).put('/state').send({ nonsense: true }).expect(400);
  });

  it('hands out the certificate the TLS listeners present', async () => {
    const r = await request(admin).get('/tls/cert').expect(200);
    expect(r.headers['content-type']).toMatch(/pem/);
    expect(r.text).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('answers bad input as JSON errors, never a stack', async () => {
    const r = await request(admin).post('/clock/advance').set('content-type', 'application/json').send('{"by":').expect(400);
    expect(r.body.error).toMatch(/malformed JSON/);
    await request(admin).get('/nothing-here').expect(404);
  });
});

describe('admin API: operations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
  });
  afterAll(() => h.stop());

  it("lists a vendor's operations with their doors, and 404s an unknown vendor", async () => {
    const res = await request(h.urls.admin!).get('/vendors/toy/operations').expect(200);
    expect(res.body.operations).toContainEqual({ name: 'login', auth: 'none', doors: { http: ['POST /login'] } });
    await request(h.urls.admin!).get('/vendors/nope/operations').expect(404);
  });
});
