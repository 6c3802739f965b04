import request from 'supertest';
import { startHarness, type Harness } from '../../../src/harness';
import { toyScenario, toyVendor } from '../toy-vendor';

/** The admin API refuses nonsense with 400 and a reason, instead of half-applying it. */
describe('admin API input checks', () => {
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

  async function login(): Promise<void> {
    await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).expect(201);
  }

  it('an absurd clock advance is refused and every later request still answers', async () => {
    const before = (await request(admin).get('/clock')).body.epochMs;
    const r = await request(admin).post('/clock/advance').send({ by: '100000000d' }).expect(400);
    expect(r.body.error).toMatch(/invalid duration/);
    await request(admin).post('/clock/advance').send({ by: '36500d' }).expect(200);
    await request(admin).post('/clock/set').send({ to: '9999-06-01T00:00:00Z' }).expect(200);
    // Past 9999-12-31: refused, the clock stays valid.
    const past = await request(admin).post('/clock/advance').send({ by: '36500d' }).expect(400);
    expect(past.body.error).toMatch(/9999-12-31/);
    await login();
    expect((await request(admin).get('/journal?operation=login')).body.total).toBe(1);
    expect((await request(admin).get('/clock')).body.epochMs).toBeGreaterThan(before);
  });

  it('refuses clock times, modes and scales out of range', async () => {
    await request(admin).post('/clock/set').send({ to: 1e20 }).expect(400);
    await request(admin).post('/clock/set').send({ to: '+275760-09-13T00:00:00Z' }).expect(400);
    await request(admin).post('/clock/set').send({ to: { at: 1 } }).expect(400);
    for (const body of [{ mode: 'x0' }, { mode: 'scaled', scale: 0 }, { mode: 'scaled', scale: -5 }, { mode: 'scaled', scale: 'fast' }, { mode: 'manual', scale: 3 }, { mode: 'sideways' }]) {
      const r = await request(admin).post('/clock/mode').send(body).expect(400);
      expect(r.body.error).toBeTruthy();
    }
    expect((await request(admin).get('/clock')).body.mode).toBe('manual');
  });

  it('a repeated query filter, a non-number count and a negative limit are 400s', async () => {
    await login();
    const repeated = await request(admin).get('/journal?operation=login&operation=job.create').expect(400);
    expect(repeated.body.error).toMatch(/operation is given more than once/);
    const badCount = await request(admin).post('/journal/verify').send({ criteria: { operation: 'login' }, count: 'one' }).expect(400);
    expect(badCount.body.error).toMatch(/body\.count/);
    await request(admin).post('/journal/verify').send({ criteria: { operation: 'login' }, count: -1 }).expect(400);
    await request(admin).post('/journal/verify').send({ criteria: { operation: 'login' }, count: 1, atLeast: 1 }).expect(400);
    await request(admin).post('/journal/verify').send({ criteria: { operation: 'login' }, atLeast: 3, atMost: 1 }).expect(400);
    const negative = await request(admin).get('/journal?limit=-1').expect(400);
    expect(negative.body.error).toMatch(/limit/);
    expect((await request(admin).get('/journal?limit=0').expect(200)).body.requests).toEqual([]);
    expect((await request(admin).get('/journal?limit=1').expect(200)).body.requests).toHaveLength(1);
    await request(admin).get('/journal?status=abc').expect(400);
    await request(admin).get('/journal?matched=yes').expect(400);
    await request(admin).get('/journal?colour=blue').expect(400);
    await request(admin).post('/journal/find').send({ operation: 'login', colour: 'blue' }).expect(400);
    await request(admin).post('/journal/count').send({ status: '200' }).expect(400);
    await request(admin).post('/journal/count').send(['operation']).expect(400);
    await request(admin).get('/jobs?state=exploded').expect(400);
    await request(admin).delete('/rules/abc').expect(400);
    await request(admin).post('/reset?tenant=a&tenant=b').expect(400);
  });

  it('journal queries with a pattern RE2 refuses answer 400 with the reason', async () => {
    await login();
    const r = await request(admin).get('/journal').query({ path: 're:^/(?=login)' }).expect(400);
    expect(r.body.error).toMatch(/invalid re: pattern.*RE2/);
    await request(admin).post('/journal/find').send({ bodyContains: 're:(a' }).expect(400);
    expect((await request(admin).get('/journal').query({ path: 're:^/log(in)?$' }).expect(200)).body.total).toBe(1);
  });

  it('answers bodies it cannot use with 415 or 400, as JSON, and never a stack', async () => {
    const form = await request(admin).post('/clock/advance').type('form').send('by=2h').expect(415);
    expect(form.body.error).toMatch(/application\/json/);
    await request(admin).post('/rules').set('content-type', 'text/plain').send('{"respond":{"status":503}}').expect(415);
    await request(admin).post('/rules').set('content-type', 'application/json').send('{"respond":').expect(400);
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const d = await request(admin).post('/journal/find').set('content-type', 'application/json').send(deep).expect(400);
    expect(d.body.error).toMatch(/nested deeper/);
    const big = await request(admin).post('/scenario').set('content-type', 'application/json').send(`{"name":"${'x'.repeat(11 * 1024 * 1024)}"}`).expect(413);
    expect(big.text).not.toMatch(/\n\s+at /);
    expect(h.engine.rules.list()).toHaveLength(0);
  });
});
