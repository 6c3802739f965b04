import { readFileSync } from 'node:fs';
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
