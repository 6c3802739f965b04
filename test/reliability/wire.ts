/**
 * The reliability suite's clients: plain HTTP exchanges, raw bytes on a socket (for what an
 * HTTP library refuses to send: bad framing, header bytes Node would not write, a request cut
 * off half way) and NUL-framed packet connections. Loopback only, every wait bounded: a server
 * that does not answer in time is a failure, never a hang of the suite.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** What a client saw: an answer, or how the exchange ended without one. */
export interface Seen {
  status?: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The exchange ended without a whole answer: the server reset or closed, or nothing came in time. */
  ended?: 'reset' | 'closed' | 'timeout';
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Only loopback targets: the suite never sends traffic elsewhere. */
export function assertLoopback(url: string): URL {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\./.test(host))) throw new Error(`refusing to send to ${url}: loopback only`);
  return u;
}

export interface HttpCall {
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  timeoutMs?: number;
}

/** One HTTP exchange with a fresh connection (http or https, the emulator's certificate is self-signed). */
export function exchange(base: string, call: HttpCall): Promise<Seen> {
  const u = assertLoopback(base);
  const body = call.body === undefined ? undefined : Buffer.isBuffer(call.body) ? call.body : Buffer.from(call.body, 'utf8');
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (s: Seen) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(s);
    };
    const req = send(
      {
        host: u.hostname,
        port: Number(u.port),
        method: call.method ?? 'GET',
        path: call.path,
        agent: false,
        rejectUnauthorized: false,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...call.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const b = Buffer.concat(chunks);
          done({ status: res.statusCode, headers: res.headers, body: b, text: b.toString('utf8') });
        });
        res.on('error', () => {
          const b = Buffer.concat(chunks);
          done({ status: res.statusCode, headers: res.headers, body: b, text: b.toString('utf8'), ended: 'reset' });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ headers: {}, body: Buffer.alloc(0), text: '', ended: 'timeout' });
    }, call.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    req.on('error', (e: NodeJS.ErrnoException) => done({ headers: {}, body: Buffer.alloc(0), text: '', ended: e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'reset' : 'closed' }));
    if (body) req.end(body);
    else req.end();
  });
}

/** A socket to a listener: `http:`/`tcp:` plain, `https:`/`tls:` TLS. */
export function openSocket(url: string): Promise<Socket> {
  const u = assertLoopback(url);
  const tls = u.protocol === 'https:' || u.protocol === 'tls:';
  return new Promise((resolve, reject) => {
    const s: Socket = tls
      ? tlsConnect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => resolve(s))
      : netConnect({ host: u.hostname, port: Number(u.port) }, () => resolve(s));
    s.once('error', reject);
  });
}

export interface RawCall {
  /** Written in order; a function gets the socket (to pause, write more, or destroy it). */
  write: Array<Buffer | string | ((s: Socket) => void | Promise<void>)>;
  /** Destroy the socket right after writing (an abrupt disconnect mid-request): nothing is read. */
  abort?: boolean;
  /** Stop reading after this many bytes of the answer and destroy the socket (a client gone mid-answer). */
  readAtMost?: number;
  timeoutMs?: number;
}

/**
 * Raw bytes on a fresh connection, then whatever comes back until the server closes (send
 * `Connection: close`), `readAtMost` bytes have come, or the timeout. The answer is parsed as
 * HTTP/1.1 when it looks like it (status, headers, a chunked body joined).
 */
export async function raw(url: string, call: RawCall): Promise<Seen> {
  const socket = await openSocket(url);
  const chunks: Buffer[] = [];
  let size = 0;
  const ended = new Promise<Seen['ended'] | undefined>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('timeout');
    }, call.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (call.readAtMost !== undefined && size >= call.readAtMost) {
        clearTimeout(timer);
        socket.destroy();
        resolve(undefined);
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'reset' : 'closed');
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  for (const w of call.write) {
    if (socket.destroyed) break;
    if (typeof w === 'function') await w(socket);
    else await new Promise<void>((resolve) => socket.write(w, () => resolve()));
  }
  if (call.abort) {
    socket.destroy();
    return { headers: {}, body: Buffer.alloc(0), text: '', ended: 'closed' };
  }
  const how = await ended;
  return parseHttp(Buffer.concat(chunks), how);
}

/** An HTTP/1.1 answer from its bytes (status line, headers, body; chunked bodies joined). */
export function parseHttp(bytes: Buffer, ended?: Seen['ended']): Seen {
  const end = bytes.indexOf('\r\n\r\n');
  const head = end >= 0 ? bytes.subarray(0, end).toString('latin1') : '';
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!m) return { headers: {}, body: bytes, text: bytes.toString('utf8'), ...(ended ? { ended } : bytes.length === 0 ? { ended: 'closed' as const } : {}) };
  const headers: IncomingHttpHeaders = {};
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = bytes.subarray(end + 4);
  if (/chunked/i.test(String(headers['transfer-encoding'] ?? ''))) body = dechunk(body);
  return { status: Number(m[1]), headers, body, text: body.toString('utf8'), ...(ended ? { ended } : {}) };
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < b.length) {
    const eol = b.indexOf('\r\n', i);
    if (eol < 0) break;
    const n = parseInt(b.subarray(i, eol).toString('latin1'), 16);
    if (!Number.isFinite(n) || n === 0) break;
    out.push(b.subarray(eol + 2, eol + 2 + n));
    i = eol + 2 + n + 2;
  }
  return Buffer.concat(out);
}

/** A raw HTTP/1.1 request's bytes (Connection: close, so the answer ends with the connection). */
export function httpBytes(method: string, path: string, headers: Record<string, string>, body: Buffer | string = ''): Buffer {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const lines = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (b.length > 0 && !Object.keys(headers).some((k) => /^(content-length|transfer-encoding)$/i.test(k))) lines.push(`content-length: ${b.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}

/** NUL-framed packets read from a connection; `next(n)` waits (bounded) for the first n. */
export class PacketReader {
  readonly packets: string[] = [];
  private buf: Buffer = Buffer.alloc(0);
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  closed = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      let i: number;
      while ((i = this.buf.indexOf(0)) >= 0) {
        this.packets.push(this.buf.subarray(0, i).toString('utf8').trim());
        this.buf = this.buf.subarray(i + 1);
      }
      this.wake();
    });
    const close = () => {
      this.closed = true;
      this.wake(true);
    };
    socket.on('close', close);
    socket.on('error', close);
  }

  private wake(all = false): void {
    for (const w of [...this.waiters]) if (all || this.packets.length >= w.n) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve());
  }

  /** The packets once `n` have come (or fewer, when the connection closes or the time is up). */
  async next(n: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string[]> {
    if (this.packets.length < n && !this.closed) {
      await new Promise<void>((resolve) => {
        const w = { n, resolve };
        const t = setTimeout(() => (this.waiters.splice(this.waiters.indexOf(w), 1), resolve()), timeoutMs);
        w.resolve = () => (clearTimeout(t), resolve());
        this.waiters.push(w);
      });
    }
    return this.packets.slice();
  }

  /** Resolves when the server has closed the connection (or after the timeout, false). */
  async whenClosed(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<boolean> {
    await this.next(Number.MAX_SAFE_INTEGER, timeoutMs);
    return this.closed;
  }
}

/** Write bytes and resolve once they are handed to the kernel. */
export function writeAll(s: Socket, data: Buffer | string): Promise<void> {
  return new Promise((resolve) => (s.destroyed ? resolve() : s.write(data, () => resolve())));
}
