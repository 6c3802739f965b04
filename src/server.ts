import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Engine } from './engine';
import { parseDuration } from './duration';
import { selfSignedTls, type TlsMaterial } from './tls';
import { createHttpHandler } from './transport/http';
import { packetListener } from './transport/packet-socket';
import type { ListenerSpec, Vendor } from './vendor';


function httpHandler(engine: Engine, module: Vendor, listener: string, scheme: 'http' | 'https') {
  return createHttpHandler(engine, module, listener, scheme);
}

export interface ListenOptions {
  host: string;
  /** 'default': each listener's default port; a number: base + offset; 'ephemeral': port 0. */
  ports: 'default' | 'ephemeral' | number;
  tls?: TlsMaterial;
  /** false: serve no HTTPS/TLS listener at all (`--no-tls`). */
  tlsEnabled?: boolean;
}

export interface RunningListener {
  vendor: string;
  listener: string;
  protocol: ListenerSpec['protocol'];
  port: number;
  url: string;
}

type AnyServer = HttpServer | NetServer;

/**
 * Server TLS options. These servers ask no client for a certificate, so they need no trust
 * store: an empty `ca` list keeps Node from building its root store (~140 certificates parsed,
 * some 18 ms at the first context) into every listener's context.
 */
function serverTls(tls: TlsMaterial): { key: string; cert: string; ca: string[] } {
  return { key: tls.key, cert: tls.cert, ca: [] };
}

function isTls(spec: ListenerSpec): boolean {
  return spec.protocol === 'https' || spec.protocol === 'tls';
}

export function portFor(spec: Pick<ListenerSpec, 'defaultPort' | 'offset'>, ports: ListenOptions['ports'], override?: number): number {
  if (override !== undefined) return override;
  if (ports === 'ephemeral') return 0;
  if (ports === 'default') return spec.defaultPort;
  return ports + spec.offset;
}

function urlOf(protocol: ListenerSpec['protocol'], host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return `${protocol}://${h}:${port}`;
}

export function listen(server: AnyServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The listening side of every enabled vendor. */
export class VendorServers {
  private servers: AnyServer[] = [];
  private sockets = new Set<Socket>();
  readonly listeners: RunningListener[] = [];

  constructor(private readonly engine: Engine) {}

  async start(opts: ListenOptions): Promise<RunningListener[]> {
    const wanted = (module: Vendor, spec: ListenerSpec) =>
      !isTls(spec) || (opts.tlsEnabled !== false && this.engine.scenario.vendors[module.name]?.tls !== false);
    const needsTls = [...this.engine.modules.values()].some((m) => this.engine.enabled(m.name) && m.listeners.some((l) => isTls(l) && wanted(m, l)));
    const tls = opts.tls ?? (needsTls ? await selfSignedTls() : undefined);
    for (const module of this.engine.modules.values()) {
      if (!this.engine.enabled(module.name)) continue;
      const overrides = this.engine.scenario.vendors[module.name]?.ports ?? {};
      const urls: Record<string, string> = {};
      for (const spec of module.listeners) {
        if (!wanted(module, spec)) continue;
        const server = this.create(module, spec, tls);
        this.track(server);
        let port: number;
        try {
          port = await listen(server, portFor(spec, opts.ports, overrides[spec.name]), opts.host);
        } catch (e) {
          await this.stop();
          const err = e as NodeJS.ErrnoException;
          throw new Error(`${module.name} ${spec.name} listener: ${err.code === 'EADDRINUSE' ? `port ${err.message.split(':').pop()} is in use (try --port-base)` : err.message}`);
        }
        this.servers.push(server);
        const url = urlOf(spec.protocol, opts.host, port);
        urls[spec.name] = url;
        this.listeners.push({ vendor: module.name, listener: spec.name, protocol: spec.protocol, port, url });
      }
      this.engine.urls.set(module.name, urls);
    }
    return this.listeners;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers = [];
  }

  private track(server: AnyServer): void {
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    server.on('secureConnection', (s: Socket) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
  }

  /** Node's HTTP limits: how long a client may take to send a request (`limits.requestTimeout`), headers at most 64 KiB. */
  private httpOptions() {
    const limit = this.engine.scenario.limits?.requestTimeout;
    const requestTimeout = limit !== undefined ? parseDuration(limit) : 300_000;
    return {
      keepAliveTimeout: 65_000,
      requestTimeout,
      headersTimeout: Math.min(60_000, requestTimeout),
      // Node checks the timeouts this often (30 s by default): often enough for a short limit.
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(requestTimeout / 4))),
      maxHeaderSize: 65_536,
    };
  }

  private create(module: Vendor, spec: ListenerSpec, tls: TlsMaterial | undefined): AnyServer {
    switch (spec.protocol) {
      case 'http':
        return createHttpServer(this.httpOptions(), httpHandler(this.engine, module, spec.name, 'http'));
      case 'https':
        return createHttpsServer({ ...serverTls(tls!), ...this.httpOptions() }, httpHandler(this.engine, module, spec.name, 'https'));
      case 'tcp':
      case 'tls': {
        const onSocket = packetListener(this.engine, module, spec.name);
        // allowHalfOpen: a client that half-closes still gets every answer it asked for.
        return spec.protocol === 'tcp' ? createTcpServer({ allowHalfOpen: true }, onSocket) : createTlsServer({ ...serverTls(tls!), allowHalfOpen: true }, onSocket);
      }
    }
  }
}
