import request from 'supertest';
import { startHarness, type Harness } from '../../src/harness';
import { toyScenario, toyVendor } from './toy-vendor';

async function login(h: Harness, tenant: string): Promise<void> {
  await request(h.url('toy')).post('/login').set('x-mock-tenant', tenant).send({ username: 'alice', password: 'a-pass' }).expect(201);
}

describe('reset starts again: state, journal and clock', () => {
  let h: Harness;
  let admin: string;
  beforeEach(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' } });
    admin = h.urls.admin!;
  });
  afterEach(() => h.stop());

  it('clears the journal and puts the shared clock back where the scenario started it', async () => {
    await login(h, 'w1');
    h.clock.advance('1d');
    h.clockOf('w2').advance('2h');
    h.reset();
    expect(h.find()).toEqual([]);
    expect(h.clock.date().toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(h.engine.clocks.tenants()).toEqual([]);
    // Journal ids go on, so `since` criteria taken before the reset still mean "after then".
    await login(h, 'w1');
    expect(h.find()[0].id).toBe(2);
  });

  it('keeps what it is told to keep', async () => {
    await login(h, 'w1');
    h.clock.advance('1d');
    h.clockOf('w2').advance('2h');
    h.reset({ keep: ['journal', 'clock'] });
    expect(h.count({ operation: 'login' })).toBe(1);
    expect(h.clock.date().toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(h.engine.clocks.owns('w2')).toBe(true);
    h.reset({ keep: ['clock'] });
    expect(h.count()).toBe(0);
    expect(h.clock.date().toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it("resets one tenant: its state, its journal entries and its own clock, nobody else's", async () => {
    await login(h, 'w1');
    await login(h, 'w2');
    h.clockOf('w1').advance('1h');
    h.clockOf('w2').advance('2h');
    h.clock.advance('5m');
    h.reset('w1');
    expect(h.find().map((e) => e.tenant)).toEqual(['w2']);
    expect(h.engine.clocks.owns('w1')).toBe(false);
    expect(h.clockOf('w1').now()).toBe(h.clock.now());
    expect(h.clockOf('w2').now() - h.clock.now()).toBe(2 * 3600_000 - 5 * 60_000);
    expect(h.clock.date().toISOString()).toBe('2026-03-01T00:05:00.000Z');
    h.reset({ tenant: 'w2', keep: ['journal'] });
    expect(h.count({ tenant: 'w2' })).toBe(1);
    expect(h.engine.clocks.owns('w2')).toBe(false);
  });

  it('POST /reset takes ?keep= and the tenant from ?tenant= or x-mock-tenant', async () => {
    await login(h, 'w1');
    await login(h, 'w2');
    h.clockOf('w1').advance('1h');
    await request(admin).post('/reset?keep=journal').set('x-mock-tenant', 'w1').expect(200, { reset: 'w1', kept: ['journal'] });
    expect(h.count({ tenant: 'w1' })).toBe(1);
    expect(h.engine.clocks.owns('w1')).toBe(false);
    await request(admin).post('/reset?tenant=w2').expect(200, { reset: 'w2' });
    expect(h.find().map((e) => e.tenant)).toEqual(['w1']);
    h.clock.advance('3h');
    await request(admin).post('/reset?keep=clock').expect(200, { reset: 'all', kept: ['clock'] });
    expect(h.count()).toBe(0);
    expect(h.clock.date().toISOString()).toBe('2026-03-01T03:00:00.000Z');
    await request(admin).post('/reset').expect(200, { reset: 'all' });
    expect(h.clock.date().toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('refuses an unknown part to keep, and resets nothing', async () => {
    await login(h, 'w1');
    const r = await request(admin).post('/reset?keep=journal,rules').expect(400);
    expect(r.body.error).toMatch(/keep: a comma-separated list of journal, clock/);
    expect(h.count()).toBe(1);
  });

  it('DELETE /journal clears one tenant with ?tenant= or the header', async () => {
    await login(h, 'w1');
    await login(h, 'w2');
    await request(admin).delete('/journal').set('x-mock-tenant', 'w1').expect(200, { cleared: true, tenant: 'w1' });
    expect(h.find().map((e) => e.tenant)).toEqual(['w2']);
  });

  it('a real clock starts again at the wall time', async () => {
    const real = await startHarness({ modules: [toyVendor], scenario: toyScenario, admin: false });
    try {
      expect(real.clock.mode).toBe('real');
      real.clock.advance('30d');
      real.reset();
      expect(Math.abs(real.clock.now() - Date.now())).toBeLessThan(60_000);
    } finally {
      await real.stop();
    }
  });
});
