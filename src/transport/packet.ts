/**
 * A packet session: one TCP/TLS connection (src/transport/packet-socket.ts) or one HTTP stream
 * (src/transport/packet-http.ts) of a packet protocol, whatever the vendor (its codec:
 * src/operations/packets.ts). For each packet: decode it, find each call's operation, the tenant,
 * the scenario rule and its faults (src/transport/packet-faults.ts), then authenticate, decode
 * and run every call (src/operations/dispatch.ts), send their one reply through the outbox and
 * journal it. Packets of one session are answered concurrently (a client may list backups while
 * a backup streams progress); the outbox writes their packets one at a time, in order.
 */
import type { Engine } from '../engine';
import { EngineError, MockError } from '../errors';
import { Call, invoke, ruleError, ruleFor } from '../operations/dispatch';
import type { DecodedCall, PacketAnswer, PacketCodec, PacketContext, PacketSettings } from '../operations/packets';
import { compileVendor, type Bound, type CompiledVendor } from '../operations/table';
import type { PacketDoor, PacketRequest, VendorTypes } from '../operations/types';
import type { Vendor } from '../vendor';
import { applyPacketFault, paceOf, type Pace, type PacketSink } from './packet-faults';
import { Outbox } from './packet-outbox';

type T = VendorTypes;

/**
 * How much one session may hold at once (`load`: packets being answered plus packets waiting in
 * the outbox). Over `highWater` its transport stops reading until `lowWater`; a connection's
 * frames are dispatched at most `batch` per event-loop turn, so a flood of packets on one
 * connection never keeps the others (and the admin API) waiting.
 */
export const PACKET_LIMITS = { highWater: 256, lowWater: 64, batch: 64 } as const;

export interface SessionOptions {
  readonly listener: string;
  readonly settings: PacketSettings;
  /** The tenant every call belongs to (an HTTP stream's `x-mock-tenant`). */
  readonly explicitTenant?: string;
  /** The session's load fell (a packet answered, a packet written). */
  readonly onRelief?: () => void;
}

/** One call of a packet, resolved to its operation (if any) and wrapped for dispatch. */
interface PacketCall {
  readonly key: string;
  readonly bound: Bound | undefined;
  readonly call: Call;
}

/** What a packet's journal entry says, gathered on its way. */
interface Exchange {
  readonly operation: string;
  readonly path: string;
  readonly text: string;
  readonly started: bigint;
  readonly matched: boolean;
  readonly tenant: string;
  rule?: string;
  fault?: string;
  /** The reply packet sent (progress packets are not kept). */
  answer?: string;
}

export class PacketSession {
  readonly conn: object;
  private readonly codec: PacketCodec<T>;
  private readonly compiled: CompiledVendor;
  private readonly options: object;
  private readonly ctx: PacketContext<T>;
  private readonly outbox: Outbox;
  private inflight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly engine: Engine,
    private readonly vendor: Vendor,
    private readonly sink: PacketSink,
    private readonly opts: SessionOptions,
  ) {
    if (!vendor.packet) throw new Error(`${vendor.name} has no packet codec`);
    this.codec = vendor.packet;
    this.compiled = compileVendor(vendor);
    this.conn = vendor.newConn();
    this.options = engine.optionsOf(vendor.name);
    this.ctx = { conn: this.conn, options: this.options, clock: engine.clock, listener: opts.listener };
    this.outbox = new Outbox(sink, engine.clock, opts.settings.writeGapMs, () => this.relieve(), (e) =>
      engine.log.error(`${vendor.name}: packet outbox failed`, { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  }

  /** Packets being answered plus packets waiting to be written. */
  get load(): number {
    return this.inflight + this.outbox.size;
  }

  /** Answer one packet (its text without the delimiter). Resolves once its reply is queued. */
  receive(text: string): Promise<void> {
    this.inflight++;
    const started = process.hrtime.bigint();
    return this.handle(text, started)
      .catch((e: unknown) => this.engine.log.error(`${this.vendor.name}: packet failed`, { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }))
      .finally(() => {
        this.inflight--;
        this.relieve();
      });
  }

  /** A packet over the size limit was skipped: refuse it, keep the connection. */
  oversized(bytes: number): void {
    const error = new EngineError('PAYLOAD_TOO_LARGE', `Packet of ${bytes} bytes is too large`);
    this.refuse(undefined, error, this.codec.names.oversized, `(${bytes} bytes)`, process.hrtime.bigint());
  }

  /** The greeting, written at once (before anything the client asked for). */
  greet(): void {
    if (this.sink.closed) return;
    const packet = this.safely(() => this.codec.greeting(this.ctx), 'writing the greeting');
    if (packet !== undefined) this.sink.write(this.codec.frame(packet));
  }

  /**
   * Run a login call that stands for the transport's own credentials (an HTTP stream's Basic
   * header) and send no reply: resolves with its error, or undefined when it succeeded.
   */
  async signIn(decoded: DecodedCall, header: unknown): Promise<unknown> {
    const started = process.hrtime.bigint();
    const c = this.callOf(decoded, header, '');
    const tenant = c.call.resolveTenant(this.engine, this.vendor, this.opts.explicitTenant);
    const [answer] = await this.run([c], header, paceOf(undefined));
    this.record({ operation: c.bound?.op.name ?? c.key, path: this.codec.path(c.key), text: '', started, matched: c.bound !== undefined, tenant }, this.statusOf(answer));
    return answer.error;
  }

  /** Every packet answered and written (an HTTP stream ends then). */
  idle(): Promise<void> {
    return this.load === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async handle(text: string, started: bigint): Promise<void> {
    let packet;
    try {
      packet = this.codec.decode(text);
    } catch (e) {
      const error = this.vendorError(e, 'decoding a packet');
      const header = this.safely(() => this.codec.sniff(text, e), 'reading a broken header');
      this.refuse(header, error, this.codec.names.malformed, text, started);
      return;
    }
    const header = packet.header;
    const calls = packet.calls.map((c) => this.callOf(c, header, text));
    const first = calls[0];
    const operation = first.bound?.op.name ?? first.key;
    const x: Exchange = {
      operation,
      path: this.codec.path(first.key),
      text,
      started,
      matched: calls.every((c) => c.bound !== undefined),
      tenant: first.call.resolveTenant(this.engine, this.vendor, this.opts.explicitTenant),
    };
    const hit = ruleFor(this.engine, this.vendor, first.call, operation, this.opts.listener, () => packet, () => text);
    const pace = paceOf(hit);
    let answers: PacketAnswer<T>[] | undefined;
    let literal: string | undefined;
    if (hit) {
      const a = hit.action;
      x.rule = hit.label;
      if (a.delay !== undefined) await this.engine.clock.sleep(this.engine.rules.delayMs(a.delay));
      if (a.fault) {
        x.fault = a.fault;
        const effect = applyPacketFault(a.fault, this.sink, pace, this.codec.delimiter);
        if (effect.finished) return this.record(x, 0);
        if (effect.before !== undefined) this.send(this.codec.frame(effect.before), pace);
      }
      if (a.invalidateAuth && this.vendor.invalidateAuth) {
        first.call.enterTenant(this.engine, this.vendor);
        this.vendor.invalidateAuth(first.call);
      }
      const r = a.respond;
      if (r?.error !== undefined) answers = [{ key: first.key, ...(first.bound ? { op: first.bound.op } : {}), error: ruleError(this.vendor, hit) }];
      else if (r) literal = typeof r.body === 'string' ? r.body : r.body === undefined ? '' : JSON.stringify(r.body);
    }
    let status = 200;
    let reply = literal;
    if (reply === undefined) {
      answers ??= await this.run(calls, header, pace);
      status = Math.max(200, ...answers.map((a) => this.statusOf(a)));
      const done = answers;
      reply = this.safely(() => this.codec.reply(header, done, this.ctx), 'encoding a reply') ?? this.safely(() => this.codec.refuse(header, internal(), this.ctx), 'encoding a refusal');
    }
    if (reply === undefined) return this.record(x, 500);
    x.answer = reply;
    this.send(this.codec.frame(reply), pace, (outcome) => {
      if (pace.dropped) x.fault ??= 'dropAfterPackets';
      this.record(x, outcome === 'sent' ? status : 0);
    });
    if (this.codec.ends?.(this.conn)) this.outbox.end();
  }

  /** Authenticate, decode and run each call in order; an error becomes that call's answer. */
  private async run(calls: readonly PacketCall[], header: unknown, pace: Pace): Promise<PacketAnswer<T>[]> {
    const progress = this.safely(() => this.codec.wantsProgress(header), 'reading the header') ? (event: unknown) => this.progress(header, event, pace) : undefined;
    const answers: PacketAnswer<T>[] = [];
    for (const c of calls) {
      if (!c.bound) {
        answers.push({ key: c.key, error: this.codec.unknown(c.key, this.compiled.packetKeys) });
        continue;
      }
      const op = c.bound.op;
      try {
        // A login earlier in the packet may have moved the connection to its tenant.
        c.call.resolveTenant(this.engine, this.vendor, this.opts.explicitTenant);
        answers.push({ key: c.key, op, value: await invoke(this.engine, this.vendor, c.bound, c.call, progress) });
      } catch (e) {
        answers.push({ key: c.key, op, error: this.vendorError(e, c.key) });
      }
    }
    return answers;
  }

  private progress(header: unknown, event: unknown, pace: Pace): void {
    const packet = this.safely(() => this.codec.progress(header, event, this.ctx), 'encoding progress');
    if (packet !== undefined) this.send(this.codec.frame(packet), pace);
  }

  private callOf(decoded: DecodedCall, header: unknown, text: string): PacketCall {
    const bound = this.compiled.packet(decoded.key);
    const request: PacketRequest = { listener: this.opts.listener, header, key: decoded.key, body: decoded.body, raw: text, path: this.codec.path(decoded.key) };
    const decode = () => (bound ? (this.vendor.doors[bound.door] as PacketDoor<T, string>).decode(request, bound.binding, bound.op) : decoded.body);
    return { key: decoded.key, bound, call: new Call(bound?.door ?? '', bound?.binding ?? {}, header, undefined, request, this.conn, decode, this.options) };
  }

  /** Answer a whole packet with the codec's refusal (unreadable, too large). */
  private refuse(header: unknown, error: unknown, operation: string, text: string, started: bigint): void {
    const tenant = this.engine.tenancy.resolve(this.vendor.name, undefined, this.opts.explicitTenant);
    const x: Exchange = { operation, path: this.codec.path(operation), text, started, matched: false, tenant };
    const status = this.statusOf({ key: operation, error });
    const reply = this.safely(() => this.codec.refuse(header, error, this.ctx), 'encoding a refusal');
    if (reply === undefined) return this.record(x, 500);
    x.answer = reply;
    this.send(this.codec.frame(reply), undefined, (outcome) => this.record(x, outcome === 'sent' ? status : 0));
  }

  /** The vendor's error as thrown, or INTERNAL for a bug (logged with its stack, never sent). */
  private vendorError(e: unknown, what: string): unknown {
    if (e instanceof MockError) return e;
    this.engine.log.error(`${this.vendor.name}: ${what} failed`, { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    return internal();
  }

  /** A codec call that must not take the session down (a vendor bug is logged and answered INTERNAL). */
  private safely<R>(f: () => R, what: string): R | undefined {
    try {
      return f();
    } catch (e) {
      this.engine.log.error(`${this.vendor.name}: ${what} failed`, { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return undefined;
    }
  }

  private statusOf(answer: PacketAnswer<T>): number {
    return this.safely(() => this.codec.status(answer), 'the status of an answer') ?? 500;
  }

  private send(data: Buffer, pace?: Pace, done?: (outcome: 'sent' | 'closed') => void): void {
    this.outbox.send(data, pace, done);
  }

  private relieve(): void {
    this.opts.onRelief?.();
    if (this.load === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private record(x: Exchange, status: number): void {
    this.engine.record({
      vendor: this.vendor.name,
      listener: this.opts.listener,
      tenant: x.tenant,
      operation: x.operation,
      method: 'PACKET',
      path: x.path,
      query: {},
      body: x.text,
      status,
      ...(x.answer !== undefined && status !== 0 ? { response: { body: x.answer } } : {}),
      durationMs: Math.round(Number(process.hrtime.bigint() - x.started) / 1e3) / 1e3,
      matched: x.matched,
      ...(x.rule ? { rule: x.rule } : {}),
      ...(x.fault ? { fault: x.fault } : {}),
    });
  }
}

function internal(): EngineError {
  return new EngineError('INTERNAL', 'An internal error occurred.');
}
