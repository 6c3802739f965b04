import request from 'supertest';
import { startTestHarness, type Harness } from '../../../helpers';
import { decode } from '../../../../mocks/families/commvault/wire';
import type { VendorName } from '../../../../src/registry';

export type { Harness };
export const B = '/webconsole/api';
export const PASSWORD = 'Commvault!1';
export const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
export const XML = 'application/xml';
export const JSON_TYPE = 'application/json';

/** Ids of scenarios/default/commvault.yaml (cs01 = client 2, fs01 = 3, lnx01 = 4). */
export const IDS = { cs01: 2, fs01: 3, lnx01: 4, fsBackupset: 2, lnxBackupset: 3, fsDefault: 2, fsDocuments: 3, lnxDefault: 4, lnxScratch: 5, fsAppId: 33, lnxAppId: 29 };

export function startCv(...scenario: Array<string | Record<string, unknown>>): Promise<Harness> {
  return startTestHarness({ vendors: ['commvault'], scenarioFiles: ['scenarios/default/commvault.yaml'], scenario });
}

export async function login(h: Harness, opts: { vendor?: VendorName; user?: string; password?: string; tenant?: string } = {}): Promise<string> {
  let req = request(h.url(opts.vendor ?? 'commvault'))
    .post(`${B}/Login`)
    .set('Accept', JSON_TYPE)
    .send({ mode: 4, username: opts.user ?? 'admin', password: b64(opts.password ?? PASSWORD), deviceId: 'jest', clientType: 30 });
  if (opts.tenant) req = req.set('x-mock-tenant', opts.tenant);
  const res = await req;
  if (res.status !== 200 || !res.body.token) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.token as string;
}

/** supertest bound to /webconsole/api with an Authtoken; `xml` asks for XML answers. */
export function cv(h: Harness, token: string, opts: { vendor?: VendorName; xml?: boolean; tenant?: string } = {}) {
  const agent = request(h.url(opts.vendor ?? 'commvault'));
  const prep = (r: request.Test) => {
    let t = r.set('Authtoken', token).set('Accept', opts.xml ? XML : JSON_TYPE);
    if (opts.tenant) t = t.set('x-mock-tenant', opts.tenant);
    return t;
  };
  return {
    get: (path: string) => prep(agent.get(B + path)),
    /** JSON bodies for objects; strings are sent as XML. No body: a bodyless POST as cvpysdk sends. */
    post: (path: string, body?: unknown) => {
      const r = prep(agent.post(B + path));
      if (body === undefined) return r.set('Content-Type', XML);
      if (typeof body === 'string') return r.set('Content-Type', XML).send(body);
      return r.set('Content-Type', JSON_TYPE).send(body as object);
    },
  };
}

/** An XML answer as the same tree JSON gives (root name kept). */
export function xmlBody(text: string): { root?: string; body: Record<string, unknown> } {
  const d = decode(XML, text);
  if (!d) throw new Error('empty XML answer');
  return { root: d.root, body: d.body };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Move the manual clock to the next midnight (UTC) and return it, so a 02:00 pattern first runs that day. */
export function toNextMidnight(h: Harness): number {
  const midnight = Math.floor(h.clock.now() / DAY_MS) * DAY_MS + DAY_MS;
  h.clock.advance(midnight - h.clock.now());
  return midnight;
}
