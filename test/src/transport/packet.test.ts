import { connect, type Socket } from 'node:net';
import request from 'supertest';
import { startHarness, type Harness } from '../../../src/harness';
import { toyPacketScenario, toyPacketVendor } from '../toy-packet-vendor';

/** A raw connection of the toy protocol: JSON lines out, lines (JSON or not) in. */
class Line {
  readonly lines: string[] = [];
  ended = false;
  private buf = '';
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buf += d;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        this.lines.push(this.buf.slice(0, i));
        this.buf = this.buf.slice(i + 1);
      }
      this.wake();
    });
    socket.on('end', () => ((this.ended = true), this.wake()));
    socket.on('close', () => ((this.ended = true), this.wake()));
    socket.on('error', () => undefined);
  }

  static open(h: Harness): Promise<Line> {
    const u = new URL(h.url('toypacket', 'tcp'));
    return new Promise((resolve) => {
      const s: Socket = connect({ host: u.hostname, port: Number(u.port) }, () => resolve(new Line(s)));
    });
  }

  send(packet: unknown): void {
    this.socket.write(typeof packet === 'string' ? packet : `${JSON.stringify(packet)}\n`);
  }

  /** Resolves once `n` lines have come (or the connection ended). */
  async next(n: number): Promise<unknown[]> {
    while (this.lines.length < n && !this.ended) await new Promise<void>((r) => this.waiters.push(r));
    return this.lines.map((l) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        return l;
      }
    });
  }

  async closed(): Promise<void> {
    while (!this.ended) await new Promise<void>((r) => this.waiters.push(r));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

const LOGIN = { call: 'login', args: { user: 'alice', password: 'a-pass' } };
const turn = () => new Promise((r) => setImmediate(r));

describe('the packet transport (TCP), with a toy packet vendor', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyPacketVendor], scenario: toyPacketScenario, clock: 'manual', ports: 'ephemeral' });
  });
  afterAll(() => h.stop());
  beforeEach(() => {
    h.loadScenario(toyPacketScenario);
    h.journal.clear();
  });

  it('answers the calls of one packet with one reply, in order, each call its own answer', async () => {
    const c = await Line.open(h);
    c.send({ id: 1, calls: [LOGIN, { call: 'echo', args: { a: 1 } }, { call: 'nosuch' }] });
    expect(await c.next(1)).toEqual([{ id: 1, answers: [{ ok: { user: 'alice' } }, { ok: { a: 1 } }, { error: 'NO_CALL' }] }]);
    expect(h.find({ vendor: 'toypacket' }).map((e) => [e.operation, e.method, e.path, e.status, e.matched])).toEqual([['login', 'PACKET', '/login', 400, false]]);
    c.socket.destroy();
  });

  it("journals each packet's status by its reply's outcome: 200, 400, 401, 413, 500", async () => {
    const c = await Line.open(h);
    c.send({ id: 1, calls: [{ call: 'echo' }] }); // not logged in
    c.send('this is not json\n');
    c.send({ id: 3, calls: [{ call: 'boom' }] });
    c.send(`${'x'.repeat(5000)}\n`);
    c.send({ id: 5, calls: [LOGIN] });
    // Packets are answered concurrently: a refusal needs no operation and may overtake a call.
    const replies = await c.next(5);
    expect(replies).toHaveLength(5);
    expect(replies).toEqual(
      expect.arrayContaining([
        { id: 1, answers: [{ error: 'UNAUTHENTICATED' }] },
        { id: null, refused: 'BAD_PACKET' },
        { id: 3, answers: [{ error: 'INTERNAL' }] }, // the bug is logged, never sent
        { id: null, refused: 'PAYLOAD_TOO_LARGE' },
        { id: 5, answers: [{ ok: { user: 'alice' } }] },
      ]),
    );
    const statuses = h.find({ vendor: 'toypacket' }).map((e) => `${e.operation} ${e.status}`);
    expect(statuses.sort()).toEqual(['boom 500', 'echo 401', 'login 200', 'malformed 400', 'oversized 413']);
    expect(h.find({ matched: false }).map((e) => e.operation).sort()).toEqual(['malformed', 'oversized']);
    c.socket.destroy();
  });

  it('sends progress packets only when the packet asks for them, then the reply', async () => {
    const c = await Line.open(h);
    c.send({ id: 1, calls: [LOGIN] });
    await c.next(1);
    c.send({ id: 2, progress: true, calls: [{ call: 'wait' }] });
    await c.next(2);
    h.clock.advance('10s');
    const withProgress = await c.next(6);
    expect(withProgress.slice(1)).toEqual([
      { id: 2, progress: 0 },
      { id: 2, progress: 25 },
      { id: 2, progress: 50 },
      { id: 2, progress: 75 },
      { id: 2, answers: [{ ok: { waited: expect.any(String) } }] },
    ]);
    c.send({ id: 3, calls: [{ call: 'wait' }] });
    for (let i = 0; i < 20 && h.jobs.list({ vendor: 'toypacket', state: 'running' }).length === 0; i++) await turn();
    h.clock.advance('10s');
    expect((await c.next(7))[6]).toEqual({ id: 3, answers: [{ ok: { waited: expect.any(String) } }] });
    c.socket.destroy();
  });

  it.each([
    ['drop', 'connection closed'],
    ['connection_reset', 'connection reset'],
    ['empty_response', 'connection ended'],
    ['random_data_then_close', 'garbage, then closed'],
  ])('carries out %s (%s) and journals status 0 with the fault', async (fault) => {
    h.loadScenario(toyPacketScenario, { rules: [{ name: 'cut', match: { operation: 'echo' }, fault, times: 1 }] });
    const c = await Line.open(h);
    c.send({ id: 1, calls: [LOGIN] });
    await c.next(1);
    c.send({ id: 2, calls: [{ call: 'echo', args: { x: 1 } }] });
    await c.closed();
    const lines = await c.next(2);
    if (fault === 'random_data_then_close') expect(String(lines[1])).toMatch(/garbage/);
    else expect(lines).toHaveLength(1);
    expect(h.find({ operation: 'echo' }).map((e) => [e.status, e.fault, e.rule])).toEqual([[0, fault, 'cut']]);
    const again = await Line.open(h);
    again.send({ id: 3, calls: [LOGIN, { call: 'echo', args: { x: 2 } }] });
    expect((await again.next(1))[0]).toMatchObject({ id: 3, answers: [{ ok: {} }, { ok: { x: 2 } }] });
    again.socket.destroy();
  });

  it('sends a garbage packet before the answer with garbage_packet, and journals the answer with the fault', async () => {
    h.loadScenario(toyPacketScenario, { rules: [{ match: { operation: 'login' }, fault: 'garbage_packet' }] });
    const c = await Line.open(h);
    c.send({ id: 1, calls: [LOGIN] });
    const [garbage, reply] = await c.next(2);
    expect(String(garbage)).toMatch(/garbage/);
    expect(reply).toEqual({ id: 1, answers: [{ ok: { user: 'alice' } }] });
    expect(h.find({ operation: 'login' }).map((e) => [e.status, e.fault])).toEqual([[200, 'garbage_packet']]);
    c.socket.destroy();
  });

  it('drops mid-stream after N packets (dropAfterPackets) and journals 0, and a rule error is the vendor error in the reply', async () => {
    h.loadScenario(toyPacketScenario, {
      rules: [
        { match: { operation: 'wait' }, dropAfterPackets: 2 },
        { match: { operation: 'count' }, respond: { error: 'NO_CALL', message: 'not today' } },
      ],
    });
    const c = await Line.open(h);
    c.send({ id: 1, calls: [LOGIN] });
    await c.next(1);
    c.send({ id: 2, calls: [{ call: 'count' }] });
    await c.next(2);
    c.send({ id: 3, progress: true, calls: [{ call: 'wait' }] });
    await c.next(3);
    h.clock.advance('10s');
    await c.closed();
    expect((await c.next(5)).slice(1)).toEqual([{ id: 2, answers: [{ error: 'NO_CALL' }] }, { id: 3, progress: 0 }, { id: 3, progress: 25 }]);
    expect(h.find({ operation: 'wait' }).map((e) => [e.status, e.fault])).toEqual([[0, 'dropAfterPackets']]);
    expect(h.find({ operation: 'count' }).map((e) => e.status)).toEqual([400]);
  });

  it('answers every packet of a client that half-closes, then ends its side', async () => {
    const c = await Line.open(h);
    c.send({ id: 1, calls: [LOGIN] });
    c.send({ id: 2, calls: [{ call: 'wait' }] });
    c.send({ id: 3, calls: [{ call: 'count' }] });
    c.socket.end(); // FIN: nothing more to say, but the answers are still wanted
    for (let i = 0; i < 50 && h.jobs.list({ vendor: 'toypacket', state: 'running' }).length === 0; i++) await turn();
    h.clock.advance('10s');
    await c.closed();
    const replies = await c.next(3);
    expect(replies.map((r) => (r as { id: number }).id).sort()).toEqual([1, 2, 3]);
  });

  it('ends the logged-out connection after its last reply (the codec says when)', async () => {
    const c = await Line.open(h);
    c.send({ id: 1, calls: [{ call: 'bye' }] });
    await c.closed();
    expect(await c.next(1)).toEqual([{ id: 1, answers: [{ ok: 'bye' }] }]);
  });

  it('keeps other connections and the admin API answering while one connection floods empty and garbage frames', async () => {
    let answered = 0;
    const count = (e: { kind: string; operation?: string }) => {
      if (e.kind === 'request' && e.operation === 'malformed') answered++;
    };
    h.engine.log.on('event', count);
    const flood = await Line.open(h);
    const frames = 200_000;
    // Empty lines cost a scan; `x` lines are packets the codec refuses, one reply each. The flooder never reads.
    flood.socket.write('\n'.repeat(frames));
    flood.socket.write('x\n'.repeat(frames));
    try {
      const other = await Line.open(h);
      other.send({ id: 1, calls: [LOGIN, { call: 'count' }] });
      expect((await other.next(1))[0]).toEqual({ id: 1, answers: [{ ok: { user: 'alice' } }, { ok: 1 }] });
      await request(h.urls.admin!).get('/health').expect(200);
      // Both were answered while the flood was still being worked through (or held back).
      expect(answered).toBeLessThan(frames);
      other.socket.destroy();
    } finally {
      h.engine.log.off('event', count);
      flood.socket.destroy();
    }
  });
});

describe('the packet transport: greeting and idle connections', () => {
  it('greets at once with greeting on, and a silent client only with auto', async () => {
    const h = await startHarness({ modules: [toyPacketVendor], scenario: { ...toyPacketScenario, vendors: { toypacket: { greeting: 'on' } } }, clock: 'manual', ports: 'ephemeral', admin: false });
    try {
      const on = await Line.open(h);
      expect(await on.next(1)).toEqual([{ hello: true }]);
      on.socket.destroy();
      h.loadScenario({ ...toyPacketScenario, vendors: { toypacket: { greeting: 'auto', greetingWindowMs: 20 } } });
      const silent = await Line.open(h);
      expect(await silent.next(1)).toEqual([{ hello: true }]); // after the (wall-time) window
      silent.socket.destroy();
      const eager = await Line.open(h);
      eager.send({ id: 1, calls: [LOGIN] });
      expect(await eager.next(1)).toEqual([{ id: 1, answers: [{ ok: { user: 'alice' } }] }]);
      eager.socket.destroy();
    } finally {
      await h.stop();
    }
  });

  it('ends a connection silent for idleTimeout with nothing in flight, not one waiting for an answer', async () => {
    const h = await startHarness({ modules: [toyPacketVendor], scenario: { ...toyPacketScenario, vendors: { toypacket: { idleTimeoutMs: 40 } } }, clock: 'manual', ports: 'ephemeral', admin: false });
    try {
      const waiting = await Line.open(h);
      waiting.send({ id: 1, calls: [LOGIN, { call: 'wait' }] });
      const idle = await Line.open(h);
      await idle.closed(); // after the (wall-time) idle timeout
      expect(waiting.ended).toBe(false);
      h.clock.advance('10s');
      expect((await waiting.next(1))[0]).toMatchObject({ id: 1, answers: [{ ok: {} }, { ok: { waited: expect.any(String) } }] });
      waiting.socket.destroy();
    } finally {
      await h.stop();
    }
  });
});

describe('the packet transport over HTTP (a stream door)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyPacketVendor], scenario: toyPacketScenario, clock: 'manual', ports: 'ephemeral', admin: false });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.journal.clear());

  const post = (body: string, headers: Record<string, string> = {}) => {
    const r = request(h.url('toypacket', 'http')).post('/packets');
    for (const [k, v] of Object.entries(headers)) r.set(k, v);
    return r.send(body);
  };

  it("runs the posted packets in order in one session and streams their packets; each packet is journalled as on TCP", async () => {
    const r = await post(`${JSON.stringify({ id: 1, calls: [LOGIN] })}\n${JSON.stringify({ id: 2, calls: [{ call: 'echo', args: { b: 2 } }] })}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-ndjson');
    expect(r.text.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { id: 1, answers: [{ ok: { user: 'alice' } }] },
      { id: 2, answers: [{ ok: { b: 2 } }] },
    ]);
    expect(h.find({ vendor: 'toypacket' }).map((e) => [e.listener, e.method, e.operation, e.status])).toEqual([
      ['http', 'PACKET', 'login', 200],
      ['http', 'PACKET', 'echo', 200],
    ]);
  });

  it('signs in with the request credentials first; a wrong one, a malformed one and an empty body are refused by the door', async () => {
    const ok = await post(JSON.stringify({ id: 1, calls: [{ call: 'echo', args: { c: 3 } }] }), { 'x-user': 'alice', 'x-password': 'a-pass' });
    expect(JSON.parse(ok.text)).toEqual({ id: 1, answers: [{ ok: { c: 3 } }] });
    const wrong = await post(JSON.stringify({ id: 2, calls: [{ call: 'echo' }] }), { 'x-user': 'alice', 'x-password': 'nope' });
    expect([wrong.status, wrong.body]).toEqual([401, { refused: 'UNAUTHENTICATED' }]);
    const malformed = await post(JSON.stringify({ id: 3, calls: [{ call: 'echo' }] }), { 'x-user': '' });
    expect([malformed.status, malformed.body]).toEqual([401, { refused: 'UNAUTHENTICATED' }]);
    const empty = await post('\n\n');
    expect([empty.status, empty.body]).toEqual([400, { refused: 'BAD_REQUEST' }]);
    expect(h.find({ operation: 'echo' }).map((e) => e.status)).toEqual([200]);
    expect(h.find({ vendor: 'toypacket' }).map((e) => [e.method, e.operation, e.status])).toEqual([
      ['PACKET', 'login', 200],
      ['PACKET', 'echo', 200],
      ['PACKET', 'login', 401],
      ['POST', 'malformed', 401],
      ['POST', 'malformed', 400],
    ]);
  });
});
