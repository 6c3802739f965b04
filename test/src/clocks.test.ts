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
