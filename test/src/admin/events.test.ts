import { connect } from 'node:net';
import request from 'supertest';
import { startHarness, type Harness } from '../../../src/harness';
import { SseClient } from '../events/sse-client';
import { toyScenario, toyVendor } from '../toy-vendor';

async function startJob(h: Harness, tenant: string): Promise<string> {
  const login = await request(h.url('toy')).post('/login').set('x-mock-tenant', tenant).send({ username: 'alice', password: 'a-pass' }).expect(201);
  const job = await request(h.url('toy')).post('/jobs').set('x-mock-tenant', tenant).set('x-token', login.body.token).expect(201);
  return job.body.id as string;
}

const ids = (c: SseClient) => c.events.map((f) => f.id!);

describe('GET /events (Server-Sent Events)', () => {
  let h: Harness;
  const clients: SseClient[] = [];
  const open = async (path: string, headers: Record<string, string> = {}) => {
    const c = await SseClient.open(`${h.urls.admin}${path}`, headers);
    clients.push(c);
    return c;
  };
  beforeEach(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await h.stop();
  });

  it('streams events in publish order, filtered by tenant and type', async () => {
    const all = await open('/events?tail=0');
    const w2 = await open('/events?tenant=w2&types=job,request&tail=0');
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toMatch(/^text\/event-stream/);
    await startJob(h, 'alpha');
    const id = await startJob(h, 'w2');
    h.clock.advance('10s');
    const last = h.engine.events.lastId;
    await all.seen(last);
    await w2.until((fs) => fs.some((f) => f.event === 'job' && f.data.data.id === id && f.data.data.state === 'succeeded'));
    expect(ids(all)).toEqual([...ids(all)].sort((a, b) => a - b));
    expect(new Set(all.events.map((f) => f.data.tenant))).toEqual(new Set(['alpha', 'w2', undefined]));
    expect(w2.events.length).toBeGreaterThan(3);
    expect(w2.events.every((f) => f.data.tenant === 'w2' && (f.event === 'job' || f.event === 'request'))).toBe(true);
    // What the filtered stream got is exactly the matching part of the whole stream, in the same order.
    expect(ids(w2)).toEqual(all.events.filter((f) => f.data.tenant === 'w2' && (f.event === 'job' || f.event === 'request')).map((f) => f.id));
  });

  it('filters by vendor: events of other vendors stay out, events of no vendor (the clock) come through', async () => {
    const other = await open('/events?vendor=vcenter,dds&tail=0');
    await startJob(h, 'alpha');
    h.clock.advance('1s');
    await other.seen(h.engine.events.lastId);
    expect(other.events.map((f) => f.event)).toEqual(['clock']);
  });

  it('replays what came after Last-Event-ID (or ?since=), and says when the history no longer reaches back that far', async () => {
    await startJob(h, 'alpha');
    const mark = h.engine.events.lastId;
    h.clock.advance('10s');
    const last = h.engine.events.lastId;
    const resumed = await open('/events', { 'last-event-id': String(mark) });
    const since = await open(`/events?since=${mark}`);
    await resumed.seen(last);
    await since.seen(last);
    expect(ids(resumed)[0]).toBe(mark + 1);
    expect(ids(resumed)).toEqual(ids(since));
    expect(ids(resumed).at(-1)).toBe(last);
    const tail = await open('/events?tail=3');
    await tail.seen(last);
    expect(ids(tail)).toEqual([last - 2, last - 1, last]);
    for (let i = 0; i < 1100; i++) h.clock.advance('1s');
    const late = await open('/events?since=1&types=clock');
    await late.seen(h.engine.events.lastId);
    expect(late.frames[0]).toMatchObject({ event: 'dropped', data: { type: 'dropped', data: { reason: 'history' } } });
  });

  it('refuses bad parameters with a 400 and the reason', async () => {
    const admin = request(h.urls.admin!);
    expect((await admin.get('/events?types=job,nope').expect(400)).body.error).toMatch(/types/);
    expect((await admin.get('/events?since=abc').expect(400)).body.error).toMatch(/since/);
    expect((await admin.get('/events?colour=red').expect(400)).body.error).toMatch(/colour/);
    expect((await admin.get('/events').set('last-event-id', 'x1').expect(400)).body.error).toMatch(/Last-Event-ID/);
  });

  it('serves many subscribers the same events in the same order', async () => {
    const many = await Promise.all(Array.from({ length: 40 }, () => open('/events?tail=0&types=job,clock')));
    await startJob(h, 'alpha');
    await startJob(h, 'w2');
    h.clock.advance('10s');
    const last = h.engine.events.lastId;
    await Promise.all(many.map((c) => c.seen(last)));
    const first = ids(many[0]);
    expect(first.length).toBeGreaterThan(10);
    for (const c of many) expect(ids(c)).toEqual(first);
    expect(h.engine.events.subscribers()).toHaveLength(40);
  });

  it('a subscriber that stops reading gets a bounded buffer and loses events (told so); the others and the server keep their pace', async () => {
    const url = new URL(`${h.urls.admin}/events?tail=0&types=request`);
    // A client that sends its request and then never reads.
    const slow = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`);
    slow.pause();
    const fast = await open('/events?tail=0&types=request&brief=true');
    await fast.until(() => h.engine.events.subscribers().length === 2);
    const body = 'x'.repeat(60 * 1024);
    for (let burst = 0; burst < 8; burst++) {
      for (let i = 0; i < 50; i++) {
        h.engine.record({ vendor: 'toy', listener: 'http', tenant: 'alpha', operation: 'bulk', method: 'POST', path: `/bulk/${burst}/${i}`, query: {}, body, status: 200, durationMs: 0, matched: true });
      }
      await fast.seen(h.engine.events.lastId);
      expect((await request(h.urls.admin!).get('/health').expect(200)).body.status).toBe('ok');
    }
    const stats = h.engine.events.subscribers();
    const stuck = stats.find((s) => s.droppedTotal > 0)!;
    expect(stuck).toBeDefined();
    expect(stuck.queuedBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(stuck.queued).toBeLessThanOrEqual(1000);
    expect(stats.filter((s) => s.droppedTotal > 0)).toHaveLength(1);
    // The reader that kept up got all 400 entries, in order, and no notice of loss.
    expect(fast.frames.some((f) => f.event === 'dropped')).toBe(false);
    expect(fast.events.map((f) => f.data.data.path)).toEqual(Array.from({ length: 400 }, (_, n) => `/bulk/${Math.floor(n / 50)}/${n % 50}`));
    // Brief frames leave bodies out.
    expect(fast.events[0].data.data.body).toBeUndefined();
    // When the slow client reads again it is told how many events it lost.
    let text = '';
    slow.setEncoding('utf8');
    await new Promise<void>((resolve) => {
      slow.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('event: dropped')) resolve();
      });
      slow.resume();
    });
    expect(text).toMatch(/event: dropped\ndata: \{"type":"dropped","data":\{"count":\d+,"reason":"slow"\}\}/);
    slow.destroy();
  });
});
