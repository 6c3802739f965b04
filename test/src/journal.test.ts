import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { startHarness } from '../../src/harness';
import { Journal, JournalDisabledError, type JournalInput } from '../../src/journal';
import { toyScenario, toyVendor } from './toy-vendor';

function input(body: string, extra: Partial<JournalInput> = {}): JournalInput {
  return { vendor: 'vcenter', listener: 'http', tenant: 't', operation: 'op', method: 'POST', path: '/p', query: {}, body, status: 200, durationMs: 1, matched: true, ...extra };
}

/** A full garbage collection, so heap figures show what is retained (the flag is set once, at run time). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('journal bounds', () => {
  it('keeps at most maxBodyBytes of a body, cut at a character boundary and marked truncated', () => {
    const j = new Journal(10);
    j.configure({ maxBodyBytes: 10 });
    const whole = j.record(input('0123456789'))!;
    expect(whole).toMatchObject({ body: '0123456789', bodyBytes: 10 });
    expect(whole.bodyTruncated).toBeUndefined();
    const cut = j.record(input('aaaaaaaaa€€€'))!; // 9 + 3 * 3 bytes
    expect(cut).toMatchObject({ body: 'aaaaaaaaa', bodyBytes: 18, bodyTruncated: true });
  });

  it('bounds the total: the oldest entries go first once maxBytes is reached', () => {
    const j = new Journal(1000);
    j.configure({ maxBodyBytes: 1000, maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) j.record(input(`${i}:`.padEnd(900, 'x'), { path: `/${i}` }));
    expect(j.byteSize).toBeLessThanOrEqual(10_000);
    const kept = j.all().map((e) => e.path);
    expect(kept.length).toBeGreaterThan(5);
    expect(kept[kept.length - 1]).toBe('/99');
    expect(kept).toEqual(kept.slice().sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    j.configure({ maxBytes: 3000 });
    expect(j.byteSize).toBeLessThanOrEqual(3000);
    expect(j.all().at(-1)!.path).toBe('/99');
  });

  it('does not keep whole bodies alive: 300 one-megabyte bodies leave the heap about where it was', () => {
    const j = new Journal(10_000);
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 300; i++) j.record(input(`{"n": ${i}, "data": "${String.fromCharCode(97 + (i % 26)).repeat(1024 * 1024)}"}`, { contentType: 'application/json' }));
    collect();
    const grown = process.memoryUsage().heapUsed - before;
    expect(j.size).toBe(300);
    expect(j.all()[0].bodyTruncated).toBe(true);
    // 300 x 64 KiB kept = ~19 MiB; the whole bodies would be 300 MiB.
    expect(grown).toBeLessThan(60 * 1024 * 1024);
  });

  it('does not keep whole bodies alive before an entry is read either: journal ring and event history', async () => {
    const h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', admin: false });
    try {
      collect();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 300; i++) {
        const body = `{"n": ${i}, "data": "${String.fromCharCode(97 + (i % 26)).repeat(1024 * 1024)}"}`;
        const answer = Buffer.from(`<big>${'z'.repeat(1024 * 1024)}</big>`);
        h.engine.record({ ...input(body, { contentType: 'application/json', vendor: 'toy' }), response: { headers: { 'content-type': 'application/xml' }, body: answer } });
      }
      collect();
      const grown = process.memoryUsage().heapUsed - before;
      // 300 x (64 KiB + 64 KiB) kept = ~38 MiB; whole bodies would be 600 MiB.
      expect(grown).toBeLessThan(80 * 1024 * 1024);
      const last = h.journal.all().at(-1)!;
      expect(last).toMatchObject({ bodyTruncated: true, response: { bodyTruncated: true } });
    } finally {
      await h.stop();
    }
  });

  it('takes maxBodyBytes and maxBytes from the scenario journal section', async () => {
    const h = await startHarness({ modules: [toyVendor], scenario: [toyScenario, { journal: { maxBodyBytes: 16, maxBytes: 1_000_000 } }], clock: 'manual', admin: false });
    try {
      await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).expect(201);
      const [entry] = h.find({ operation: 'login' });
      expect(entry.bodyTruncated).toBe(true);
      expect(Buffer.byteLength(entry.body)).toBeLessThanOrEqual(16);
      expect(entry.body).not.toContain('a-pass');
    } finally {
      await h.stop();
    }
  });
});

describe('a disabled journal (size 0)', () => {
  it('refuses queries instead of answering "0 found": library, jest matcher and admin API', async () => {
    const h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', journalSize: 0 });
    try {
      await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).expect(201);
      expect(() => h.verify({ operation: 'login' }, 0)).toThrow(JournalDisabledError);
      expect(() => h.find({})).toThrow(/journal is disabled/);
      expect(() => h.journal.unmatched()).toThrow(JournalDisabledError);
      expect(() => expect(h).toHaveReceived({ operation: 'login' }, 0)).toThrow(/journal is disabled/);
      expect(() => expect(h).not.toHaveReceived({ operation: 'login' })).toThrow(/journal is disabled/);
      const admin = h.urls.admin!;
      const verify = await request(admin).post('/journal/verify').send({ criteria: { operation: 'login' }, count: 0 }).expect(409);
      expect(verify.body.error).toMatch(/journal is disabled/);
      await request(admin).get('/journal').expect(409);
      await request(admin).post('/journal/count').send({}).expect(409);
      await request(admin).get('/journal/unmatched').expect(409);
    } finally {
      await h.stop();
    }
  });
});

describe('masking when an entry is first read', () => {
  const secret = { authorization: 'Basic YWxpY2U6c2VjcmV0', 'x-auth-token': 'tok-123', accept: 'application/json' };
  const body = '{"username": "alice", "password": "a-pass"}';
  const answer = '<Login token="QSDK abc"/>';

  it("masks nothing until an entry is read, then masks it once, as an eager journal would have", () => {
    const seen: string[] = [];
    const masker = { maskBody: (text: string) => (seen.push(text), text.replace(/QSDK \w+/, 'QSDK ***')) };
    const j = new Journal(10);
    const kept = j.keep(input(body, { headers: secret, contentType: 'application/json', response: { headers: { 'content-type': 'application/xml' }, body: answer } }), 5, masker);
    expect(seen).toEqual([]);
    const [entry] = j.all();
    expect(seen).toEqual([body, answer]);
    expect(entry).toBe(kept.read());
    expect(j.all()[0]).toBe(entry);
    expect(seen).toHaveLength(2);
    expect(entry).toMatchObject({ id: 1, virtualTime: new Date(5).toISOString(), bodyBytes: Buffer.byteLength(body), headers: { authorization: 'Basic ***', 'x-auth-token': '***', accept: 'application/json' } });
    expect(entry.body).not.toContain('a-pass');
    expect(entry.response).toEqual({ headers: { 'content-type': 'application/xml' }, body: '<Login token="***"/>', bodyBytes: answer.length });
    const eager = new Journal(10).record(input(body, { headers: secret, contentType: 'application/json', response: { headers: { 'content-type': 'application/xml' }, body: answer } }), 5, masker);
    expect({ ...eager, wallTime: '' }).toEqual({ ...entry, wallTime: '' });
  });

  it('keeps the bounds of when it was handed the entry: a later maxBodyBytes does not change it', () => {
    const j = new Journal(10);
    j.configure({ maxBodyBytes: 4 });
    j.keep(input('0123456789'));
    j.configure({ maxBodyBytes: 1000 });
    expect(j.all()[0]).toMatchObject({ body: '0123', bodyBytes: 10, bodyTruncated: true });
  });

  it("counts an unread entry's size against maxBytes and clears a tenant's unread entries", () => {
    const j = new Journal(100);
    j.configure({ maxBytes: 5000 });
    for (let i = 0; i < 20; i++) j.keep(input('x'.repeat(900), { tenant: i % 2 ? 'odd' : 'even', path: `/${i}` }));
    expect(j.byteSize).toBeLessThanOrEqual(5000);
    const before = j.size;
    j.clear('odd');
    expect(j.all().every((e) => e.tenant === 'even')).toBe(true);
    expect(j.size).toBeLessThan(before);
  });

  it('an event nobody watched is built from the same entry when the history is read', async () => {
    const h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', admin: false });
    try {
      await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).expect(201);
      const [entry] = h.find({ operation: 'login' });
      const event = h.engine.events.recent({ types: ['request'] }).at(-1)!;
      expect(event.data).toBe(entry);
      expect(event).toMatchObject({ type: 'request', vendor: 'toy', tenant: entry.tenant, wallTime: entry.wallTime, virtualTime: entry.virtualTime });
      expect(JSON.stringify(event)).not.toContain('a-pass');
    } finally {
      await h.stop();
    }
  });
});
