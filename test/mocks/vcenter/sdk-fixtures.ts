import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A request as the official Python SDK sent it (fixtures/vcenter/sdk/). */
export interface SdkRequest {
  description: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any;
}

const DIR = join(__dirname, '../../../fixtures/vcenter/sdk');

/** Load a captured SDK request, putting `session` where the capture had `${SESSION}`. */
export function loadSdkRequest(name: string, session = 'no-session'): SdkRequest {
  const text = readFileSync(join(DIR, `${name}.json`), 'utf8').split('${SESSION}').join(session);
  return JSON.parse(text) as SdkRequest;
}

export function loadFixture(path: string): any {
  return JSON.parse(readFileSync(join(__dirname, '../../../fixtures/vcenter', path), 'utf8'));
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/**
 * Send exactly these headers and bytes (supertest and fetch add a content type to string
 * bodies; the SDK's rest connector sends GETs with a `{}` body and none).
 */
export function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib: typeof import('node:https') = url.startsWith('https:') ? require('node:https') : require('node:http');
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) }, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text === '' ? undefined : JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Replay a captured SDK request against a base URL (optionally on another path). */
export function replaySdk(base: string, req: SdkRequest, path = req.path): Promise<RawResponse> {
  return rawRequest(base + path, req.method, req.headers, req.body === null ? undefined : JSON.stringify(req.body));
}

const GOLDEN = join(__dirname, '../../../fixtures/vcenter/golden');

/**
 * `actual` has the documented example's shape: the same keys (less the `optional` ones the page
 * marks Optional and we leave unset), the same JSON types, array items shaped like the seed's.
 */
export function expectShape(actual: unknown, seed: unknown, optional: string[] = [], path = '$'): void {
  if (Array.isArray(seed)) {
    expect(Array.isArray(actual)).toBe(true);
    for (const [i, item] of (actual as unknown[]).entries()) expectShape(item, seed[0], optional, `${path}[${i}]`);
    return;
  }
  if (seed !== null && typeof seed === 'object') {
    expect(actual !== null && typeof actual === 'object').toBe(true);
    const want = Object.keys(seed).filter((k) => k in (actual as object) || !optional.includes(k)).sort();
    expect({ path, keys: Object.keys(actual as object).sort() }).toEqual({ path, keys: want });
    for (const k of want) expectShape((actual as any)[k], (seed as any)[k], optional, `${path}.${k}`);
    return;
  }
  expect({ path, type: typeof actual }).toEqual({ path, type: typeof seed });
}

/** Golden answers are written only on purpose (UPDATE_GOLDEN=1); a missing one fails. */
export function golden(name: string, actual: unknown): void {
  const file = join(GOLDEN, `${name}.json`);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
  }
  if (!existsSync(file)) throw new Error(`no golden answer fixtures/vcenter/golden/${name}.json: run the test with UPDATE_GOLDEN=1 to record it, then review it`);
  expect(actual).toEqual(loadFixture(`golden/${name}.json`));
}
