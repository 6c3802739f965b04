/**
 * The bounded soak of `npm run bench`: one backup-mocks process (the CLI, default scenario, a
 * manual clock) taken through what would grow a leaky server without end, each part first warmed
 * up until what is bounded is full:
 * - 300k logins spread over the vendors (vCenter sessions, Commvault tokens, Keystone tokens,
 *   Virtuozzo sessions through the HTTP stream door), in rounds; after each round the virtual
 *   clock moves a day on, so every token and session of the round expires and is purged by the
 *   next round's logins, as it would be in a long CI day;
 * - 60k new tenants (a fresh `x-mock-tenant` each): half log in and are kept (at most the tenant
 *   cap, least recently used evicted), half are refused and must not be kept at all;
 * - 5k one-megabyte bodies, journalled: each body cut to `journal.maxBodyBytes`, the journal's
 *   total held to `journal.maxBytes`.
 * Each part prints RSS before and after with its bound and PASS/MISS; `--quick` runs a tenth.
 * The server runs under a fixed heap limit (HEAP_MIB, below).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';

/** RSS may rise this much across a part: GC slack and allocator fragmentation on top of tables that are already full. */
export const BOUND_MIB = 64;
/**
 * The soak's server runs with this old-space limit. Left to itself V8 lets a heap with a few
 * hundred MiB live grow by several hundred more before it collects (5k 1 MB bodies took RSS up
 * 310 MiB while the live heap, collected by hand, stayed at 79 MiB): RSS would then measure
 * V8's appetite, not what the server keeps. Under a fixed limit V8 collects as it must, a leak
 * ends in an out-of-memory crash (the loads then fail), and RSS shows what is retained.
 */
export const HEAP_MIB = 512;
/** The engine's defaults the checks hold the server to (src/tenancy.ts DEFAULT_MAX_TENANTS, src/journal.ts JOURNAL_DEFAULTS). */
const MAX_TENANTS = 1000;
const JOURNAL_BODY_BYTES = 64 * 1024;
const JOURNAL_BYTES = 64 * 1024 * 1024;

export interface SoakCheck {
  what: string;
  value: string;
  bound: string;
  ok: boolean;
}

export interface SoakPart {
  name: string;
  requests: number;
  seconds: number;
  beforeKb: number;
  afterKb: number;
  peakKb: number;
  non2xx: number;
  errors: number;
  checks: SoakCheck[];
}

export interface SoakResult {
  startKb: number;
  endKb: number;
  parts: SoakPart[];
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const mib = (kb: number) => Math.round(kb / 1024);

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

interface Tally {
  requests: number;
  non2xx: number;
  errors: number;
}

/** A load, and how many logins (or tenants, bodies) one of its requests stands for (default 1). */
type Load = autocannon.Options & { per?: number };

/** Several loads at once; their counts summed. */
async function load(all: Load[], tally: Tally): Promise<void> {
  const results = await Promise.all(all.map(({ per: _per, ...o }) => cannon(o)));
  results.forEach((r, i) => {
    tally.requests += r.requests.sent * (all[i].per ?? 1);
    tally.non2xx += r.non2xx;
    tally.errors += r.errors;
  });
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The requests of the soak against a server on `base` (its --port-base). */
function targets(base: number) {
  const at = (offset: number) => `http://127.0.0.1:${base + offset}`;
  const vcAuth = `Basic ${b64('administrator@vsphere.local:VMware1!')}`;
  const domain = { name: 'OTC-EU-DE-000000000010000000001' };
  const keystone = (password: string) =>
    JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'backup-operator', password, domain } } }, scope: { project: { name: 'eu-de', domain } } } });
  const json = { 'content-type': 'application/json' };
  const connections = 16;
  return {
    admin: at(0),
    vcenter: (amount: number, authorization = vcAuth): autocannon.Options => ({ url: `${at(81)}/api/session`, method: 'POST', headers: { authorization }, amount, connections }),
    commvault: (amount: number, password = 'Commvault!1'): autocannon.Options => ({
      url: `${at(1)}/webconsole/api/Login`,
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'admin', password: b64(password) }),
      amount,
      connections,
    }),
    keystone: (amount: number, password = 'Otc-Passw0rd'): autocannon.Options => ({ url: `${at(3)}/v3/auth/tokens`, method: 'POST', headers: json, body: keystone(password), amount, connections }),
    /** `amount` streams of 100 sessionm logins each: a session per packet. */
    virtuozzo: (amount: number): Load => ({
      url: `${at(4)}/`,
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: `<packet id="s"><data><sessionm><login><name>${b64('root')}</name><password>${b64('vzadmin')}</password></login></sessionm></data></packet>\0`.repeat(100),
      amount,
      connections: 4,
      per: 100,
    }),
    vcenterUrl: at(81),
    vcAuth,
  };
}

type Targets = ReturnType<typeof targets>;

/** Sample RSS while `work` runs: before (once warmed up), after, and the peak. */
async function part(pid: number, name: string, warmup: () => Promise<unknown>, work: (tally: Tally) => Promise<void>, checks: () => Promise<SoakCheck[]>): Promise<SoakPart> {
  process.stderr.write(`soak: ${name}...\n`);
  await warmup();
  const beforeKb = rssKb(pid);
  let peakKb = beforeKb;
  const timer = setInterval(() => (peakKb = Math.max(peakKb, rssKb(pid))), 200);
  const tally: Tally = { requests: 0, non2xx: 0, errors: 0 };
  const t0 = performance.now();
  try {
    await work(tally);
  } finally {
    clearInterval(timer);
  }
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  const afterKb = rssKb(pid);
  peakKb = Math.max(peakKb, afterKb);
  const flat: SoakCheck = { what: 'RSS before -> after', value: `${mib(beforeKb)} -> ${mib(afterKb)} MiB (peak ${mib(peakKb)})`, bound: `within +${BOUND_MIB} MiB`, ok: afterKb <= beforeKb + BOUND_MIB * 1024 };
  const errors: SoakCheck = { what: 'socket errors', value: String(tally.errors), bound: '0', ok: tally.errors === 0 };
  return { name, requests: tally.requests, seconds, beforeKb, afterKb, peakKb, non2xx: tally.non2xx, errors: tally.errors, checks: [flat, errors, ...(await checks())] };
}

/** 300k logins (30k in quick) in ten rounds, the virtual clock a day on after each. */
function logins(pid: number, t: Targets, quick: boolean): Promise<SoakPart> {
  const round = quick ? 3_000 : 30_000;
  // Per round: vCenter, Commvault and Keystone 8/30 each, Virtuozzo 6/30 (streams of 100).
  const one = async (tally: Tally, size = round) => {
    const share = (n: number) => Math.round((size * n) / 30);
    await load([t.vcenter(share(8)), t.commvault(share(8)), t.keystone(share(8)), t.virtuozzo(share(6) / 100)], tally);
    await getJson(`${t.admin}/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: '25h' }) });
  };
  const throwaway: Tally = { requests: 0, non2xx: 0, errors: 0 };
  return part(
    pid,
    `${round * 10} logins (vCenter, Commvault, Keystone, Virtuozzo; the clock 25 h on after each tenth)`,
    // Two full-size rounds first (in --quick too): Commvault keeps up to 10,000 tokens and Virtuozzo 10,000 sessions per tenant until they are forgotten.
    async () => {
      for (let i = 0; i < 2; i++) await one(throwaway, 30_000);
    },
    async (tally) => {
      for (let i = 0; i < 10; i++) await one(tally);
    },
    async () => [],
  );
}

/** 60k new tenants (6k in quick): half log in (kept, capped), half are refused (never kept). */
function tenants(pid: number, t: Targets, quick: boolean): Promise<SoakPart> {
  const n = quick ? 6_000 : 60_000;
  let next = 0;
  const fresh = (o: autocannon.Options): autocannon.Options => ({ ...o, requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-mock-tenant': `soak-${++next}` } }) }] });
  const known = async () => (await getJson<{ tenants: string[] }>(`${t.admin}/tenants`)).tenants.length;
  const third = (k: number) => Math.round(k / 3);
  const loggedIn = (k: number) => [t.vcenter(third(k)), t.commvault(third(k)), t.keystone(third(k))].map(fresh);
  let afterLogins = 0;
  let afterRefused = 0;
  let lastKept = '';
  let stillKnown = false;
  return part(
    pid,
    `${n} new tenants (x-mock-tenant: ${n / 2} logging in on vCenter, Commvault and Keystone, ${n / 2} refused)`,
    // Several times the cap, so the LRU is full and the heap has grown to what tenants need.
    () => load(loggedIn(quick ? 2 * MAX_TENANTS : 5 * MAX_TENANTS), { requests: 0, non2xx: 0, errors: 0 }),
    async (tally) => {
      await load(loggedIn(n / 2), tally);
      afterLogins = await known();
      lastKept = `soak-${next}`;
      // Commvault refuses a login with 200 and an errList, as CommServ does; vCenter and Keystone with 401.
      await load([t.vcenter(third(n / 2), `Basic ${b64('administrator@vsphere.local:wrong')}`), t.commvault(third(n / 2), 'wrong'), t.keystone(third(n / 2), 'wrong')].map(fresh), tally);
      const ids = (await getJson<{ tenants: string[] }>(`${t.admin}/tenants`)).tenants;
      afterRefused = ids.length;
      stillKnown = ids.includes(lastKept);
    },
    async () => [
      { what: 'tenants known after the logins', value: String(afterLogins), bound: `at most ${MAX_TENANTS} made on the fly + the scenario's`, ok: afterLogins <= MAX_TENANTS + 10 },
      { what: 'tenants kept by the refused requests', value: String(afterRefused - afterLogins), bound: '0', ok: afterRefused === afterLogins },
      { what: 'the newest kept tenant after the refused ones', value: stillKnown ? `${lastKept} known` : `${lastKept} evicted`, bound: 'still known', ok: stillKnown },
    ],
  );
}

interface Brief {
  id: number;
  bodyBytes: number;
  bodyTruncated?: true;
  response?: { bodyBytes: number };
}

/** 5k one-megabyte bodies (500 in quick) to vCenter's backup route (refused after being read whole), journalled. */
async function bodies(pid: number, t: Targets, quick: boolean): Promise<SoakPart> {
  const n = quick ? 500 : 5_000;
  const sid = await getJson<string>(`${t.vcenterUrl}/api/session`, { method: 'POST', headers: { authorization: t.vcAuth } });
  const megabyte = JSON.stringify({ comment: 'a'.repeat(1_000_000 - 16) });
  const send = (amount: number): autocannon.Options => ({
    url: `${t.vcenterUrl}/api/appliance/recovery/backup/job`,
    method: 'POST',
    headers: { 'vmware-api-session-id': sid, 'content-type': 'application/json' },
    body: megabyte,
    amount,
    connections: 8,
  });
  let big: Brief[] = [];
  let last: { body: string; bodyTruncated?: true } | undefined;
  return part(
    pid,
    `${n} one-megabyte bodies (journalled)`,
    // More than the journal's total holds (64 MiB / 64 KiB = 1024 bodies), so it is full before the count starts.
    () => load([send(1500)], { requests: 0, non2xx: 0, errors: 0 }),
    async (tally) => {
      await load([send(n)], tally);
      big = (await getJson<{ requests: Brief[] }>(`${t.admin}/journal?vendor=vcenter&brief=true`)).requests.filter((e) => e.bodyBytes >= 999_000);
      if (big.length) last = await getJson(`${t.admin}/journal/${big[big.length - 1].id}`);
    },
    async () => {
      const kept = big.reduce((sum, e) => sum + Math.min(e.bodyBytes, JOURNAL_BODY_BYTES), 0);
      return [
        { what: 'the newest 1 MB body as journalled', value: last ? `${last.body.length} bytes${last.bodyTruncated ? ', truncated' : ''}` : 'absent', bound: `at most ${JOURNAL_BODY_BYTES}, marked truncated`, ok: !!last && last.body.length <= JOURNAL_BODY_BYTES && last.bodyTruncated === true },
        { what: 'bytes of 1 MB bodies the journal keeps', value: `${big.length} entries, ${mib(kept / 1024)} MiB`, bound: `at most ${mib(JOURNAL_BYTES / 1024)} MiB`, ok: kept <= JOURNAL_BYTES },
      ];
    },
  );
}

/** Start the soak's own server, run every part, stop it. `ready` waits until its listeners answer. */
export async function soak(opts: { root: string; base: number; quick: boolean; env: NodeJS.ProcessEnv; ready: (child: ChildProcess) => Promise<void> }): Promise<SoakResult> {
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, join(opts.root, 'bin/backup-mocks.js'), 'serve', '--port-base', String(opts.base), '--quiet', '--clock', 'manual', '--scenario', join(opts.root, 'scenarios/default.yaml')], { stdio: 'ignore', env: opts.env });
  try {
    await opts.ready(child);
    const pid = child.pid!;
    const startKb = rssKb(pid);
    const t = targets(opts.base);
    const parts = [await logins(pid, t, opts.quick), await tenants(pid, t, opts.quick), await bodies(pid, t, opts.quick)];
    return { startKb, endKb: rssKb(pid), parts };
  } finally {
    child.kill('SIGKILL');
  }
}

/** Whether every check of every part passed. */
export const soakOk = (r: SoakResult) => r.parts.every((p) => p.checks.every((c) => c.ok));

/** The soak's table and its PASS/MISS lines. */
export function soakLines(r: SoakResult): string[] {
  return [
    `| soak (one process, default scenario, manual clock, --max-old-space-size=${HEAP_MIB}) | requests | s | RSS before (MiB) | RSS after (MiB) | peak (MiB) | non-2xx | errors |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|`,
    ...r.parts.map((p) => `| ${p.name} | ${p.requests} | ${p.seconds} | ${mib(p.beforeKb)} | ${mib(p.afterKb)} | ${mib(p.peakKb)} | ${p.non2xx} | ${p.errors} |`),
    `soak: RSS ${mib(r.startKb)} MiB after start, ${mib(r.endKb)} MiB at the end (each part is measured once what it fills is full)`,
    '',
    ...r.parts.flatMap((p) => p.checks.map((c) => `${c.ok ? 'PASS' : 'MISS'} soak ${p.name.split(' (')[0]}: ${c.what}: ${c.value} (bound: ${c.bound})`)),
  ];
}
