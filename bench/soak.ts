/**
 * The bounded soak of `npm run bench`: one backup-mocks process (the CLI, default scenario, real
 * clock) taken through phases that would grow a leaky server without end: logins (vCenter,
 * Commvault, DDS), Virtuozzo sessions, new tenants (x-mock-tenant, authenticated and not) and
 * one-megabyte bodies. Each phase first runs a warm-up long enough to fill what is bounded (the
 * session and token tables, the tenant LRU, the journal's bytes), then its measured requests while
 * RSS is sampled. The phase passes when the median RSS of its last fifth is within BOUND of the
 * median of its first fifth: a leak shows as growth proportional to the requests, the bounded
 * tables as a plateau reached during the warm-up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';

/** RSS may rise this much across a phase (GC slack and allocator fragmentation on top of the bounded tables). */
export const BOUND_MIB = 64;

export interface SoakPhase {
  name: string;
  requests: number;
  warmup: number;
  settledKb: number;
  endKb: number;
  minKb: number;
  maxKb: number;
  non2xx: number;
  errors: number;
  seconds: number;
  ok: boolean;
}

interface PhaseSpec {
  name: string;
  warmup: number;
  requests: number;
  /** The autocannon options of `amount` requests. */
  load(amount: number): autocannon.Options;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

async function json(url: string, init: RequestInit): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** The phases against a server on `base` (its --port-base). */
async function phases(base: number, quick: boolean): Promise<PhaseSpec[]> {
  const scale = (n: number) => (quick ? Math.round(n / 10) : n);
  const vcenter = `http://127.0.0.1:${base + 81}`;
  const commvault = `http://127.0.0.1:${base + 1}`;
  const dds = `http://127.0.0.1:${base + 3}`;
  const virtuozzo = `http://127.0.0.1:${base + 4}`;
  const connections = 32;
  const vcAuth = `Basic ${b64('administrator@vsphere.local:VMware1!')}`;
  const cvLogin = JSON.stringify({ username: 'admin', password: b64('Commvault!1') });
  const ddsAuth = JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name: 'backup-operator', password: 'Otc-Passw0rd', domain: { name: 'OTC-EU-DE-000000000010000000001' } } } },
      scope: { project: { name: 'eu-de', domain: { name: 'OTC-EU-DE-000000000010000000001' } } },
    },
  });
  // A session for the bodies phase: one-megabyte bodies to the backup route, each refused (no piece) after it is read whole.
  const sid = (await json(`${vcenter}/api/session`, { method: 'POST', headers: { authorization: vcAuth } })).body as string;
  const megabyte = JSON.stringify({ comment: 'a'.repeat(1_000_000 - 16) });
  const sessionLogin = `<packet id="s"><data><sessionm><login><name>${b64('root')}</name><password>${b64('vzadmin')}</password></login></sessionm></data></packet>\0`;
  let tenant = 0;
  const newTenant = (req: autocannon.Request) => ({ ...req, headers: { ...req.headers, 'x-mock-tenant': `soak-${++tenant}` } });
  return [
    { name: 'vCenter logins', warmup: 10_000, requests: scale(300_000), load: (amount) => ({ url: `${vcenter}/api/session`, method: 'POST', headers: { authorization: vcAuth }, amount, connections }) },
    { name: 'Commvault logins', warmup: 20_000, requests: scale(300_000), load: (amount) => ({ url: `${commvault}/webconsole/api/Login`, method: 'POST', headers: { 'content-type': 'application/json' }, body: cvLogin, amount, connections }) },
    { name: 'DDS (Keystone) logins', warmup: 20_000, requests: scale(100_000), load: (amount) => ({ url: `${dds}/v3/auth/tokens`, method: 'POST', headers: { 'content-type': 'application/json' }, body: ddsAuth, amount, connections }) },
    // 100 sessionm logins per HTTP stream: a session each.
    { name: 'Virtuozzo sessions (x100 per request)', warmup: 150, requests: scale(600), load: (amount) => ({ url: `${virtuozzo}/`, method: 'POST', headers: { 'content-type': 'application/xml' }, body: sessionLogin.repeat(100), amount, connections: 8 }) },
    { name: 'new tenants, logged in (vCenter, x-mock-tenant)', warmup: 3000, requests: scale(60_000), load: (amount) => ({ url: `${vcenter}/api/session`, method: 'POST', headers: { authorization: vcAuth }, amount, connections, requests: [{ setupRequest: newTenant }] }) },
    { name: 'new tenants, refused (401, x-mock-tenant)', warmup: 3000, requests: scale(60_000), load: (amount) => ({ url: `${vcenter}/api/session`, method: 'POST', headers: { authorization: `Basic ${b64('nobody:wrong')}` }, amount, connections, requests: [{ setupRequest: newTenant }] }) },
    { name: '1 MB bodies (journalled, 64 KiB kept each)', warmup: 1500, requests: scale(5000), load: (amount) => ({ url: `${vcenter}/api/appliance/recovery/backup/job`, method: 'POST', headers: { 'vmware-api-session-id': sid, 'content-type': 'application/json' }, body: megabyte, amount, connections: 8 }) },
  ];
}

async function measure(pid: number, p: PhaseSpec): Promise<SoakPhase> {
  process.stderr.write(`soak: ${p.name}: ${p.warmup} warm-up, then ${p.requests}...\n`);
  await run(p.load(p.warmup));
  const samples: number[] = [rssKb(pid)];
  const timer = setInterval(() => samples.push(rssKb(pid)), 200);
  const t0 = performance.now();
  const r = await run(p.load(p.requests));
  clearInterval(timer);
  samples.push(rssKb(pid));
  const fifth = Math.max(1, Math.floor(samples.length / 5));
  const settledKb = median(samples.slice(0, fifth));
  const endKb = median(samples.slice(-fifth));
  return {
    name: p.name,
    requests: p.requests,
    warmup: p.warmup,
    settledKb,
    endKb,
    minKb: Math.min(...samples),
    maxKb: Math.max(...samples),
    non2xx: r.non2xx,
    errors: r.errors,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    ok: endKb <= settledKb + BOUND_MIB * 1024 && r.errors === 0,
  };
}

/** Start the soak's own server, run every phase, stop it. `ready` waits until its listeners answer. */
export async function soak(opts: { root: string; base: number; quick: boolean; env: NodeJS.ProcessEnv; ready: (child: ChildProcess) => Promise<void> }): Promise<{ phases: SoakPhase[]; startKb: number; endKb: number }> {
  const child = spawn(process.execPath, [join(opts.root, 'bin/backup-mocks.js'), 'serve', '--port-base', String(opts.base), '--quiet', '--clock', 'real', '--scenario', join(opts.root, 'scenarios/default.yaml')], { stdio: 'ignore', env: opts.env });
  try {
    await opts.ready(child);
    const startKb = rssKb(child.pid!);
    const out: SoakPhase[] = [];
    for (const p of await phases(opts.base, opts.quick)) out.push(await measure(child.pid!, p));
    return { phases: out, startKb, endKb: rssKb(child.pid!) };
  } finally {
    child.kill('SIGKILL');
  }
}

const mib = (kb: number) => Math.round(kb / 1024);

/** The soak's table and its PASS/MISS lines. */
export function soakLines(r: { phases: SoakPhase[]; startKb: number; endKb: number }): string[] {
  return [
    `| soak phase (one process, default scenario, real clock) | warm-up | requests | s | RSS settled (MiB) | RSS at the end (MiB) | min-max (MiB) | non-2xx | errors |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...r.phases.map((p) => `| ${p.name} | ${p.warmup} | ${p.requests} | ${p.seconds} | ${mib(p.settledKb)} | ${mib(p.endKb)} | ${mib(p.minKb)}-${mib(p.maxKb)} | ${p.non2xx} | ${p.errors} |`),
    `soak: RSS ${mib(r.startKb)} MiB after start, ${mib(r.endKb)} MiB after every phase`,
    '',
    ...r.phases.map((p) => `${p.ok ? 'PASS' : 'MISS'} soak ${p.name}: ${mib(p.settledKb)} MiB settled -> ${mib(p.endKb)} MiB after ${p.requests} (target: within +${BOUND_MIB} MiB, no errors)`),
  ];
}
