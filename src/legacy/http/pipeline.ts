import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay, { type HTTPVersion } from 'find-my-way';
import type { Engine } from '../../engine';
import type { RuleHit } from '../../faults';
import type { Reply, Route, VendorModule } from '../vendor';
import { MockError } from '../vendor';
import { Call } from './call';
import { applyConnectionFault, dribble } from '../../transport/http-faults';
import { nearestRoutes } from '../../transport/nearest';

type RouteEntry = { route: Route<unknown> };

function errorReply(module: VendorModule, call: Call, name: string, message?: string, details?: Record<string, unknown>, error?: MockError): Reply {
  try {
    return module.renderError(name, call, message, details, error);
  } catch {
    // A vendor renderer that throws must not take the request down with it.
    return { status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: name, message }) };
  }
}

/**
 * The request path of every vendor HTTP listener: body limit, routing, tenant, scenario rules,
 * the handler, the reply, the journal. Lean on purpose: this is the benchmarked hot path.
 */
interface CompiledRoutes {
  router: ReturnType<typeof FindMyWay<HTTPVersion.V1>>;
  routeList: string[];
}

const compiled = new WeakMap<readonly Route<unknown>[], Map<string, CompiledRoutes>>();
const NO_ROUTES: readonly Route<unknown>[] = [];

/**
 * One route table per route list (and listener subset): listeners serving the same routes share
 * it, and so do vendors of one family (Commvault and Metallic).
 */
function routesFor(module: VendorModule, listener: string): CompiledRoutes {
  const all: readonly Route<unknown>[] = module.routes ?? NO_ROUTES;
  const routes = all.filter((r) => !r.listeners || r.listeners.includes(listener));
  const key = `${routes.length === all.length ? '*' : listener} ${JSON.stringify(module.router ?? {})}`;
  let byKey = compiled.get(all);
  if (!byKey) compiled.set(all, (byKey = new Map()));
  let c = byKey.get(key);
  if (!c) {
    const router = FindMyWay<HTTPVersion.V1>({
      caseSensitive: module.router?.caseSensitive ?? true,
      ignoreDuplicateSlashes: module.router?.ignoreDuplicateSlashes ?? false,
      ignoreTrailingSlash: module.router?.ignoreTrailingSlash ?? true,
      maxParamLength: 500,
    });
    for (const route of routes) {
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
        router.on(method, route.path, () => undefined, { route } satisfies RouteEntry);
      }
    }
    const routeList = routes.flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).map((m) => `${m} ${r.path}`));
    byKey.set(key, (c = { router, routeList }));
  }
  return c;
}

export function createHttpHandler(engine: Engine, module: VendorModule, listener: string, scheme: 'http' | 'https') {
  const { router, routeList } = routesFor(module, listener);

  return function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > engine.maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      void dispatch(req, res, body, tooLarge, started);
    });
  };

  async function dispatch(req: IncomingMessage, res: ServerResponse, body: Buffer, tooLarge: boolean, started: bigint): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const host = req.headers.host ?? `127.0.0.1`;
    const call = new Call(engine, module, listener, req, path, q >= 0 ? url.slice(q + 1) : '', body, `${scheme}://${host}`);
    let reply: Reply | undefined;
    let hit: RuleHit | undefined;
    let matched = true;
    let nearest: string[] | undefined;
    try {
      if (tooLarge) {
        reply = errorReply(module, call, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${engine.maxBodyBytes} bytes.`);
      } else {
        const found = router.find(req.method as 'GET', path);
        if (!found) {
          matched = false;
          nearest = nearestRoutes(routeList, req.method ?? 'GET', path);
          reply = engine.strict
            ? {
                status: 501,
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ error: `backup-mocks (strict): no ${module.name} route for ${req.method} ${path}`, nearest }),
              }
            : errorReply(module, call, 'NOT_FOUND', `No such resource: ${req.method} ${path}`);
        } else {
          const { route } = found.store as RouteEntry;
          call.params = found.params;
          call.operation = typeof route.operation === 'string' ? route.operation : safeOperation(route, call);
          if (!engine.rules.empty) {
            hit = engine.rules.match({
              vendor: module.name,
              listener,
              tenant: call.tenantId,
              method: call.method,
              path,
              operation: call.operation,
              headers: req.headers,
              body: () => call.parsedBody(),
              rawBody: () => call.text(),
            });
          }
          if (hit) reply = await applyRule(hit, route, call, req, res);
          else reply = await route.handler(call);
        }
      }
    } catch (e) {
      reply = e instanceof MockError
        ? errorReply(module, call, e.code, e.message, e.details, e)
        : internal(module, call, e);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    let status = reply?.status ?? 0;
    if (reply && !res.headersSent && !res.destroyed) {
      if (hit?.action.dribble) await dribble(res, reply, hit.action.dribble, engine.clock);
      else if (reply.stream) await writeStream(res, reply);
      else {
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body);
      }
    } else if (!reply) {
      status = res.statusCode;
    }
    record(call, status, ms, matched, hit, nearest, reply && status !== 0 ? reply : undefined);
  }

  async function applyRule(hit: RuleHit, route: Route<unknown>, call: Call, req: IncomingMessage, res: ServerResponse): Promise<Reply | undefined> {
    const a = hit.action;
    if (a.delay !== undefined) await engine.clock.sleep(engine.rules.delayMs(a.delay));
    if (a.fault) {
      applyConnectionFault(a.fault, req, res);
      return undefined;
    }
    if (a.invalidateAuth) module.invalidateAuth?.(call);
    if (a.respond) {
      const r = a.respond;
      if (r.error !== undefined) {
        const base = errorReply(module, call, r.error, r.message);
        return { ...base, status: r.status ?? base.status, headers: { ...base.headers, ...r.headers } };
      }
      const isText = typeof r.body === 'string';
      return {
        status: r.status ?? 500,
        headers: { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json', ...r.headers },
        body: r.body === undefined ? '' : isText ? (r.body as string) : JSON.stringify(r.body),
      };
    }
    return route.handler(call);
  }

  function record(call: Call, status: number, ms: number, matched: boolean, hit: RuleHit | undefined, nearest?: string[], reply?: Reply): void {
    engine.record({
      vendor: module.name,
      listener,
      tenant: call.tenantId,
      operation: call.operation,
      method: call.method,
      path: call.path,
      query: call.query,
      headers: call.headers as Record<string, unknown>,
      body: call.rawBody.length ? applyVendorMask(call.text()) : '',
      contentType: call.contentType,
      status,
      durationMs: Math.round(ms * 1000) / 1000,
      matched,
      ...(hit ? { rule: hit.label } : {}),
      ...(nearest ? { nearest } : {}),
      ...(reply ? { response: { ...(reply.headers ? { headers: reply.headers } : {}), body: reply.body ?? '', streamed: reply.stream !== undefined, mask: applyVendorMask } } : {}),
    });
  }

  function applyVendorMask(text: string): string {
    return module.maskBody ? module.maskBody(text) : text;
  }

  function safeOperation(route: Route<unknown>, call: Call): string {
    try {
      return (route.operation as (c: Call) => string)(call);
    } catch {
      return 'unknown';
    }
  }

  function internal(module: VendorModule, call: Call, e: unknown): Reply {
    // Log the stack for the person running the server; the client sees the vendor's own error.
    engine.log.error(`${module.name}: handler failed for ${call.method} ${call.path}`, {
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
    return errorReply(module, call, 'INTERNAL', 'An internal error occurred.');
  }
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
