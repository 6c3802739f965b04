import type { NextFunction, Request, Response } from 'express';
import { createServer } from 'node:http';
import type { Harness } from '../harness';
import { listen } from '../server';

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

/** The admin app: JSON over HTTP, YAML accepted for scenarios. Errors are `{"error": ...}`, never a stack. */
export function adminApp(h: Harness): import('express').Express {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require('express') as typeof import('express');
  // The routes (and zod, which checks their bodies) load with Express, on the first admin request.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ADMIN_ROUTES, errorBody } = require('./routes') as typeof import('./routes');
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '10mb', type: ['application/json', '+json'] }));
  app.use(express.text({ limit: '10mb', type: ['application/yaml', 'application/x-yaml', 'text/*'] }));
  for (const route of ADMIN_ROUTES) {
    app[route.method](route.path, async (req: Request, res: Response) => {
      const result = await route.handler(h, req, res);
      if (!res.headersSent) res.json(result);
    });
  }
  app.get('/', (_req, res) => {
    res.json({ name: 'backup-mocks admin API', routes: ADMIN_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}  ${r.summary}`) });
  });
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: `no admin route ${req.method} ${req.path}`, see: 'GET /' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.parse.failed') return void res.status(400).json({ error: `malformed JSON body: ${e.message}` });
    if (e?.type === 'entity.too.large') return void res.status(413).json({ error: 'body too large' });
    const { status, body } = errorBody(err);
    res.status(status).json(body);
  });
  return app;
}

export async function startAdmin(h: Harness, host: string, port: number): Promise<AdminServer> {
  // Express is loaded on the first admin request, so start-up does not wait for it.
  let app: ReturnType<typeof adminApp> | undefined;
  const httpServer = createServer((req, res) => (app ??= adminApp(h))(req, res));
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
