import type { NextFunction, Request, Response } from 'express';
import { createServer, type ServerResponse } from 'node:http';
import type { Harness } from '../harness';
import { listen } from '../server';
import { adminGuard, type AdminAccess } from './guard';

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

/** JSON bodies nested deeper than this are refused before any handler walks them. */
export const MAX_BODY_DEPTH = 100;

/** Whether a parsed JSON value nests deeper than `limit` (iterative: the value may be hostile). */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The admin app: JSON over HTTP, YAML accepted for scenarios. Errors are `{"error": ...}`, never a stack. */
export function adminApp(h: Harness): import('express').Express {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require('express') as typeof import('express');
  // The routes (and zod, which checks their bodies) load with Express, on the first admin request.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ADMIN_ROUTES, errorBody } = require('./routes') as typeof import('./routes');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runRoute } = require('./route') as typeof import('./route');
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '10mb', type: ['application/json', '+json'] }));
  app.use(express.text({ limit: '10mb', type: ['application/yaml', 'application/x-yaml', 'text/*'] }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const sent = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
    if (sent && req.body === undefined) {
      return void res.status(415).json({ error: `unsupported content-type ${JSON.stringify(req.headers['content-type'] ?? '')}: send JSON (application/json), or YAML (application/yaml) to POST /scenario` });
    }
    if (typeof req.body === 'string' && req.path !== '/scenario') {
      return void res.status(415).json({ error: `${req.method} ${req.path} takes a JSON body (content-type: application/json)` });
    }
    if (typeof req.body === 'object' && deeperThan(req.body, MAX_BODY_DEPTH)) {
      return void res.status(400).json({ error: `the JSON body is nested deeper than ${MAX_BODY_DEPTH} levels` });
    }
    next();
  });
  for (const route of ADMIN_ROUTES) {
    app[route.method](route.path, async (req: Request, res: Response) => {
      const result = await runRoute(h, route, req, res);
      if (!res.headersSent) res.json(result);
    });
  }
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: `no admin route ${req.method} ${req.path}`, see: 'GET /' });
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
    if (e?.type === 'entity.parse.failed') return void res.status(400).json({ error: `malformed JSON body: ${e.message}` });
    if (e?.type === 'entity.too.large') return void res.status(413).json({ error: 'body too large (at most 10 MB)' });
    // Other body-parser refusals (unsupported charset or encoding, aborted request) carry a safe message and a 4xx status.
    if (e?.type !== undefined && e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return void res.status(e.status).json({ error: e.message ?? 'bad request' });
    }
    const { status, body } = errorBody(err);
    if (status === 500) {
      // The person running the server sees the stack; the client never does.
      h.engine.log.error(`admin: ${req.method} ${req.path} failed`, { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
    if (res.headersSent) return void res.destroy();
    res.status(status).json(body);
  });
  return app;
}

/** Serve the admin API; requests from foreign Host names and cross-site writes are refused before Express sees them (see guard.ts). */
export async function startAdmin(h: Harness, host: string, port: number, access: Omit<AdminAccess, 'host'> = {}): Promise<AdminServer> {
  const guard = adminGuard({ host, ...access });
  // Express is loaded on the first admin request, so start-up does not wait for it.
  let app: ReturnType<typeof adminApp> | undefined;
  const httpServer = createServer((req, res) => {
    const refusal = guard(req);
    if (refusal) {
      req.resume();
      return sendJson(res, refusal.status, { error: refusal.error });
    }
    (app ??= adminApp(h))(req, res);
  });
  const actual = await listen(httpServer, port, host);
  const h2 = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${h2}:${actual}`,
    close: () =>
      new Promise((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
