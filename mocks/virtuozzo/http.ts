/**
 * The Express-side door (issue: "the card's Express side"): POST the same request packet(s)
 * and read the progress packets and the final packet as a chunked response, for clients that
 * cannot open raw TCP. Several NUL-separated packets may be posted (login first, then calls).
 * Authentication: HTTP Basic, a `<session>` header from sessionm/login, or login packets.
 */
import type { HttpCall, Reply, Route } from '../../src/legacy/vendor';
import { AgentSession, type AgentHost } from './agent';
import { frame, PacketSplitter } from './framing';
import { agentErrorXml, DEFAULT_MESSAGES } from './errors';
import type { VirtuozzoState } from './model';
import { resolveOptions } from './options';
import { decodePacket, encodePacket, sniffHeader, vzTime } from './wire';

export const CONTENT_TYPE = 'application/xml; charset=utf-8';

function basic(call: HttpCall): { name: string; password: string } | undefined {
  const h = call.headers.authorization;
  const m = typeof h === 'string' ? /^Basic\s+(\S+)$/i.exec(h) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { name: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

/** Packets of the body: NUL-separated, the last NUL optional. */
function packetsOf(call: HttpCall): string[] {
  const splitter = new PacketSplitter(Number.MAX_SAFE_INTEGER);
  const body = call.rawBody[call.rawBody.length - 1] === 0 ? call.rawBody : Buffer.concat([call.rawBody, Buffer.from([0])]);
  return splitter.push(body).flatMap((e) => (e.kind === 'packet' ? [e.text] : []));
}

/** The journal's operation: the first call of the first packet that is not a login. */
export function httpOperation(call: HttpCall): string {
  for (const p of packetsOf(call)) {
    try {
      const c = decodePacket(p).calls.find((x) => x.name !== 'login') ?? decodePacket(p).calls[0];
      if (c && c.name !== 'login') return `${c.operator}.${c.name}`;
    } catch {
      return 'system.malformed';
    }
  }
  return 'system.login';
}

/** The caller's principal: a Basic user, or the `<session>` of the first packet. */
export function httpPrincipal(call: HttpCall): string | undefined {
  const b = basic(call);
  if (b) return `user:${b.name}`;
  const text = call.rawBody.toString('utf8');
  const session = /<(?:\w+:)?session>([^<]+)</.exec(text)?.[1]?.trim();
  if (session) return session;
  const login = /<(?:\w+:)?login\b[^>]*>.*?<(?:\w+:)?name>([^<]+)</s.exec(text)?.[1];
  return login ? `user:${Buffer.from(login.trim(), 'base64').toString('utf8')}` : undefined;
}

/** A chunk queue the session writes into and the response reads from. */
class Stream {
  private chunks: Buffer[] = [];
  private wake?: () => void;
  ended = false;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  async *iterate(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        while (this.chunks.length) yield this.chunks.shift()!;
        if (this.ended) return;
        await new Promise<void>((r) => (this.wake = r));
        this.wake = undefined;
      }
    } finally {
      this.ended = true;
    }
  }
}

async function handlePacket(call: HttpCall<VirtuozzoState>): Promise<Reply> {
  const opts = resolveOptions(call.ctx.options);
  const packets = packetsOf(call);
  const clock = call.ctx.clock;
  if (packets.length === 0) {
    const xml = encodePacket({ origin: 'system', time: vzTime(clock.now()) }, 'system', agentErrorXml(opts.codes, 'malformedPacket', 'empty request: POST one or more packets'));
    return { status: 400, headers: { 'content-type': CONTENT_TYPE }, body: frame(xml) };
  }
  const host: AgentHost = { clock, codes: opts.codes, tenantFor: () => call.tenant, log: (m, f) => call.ctx.log(m, f) };
  const out = new Stream();
  const session = new AgentSession(host, {
    write: (b) => out.push(b),
    close: () => out.end(),
    destroy: () => out.end(),
    get closed() {
      return out.ended;
    },
  });
  const creds = basic(call);
  if (creds) {
    const user = call.tenant.state.users.find((u) => u.name === creds.name && u.password === creds.password);
    if (!user) {
      const h = sniffHeader(packets[0]);
      const xml = encodePacket({ id: h.id, cookie: h.cookie, origin: 'system', time: vzTime(clock.now()) }, 'system', agentErrorXml(opts.codes, 'badCredentials', DEFAULT_MESSAGES.badCredentials));
      return { status: 401, headers: { 'content-type': CONTENT_TYPE, 'www-authenticate': 'Basic realm="virtuozzo"' }, body: frame(xml) };
    }
    session.conn.user = user.name;
    session.conn.tenant = call.tenant;
    session.conn.clientName = `vzclient${++call.tenant.state.clientSeq}`;
  }
  // Packets run in order (a login must land before the calls after it); the stream ends after the last reply.
  void (async () => {
    for (const p of packets) {
      if (out.ended) break;
      await session.receive(p);
    }
    await session.idle();
    out.end();
  })();
  return { status: 200, headers: { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' }, stream: out.iterate() };
}

export const httpRoutes: Route<VirtuozzoState>[] = [
  { method: 'POST', path: '/', operation: httpOperation, handler: handlePacket },
  { method: 'POST', path: '/vzl/packet', operation: httpOperation, handler: handlePacket },
];
