/**
 * A packet protocol over HTTP (a `stream` door): the packets posted in one body run, in order,
 * in one packet session (src/transport/packet.ts), the same as a TCP connection's, and their
 * packets (progress and replies) stream back as one chunked answer. The request's credentials
 * (the door's `signIn`) log the session in first; a request refused before its packets run is
 * answered by the door's `error` and journalled as an HTTP exchange, the packets as packets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine';
import { EngineError, MockError } from '../errors';
import { explicitTenant } from '../operations/dispatch';
import type { StreamDoor, VendorTypes } from '../operations/types';
import type { Reply, Vendor } from '../vendor';
import { journalHttp, type IncomingHttpRequest } from './http-request';
import { drained, resetSocket, type PacketSink } from './packet-faults';
import { splitPackets } from './packet-framing';
import { PacketSession } from './packet';
import { writable, writeReply } from './reply';

type T = VendorTypes;

export async function servePacketStream(
  engine: Engine,
  vendor: Vendor,
  listener: string,
  door: StreamDoor<T, string>,
  http: IncomingHttpRequest,
  req: IncomingMessage,
  res: ServerResponse,
  tooLarge: boolean,
  started: bigint,
): Promise<void> {
  const codec = vendor.packet;
  const explicit = explicitTenant(http);
  const refuse = (error: unknown, operation: string): void => {
    const reply = render(engine, vendor, door, error, http);
    if (!res.destroyed) {
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    }
    const tenant = engine.tenancy.resolve(vendor.name, undefined, explicit);
    journalHttp(engine, vendor, listener, http, { operation, tenant, status: res.destroyed ? 0 : reply.status, started, matched: true });
  };
  if (!codec) return refuse(new EngineError('INTERNAL', `${vendor.name} has a stream door but no packet codec`), 'unknown');
  if (tooLarge) return refuse(new EngineError('PAYLOAD_TOO_LARGE', `The request body exceeds ${engine.maxBodyBytes} bytes.`), codec.names.oversized);
  const packets = splitPackets(http.rawBody, codec.delimiter);
  if (packets.length === 0) return refuse(new EngineError('BAD_REQUEST', 'The request holds no packet: POST one or more packets.'), codec.names.malformed);

  const sink = streamSink(req, res, door.headers);
  const session = new PacketSession(engine, vendor, sink, { listener, settings: codec.settings(engine.optionsOf(vendor.name), listener), ...(explicit ? { explicitTenant: explicit } : {}) });
  let signIn;
  try {
    signIn = door.signIn?.(http);
  } catch (e) {
    return refuse(e, codec.names.malformed); // credentials the door cannot read (a malformed Basic header)
  }
  if (signIn) {
    const error = await session.signIn(signIn, codec.sniff(packets[0], undefined));
    // The sign-in was journalled as its call; the refusal is its answer, not another exchange.
    if (error !== undefined) return answer(res, render(engine, vendor, door, error, http));
  }
  // In order: a login packet lands before the calls after it.
  for (const packet of packets) {
    if (sink.closed) break;
    await session.receive(packet);
  }
  await session.idle();
  sink.end();
}

/** The door's answer for an error; a vendor bug is logged and answered INTERNAL through the door. */
function render(engine: Engine, vendor: Vendor, door: StreamDoor<T, string>, error: unknown, http: IncomingHttpRequest): Reply {
  let e = error;
  if (!(e instanceof MockError)) {
    engine.log.error(`${vendor.name}: stream failed for ${http.method} ${http.path}`, { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    e = new EngineError('INTERNAL', 'An internal error occurred.');
  }
  try {
    return door.error(e, http, { options: engine.optionsOf(vendor.name), clock: engine.clock });
  } catch (bug) {
    engine.log.error(`${vendor.name}: error rendering failed`, { error: bug instanceof Error ? (bug.stack ?? bug.message) : String(bug) });
    return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'An internal error occurred.' };
  }
}

function answer(res: ServerResponse, reply: Reply): void {
  if (writable(res)) writeReply(res, reply);
}

/** The HTTP side of a session: 200 and the door's headers at the first packet, chunked after. */
function streamSink(req: IncomingMessage, res: ServerResponse, headers: Readonly<Record<string, string>>): PacketSink {
  const open = () => {
    if (!res.headersSent) res.writeHead(200, { ...headers });
  };
  const closed = () => res.writableEnded || res.destroyed;
  return {
    write: (data) => {
      if (closed()) return true;
      open();
      return res.write(data);
    },
    drained: () => drained(res),
    end: () => {
      if (closed()) return;
      open();
      res.end();
    },
    destroy: () => req.socket.destroy(),
    reset: () => resetSocket(req.socket),
    get closed() {
      return closed();
    },
  };
}
