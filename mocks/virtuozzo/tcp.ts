/**
 * The agent's raw TCP (and TLS) door: NUL-framed packets, the greeting, faults from scenario
 * rules and the journal. One connection is one session (vendor notes, "Transport").
 */
import type { Socket } from 'node:net';
import type { TcpContext } from '../../src/legacy/vendor';
import { AgentSession, type AgentHost } from './agent';
import { frame, PacketSplitter } from './framing';
import { greetingPacket } from './messages';
import type { VirtuozzoState } from './model';
import { resolveOptions } from './options';

export function hostFor(ctx: TcpContext<VirtuozzoState>, codes: AgentHost['codes'], writeGapMs = 0): AgentHost {
  const clock = ctx.ctx.clock;
  return {
    clock,
    codes,
    writeGapMs,
    tenantFor: (principal) => ctx.tenant(principal),
    rule: (q) => ctx.matchRule({ tenant: q.tenant, operation: q.operation, method: 'PACKET', path: q.path, body: q.body, rawBody: q.rawBody }),
    delayOf: (hit) => ctx.delayOf(hit),
    record: (e) =>
      ctx.record({
        tenant: e.tenant,
        operation: e.operation,
        method: 'PACKET',
        path: e.path,
        query: {},
        headers: {},
        body: ctx.mask(e.body),
        status: e.status,
        durationMs: e.durationMs,
        matched: true,
        ...(e.rule ? { rule: e.rule } : {}),
      }),
    log: (m, f) => ctx.ctx.log(m, f),
  };
}

export function serveConnection(socket: Socket, ctx: TcpContext<VirtuozzoState>): void {
  const opts = resolveOptions(ctx.ctx.options, ctx.listener);
  const session = new AgentSession(hostFor(ctx, opts.codes, opts.writeGapMs), {
    write: (b) => {
      if (!socket.destroyed) socket.write(b);
    },
    close: () => socket.end(),
    destroy: () => socket.destroy(),
    get closed() {
      return socket.destroyed || socket.writableEnded;
    },
  });
  const splitter = new PacketSplitter(opts.maxPacketBytes);
  let spoke = false;
  const greet = () => {
    if (!socket.destroyed) socket.write(frame(greetingPacket(ctx.ctx.clock.now())));
  };
  // `auto`: VM::Virtuozzo writes first and never reads a greeting; the connector waits for one.
  // The window is wall time: it is about how the client behaves, not about job timelines.
  let timer: NodeJS.Timeout | undefined;
  if (opts.greeting === 'on') greet();
  else if (opts.greeting === 'auto') timer = setTimeout(() => !spoke && greet(), opts.greetingWindowMs);

  socket.on('data', (chunk: Buffer) => {
    spoke = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
    for (const ev of splitter.push(chunk)) {
      if (ev.kind === 'oversized') session.oversized(ev.bytes);
      else void session.receive(ev.text);
    }
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => timer && clearTimeout(timer));
}
