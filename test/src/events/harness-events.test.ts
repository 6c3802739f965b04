import request from 'supertest';
import { startHarness, type Harness } from '../../../src/harness';
import type { EventOf, HarnessEvent } from '../../../src/events/types';
import { toyScenario, toyVendor } from '../toy-vendor';

async function login(h: Harness, tenant: string): Promise<string> {
  const r = await request(h.url('toy')).post('/login').set('x-mock-tenant', tenant).send({ username: 'alice', password: 'a-pass' }).expect(201);
  return r.body.token as string;
}

async function startJob(h: Harness, tenant: string): Promise<string> {
  const token = await login(h, tenant);
  const job = await request(h.url('toy')).post('/jobs').set('x-mock-tenant', tenant).set('x-token', token).expect(201);
  return job.body.id as string;
}

describe('harness events (the library side of the event stream)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', admin: false });
  });
  afterEach(() => h.stop());

  it('publishes every job transition in order, each at its virtual time, as the manual clock advances', async () => {
    const jobs: Array<EventOf<'job'>> = [];
    h.on('job', (e) => jobs.push(e));
    const id = await startJob(h, 'alpha');
    h.clock.advance('10s');
    const progress = jobs.map((e) => e.data.progress);
    expect(jobs.every((e) => e.data.id === id && e.vendor === 'toy' && e.tenant === 'alpha')).toBe(true);
    expect(jobs[0].data.cause).toBe('start');
    expect(jobs.at(-1)!.data.state).toBe('succeeded');
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(jobs.map((e) => e.id)).toEqual([...jobs.map((e) => e.id)].sort((a, b) => a - b));
    expect(Date.parse(jobs.at(-1)!.virtualTime) - Date.parse(jobs[0].virtualTime)).toBe(10_000);
    // What comes next travels with the job: its timeline, the step it is at, when it started.
    expect(jobs[0].data.timeline.length).toBeGreaterThan(1);
    expect('data' in jobs[0].data).toBe(false);
  });

  it('journal entries arrive masked exactly as the journal keeps them, answer included', async () => {
    const requests: Array<EventOf<'request'>> = [];
    h.on('request', (e) => requests.push(e));
    await login(h, 'alpha');
    const [entry] = h.find({ operation: 'login' });
    expect(requests).toHaveLength(1);
    expect(requests[0].data).toBe(entry);
    expect(entry.body).not.toContain('a-pass');
    expect(entry.response?.body).toContain('"token"');
    expect(entry.response?.body).not.toContain('t-alpha-1');
  });

  it('tells clock moves, per tenant where a tenant runs its own clock, scenario reloads, resets and rule hits', async () => {
    const seen: HarnessEvent[] = [];
    h.on('*', (e) => seen.push(e));
    h.clock.advance('90s');
    h.engine.clocks.fork('beta').advance('1h');
    h.loadScenario(toyScenario, { rules: [{ match: { vendor: 'toy', operation: 'login' }, respond: { status: 503 }, times: 1 }] });
    await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).expect(503);
    h.reset('alpha');
    const brief = seen.map((e) => `${e.type}:${'action' in e.data ? e.data.action : ''}:${e.tenant ?? '-'}`);
    expect(brief).toEqual(
      expect.arrayContaining(['clock:advance:-', 'clock:fork:beta', 'clock:advance:beta', 'scenario::-', 'rule:hit:alpha', 'request::alpha', 'reset::alpha']),
    );
    const advance = seen.find((e): e is EventOf<'clock'> => e.type === 'clock' && e.data.action === 'advance' && e.tenant === undefined)!;
    expect(advance.data).toMatchObject({ byMs: 90_000, own: false, mode: 'manual' });
    const own = seen.find((e): e is EventOf<'clock'> => e.type === 'clock' && e.data.action === 'advance' && e.tenant === 'beta')!;
    expect(own.data).toMatchObject({ byMs: 3_600_000, own: true });
    const hit = seen.find((e): e is EventOf<'rule'> => e.type === 'rule')!;
    expect(hit.data).toMatchObject({ action: 'hit', operation: 'login', fired: 1, times: 1 });
    // The rule hit comes before the request it acted on is journalled.
    expect(seen.indexOf(hit)).toBeLessThan(seen.findIndex((e) => e.type === 'request'));
  });

  it('iterates events through a bounded buffer, filtered by vendor, tenant and type, and ends on stop', async () => {
    const it = h.events({ tenant: 'w2', types: ['job', 'request'] });
    await startJob(h, 'alpha');
    const id = await startJob(h, 'w2');
    const first = await it.next();
    expect(first.value).toMatchObject({ type: 'request', tenant: 'w2', data: { operation: 'login' } });
    const second = await it.next();
    expect(second.value).toMatchObject({ type: 'job', tenant: 'w2', data: { id, cause: 'start' } });
    const pending = it.next();
    await h.stop();
    // The request event of job.create was waiting; after it the iterator ends.
    expect((await pending).value).toMatchObject({ type: 'request', data: { operation: 'job.create' } });
    expect((await it.next()).done).toBe(true);
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', admin: false });
  });

  it('drops what a consumer that never reads cannot hold, and says so when it reads again', async () => {
    const it = h.events({ types: ['clock'], buffer: 5 });
    for (let i = 0; i < 50; i++) h.clock.advance('1s');
    expect(h.engine.events.subscribers()[0]).toMatchObject({ queued: 5, dropped: 45 });
    expect((await it.next()).value).toEqual({ type: 'dropped', data: { count: 45, reason: 'slow' } });
    expect((await it.next()).value).toMatchObject({ type: 'clock', data: { action: 'advance' } });
    await it.return!();
    expect(h.engine.events.subscribers()).toHaveLength(0);
  });
});
