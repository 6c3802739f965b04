import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Engine } from '../engine';
import type { Vendor } from '../vendor';
import { createHttpHandler, type MountedRequest } from './http';

/** What Express adds to a request that the door reads: the mount path, the scheme (trust proxy honoured), a parsed body. */
type ExpressRequest = IncomingMessage & { baseUrl?: string; protocol?: string; body?: unknown };

/**
 * The vendor's HTTP door as a handler to mount in an Express app: the same handler as the
 * node:http listeners (src/transport/http.ts), told where it is mounted. Links the vendor writes
 * (DDS's Keystone catalogue) carry the mount path; a body a middleware before it has parsed is
 * used as it was read (Buffer or text), or as JSON again (objects).
 */
const MOUNTED: MountedRequest = {
  baseUrl(req) {
    const r = req as ExpressRequest;
    const scheme = r.protocol ?? ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
    return `${scheme}://${req.headers.host ?? '127.0.0.1'}${r.baseUrl ?? ''}`;
  },
  body(req) {
    if (!req.readableEnded) return undefined;
    const body = (req as ExpressRequest).body;
    if (Buffer.isBuffer(body)) return body;
    if (typeof body === 'string') return Buffer.from(body, 'utf8');
    if (typeof body === 'object' && body !== null && Object.keys(body).length > 0) return Buffer.from(JSON.stringify(body), 'utf8');
    return Buffer.alloc(0);
  },
};

export function mountedHandler(engine: Engine, vendor: Vendor, listener: string): (req: IncomingMessage, res: ServerResponse) => void {
  return createHttpHandler(engine, vendor, listener, 'http', MOUNTED);
}
