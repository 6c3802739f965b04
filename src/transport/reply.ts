import type { ServerResponse } from 'node:http';
import type { Reply } from '../vendor';

/** Small builders so doors read as what they answer. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function xml(status: number, text: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/xml; charset=utf-8', ...headers }, body: text };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: { 'content-type': contentType }, body };
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers };
}

/**
 * Write a whole reply, the one writer of both HTTP transports. Headers are set one by one and the
 * body goes to `end`, so that Node frames the answer with its Content-Length (and none for 204 or
 * 304), as the vendors' servers do; `writeHead` first would frame it chunked. A status or header
 * Node cannot send (a vendor bug) becomes a bare 500, never a crash. False when it did.
 */
export function writeReply(res: ServerResponse, reply: Reply): boolean {
  try {
    // Node's own bounds, checked here because it would only throw them from `end`.
    if (!Number.isInteger(reply.status) || reply.status < 100 || reply.status > 999) throw new RangeError(`status ${reply.status}`);
    res.statusCode = reply.status;
    const headers = reply.headers;
    if (headers) for (const name in headers) res.setHeader(name, headers[name]!);
  } catch {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = 500;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ error: 'INTERNAL', message: 'An internal error occurred.' }));
    return false;
  }
  res.end(reply.body);
  return true;
}

/**
 * Whether an answer can still reach the client. Node's HTTP parser ends the connection itself
 * when a later request on it is malformed (its bare 400), so an earlier request's answer is then
 * never sent: the journal says 0 for it. A response still queued behind a pipelined one has no
 * socket yet, and is written once its turn comes.
 */
export function writable(res: ServerResponse): boolean {
  if (res.headersSent || res.destroyed) return false;
  const socket = res.socket;
  return socket === null || (!socket.destroyed && socket.writable);
}
