/**
 * What the suite throws things at, read from a running server's admin API (`GET /vendors`):
 * each vendor's listener URLs and the first tenant's logins. The same for an in-process harness
 * on ephemeral ports and for `npm start` on the default ports.
 */
import { exchange } from './wire';

export interface Logins {
  vcenter?: { username: string; password: string };
  commvault?: { username: string; password: string };
  metallic?: { username: string; password: string };
  dds?: { domain: string; user: string; password: string; project: string };
  virtuozzo?: { name: string; password: string };
}

export interface Targets {
  admin: string;
  /** Listener URLs per served vendor (`{ http: 'http://127.0.0.1:8480', https: ... }`). */
  vendors: Record<string, Record<string, string>>;
  logins: Logins;
}

interface VendorsAnswer {
  vendors: Array<{ name: string; enabled: boolean; urls: Record<string, string>; logins: string[] }>;
}

/** `user / password` as the start banner and `GET /vendors` print logins. */
function userAndPassword(line: string | undefined): { user: string; password: string } | undefined {
  const m = line === undefined ? null : /^(.+?) \/ (.+)$/.exec(line);
  return m ? { user: m[1], password: m[2] } : undefined;
}

export function loginsOf(vendors: VendorsAnswer['vendors']): Logins {
  const out: Logins = {};
  const first = (name: string) => vendors.find((v) => v.name === name && v.enabled)?.logins[0];
  for (const name of ['vcenter', 'commvault', 'metallic'] as const) {
    const up = userAndPassword(first(name));
    if (up) out[name] = { username: up.user, password: up.password };
  }
  const vz = userAndPassword(first('virtuozzo'));
  if (vz) out.virtuozzo = { name: vz.user, password: vz.password };
  // `domain D, user U / P, project R` (mocks/dds/index.ts describeCredentials)
  const d = /^domain (.+?), user (.+?) \/ (.+), project (.+)$/.exec(first('dds') ?? '');
  if (d) out.dds = { domain: d[1], user: d[2], password: d[3], project: d[4] };
  return out;
}

export async function discover(admin: string): Promise<Targets> {
  const res = await exchange(admin, { path: '/vendors' });
  if (res.status !== 200) throw new Error(`GET ${admin}/vendors answered ${res.status ?? res.ended}: is the admin API there?`);
  const body = JSON.parse(res.text) as VendorsAnswer;
  const vendors: Targets['vendors'] = {};
  for (const v of body.vendors) if (v.enabled && Object.keys(v.urls).length > 0) vendors[v.name] = v.urls;
  return { admin, vendors, logins: loginsOf(body.vendors) };
}

/** A listener's URL, or undefined when the server does not serve it (`--no-tls`, a disabled vendor). */
export function urlOf(t: Targets, vendor: string, listener: string): string | undefined {
  return t.vendors[vendor]?.[listener];
}
