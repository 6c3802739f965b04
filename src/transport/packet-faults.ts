/**
 * The packet transport's fault injector: a scenario rule's fault (src/faults.ts) carried out on a
 * packet connection, the way src/transport/http-faults.ts carries it out on an HTTP one, and the
 * pacing a rule puts on one request's packets (`packetDelay`, `dropAfterPackets`).
 */
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { parseDuration } from '../duration';
import type { FaultKind, RuleHit } from '../faults';

/** Where packets go: a TCP/TLS socket, or an HTTP response streaming them. */
export interface PacketSink {
  /** Write bytes; false when the transport's buffer is full (then wait for `drained`). */
  write(data: Buffer): boolean;
  drained(): Promise<void>;
  /** A clean end (after a logout; an HTTP stream's last packet). */
  end(): void;
  /** Close at once, without ending cleanly (a dropped connection). */
  destroy(): void;
  /** Close with a TCP reset. */
  reset(): void;
  readonly closed: boolean;
}

/** Resolves when a stream that refused a write has drained (or closed). */
export function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writableNeedDrain) return resolve();
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Close with a TCP reset (a TLS socket, or one already closing, is just destroyed). */
export function resetSocket(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** Not a packet at all: what `garbage_packet` and `random_data_then_close` send. */
export const GARBAGE = '\u0001\u0002#garbage: not a packet <<<';

/** A rule's pacing of one request's packets (progress and reply). */
export interface Pace {
  /** Virtual ms between two packets of the request (the first goes at once). */
  readonly delay: number;
  /** Close the connection instead of sending packet N+1. */
  readonly dropAfter?: number;
  sent: number;
  /** The connection was closed by `dropAfter`. */
  dropped?: boolean;
}

export function paceOf(hit: RuleHit | undefined): Pace {
  const a = hit?.action;
  return { delay: a?.packetDelay !== undefined ? parseDuration(a.packetDelay) : 0, ...(a?.dropAfterPackets !== undefined ? { dropAfter: a.dropAfterPackets } : {}), sent: 0 };
}

/**
 * What a fault does to a packet before it is answered. `finished`: the packet gets no answer
 * (the connection is gone); otherwise it is answered as usual after `before` (garbage) is sent.
 * `drop` and `connection_reset` with `dropAfterPackets` drop mid-stream instead (see Pace).
 * `malformed_chunk` is HTTP's chunked framing and does nothing to packets.
 */
export function applyPacketFault(kind: FaultKind, sink: PacketSink, pace: Pace, delimiter: number): { finished: boolean; before?: string } {
  switch (kind) {
    case 'drop':
      if (pace.dropAfter !== undefined) return { finished: false };
      sink.destroy();
      return { finished: true };
    case 'connection_reset':
      if (pace.dropAfter !== undefined) return { finished: false };
      sink.reset();
      return { finished: true };
    case 'empty_response':
      sink.end();
      return { finished: true };
    case 'random_data_then_close':
      sink.write(Buffer.from(GARBAGE + String.fromCharCode(delimiter), 'latin1'));
      sink.destroy();
      return { finished: true };
    case 'garbage_packet':
      return { finished: false, before: GARBAGE };
    case 'malformed_chunk':
      return { finished: false };
  }
}
