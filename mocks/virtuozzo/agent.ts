/**
 * One Virtuozzo agent session, independent of transport: a TCP connection or one HTTP request
 * feeds it packets; it answers through a sink, one packet at a time, in order. Packets are
 * handled concurrently (a client may list backups while a backup streams progress); each call
 * runs in the session's connection state (vendor notes: one connection = one session).
 */
import type { Clock } from '../../src/clock';
import { parseDuration } from '../../src/duration';
import type { RuleHit } from '../../src/faults';
import type { TenantHandle } from '../../src/legacy/vendor';
import type { CallContext, Connection } from './call';
import { AgentError, agentErrorXml, type ErrorCodes } from './errors';
import { frame } from './framing';
import { progressPacket } from './messages';
import type { VirtuozzoState } from './model';
import { findCall } from './routes';
import { decodePacket, encodePacket, fragments, OK, PacketError, sniffHeader, vzTime, type Fragment, type PacketHeader, type ReplyHeader, type RequestPacket } from './wire';

export interface PacketSink {
  write(data: Buffer): void;
  /** Clean end (logout, HTTP response end). */
  close(): void;
  /** Abrupt drop (faults). */
  destroy(): void;
  readonly closed: boolean;
}

export interface ExchangeRecord {
  tenant: string;
  operation: string;
  path: string;
  body: string;
  status: number;
  durationMs: number;
  rule?: string;
}

/** What the transport offers a session: clock, tenants, rules, journal. */
export interface AgentHost {
  clock: Clock;
  codes: ErrorCodes;
  tenantFor(principal?: string): TenantHandle<VirtuozzoState>;
  rule?(q: { tenant: string; operation: string; path: string; body: () => unknown; rawBody: () => string }): RuleHit | undefined;
  delayOf?(hit: RuleHit): number;
  record?(entry: ExchangeRecord): void;
  log?(message: string, fields?: Record<string, unknown>): void;
  /** Wall ms kept between two writes (TCP; see schema.ts writeGap). */
  writeGapMs?: number;
}

/** Not XML at all: what a `garbage_packet` fault sends (then the stream carries on). */
export const GARBAGE = '\u0001\u0002#garbage: not a packet <<<';

interface Pace {
  delay: number;
  dropAfter?: number;
  sent: number;
}

const AUTH_ERRORS = new Set(['notLoggedIn', 'badCredentials']);

export class AgentSession {
  readonly conn: Connection = {};
  private outbox: Promise<void> = Promise.resolve();
  private lastWrite = 0;
  private inflight = new Set<Promise<void>>();

  constructor(
    private readonly host: AgentHost,
    private readonly sink: PacketSink,
  ) {}

  /** Handle one packet (its text without the NUL). Resolves once its final reply is queued. */
  receive(raw: string): Promise<void> {
    const task = this.handle(raw).catch((e: unknown) => this.host.log?.(`virtuozzo: packet failed: ${(e as Error).message}`));
    this.inflight.add(task);
    void task.finally(() => this.inflight.delete(task));
    return task;
  }

  /** A packet over the size limit was skipped: answer with an error, keep the connection. */
  oversized(bytes: number): void {
    const h: ReplyHeader = { origin: 'system', time: this.now() };
    this.send(encodePacket(h, 'system', agentErrorXml(this.host.codes, 'packetTooLarge', `Packet of ${bytes} bytes is too large`)));
    this.record('system.packet', `(${bytes} bytes)`, 413, this.host.clock.now());
  }

  /** Every packet answered and written (the HTTP door ends its response then). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
    await this.outbox;
  }

  private now(): string {
    return vzTime(this.host.clock.now());
  }

  private tenant(header?: PacketHeader): TenantHandle<VirtuozzoState> {
    if (this.conn.tenant) return this.conn.tenant;
    if (header?.session) return this.host.tenantFor(header.session);
    return this.host.tenantFor();
  }

  /** Queue one packet; `pace` applies a rule's packetDelay / dropAfterPackets to a request's packets. */
  private send(xml: string, pace?: Pace): void {
    this.outbox = this.outbox.then(async () => {
      if (this.sink.closed) return;
      if (pace) {
        if (pace.dropAfter !== undefined && pace.sent >= pace.dropAfter) return this.sink.destroy();
        if (pace.delay > 0 && pace.sent > 0) await this.host.clock.sleep(pace.delay);
        if (this.sink.closed) return;
        pace.sent++;
      }
      await this.spaceWrites();
      if (this.sink.closed) return;
      this.sink.write(frame(xml));
      this.lastWrite = Date.now();
    });
  }

  /** Keep the wall-time gap between packets (not virtual time: it is about the client's reads). */
  private async spaceWrites(): Promise<void> {
    const gap = this.host.writeGapMs ?? 0;
    const wait = this.lastWrite + gap - Date.now();
    if (gap > 0 && wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  private record(operation: string, raw: string, status: number, started: number, rule?: string, tenant?: string): void {
    this.host.record?.({
      tenant: tenant ?? this.tenant().id,
      operation,
      path: `/${operation.replace('.', '/')}`,
      body: raw,
      status,
      durationMs: this.host.clock.now() - started,
      ...(rule ? { rule } : {}),
    });
  }

  private async handle(raw: string): Promise<void> {
    const started = this.host.clock.now();
    let packet;
    try {
      packet = decodePacket(raw);
    } catch (e) {
      if (!(e instanceof PacketError)) throw e;
      const sniffed = e.header ?? sniffHeader(raw);
      const h: ReplyHeader = { id: sniffed.id, cookie: sniffed.cookie, origin: 'system', target: this.conn.clientName, time: this.now() };
      this.send(encodePacket(h, 'system', agentErrorXml(this.host.codes, 'malformedPacket', e.message)));
      this.record('system.malformed', raw, 400, started);
      return;
    }
    const { header } = packet;
    const first = packet.calls[0];
    const operation = `${first.operator}.${first.name}`;
    const tenant = this.tenant(header);
    const hit = this.host.rule?.({ tenant: tenant.id, operation, path: `/${first.operator}/${first.name}`, body: () => packet, rawBody: () => raw });
    const pace: Pace = { delay: hit?.action.packetDelay !== undefined ? parseDuration(hit.action.packetDelay) : 0, dropAfter: hit?.action.dropAfterPackets, sent: 0 };
    const replyHeader = (): ReplyHeader => ({
      id: header.id,
      cookie: header.cookie,
      origin: first.operator,
      target: this.conn.clientName,
      time: this.now(),
      version: header.version,
    });

    if (hit && (await this.applyRule(hit, pace, raw, operation, started, (inner) => encodePacket(replyHeader(), first.operator, inner)))) return;

    const { parts, status } = await this.runCalls(packet, pace, replyHeader);
    // Several calls of one packet (the connector's several <remove>s) share one reply; one <ok/> says all.
    const inner = parts.every((p) => p === OK) ? OK : fragments(parts);
    this.send(encodePacket(replyHeader(), first.operator, inner), pace);
    this.record(operation, raw, status || (inner.error ? 400 : 200), started, hit?.label, this.tenant(header).id);
    if (this.conn.closing) this.outbox = this.outbox.then(() => this.sink.close());
  }

  /**
   * A scenario rule's TCP faults (src/faults.ts): delay, drop / connection_reset (at once unless
   * dropAfterPackets), empty_response, random_data_then_close, garbage_packet, respond {error}.
   * Returns true when the packet is finished (no normal answer).
   */
  private async applyRule(hit: RuleHit, pace: Pace, raw: string, operation: string, started: number, answer: (inner: Fragment) => string): Promise<boolean> {
    if (hit.action.delay !== undefined && this.host.delayOf) await this.host.clock.sleep(this.host.delayOf(hit));
    const fault = hit.action.fault;
    const end = (how: 'destroy' | 'close'): true => {
      this.record(operation, raw, 0, started, hit.label);
      if (how === 'close') this.sink.close();
      else this.sink.destroy();
      return true;
    };
    if ((fault === 'drop' || fault === 'connection_reset') && pace.dropAfter === undefined) return end('destroy');
    if (fault === 'empty_response') return end('close');
    if (fault === 'random_data_then_close') {
      this.sink.write(Buffer.from(GARBAGE + '\0'));
      return end('destroy');
    }
    if (fault === 'garbage_packet') this.send(GARBAGE, pace);
    if (hit.action.respond?.error !== undefined) {
      const inner = agentErrorXml(this.host.codes, hit.action.respond.error, hit.action.respond.message);
      this.send(answer(inner), pace);
      this.record(operation, raw, 400, started, hit.label);
      return true;
    }
    return false;
  }

  /** Run the packet's calls in order; an AgentError becomes that call's error element. */
  private async runCalls(packet: RequestPacket, pace: Pace, replyHeader: () => ReplyHeader): Promise<{ parts: Fragment[]; status: number }> {
    const { header, calls } = packet;
    let status = 0;
    const parts: Fragment[] = [];
    for (const call of calls) {
      const route = findCall(call.operator, call.name);
      const authorised = this.conn.user !== undefined || (header.session !== undefined && this.sessionKnown(header.session));
      try {
        if (typeof route === 'string') throw new AgentError(route, `${route === 'unknownOperator' ? 'Unknown operator' : 'Unknown call'} ${call.operator}/${call.name}`);
        if (!route.public && !authorised) throw new AgentError('notLoggedIn');
        const t = this.tenant(header);
        const ctx: CallContext = {
          tenant: t,
          state: t.state,
          clock: this.host.clock,
          codes: this.host.codes,
          header,
          conn: this.conn,
          tenantFor: (p) => this.host.tenantFor(p),
          ...(header.progress ? { progress: (ev) => this.send(progressPacket({ ...replyHeader(), logSubscription: header.log }, ev), pace) } : {}),
        };
        parts.push(await route.handler(call.body, ctx));
      } catch (e) {
        if (e instanceof AgentError) {
          status = AUTH_ERRORS.has(e.errorName) ? 401 : 400;
          parts.push(agentErrorXml(this.host.codes, e.errorName, e.message));
        } else {
          // A bug in the emulator: log it for the person running the server, answer an error packet.
          this.host.log?.(`virtuozzo: ${call.operator}/${call.name} failed`, { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
          status = 500;
          parts.push(agentErrorXml(this.host.codes, 'internal'));
        }
      }
    }
    return { parts, status };
  }

  private sessionKnown(id: string): boolean {
    const t = this.host.tenantFor(id);
    const s = t.state.sessions[id];
    if (!s) return false;
    this.conn.user ??= s.user;
    this.conn.tenant ??= t;
    this.conn.sessionId ??= id;
    return true;
  }
}
