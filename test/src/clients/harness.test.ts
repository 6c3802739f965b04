import request from 'supertest';
import { AdminApiError, connectHarness, type RemoteHarness } from '../../../src/client';
import { startHarness, VerificationError, type Harness } from '../../../src/harness';
import { toyScenario, toyVendor } from '../toy-vendor';

/** Drive the toy vendor as a worker would: its own tenant header on every vendor request. */
async function startJob(c: RemoteHarness): Promise<string> {
  const login = await c.fetch('toy', '/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'a-pass' }) });
  expect(login.status).toBe(201);
  const { token } = (await login.json()) as { token: string };
  const job = await c.fetch('toy', '/jobs', { method: 'POST', headers: { 'x-token': token } });
  expect(job.status).toBe(201);
  return ((await job.json()) as { id: string }).id;
}

describe('the remote harness client (connectHarness)', () => {
  let h: Harness;
  let w1: RemoteHarness;
  let w2: RemoteHarness;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    w1 = await connectHarness(h.urls.admin, { tenant: 'w1' });
    w2 = w1.forTenant('w2');
  });

  it("knows the harness's URLs and sends its tenant to the vendors", async () => {
    expect(w1.urls.vendors.toy).toEqual(h.urls.vendors.toy);
    expect(w1.url('toy')).toBe(h.url('toy'));
    expect(w1.headers).toEqual({ 'x-mock-tenant': 'w1' });
    await startJob(w1);
    expect(h.find({ operation: 'login' }).map((e) => e.tenant)).toEqual(['w1']);
    expect(() => w1.url('vcenter')).toThrow(/vcenter is not being served/);
  });

  it("moves only its tenant's clock, and that tenant's jobs follow it", async () => {
    const a = await startJob(w1);
    const b = await startJob(w2);
    expect(await w1.clock.advance('10s')).toBeGreaterThan(0);
    expect((await w1.jobs.get('toy', a))?.state).toBe('succeeded');
    expect((await w2.jobs.get('toy', b))?.state).toBe('running');
    const mine = await w1.clock.info();
    expect(mine).toMatchObject({ tenant: 'w1', own: true, mode: 'manual' });
    expect((await w1.clock.now()) - (await w2.clock.now())).toBe(10_000);
    expect((await w1.clock.date()).getTime()).toBe(mine.epochMs);
    await w2.clock.set('2026-02-01T00:00:00Z');
    expect((await w2.jobs.get('toy', b))?.state).toBe('succeeded');
    await w2.clock.setMode('x60');
    expect(await w2.clock.info()).toMatchObject({ mode: 'scaled', scale: 60 });
    expect(h.clock.mode).toBe('manual');
    await expect(w1.clock.advance('soon')).rejects.toThrow(/invalid duration/);
  });

  it('lists, forces, cancels, suspends and resumes its jobs', async () => {
    const a = await startJob(w1);
    await startJob(w2);
    expect((await w1.jobs.list()).map((j) => j.tenant)).toEqual(['w1']);
    expect(await w1.jobs.list({ tenant: 'w2' })).toHaveLength(1);
    expect(await w1.jobs.get('toy', 'nope')).toBeUndefined();
    expect((await w1.jobs.get('toy', a, 'w2'))?.tenant).toBe('w2');
    expect(await w1.jobs.suspend('toy', a)).toBe(true);
    expect(await w1.jobs.suspend('toy', a)).toBe(false);
    expect(await w1.jobs.resume('toy', a)).toBe(true);
    expect(await w1.jobs.force('toy', a, { progress: 70, phase: 'Archive' })).toMatchObject({ id: a, progress: 70, phase: 'Archive' });
    expect(await w1.jobs.cancel('toy', a)).toBe(true);
    expect(h.engine.jobs.get('w1', 'toy', a)?.state).toBe('cancelled');
    await expect(w1.jobs.force('toy', 'nope', { state: 'failed' })).rejects.toThrow(/no toy job nope in tenant w1/);
  });

  it("finds, counts and verifies its tenant's requests, failing with the in-process harness's words", async () => {
    await startJob(w1);
    await startJob(w2);
    expect((await w1.find({ operation: 'login' })).map((e) => e.tenant)).toEqual(['w1']);
    expect(await w1.count({ operation: 'job.create' })).toBe(1);
    expect(await w1.count({ operation: 'login', tenant: 'w2' })).toBe(1);
    expect(await w1.verify({ operation: 'login' }, 1)).toHaveLength(1);
    await expect(w1.verify({ operation: 'job.get' })).rejects.toBeInstanceOf(VerificationError);
    // The same criteria, tenant and journal: the in-process message and the remote one are the same.
    h.reset('w2');
    const local = (() => {
      try {
        h.verify({ operation: 'login', tenant: 'w1' }, 2);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    const remote = await w1.verify({ operation: 'login', tenant: 'w1' }, 2).catch((e: Error) => e.message);
    expect(remote).toBe(local);
    expect(remote).toMatch(/^expected exactly 2 request\(s\) matching operation=login tenant=w1, found 1\.\nLast requests:\n {2}toy login POST \/login -> 201/);
    await w1.journal.clear();
    expect(await w1.journal.count()).toBe(0);
  });

  it("adds rules that match its tenant's requests only", async () => {
    const id = await w1.rules.add({ match: { operation: 'login' }, respond: { status: 503 }, times: 1 });
    expect((await w1.rules.list()).find((r) => r.id === id)).toMatchObject({ match: { operation: 'login', tenant: 'w1' }, fired: 0 });
    const body = JSON.stringify({ username: 'alice', password: 'a-pass' });
    const headers = { 'content-type': 'application/json' };
    expect((await w2.fetch('toy', '/login', { method: 'POST', headers, body })).status).toBe(201);
    expect((await w1.fetch('toy', '/login', { method: 'POST', headers, body })).status).toBe(503);
    expect(await w1.rules.remove(id)).toBe(true);
    expect(await w1.rules.remove(id)).toBe(false);
    await expect(w1.rules.add({ respond: { status: 'bad' as unknown as number } })).rejects.toMatchObject({ status: 400 });
  });

  it('resets its tenant (state, journal entries, own clock), or keeps what it is told', async () => {
    const a = await startJob(w1);
    await startJob(w2);
    await w1.clock.advance('1h');
    await w1.reset({ keep: ['journal'] });
    expect(await w1.count()).toBe(2);
    expect(h.engine.clocks.owns('w1')).toBe(false);
    expect(await w1.jobs.get('toy', a)).toBeUndefined();
    await w1.reset();
    expect(await w1.count()).toBe(0);
    expect(await w2.count()).toBe(2);
    const all = await connectHarness(h.urls.admin);
    await all.reset();
    expect(h.find()).toEqual([]);
  });

  it('loads a scenario (YAML text or an object) for the whole harness', async () => {
    expect(await w1.loadScenario(`${toyScenario}\nname: from-yaml\n`)).toMatchObject({ loaded: true, name: 'from-yaml', tenants: ['alpha', 'beta'] });
    expect(h.engine.scenario.name).toBe('from-yaml');
    expect(await w1.loadScenario({ name: 'from-object', tenants: [{ id: 'gamma', credentials: { toy: [{ username: 'alice', password: 'a-pass' }] } }] })).toMatchObject({ name: 'from-object', tenants: ['gamma'] });
    const bad = await w1.loadScenario('tenants: 7').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AdminApiError);
    expect((bad as AdminApiError).status).toBe(400);
    expect(h.engine.scenario.name).toBe('from-object');
    h.loadScenario(toyScenario);
  });

  it('refuses to connect without an address, and says where it could not reach', async () => {
    await expect(connectHarness(undefined)).rejects.toThrow(/BACKUP_MOCKS_ADMIN_URL is set by the Jest global setup/);
    await expect(connectHarness(h.urls.admin, { tenant: ' ' })).rejects.toThrow(/tenant/);
    const closed = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
    const url = closed.urls.admin!;
    await closed.stop();
    await expect(connectHarness(url)).rejects.toThrow(new RegExp(`cannot reach the backup-mocks admin API at ${url}`));
  });

  it('an admin URL with a trailing slash works the same', async () => {
    const c = await connectHarness(`${h.urls.admin}/`, { tenant: 'w3' });
    await c.clock.advance('1m');
    expect((await request(h.urls.admin!).get('/clock?tenant=w3')).body.own).toBe(true);
  });
});
