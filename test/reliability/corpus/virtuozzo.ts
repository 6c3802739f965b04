/**
 * The Virtuozzo Agent under bad input: broken NUL framing (no NUL, NUL floods, half packets,
 * garbage between packets, oversized packets), hostile XML in packets, bad logins and sessions,
 * clients that leave mid-request or mid-answer, on the TCP and TLS listeners and the HTTP stream
 * door. Every reply is an agent packet; error codes are the emulator's defaults (README).
 */
import { agentCode, agentError, agentHttpError, agentPacket, noStack, status, type Problems } from '../shapes';
import { openSocket, PacketReader, writeAll, type Seen } from '../wire';
import { casesOf, type Case, type CaseContext } from './case';
import { deepXml, ENTITY_BOMB, INVALID_UTF8, LONG_TOKEN, manyAttributes, MiB, PROTO_NAMES, XXE } from './payloads';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const CODE = { malformed: '4', unknownOperator: '5', unknownCall: '6', tooLarge: '7', notLoggedIn: '9', badCredentials: '13' } as const;

function loginPacket(c: CaseContext, id: string, over: { name?: string; password?: string } = {}): string {
  const l = c.t.logins.virtuozzo!;
  return `<packet id="${id}"><data><system><login><name>${over.name ?? b64(l.name)}</name><password>${over.password ?? b64(l.password)}</password></login></system></data></packet>`;
}
const call = (id: string, operator: string, inner: string, extra = '') => `<packet id="${id}"${extra}><target>${operator}</target><data><${operator}>${inner}</${operator}></data></packet>`;
const frame = (...packets: string[]) => packets.map((p) => `${p}\0`).join('');

/** Replies to our packets: the greeting (no id, sent to a client that stays silent) is not one. */
const replies = (packets: string[]) => packets.filter((p) => /\sid="/.test(p) || !/<(?:\w+:)?ok\/>/.test(p));
const idOf = (p: string) => /<(?:\w+:)?packet\b[^>]*\sid="([^"]*)"/.exec(p)?.[1];
const byId = (packets: string[], id: string) => packets.find((p) => idOf(p) === id);

async function connect(c: CaseContext, listener: string): Promise<PacketReader> {
  return new PacketReader(await openSocket(c.url('virtuozzo', listener)));
}

/** Every reply an agent packet, and none carrying a stack. */
function wellFormed(packets: string[]): Problems {
  return packets.flatMap((p) => [...agentPacket(p), ...noStack({ status: 200, headers: {}, body: Buffer.from(p), text: p })]);
}

function ok(packet: string | undefined, what: string): Problems {
  if (packet === undefined) return [`${what}: no reply`];
  const code = agentCode(packet);
  return code === undefined ? agentPacket(packet) : [`${what}: error ${code}`];
}

function socketCases(listener: 'tcp' | 'tls', all: boolean): Case[] {
  const list: Array<[string, (c: CaseContext) => Promise<Problems>]> = [
    [
      'a packet that never ends (no NUL), then a half-close: nothing answered, the connection ends',
      async (c) => {
        const r = await connect(c, listener);
        await writeAll(r.socket, `<packet id="h1"><target>envm</target><data><envm><get_list/>`);
        r.socket.end();
        const closed = await r.whenClosed(5000);
        c.packets(listener, 0);
        return [...(closed ? [] : ['the server kept the connection open']), ...(replies(r.packets).length ? [`answered ${replies(r.packets).length} packets`] : [])];
      },
    ],
    [
      'a flood of a megabyte of NULs and whitespace: nothing answered, another connection answered meanwhile, the flooded one still works',
      async (c) => {
        const flood = await connect(c, listener);
        const other = await connect(c, listener);
        const filler = Buffer.alloc(MiB);
        for (let i = 0; i < filler.length; i += 4) filler.write(i % 8 === 0 ? '\0 \n\0' : '\0\0\0\0', i);
        void writeAll(flood.socket, filler);
        await writeAll(other.socket, frame(loginPacket(c, 'o1')));
        const [answered] = replies(await other.next(1, 5000));
        await writeAll(flood.socket, frame(call('f1', 'envm', '<get_list/>')));
        const after = replies(await flood.next(1, 10_000));
        flood.socket.destroy();
        other.socket.destroy();
        c.packets(listener, 2);
        return [...ok(answered, 'the other connection'), ...agentError(byId(after, 'f1'), [CODE.notLoggedIn]), ...(after.length === 1 ? [] : [`the flood was answered with ${after.length} packets`])];
      },
    ],
    [
      'garbage between packets: each garbage frame answered malformed (4), each packet in turn',
      async (c) => {
        const r = await connect(c, listener);
        const bytes = Buffer.concat([Buffer.from(`garbage\0${loginPacket(c, 'g1')}\0<<<>>>\0`), INVALID_UTF8, Buffer.from(`\0${call('g2', 'envm', '<get_list/>')}\0</packet>\0`)]);
        await writeAll(r.socket, bytes);
        const got = replies(await r.next(6, 10_000));
        r.socket.destroy();
        c.packets(listener, 6);
        const malformed = got.filter((p) => agentCode(p) === CODE.malformed);
        return [...wellFormed(got), ...ok(byId(got, 'g1'), 'login g1'), ...ok(byId(got, 'g2'), 'get_list g2'), ...(malformed.length === 4 ? [] : [`${malformed.length} malformed replies for 4 garbage frames (${got.length} replies)`])];
      },
    ],
    [
      'packets split at every byte, and a half packet left when the client disconnects: the whole ones answered once',
      async (c) => {
        const r = await connect(c, listener);
        const text = frame(loginPacket(c, 's1'), call('s2', 'envm', '<get_list/>'));
        for (const ch of Buffer.from(text)) await writeAll(r.socket, Buffer.from([ch]));
        await writeAll(r.socket, '<packet id="s3"><data><system><log');
        const got = replies(await r.next(2, 10_000));
        r.socket.destroy();
        c.packets(listener, 2);
        return [...ok(byId(got, 's1'), 'split login'), ...ok(byId(got, 's2'), 'split get_list'), ...(got.length === 2 ? [] : [`${got.length} replies`])];
      },
    ],
    [
      'twenty megabytes without a NUL, then a NUL and a packet: one refusal (7), then the packet answered',
      async (c) => {
        const r = await connect(c, listener);
        const chunk = Buffer.alloc(MiB, 'x');
        for (let i = 0; i < 20; i++) await writeAll(r.socket, chunk);
        await writeAll(r.socket, `\0${loginPacket(c, 'b1')}\0`);
        const got = replies(await r.next(2, 20_000));
        r.socket.destroy();
        c.packets(listener, 2);
        return [...agentError(got.find((p) => idOf(p) !== 'b1'), [CODE.tooLarge]), ...ok(byId(got, 'b1'), 'the packet after')];
      },
    ],
    [
      'hostile XML in packets (DOCTYPE, entity bomb, 5,000 deep, 60,000 attributes, unclosed, no <data>): malformed (4), the id echoed',
      async (c) => {
        const r = await connect(c, listener);
        const bodies = [
          XXE.replace('<r>', '<packet id="x1"><r>').replace('</r>', '</r></packet>'),
          ENTITY_BOMB.replace('<r>', '<packet id="x2"><r>').replace('</r>', '</r></packet>'),
          `<packet id="x3"><data>${deepXml(5000)}</data></packet>`,
          `<packet id="x4"><data><envm>${manyAttributes(60_000, 'get_list')}</envm></data></packet>`,
          '<packet id="x5"><data><envm><get_list>',
          '<packet id="x6"/>',
          '<notapacket id="x7"/>',
          // Two syntax errors: xml2js reports the first and throws the second (with its stack, once).
          '</data><packet id="x8"/></packet>',
        ];
        await writeAll(r.socket, frame(...bodies));
        const got = replies(await r.next(bodies.length, 10_000));
        r.socket.destroy();
        c.packets(listener, bodies.length);
        const p = wellFormed(got);
        for (let i = 1; i <= bodies.length; i++) {
          const reply = byId(got, `x${i}`);
          // The DOCTYPE ones are refused before a header is read, and a root that is not <packet> has no packet id: their replies may carry none.
          if (reply === undefined && i > 2 && i < 7) p.push(`no reply with id x${i}`);
          else if (reply) p.push(...agentError(reply, [CODE.malformed]));
        }
        if (got.length !== bodies.length) p.push(`${got.length} replies for ${bodies.length} packets`);
        if (got.some((x) => x.includes('root:'))) p.push('a reply holds a local file');
        return p;
      },
    ],
    [
      'calls before login, bad passwords, names that are not base64, prototype-named users and sessions: 9 or 13, nothing runs',
      async (c) => {
        const r = await connect(c, listener);
        const packets = [
          call('a1', 'backupm', '<backup_env><env_list><eid>x</eid></env_list></backup_env>'),
          loginPacket(c, 'a2', { password: b64('wrong') }),
          loginPacket(c, 'a3', { name: '!!!not base64!!!', password: '%%%' }),
          loginPacket(c, 'a4', { name: '', password: '' }),
          loginPacket(c, 'a5', { name: b64(LONG_TOKEN) }),
          ...PROTO_NAMES.map((n, i) => loginPacket(c, `a${6 + i}`, { name: b64(n) })),
          ...PROTO_NAMES.map((n, i) => call(`s${i}`, 'envm', '<get_list/>').replace('<target>', `<session>${n}</session><target>`)),
          call('s-long', 'envm', '<get_list/>').replace('<target>', `<session>${LONG_TOKEN}</session><target>`),
        ];
        await writeAll(r.socket, frame(...packets));
        const got = replies(await r.next(packets.length, 10_000));
        r.socket.destroy();
        c.packets(listener, packets.length);
        const p = wellFormed(got);
        for (const pk of packets) {
          const id = idOf(pk)!;
          p.push(...agentError(byId(got, id), [CODE.notLoggedIn, CODE.badCredentials]).map((x) => `${id}: ${x}`));
        }
        return p;
      },
    ],
  ];
  if (all) {
    list.push(
      [
        '300 packets in one write: every one answered (reading pauses past 256 pending, nothing dropped)',
        async (c) => {
          const r = await connect(c, listener);
          const packets = Array.from({ length: 300 }, (_, i) => call(`p${i}`, 'envm', '<get_list/>'));
          await writeAll(r.socket, frame(...packets));
          const got = replies(await r.next(300, 20_000));
          r.socket.destroy();
          c.packets(listener, 300);
          const ids = new Set(got.map(idOf));
          const missing = packets.map(idOf).filter((id) => !ids.has(id));
          return [...(missing.length ? [`${missing.length} packets unanswered`] : []), ...got.slice(0, 5).flatMap((x) => agentError(x, [CODE.notLoggedIn]))];
        },
      ],
      [
        'one packet with 2,000 calls and unknown operators and calls: one reply, unknown ones named',
        async (c) => {
          const r = await connect(c, listener);
          const calls = Array.from({ length: 2000 }, () => '<get_list/>').join('');
          await writeAll(r.socket, frame(loginPacket(c, 'm0'), call('m1', 'envm', calls), call('m2', '__proto__', '<x/>'), call('m3', 'envm', '<constructor/>'), call('m4', 'nothing', '<x/>')));
          const got = replies(await r.next(5, 20_000));
          r.socket.destroy();
          c.packets(listener, 5);
          return [...ok(byId(got, 'm0'), 'login'), ...ok(byId(got, 'm1'), '2,000 calls'), ...agentError(byId(got, 'm2'), [CODE.unknownOperator]), ...agentError(byId(got, 'm3'), [CODE.unknownCall]), ...agentError(byId(got, 'm4'), [CODE.unknownOperator])];
        },
      ],
      [
        'a client gone mid-answer (a backup with progress, closed at the first progress packet): the next client is answered',
        async (c) => {
          const r = await connect(c, listener);
          await writeAll(r.socket, frame(loginPacket(c, 'd0')));
          await r.next(1, 5000);
          await writeAll(r.socket, frame(call('d1', 'envm', '<get_list/>')));
          const list = await r.next(2, 5000);
          const eid = /<(?:\w+:)?eid>([^<]+)</.exec(byId(list, 'd1') ?? '')?.[1] ?? 'none';
          await writeAll(r.socket, frame(call('d2', 'backupm', `<backup_env><env_list><eid>${eid}</eid></env_list></backup_env>`, ' progress="on"')));
          await r.next(3, 5000);
          r.socket.destroy();
          const next = await connect(c, listener);
          await writeAll(next.socket, frame(loginPacket(c, 'e1')));
          const got = replies(await next.next(1, 5000));
          next.socket.destroy();
          // login, get_list, the backup (its reply is written to a closed connection: journalled 0, or not yet), the next login
          c.packets(listener, 3, 4);
          return ok(byId(got, 'e1'), 'the next login');
        },
      ],
      [
        'a client that half-closes after its packets: every one answered, then the connection ends',
        async (c) => {
          const r = await connect(c, listener);
          r.socket.end(frame(loginPacket(c, 'q1'), call('q2', 'envm', '<get_list/>'), 'junk'));
          const closed = await r.whenClosed(10_000);
          const got = replies(r.packets);
          c.packets(listener, 3);
          return [...ok(byId(got, 'q1'), 'login'), ...ok(byId(got, 'q2'), 'get_list'), ...(closed ? [] : ['the connection stayed open'])];
        },
      ],
    );
  }
  if (listener === 'tls') {
    list.push([
      'garbage instead of a TLS handshake, and a handshake abandoned half way: the connections end, TLS logins still work',
      async (c) => {
        const plain = c.url('virtuozzo', 'tls').replace('tls:', 'tcp:');
        for (const bytes of [Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])]) {
          const s = await openSocket(plain);
          const r = new PacketReader(s);
          await writeAll(s, bytes);
          if (bytes.length < 12) s.destroy();
          else await r.whenClosed(5000);
        }
        const r = await connect(c, 'tls');
        await writeAll(r.socket, frame(loginPacket(c, 't1')));
        const got = replies(await r.next(1, 5000));
        r.socket.destroy();
        c.packets('tls', 1);
        return ok(byId(got, 't1'), 'TLS login');
      },
    ]);
  }
  return casesOf('virtuozzo', `${listener.toUpperCase()} packets`, [`virtuozzo.${listener}`], list);
}

function httpCases(): Case[] {
  const post = (c: CaseContext, body: string | Buffer, headers: Record<string, string> = {}) =>
    c.send(c.url('virtuozzo', 'http'), { method: 'POST', path: '/', headers: { 'content-type': 'application/xml', ...headers }, body }, 'none');
  const basic = (c: CaseContext) => ({ authorization: `Basic ${b64(`${c.t.logins.virtuozzo!.name}:${c.t.logins.virtuozzo!.password}`)}` });
  const streamed = (seen: Seen) => seen.text.split('\0').map((p) => p.trim()).filter((p) => p !== '');
  return casesOf('virtuozzo', 'HTTP stream door', ['virtuozzo.http'], [
    [
      'no packet in the body (empty, NULs and whitespace only): 400 with a malformed refusal',
      async (c) => {
        const p: Problems = [];
        for (const body of ['', '\0\0\0', ' \n\0 \n']) {
          const s = await c.send(c.url('virtuozzo', 'http'), { method: 'POST', path: '/', headers: { 'content-type': 'application/xml' }, body }, 'one');
          p.push(...status(s, 400), ...agentHttpError(s, [CODE.malformed]));
        }
        return p;
      },
    ],
    [
      'a body over the limit: 413 with a too-large refusal (7)',
      async (c) => {
        const s = await c.send(c.url('virtuozzo', 'http'), { method: 'POST', path: '/', headers: { 'content-type': 'application/xml' }, body: Buffer.alloc(MiB + 1, 'x') }, 'one');
        return [...status(s, 413), ...agentHttpError(s, [CODE.tooLarge])];
      },
    ],
    [
      'malformed and wrong Basic credentials: 401 with a bad-credentials refusal, nothing runs',
      async (c) => {
        const p: Problems = [];
        // A Basic header that cannot be read is refused as an HTTP exchange; one that can is a login call, journalled as a packet.
        const headers: Array<[string, 'one' | 'none']> = [['Basic', 'one'], ['Basic !!!', 'one'], [`Basic ${b64('nocolon')}`, 'one'], [`Basic ${b64('root:wrong')}`, 'none'], [`Basic ${b64(`${LONG_TOKEN}:x`)}`, 'none']];
        for (const [h, journal] of headers) {
          const s = await c.send(c.url('virtuozzo', 'http'), { method: 'POST', path: '/', headers: { authorization: h }, body: call('b1', 'envm', '<get_list/>') }, journal);
          p.push(...status(s, 401), ...agentHttpError(s, [CODE.badCredentials]));
        }
        c.packets('http', 2);
        return p;
      },
    ],
    [
      'garbage, hostile XML and packets before login in one body: 200, each answered in the stream with its error',
      async (c) => {
        const body = Buffer.concat([Buffer.from(frame('garbage', XXE, `<packet id="h3"><data>${deepXml(3000)}</data></packet>`, call('h4', 'envm', '<get_list/>'))), INVALID_UTF8]);
        const s = await post(c, body);
        const got = streamed(s);
        c.packets('http', 5);
        return [...status(s, 200), ...wellFormed(got), ...(got.length === 5 ? [] : [`${got.length} packets streamed for 5`]), ...agentError(byId(got, 'h4'), [CODE.notLoggedIn]), ...agentError(byId(got, 'h3'), [CODE.malformed])];
      },
    ],
    [
      'prototype-named sessions in packets: 9, nothing runs',
      async (c) => {
        const packets = PROTO_NAMES.map((n, i) => call(`ps${i}`, 'backupm', '<backup_env><env_list><eid>x</eid></env_list></backup_env>').replace('<target>', `<session>${n}</session><target>`));
        const s = await post(c, frame(...packets));
        const got = streamed(s);
        c.packets('http', packets.length);
        return [...status(s, 200), ...got.flatMap((x) => agentError(x, [CODE.notLoggedIn])), ...(got.length === packets.length ? [] : [`${got.length} replies`])];
      },
    ],
    [
      'a client gone mid-answer (a backup streaming progress): the next request is answered',
      async (c) => {
        const list = streamed(await post(c, call('l1', 'envm', '<get_list/>'), basic(c)));
        const eids = [...(byId(list, 'l1') ?? '').matchAll(/<(?:\w+:)?eid>([^<]+)</g)].map((m) => m[1]);
        const eid = eids[1] ?? eids[0] ?? 'none';
        const u = c.url('virtuozzo', 'http');
        const packet = call('l2', 'backupm', `<backup_env><env_list><eid>${eid}</eid></env_list></backup_env>`, ' progress="on"');
        await c.raw(u, () => ({ write: [`POST / HTTP/1.1\r\nhost: x\r\nauthorization: ${basic(c).authorization}\r\ncontent-length: ${Buffer.byteLength(packet)}\r\n\r\n${packet}`], readAtMost: 200, timeoutMs: 5000 }), 'none');
        const after = await post(c, call('l3', 'envm', '<get_list/>'), basic(c));
        // the sign-ins, the list, the backup (its reply may not be written yet), the last list
        c.packets('http', 4, 6);
        return [...status(after, 200), ...ok(byId(streamed(after), 'l3'), 'the next request')];
      },
    ],
    [
      'other methods and paths: the door\'s 404 refusal, or 405',
      async (c) => {
        const p: Problems = [];
        for (const [method, path] of [['GET', '/'], ['PUT', '/vzl/packet'], ['POST', '/nothing'], ['POST', '/%E0%A4%A']]) {
          const s = await c.send(c.url('virtuozzo', 'http'), { method, path, headers: { 'content-type': 'application/xml' }, body: method === 'GET' ? undefined : call('z', 'envm', '<get_list/>') }, 'one');
          p.push(...status(s, [404, 405]), ...agentHttpError(s));
        }
        return p;
      },
    ],
  ]);
}

export function virtuozzoCases(): Case[] {
  return [...socketCases('tcp', true), ...socketCases('tls', false), ...httpCases()];
}
