/**
 * A packet protocol's TCP and TLS listeners: one connection is one packet session
 * (src/transport/packet.ts). This side reads and frames, greets, keeps the connection within
 * its limits and ends it: frames are dispatched a batch per event-loop turn, reading pauses
 * while the session is loaded (back-pressure), an idle connection is ended, and a client that
 * half-closes gets every answer it asked for before the server ends its side.
 */
import type { Socket } from 'node:net';
import type { Engine } from '../engine';
import type { PacketSettings } from '../operations/packets';
import type { Vendor } from '../vendor';
import { drained, resetSocket, type PacketSink } from './packet-faults';
import { PacketSplitter, type FrameEvent } from './packet-framing';
import { PACKET_LIMITS, PacketSession } from './packet';

/** The connection handler of a vendor's `tcp`/`tls` listener (its server is made with `allowHalfOpen`). */
export function packetListener(engine: Engine, vendor: Vendor, listener: string): (socket: Socket) => void {
  const codec = vendor.packet;
  if (!codec) throw new Error(`${vendor.name} declares a ${listener} listener but no packet codec`);
  return (socket) => {
    socket.on('error', () => socket.destroy());
    try {
      new PacketConnection(engine, vendor, listener, socket, codec.settings(engine.optionsOf(vendor.name), listener), codec.delimiter);
    } catch (e) {
      engine.log.error(`${vendor.name}: ${listener} connection failed`, { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      socket.destroy();
    }
  };
}

function socketSink(socket: Socket): PacketSink {
  return {
    write: (data) => (socket.destroyed ? true : socket.write(data)),
    drained: () => drained(socket),
    end: () => socket.end(),
    destroy: () => socket.destroy(),
    reset: () => resetSocket(socket),
    get closed() {
      return socket.destroyed || socket.writableEnded;
    },
  };
}

class PacketConnection {
  private readonly session: PacketSession;
  private readonly splitter: PacketSplitter;
  private frames: FrameEvent[] = [];
  private next = 0;
  private scheduled = false;
  private paused = false;
  /** The client half-closed: answer what it asked, then end. */
  private readEnded = false;
  private greetTimer?: NodeJS.Timeout;

  constructor(
    engine: Engine,
    vendor: Vendor,
    listener: string,
    private readonly socket: Socket,
    private readonly settings: PacketSettings,
    delimiter: number,
  ) {
    this.session = new PacketSession(engine, vendor, socketSink(socket), { listener, settings, onRelief: () => this.relieve() });
    this.splitter = new PacketSplitter(settings.maxPacketBytes, delimiter);
    // `auto`: greet a client that stays silent (it waits for the greeting); not one that writes first.
    if (settings.greeting === 'on') this.session.greet();
    else if (settings.greeting === 'auto') this.greetTimer = setTimeout(() => this.session.greet(), settings.greetingWindowMs);
    if (settings.idleTimeoutMs > 0) socket.setTimeout(settings.idleTimeoutMs, () => this.idle());
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('end', () => {
      this.readEnded = true;
      this.finishIfDone();
    });
    socket.on('close', () => {
      clearTimeout(this.greetTimer);
      // Nobody is left to answer: frames not yet dispatched are dropped.
      this.frames = [];
      this.next = 0;
    });
  }

  private get backlog(): number {
    return this.frames.length - this.next;
  }

  private read(chunk: Buffer): void {
    if (this.greetTimer) {
      clearTimeout(this.greetTimer);
      this.greetTimer = undefined;
    }
    for (const ev of this.splitter.push(chunk)) this.frames.push(ev);
    this.flow();
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.backlog === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  /** One batch of frames; the rest wait for the next turn (or for the session's load to fall). */
  private dispatch(): void {
    for (let n = 0; n < PACKET_LIMITS.batch && this.backlog > 0 && this.session.load < PACKET_LIMITS.highWater; n++) {
      const ev = this.frames[this.next++];
      if (ev.kind === 'oversized') this.session.oversized(ev.bytes);
      else void this.session.receive(ev.text);
    }
    if (this.backlog === 0) {
      this.frames = [];
      this.next = 0;
    } else if (this.next > 4 * PACKET_LIMITS.batch) {
      this.frames = this.frames.slice(this.next);
      this.next = 0;
    }
    if (this.session.load < PACKET_LIMITS.highWater) this.schedule();
    this.flow();
    this.finishIfDone();
  }

  /** Read while there is room; pause (the kernel's buffers then hold the client back) while not. */
  private flow(): void {
    const busy = this.backlog > PACKET_LIMITS.batch || this.session.load >= PACKET_LIMITS.highWater;
    if (busy && !this.paused) {
      this.paused = true;
      this.socket.pause();
    } else if (!busy && this.paused && this.session.load <= PACKET_LIMITS.lowWater) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private relieve(): void {
    if (this.session.load < PACKET_LIMITS.highWater) this.schedule();
    this.flow();
    this.finishIfDone();
  }

  private finishIfDone(): void {
    if (this.readEnded && this.backlog === 0 && this.session.load === 0 && !this.socket.writableEnded) this.socket.end();
  }

  /** Silent for the idle timeout: end it, unless something is still being answered. */
  private idle(): void {
    if (this.backlog === 0 && this.session.load === 0) {
      this.socket.end();
      // A client that never closes its side is cut off after one more period.
      this.socket.setTimeout(this.settings.idleTimeoutMs, () => this.socket.destroy());
    } else this.socket.setTimeout(this.settings.idleTimeoutMs, () => this.idle());
  }
}
