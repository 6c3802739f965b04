/**
 * The HTTP door of every vendor listener (node:http + find-my-way): body limit, routing to an
 * operation, the scenario rule and its faults, the operation (src/operations/dispatch.ts), the
 * door's encoding, the journal. Lean on purpose: this is the benchmarked hot path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine';
import { EngineError, MockError } from '../errors';
import type { RuleHit } from '../faults';
import { Call, explicitTenant, invoke, ruleError, ruleFor } from '../operations/dispatch';
import { compileVendor, pickCandidate, type Bound, type HttpTarget } from '../operations/table';
import type { MuxDoor, RouteDoor, StreamDoor, VendorTypes } from '../operations/types';
import type { Reply, Vendor } from '../vendor';
import { applyConnectionFault, dribble } from './http-faults';
import { IncomingHttpRequest, journalHttp } from './http-request';
import { servePacketStream } from './packet-http';
import { nearestRoutes } from './nearest';
import { writable, writeReply } from './reply';

type T = VendorTypes;
type HttpDoor = RouteDoor<T, string> | MuxDoor<T, string> | StreamDoor<T, string>;

/** Where a request stands once routed: which door answers it, and which operation (if any) it reached. */
interface Routed {
  door: HttpDoor | undefined;
  doorName: string;
  bound?: Bound;
  envelope?: unknown;
  matched: boolean;
  /** The path has operations, but none for these query values. */
  near?: readonly string[];
}

/** The vendor's first HTTP door answers what no door claims. */
function defaultDoor(vendor: Vendor): [string, HttpDoor] | undefined {
  for (const [name, door] of Object.entries(vendor.doors)) if (door.kind !== 'packet') return [name, door as HttpDoor];
  return undefined;
}

/**
 * How a door mounted in someone else's server (src/transport/express.ts) sees its requests: the
 * base URL the client reached it at (mount path included), and the body when a middleware before
 * it has read the stream already.
 */
export interface MountedRequest {
  baseUrl(req: IncomingMessage): string;
  body?(req: IncomingMessage): Buffer | undefined;
}

/** The body of a request that has none (never written to: a zero-length Buffer). */
const NO_BODY = Buffer.alloc(0);

export function createHttpHandler(engine: Engine, vendor: Vendor, listener: string, scheme: 'http' | 'https', mounted?: MountedRequest) {
  const compiled = compileVendor(vendor);
  const { router, routeList } = compiled.http(listener);
  const fallback = defaultDoor(vendor);

  return function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    const read = mounted?.body?.(req);
    if (read) {
      const tooLarge = read.length > engine.maxBodyBytes;
      void dispatch(req, res, tooLarge ? Buffer.alloc(0) : read, tooLarge, started);
      return;
    }
    const { 'content-length': length, 'transfer-encoding': coding } = req.headers;
    if (coding === undefined && (length === undefined || length === '0')) {
      // A request without a body (RFC 9112 6.3: neither header): answer now, without waiting a
      // turn of the event loop for the 'end' of nothing. The stream is drained for keep-alive.
      req.on('error', () => res.destroy());
      req.resume();
      void dispatch(req, res, NO_BODY, false, started);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > engine.maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        // Far past the limit: stop reading (the client gets no answer, but the server stays bounded).
        if (size > engine.maxBodyBytes * 8 + 65536) req.socket.destroy();
      } else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      void dispatch(req, res, body, tooLarge, started);
    });
  };

  /**
   * find-my-way matches nothing, not even a wildcard, when a parameter's percent-encoding does not
   * decode (`/rest/.../parts/%E0%A4%A`): such a path is routed with its `%` taken literally, so the
   * door it belongs to answers it (an unknown id, in that door's shape).
   */
  function findRoute(method: 'GET', path: string): ReturnType<typeof router.find> {
    return router.find(method, path) ?? (path.includes('%') ? router.find(method, path.replace(/%/g, '%25')) : null);
  }

  function route(http: IncomingHttpRequest, found: ReturnType<typeof router.find>): Routed {
    if (!found) return { door: fallback?.[1], doorName: fallback?.[0] ?? '', matched: false };
    const target = found.store as HttpTarget;
    http.params = found.params;
    if (target.kind === 'fallback') return { door: vendor.doors[target.door] as HttpDoor, doorName: target.door, matched: false };
    if (target.kind === 'mux' || target.kind === 'stream') return { door: vendor.doors[target.door] as MuxDoor<T, string> | StreamDoor<T, string>, doorName: target.door, matched: true };
    const bound = pickCandidate(target, http.query);
    const first = target.candidates[0];
    const door = vendor.doors[(bound ?? first).door] as HttpDoor;
    return bound
      ? { door, doorName: bound.door, bound, matched: true }
      : { door, doorName: first.door, matched: false, near: target.candidates.map((c) => c.op.name) };
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, body: Buffer, tooLarge: boolean, started: bigint): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const base = mounted ? mounted.baseUrl(req) : `${scheme}://${req.headers.host ?? '127.0.0.1'}`;
    const http = new IncomingHttpRequest(req, listener, path, q >= 0 ? url.slice(q + 1) : '', body, base);
    const routed = route(http, findRoute((req.method ?? 'GET') as 'GET', path));
    // A stream door's packets are the packet transport's: sessions, rules and journal per packet.
    if (routed.matched && routed.door?.kind === 'stream') return servePacketStream(engine, vendor, listener, routed.door, http, req, res, tooLarge, started);
    let operation = routed.bound?.op.name ?? (routed.matched ? 'unknown' : 'unmatched');
    let tenantId: string | undefined;
    let reply: Reply | undefined;
    let hit: RuleHit | undefined;
    let fault: string | undefined;
    let nearest: string[] | undefined;
    try {
      if (tooLarge) throw new EngineError('PAYLOAD_TOO_LARGE', `The request body exceeds ${engine.maxBodyBytes} bytes.`);
      if (!routed.matched || !routed.door) {
        nearest = nearestRoutes([...routeList], req.method ?? 'GET', path);
        if (engine.strict) {
          reply = strictReply(vendor.name, req.method ?? 'GET', path, nearest);
        } else if (routed.near) {
          throw new EngineError('OPERATION_NOT_FOUND', `No operation of ${req.method} ${path} answers these query values.`, routed.near);
        } else throw new EngineError('NOT_FOUND', `No such resource: ${req.method} ${path}`);
      } else {
        let bound = routed.bound;
        // Stream doors were handed to the packet transport above.
        if (routed.door.kind === 'stream') throw new EngineError('INTERNAL', 'a stream door reached the operation path');
        if (routed.door.kind === 'mux') {
          const parsed = routed.door.parse(http);
          routed.envelope = parsed.envelope;
          bound = compiled.mux(routed.doorName, parsed.key);
          // An unknown key is journalled as itself: what the client asked for.
          if (!bound) {
            operation = parsed.key;
            throw routed.door.unknown(parsed.key, parsed.envelope);
          }
          operation = bound.op.name;
        }
        const door = routed.door;
        const at = bound!;
        const call = new Call(routed.doorName, at.binding, routed.envelope, http, undefined, vendor.newConn(), () => door.decode(http, at.binding, at.op, routed.envelope), engine.optionsOf(vendor.name));
        tenantId = call.resolveTenant(engine, vendor, explicitTenant(http));
        hit = ruleFor(engine, vendor, call, at.op.name, listener, () => http.ruleBody(), () => http.text());
        if (hit) {
          const a = hit.action;
          if (a.delay !== undefined) await engine.clockFor(tenantId).sleep(engine.rules.delayMs(a.delay));
          if (a.fault) {
            fault = a.fault;
            const status = applyConnectionFault(a.fault, req, res);
            record(http, operation, tenantId, status, started, true, hit, fault);
            return;
          }
          if (a.invalidateAuth && vendor.invalidateAuth) {
            call.enterTenant(engine, vendor);
            vendor.invalidateAuth(call);
          }
          if (a.respond) reply = ruleReply(hit, door, http, routed.envelope);
        }
        if (!reply) {
          const value = await invoke(engine, vendor, at, call);
          reply = door.encode(value, { op: at.op, binding: at.binding, envelope: routed.envelope, http });
        }
      }
    } catch (e) {
      reply = render(routed.door, e, http, routed.envelope);
    }
    tenantId ??= resolveQuietly(http);
    let status = reply.status;
    if (writable(res)) {
      if (hit?.action.dribble) await dribble(res, reply, hit.action.dribble, engine.clockFor(tenantId));
      else if (reply.stream) await writeStream(res, reply);
      else if (!writeReply(res, reply)) status = 500;
    } else status = 0;
    record(http, operation, tenantId, status, started, routed.matched, hit, fault, nearest, status === 0 ? undefined : reply);
  }

  /** A rule's literal answer or named vendor error, through the door. */
  function ruleReply(hit: RuleHit, door: HttpDoor, http: IncomingHttpRequest, envelope: unknown): Reply {
    const r = hit.action.respond!;
    if (r.error !== undefined) {
      const base = render(door, ruleError(vendor, hit), http, envelope);
      return { ...base, status: r.status ?? base.status, headers: { ...base.headers, ...r.headers } };
    }
    const isText = typeof r.body === 'string';
    return {
      status: r.status ?? 500,
      headers: { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json', ...r.headers },
      body: r.body === undefined ? '' : isText ? (r.body as string) : JSON.stringify(r.body),
    };
  }

  /** The door's rendering of an error; a bug (not a MockError) is logged with its stack and answered INTERNAL. */
  function render(door: HttpDoor | undefined, e: unknown, http: IncomingHttpRequest, envelope: unknown): Reply {
    let error = e;
    if (!(e instanceof MockError)) {
      engine.log.error(`${vendor.name}: operation failed for ${http.method} ${http.path}`, { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      error = new EngineError('INTERNAL', 'An internal error occurred.');
    }
    try {
      if (door?.kind === 'stream') return door.error(error, http, { options: engine.optionsOf(vendor.name), clock: engine.clock });
      if (door) return door.error(error, http, envelope);
    } catch (bug) {
      engine.log.error(`${vendor.name}: error rendering failed`, { error: bug instanceof Error ? (bug.stack ?? bug.message) : String(bug) });
    }
    // A vendor renderer that throws must not take the request down with it.
    return { status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'INTERNAL', message: 'An internal error occurred.' }) };
  }

  function resolveQuietly(http: IncomingHttpRequest): string {
    return engine.tenancy.resolve(vendor.name, undefined, explicitTenant(http));
  }

  function record(http: IncomingHttpRequest, operation: string, tenant: string, status: number, started: bigint, matched: boolean, hit?: RuleHit, fault?: string, nearest?: string[], reply?: Reply): void {
    journalHttp(engine, vendor, listener, http, { operation, tenant, status, started, matched, rule: hit?.label, fault, nearest, reply });
  }
}

function strictReply(vendor: string, method: string, path: string, nearest: string[]): Reply {
  return {
    status: 501,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: `backup-mocks (strict): no ${vendor} route for ${method} ${path}`, nearest }),
  };
}

async function writeStream(res: ServerResponse, reply: Reply): Promise<void> {
  res.writeHead(reply.status, reply.headers);
  try {
    for await (const chunk of reply.stream!) {
      if (res.destroyed) break;
      res.write(chunk);
    }
  } finally {
    res.end();
  }
}
