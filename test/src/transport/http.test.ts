import request from 'supertest';
import { startHarness, type Harness } from '../../../src/harness';
import { ScenarioError } from '../../../src/scenario/load';
import { toyScenario, toyVendor } from '../toy-vendor';

async function login(h: Harness, tenant?: string): Promise<string> {
  const req = request(h.url('toy')).post('/login');
  if (tenant) req.set('x-mock-tenant', tenant);
  const res = await req.send({ username: 'alice', password: 'a-pass' }).expect(201);
  return res.body.token as string;
}

describe('the HTTP door of an operation table', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', admin: false });
  });
  afterAll(() => h.stop());
  beforeEach(() => {
    h.loadScenario(toyScenario);
    h.journal.clear();
  });

  it('routes two operations on one method and path by the query values one of them asks for', async () => {
    const a = await login(h);
    await request(h.url('toy')).post('/jobs').set('x-token', a).expect(201);
    await request(h.url('toy')).get('/jobs?view=count').expect(200, { count: 1 });
    await request(h.url('toy')).get('/jobs?view=other').expect(200, ['j1']);
    expect(h.find({ operation: 'job.count' })).toHaveLength(1);
    expect(h.find({ operation: 'job.list' })).toHaveLength(1);
  });

  it("answers an unrouted path under a door's fallback in that door's error shape, and others in the first door's", async () => {
    await request(h.url('toy')).get('/v2/nothing/here').expect(404, { v2error: 'NOT_FOUND' });
    await request(h.url('toy')).get('/nothing').expect(404).expect((r) => expect(r.body.error_type).toBe('NOT_FOUND'));
    await request(h.url('toy')).get('/v2/jobs/j9').expect(404, { v2error: 'NOT_FOUND' });
    expect(h.find({ matched: false }).map((e) => e.operation)).toEqual(['unmatched', 'unmatched']);
    expect(h.find({ operation: 'job.get' })).toHaveLength(1);
  });

  it('a mux door names the operation in the body; an unknown or malformed one gets the door\'s own error', async () => {
    const a = await login(h);
    await request(h.url('toy')).post('/jobs').set('x-token', a).expect(201);
    await request(h.url('toy')).post('/rpc').send({ id: 4, method: 'job.get', params: { id: 'j1' } }).expect(200).expect((r) => expect(r.body).toMatchObject({ id: 4, result: { id: 'j1' } }));
    await request(h.url('toy')).post('/rpc').send({ id: 5, method: 'job.nope' }).expect(200, { id: 5, error: 'NO_METHOD' });
    await request(h.url('toy')).post('/rpc').set('content-type', 'application/json').send('{"id":').expect(200, { id: null, error: 'BAD_REQUEST' });
    expect(h.find({ path: '/rpc' }).map((e) => e.operation)).toEqual(['job.get', 'job.nope', 'unknown']);
  });

  it('answers a bare 500 when a door builds a header Node cannot send, and keeps serving', async () => {
    await request(h.url('toy')).get('/boom/header').expect(500);
    await request(h.url('toy')).get('/jobs').expect(200);
    expect(h.find({ operation: 'boom.header' })[0].status).toBe(500);
  });

  it('journals a connection fault with status 0 and the fault it carried out', async () => {
    h.loadScenario(toyScenario, { rules: [{ name: 'cut', match: { operation: 'job.list' }, fault: 'connection_reset', times: 1 }] });
    await expect(fetch(`${h.url('toy')}/jobs`)).rejects.toThrow();
    await request(h.url('toy')).get('/jobs').expect(200);
    expect(h.find({ operation: 'job.list' }).map((e) => [e.status, e.fault, e.rule])).toEqual([
      [0, 'connection_reset', 'cut'],
      [200, undefined, undefined],
    ]);
  });

  it('keeps a tenant made on the fly only once one of its operations succeeds', async () => {
    await request(h.url('toy')).post('/jobs').set('x-mock-tenant', 'stranger').set('x-token', 'forged').expect(401);
    expect(h.engine.tenancy.ids()).not.toContain('stranger');
    await login(h, 'worker-7');
    expect(h.engine.tenancy.ids()).toContain('worker-7');
  });

  it('evicts the least recently used tenant made on the fly beyond the cap, never a scenario tenant', async () => {
    h.engine.tenancy.maxTenants = 2;
    try {
      await login(h, 'w1');
      await login(h, 'w2');
      await request(h.url('toy')).get('/jobs').set('x-mock-tenant', 'w1').expect(200);
      await login(h, 'w3');
      expect(h.engine.tenancy.ids()).toEqual(expect.arrayContaining(['alpha', 'beta', 'w1', 'w3']));
      expect(h.engine.tenancy.ids()).not.toContain('w2');
    } finally {
      h.engine.tenancy.maxTenants = 1000;
    }
  });

  it('never evicts a tenant in use for a request that is refused under a new name, however many there are', async () => {
    h.engine.tenancy.maxTenants = 2;
    try {
      await login(h, 'w1');
      await login(h, 'w2');
      for (let i = 0; i < 5; i++) await request(h.url('toy')).post('/jobs').set('x-mock-tenant', `stranger-${i}`).set('x-token', 'forged').expect(401);
      expect(h.engine.tenancy.ids()).toEqual(expect.arrayContaining(['w1', 'w2']));
      expect(h.engine.tenancy.ids().filter((id) => id.startsWith('stranger'))).toEqual([]);
      // The cap still holds for tenants that are kept.
      await login(h, 'w3');
      expect(h.engine.tenancy.ids()).not.toContain('w1');
      expect(h.engine.tenancy.ids()).toEqual(expect.arrayContaining(['w2', 'w3']));
    } finally {
      h.engine.tenancy.maxTenants = 1000;
    }
  });

  it('refuses a scenario whose rule names an operation or error the vendor does not have, with a suggestion and its line', () => {
    const bad = `${toyScenario}rules:\n  - match: { vendor: toy, operation: job.creat }\n    respond: { error: SERVICE_UNAVAILABE }\n`;
    let error: unknown;
    try {
      h.loadScenario({ file: 'bad.yaml', text: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const text = (error as Error).message;
    expect(text).toMatch(/bad\.yaml:13:\d+: rules\.0\.match\.operation: unknown operation job\.creat of toy \(did you mean job\.create/);
    expect(text).toMatch(/rules\.0\.respond\.error: unknown error SERVICE_UNAVAILABE of toy \(did you mean SERVICE_UNAVAILABLE/);
    expect(() => h.loadScenario(toyScenario, { rules: [{ match: { operation: 're:^nothing\\.' }, respond: { status: 500 } }] })).toThrow(/operation pattern re:\^nothing\\\. matches no operation/);
    expect(() => h.loadScenario(toyScenario, { jobs: [{ match: { vendor: 'toys' }, timeline: { duration: '1s' } }] })).toThrow(/unknown vendor toys of this harness \(did you mean toy\?\)/);
  });
});
