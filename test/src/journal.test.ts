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
