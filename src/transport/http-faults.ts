import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import type { FaultKind, RuleAction } from '../faults';
import { parseDuration } from '../duration';
import type { Reply } from '../vendor';

/** Break the connection the way WireMock's Fault kinds do. Returns the status to journal (0: none). */
export function applyConnectionFault(kind: FaultKind, req: IncomingMessage, res: ServerResponse): number {
  const socket = req.socket;
  switch (kind) {
    case 'connection_reset':
    case 'drop':
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return 0;
    case 'empty_response':
      socket.end();
      socket.destroy();
      return 0;
    case 'malformed_chunk':
      // A good status line and headers, then chunked framing that is not.
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nlol\r\n{"partial":');
      socket.destroy();
      return 200;
    case 'random_data_then_close':
    case 'garbage_packet':
      socket.write(randomBytes(64));
      socket.destroy();
      return 0;
    default:
      res.destroy();
      return 0;
  }
}

/** Send a reply slowly: `chunkBytes` at a time, one chunk every `every` of virtual time. */
export async function dribble(res: ServerResponse, reply: Reply, spec: NonNullable<RuleAction['dribble']>, clock: Clock): Promise<void> {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : (reply.body ?? Buffer.alloc(0));
  const headers = { ...(reply.headers ?? {}) };
  res.writeHead(reply.status, headers);
  const every = parseDuration(spec.every);
  for (let i = 0; i < body.length; i += spec.chunkBytes) {
    if (res.destroyed) return;
    res.write(body.subarray(i, i + spec.chunkBytes));
    if (i + spec.chunkBytes < body.length) await clock.sleep(every);
  }
  res.end();
}
