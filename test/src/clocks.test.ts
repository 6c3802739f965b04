import request from 'supertest';
import { startHarness, type Harness } from '../../src/harness';
import { toyScenario, toyVendor } from './toy-vendor';

async function startJob(h: Harness, tenant: string): Promise<string> {
  const login = await request(h.url('toy')).post('/login').set('x-mock-tenant', tenant).send({ username: 'alice', password: 'a-pass' }).expect(201);
  const job = await request(h.url('toy')).post('/jobs').set('x-mock-tenant', tenant).set('x-token', login.body.token).expect(201);
  return job.body.id as string;
}

const stateOf = (h: Harness, tenant: string, id: string) => h.engine.jobs.get(tenant, 'toy', id)!.state;

describe('a clock per tenant', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', admin: false });
  });
  afterEach(() => h.stop());

  it("moves a tenant's running jobs to its own clock when it forks one, and the shared clock no longer drives them", async () => {
    const a = await startJob(h, 'w1');
    const b = await startJob(h, 'w2');
    const own = h.engine.clocks.fork('w1');
    h.clock.advance('10s');
    expect(stateOf(h, 'w1', a)).toBe('running');
    expect(stateOf(h, 'w2', b)).toBe('succeeded');
    own.advance('10s');
    expect(stateOf(h, 'w1', a)).toBe('succeeded');
  });

  it('gives every tenant its own clock under clock.perTenant, so one worker advancing time leaves the others alone', async () => {
    h.loadScenario(toyScenario, { clock: { mode: 'manual', perTenant: true } });
    const a = await startJob(h, 'w1');
    const b = await startJob(h, 'w2');
    h.engine.clockFor('w2').advance('2h');
    expect(stateOf(h, 'w1', a)).toBe('running');
    expect(stateOf(h, 'w2', b)).toBe('succeeded');
    expect(h.engine.clockFor('w2').now() - h.engine.clockFor('w1').now()).toBe(2 * 3600_000);
    const entry = h.find({ tenant: 'w2', operation: 'job.create' })[0];
    expect(Date.parse(entry.virtualTime)).toBe(h.engine.clockFor('w1').now());
  });

  it("resetting a tenant drops its own clock with its state", async () => {
    h.engine.clocks.fork('w1').advance('1h');
    h.reset('w1');
    expect(h.engine.clocks.owns('w1')).toBe(false);
    expect(h.engine.clockFor('w1')).toBe(h.clock);
  });
});

describe("a tenant's clock through the library and the admin API", () => {
  let h: Harness;
  let admin: string;
  beforeEach(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
    admin = h.urls.admin!;
  });
  afterEach(() => h.stop());

  it('clockOf(tenant) reads the shared clock until it moves, then runs on its own', async () => {
    const w1 = h.clockOf('w1');
    const id = await startJob(h, 'w1');
    expect(w1.own).toBe(false);
    expect(w1.now()).toBe(h.clock.now());
    expect(h.engine.clocks.owns('w1')).toBe(false);
    w1.advance('10s');
    expect(w1.own).toBe(true);
    expect(stateOf(h, 'w1', id)).toBe('succeeded');
    expect(w1.now() - h.clock.now()).toBe(10_000);
    expect(w1.mode).toBe('manual');
  });

  it('a refused move gives the tenant no clock of its own', () => {
    expect(() => h.clockOf('w1').advance('soon')).toThrow(/invalid duration/);
    expect(() => h.clockOf('w1').set('yesterday')).toThrow(/invalid time/);
    expect(() => h.clockOf('w1').setMode('sideways' as 'manual')).toThrow(/invalid clock mode/);
    expect(h.engine.clocks.owns('w1')).toBe(false);
  });

  it('takes the tenant from the x-mock-tenant header on every clock route, as from ?tenant=', async () => {
    const id = await startJob(h, 'w1');
    await startJob(h, 'w2');
    const before = (await request(admin).get('/clock').expect(200)).body.epochMs;
    const moved = await request(admin).post('/clock/advance').set('x-mock-tenant', 'w1').send({ by: '10s' }).expect(200);
    expect(moved.body).toMatchObject({ tenant: 'w1', own: true, advancedMs: 10_000, firedTimers: expect.any(Number) });
    expect(stateOf(h, 'w1', id)).toBe('succeeded');
    expect(h.engine.jobs.list({ tenant: 'w2' })[0].state).toBe('running');
    const mine = (await request(admin).get('/clock').set('x-mock-tenant', 'w1').expect(200)).body;
    expect(mine).toMatchObject({ tenant: 'w1', own: true, epochMs: before + 10_000, mode: 'manual' });
    expect((await request(admin).get('/clock?tenant=w2').expect(200)).body).toMatchObject({ tenant: 'w2', own: false, epochMs: before });
    expect((await request(admin).get('/clock').expect(200)).body.epochMs).toBe(before);
    await request(admin).post('/clock/set').set('x-mock-tenant', 'w2').send({ to: '2026-06-01T00:00:00Z' }).expect(200);
    await request(admin).post('/clock/mode').set('x-mock-tenant', 'w2').send({ mode: 'x60' }).expect(200);
    expect((await request(admin).get('/clock?tenant=w2').expect(200)).body).toMatchObject({ own: true, mode: 'scaled', scale: 60 });
    expect((await request(admin).get('/clock').expect(200)).body).toMatchObject({ mode: 'manual', epochMs: before });
  });

  it("shows the tenant's own pending timers: its jobs wait on its clock", async () => {
    await request(admin).post('/clock/mode?tenant=w1').send({ mode: 'manual' }).expect(200);
    await startJob(h, 'w1');
    const mine = (await request(admin).get('/clock').set('x-mock-tenant', 'w1').expect(200)).body;
    expect(mine.pendingTimers).toBeGreaterThan(0);
    expect((await request(admin).get('/clock').expect(200)).body.pendingTimers).toBe(0);
  });

  it('refuses a query tenant and a header that disagree, and changes nothing', async () => {
    const r = await request(admin).post('/clock/advance?tenant=w1').set('x-mock-tenant', 'w2').send({ by: '1h' }).expect(400);
    expect(r.body.error).toMatch(/name different tenants/);
    expect(h.engine.clocks.tenants()).toEqual([]);
    await request(admin).post('/clock/advance?tenant=w1').set('x-mock-tenant', 'w1').send({ by: '1h' }).expect(200);
  });

  it('a clock a worker set up by name outlives its first request failing', async () => {
    await request(admin).post('/clock/advance').set('x-mock-tenant', 'w9').send({ by: '1h' }).expect(200);
    await request(h.url('toy')).post('/login').set('x-mock-tenant', 'w9').send({ username: 'alice', password: 'wrong' }).expect(401);
    expect(h.engine.clocks.owns('w9')).toBe(true);
    expect(h.clockOf('w9').now() - h.clock.now()).toBe(3600_000);
  });

  it('jobs of the header tenant, and one job by the header tenant', async () => {
    const id = await startJob(h, 'w1');
    await startJob(h, 'w2');
    const mine = (await request(admin).get('/jobs').set('x-mock-tenant', 'w1').expect(200)).body.jobs;
    expect(mine.map((j: { tenant: string }) => j.tenant)).toEqual(['w1']);
    await request(admin).get(`/jobs/toy/${id}`).set('x-mock-tenant', 'w1').expect(200);
    await request(admin).post(`/jobs/toy/${id}/suspend`).set('x-mock-tenant', 'w1').expect(200);
    expect(stateOf(h, 'w1', id)).toBe('suspended');
  });
});
