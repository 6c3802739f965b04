/** What the vCenter contract tests share: a harness on real sockets, and one request over them (HTTPS verified against its certificate). */
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { selfSignedTls, type TlsMaterial } from '../../src/tls';
import { startTestHarness, type Harness } from '../helpers';

/** A vCenter harness with a certificate of its own for a describe block; `fresh` runs before each test. */
export function socketHarness(fresh: (h: Harness) => void): { h: Harness; tls: TlsMaterial } {
  const t = {} as { h: Harness; tls: TlsMaterial };
  beforeAll(async () => {
    t.tls = await selfSignedTls();
    t.h = await startTestHarness({ vendors: ['vcenter'], scenarioFiles: ['scenarios/default/vcenter.yaml'], tls: t.tls });
  });
  afterAll(() => t.h.stop());
  beforeEach(() => fresh(t.h));
  return t;
}

export interface Answer {
  status: number;
  body: any;
}

export function send(tls: TlsMaterial, url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = lib(
      u,
      { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) }, ca: tls.cert },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * A vAPI JSON-RPC client as the SDK's json_connector.py sends: POST {base}/api with the
 * vapi-service/vapi-operation headers, string ids counting up, the security context in the body.
 * `invoke` answers the error's std type (`NOT_FOUND`) or the typed output.
 */
export function rpcClient(tls: TlsMaterial, base: string, securityCtx: Record<string, string> = {}) {
  let counter = 0;
  const client = {
    securityCtx,
    async invoke(serviceId: string, operationId: string, input: Record<string, unknown> = {}): Promise<{ error?: string; output?: any }> {
      const id = String(counter++);
      const ctx = { appCtx: { opId: 'contract' }, securityCtx: client.securityCtx };
      const body = { jsonrpc: '2.0', method: 'invoke', params: { serviceId, operationId, input: { STRUCTURE: { 'operation-input': input } }, ctx }, id };
      const r = await send(tls, `${base}/api`, 'POST', { 'content-type': 'application/json', 'vapi-service': serviceId, 'vapi-operation': operationId }, JSON.stringify(body));
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(id);
      expect(r.body.jsonrpc).toBe('2.0');
      const error = r.body.result.error?.ERROR;
      return error ? { error: Object.keys(error)[0].split('.').pop()!.toUpperCase() } : { output: r.body.result.output };
    },
  };
  return client;
}
