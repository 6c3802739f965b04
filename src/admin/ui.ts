import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { AdminError } from './inputs';

/** The dashboard's files and their types; nothing else is served under /ui. */
const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/**
 * Same-origin only: the page's scripts, styles and requests come from the admin API itself (no
 * network beyond it), and no other site may frame it (a framed dashboard could be clicked into
 * failing jobs).
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

type Assets = Record<string, Buffer>;
let assets: Promise<Assets> | undefined;

/** dist/ui next to the running code: from dist/src/admin (tsc) or dist/ (the bundle). */
function builtDir(): string | undefined {
  for (const dir of [join(__dirname, '..', '..', 'ui'), join(__dirname, 'ui')]) if (existsSync(join(dir, 'app.js'))) return dir;
  return undefined;
}

/**
 * Built files when running a build; from source (tsx, jest: this file is .ts) the same bundle is
 * made in memory on first request with the build's own script, so a checkout never serves a
 * stale page.
 */
async function load(): Promise<Assets> {
  const fromSource = __filename.endsWith('.ts');
  const dir = fromSource ? undefined : builtDir();
  if (dir) return Object.fromEntries(Object.keys(TYPES).map((name) => [name, readFileSync(join(dir, name))]));
  const script = join(__dirname, '..', '..', 'scripts', 'bundle-ui.js');
  if (!existsSync(script)) throw new AdminError(503, 'the dashboard is not built: run npm run build');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { uiAssets } = require(script) as { uiAssets: () => Promise<Assets> };
  return uiAssets();
}

export async function serveUi(_req: Request, res: Response, file: string): Promise<void> {
  const type = Object.hasOwn(TYPES, file) ? TYPES[file] : undefined;
  if (!type) throw new AdminError(404, `no dashboard file ${file}`);
  assets ??= load().catch((e: unknown) => {
    assets = undefined;
    throw e instanceof AdminError ? e : new AdminError(503, `the dashboard could not be built: ${e instanceof Error ? e.message : String(e)}`);
  });
  const body = (await assets)[file];
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, ...SECURITY_HEADERS });
  res.end(body);
}
