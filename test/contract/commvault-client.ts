/**
 * A Commvault REST client over real sockets for the contract tests: one format both ways, as
 * cvpysdk's make_request does for JSON (and its XML twin), an Authtoken once logged in.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { decode, encodeXml, type WireObject } from '../../mocks/families/commvault/wire';

export type Format = 'json' | 'xml';
export interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: Record<string, unknown>;
}

export function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { method, headers: { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) }, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const contentType = String(res.headers['content-type'] ?? '');
        let parsed: Record<string, unknown> = {};
        if (/json/.test(contentType)) parsed = JSON.parse(text);
        else if (/xml/.test(contentType)) parsed = decode('application/xml', text)?.body ?? {};
        resolve({ status: res.statusCode ?? 0, contentType, text, body: parsed });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A client speaking one format both ways, as cvpysdk's make_request does for JSON. */
export function client(base: string, format: Format) {
  const mime = format === 'xml' ? 'application/xml' : 'application/json';
  let token: string | undefined;
  const headers = (extra: Record<string, string> = {}) => ({ Accept: mime, 'Content-Type': mime, ...(token ? { Authtoken: token } : {}), ...extra });
  const encode = (root: string, body: WireObject) => (format === 'xml' ? encodeXml(root, body) : JSON.stringify(body));
  return {
    get: (path: string) => send(base + path, 'GET', headers()),
    post: (path: string, root?: string, body?: WireObject) => send(base + path, 'POST', headers(), root && body ? encode(root, body) : undefined),
    setToken: (t: string | undefined) => (token = t),
  };
}

export const first = <T>(v: unknown): T => (Array.isArray(v) ? v[0] : v) as T;
export const num = (v: unknown) => Number(v);
