#!/usr/bin/env node
/**
 * The reliability corpus (test/reliability/corpus/) sent from outside to a running server, over
 * loopback only: every case of every served vendor and door, then the admin API's, then the
 * normal work of every vendor (a login per vendor and listener, a read, a backup; the admin
 * API's GET /health, /vendors, /journal, /jobs, /clock, /state). A manual or CI script, not part
 * of `npm test` (the suite runs the same cases in-process, test/reliability/*.test.ts).
 *
 *   npm run build && node bin/backup-mocks.js serve --port-base 5200 &
 *   node scripts/hostile.mjs --port-base 5200          # or --admin http://127.0.0.1:8399 (npm start)
 *   node scripts/hostile.mjs --port-base 5200 --only vcenter,admin --verbose
 *
 * Needs the repository's dev dependencies (tsx loads the corpus from its TypeScript source).
 * Nothing it sends may change the server for others: the admin cases make no write that
 * succeeds (no reset, no journal clearing, no shutdown), and vendor work runs in tenants of its
 * own (x-mock-tenant). It does move the clock: Virtuozzo's backup answers when its job ends, so
 * the normal check advances the shared clock a few seconds. Exit status 0 when every case and
 * every normal check passed, 1 otherwise, 2 when the server was not there.
 */
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

// The corpus is the suite's TypeScript (CommonJS, like the rest of the repository): tsx compiles it as it is required.
register();
const require = createRequire(import.meta.url);

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('usage: node scripts/hostile.mjs [--port-base N | --admin URL] [--only vendor,...] [--verbose]\n');
  process.exit(0);
}
const base = flag('--port-base');
const admin = flag('--admin') ?? `http://127.0.0.1:${base ?? 8399}`;
const only = flag('--only')?.split(',');
const verbose = args.includes('--verbose');

const load = (path) => require(`../test/reliability/${path}`);
const { discover } = load('targets.ts');
const { runCase } = load('runner.ts');
const { checkEveryVendor } = load('normal.ts');
const { assertLoopback, exchange } = load('wire.ts');
const corpora = [
  load('corpus/vcenter.ts').vcenterCases(),
  load('corpus/commvault.ts').commvaultCases(),
  load('corpus/dds.ts').ddsCorpus(),
  load('corpus/virtuozzo.ts').virtuozzoCases(),
  load('corpus/admin.ts').adminCases(),
];

assertLoopback(admin);
let targets;
try {
  targets = await discover(admin);
} catch (e) {
  process.stderr.write(`hostile: ${e.message}\n`);
  process.exit(2);
}
const served = Object.keys(targets.vendors);
process.stdout.write(`hostile: ${admin}, vendors served: ${served.join(', ')}\n`);

/** Per vendor and door: cases run, passed, skipped, and the problems seen. */
const rows = new Map();
const t0 = performance.now();
for (const c of corpora.flat()) {
  if (only && !only.includes(c.vendor)) continue;
  const key = `${c.vendor} / ${c.door}`;
  const row = rows.get(key) ?? { run: 0, passed: 0, skipped: 0, problems: [] };
  rows.set(key, row);
  const started = performance.now();
  const r = await runCase(targets, c);
  if (r.skipped) {
    row.skipped++;
    if (verbose) process.stdout.write(`  skip ${key}: ${c.name} (${r.skipped})\n`);
    continue;
  }
  row.run++;
  if (r.problems.length === 0) row.passed++;
  else row.problems.push(...r.problems.map((p) => `${c.name}: ${p}`));
  if (verbose) process.stdout.write(`  ${r.problems.length ? 'FAIL' : 'ok  '} ${key}: ${c.name} (${Math.round(performance.now() - started)} ms)\n`);
}

// The server must still be there and answer every vendor as a client expects.
const alive = await exchange(admin, { path: '/health' });
const tenant = `hostile-${process.pid}`;
const normal = alive.status === 200 ? await checkEveryVendor(targets, { tenant, advance: (ms) => advance(ms) }) : { admin: [`GET /health: ${alive.status ?? alive.ended}`] };

async function advance(ms) {
  const r = await exchange(admin, { method: 'POST', path: '/clock/advance', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: `${ms}ms` }) });
  if (r.status !== 200) throw new Error(`POST /clock/advance: ${r.status} ${r.text}`);
}

let failed = 0;
const lines = ['', '| vendor / door | cases | passed | skipped |', '|---|---:|---:|---:|'];
for (const [key, row] of rows) {
  lines.push(`| ${key} | ${row.run} | ${row.passed} | ${row.skipped} |`);
  failed += row.run - row.passed;
}
const total = [...rows.values()].reduce((s, r) => ({ run: s.run + r.run, passed: s.passed + r.passed, skipped: s.skipped + r.skipped }), { run: 0, passed: 0, skipped: 0 });
lines.push(`| all | ${total.run} | ${total.passed} | ${total.skipped} |`, '');
for (const [key, row] of rows) for (const p of row.problems) lines.push(`FAIL ${key}: ${p}`);
lines.push('normal work afterwards:');
let normalFailed = 0;
for (const [vendor, problems] of Object.entries(normal)) {
  if (only && vendor !== 'admin' && !only.includes(vendor)) continue;
  lines.push(`  ${problems.length ? 'FAIL' : 'ok  '} ${vendor}${problems.length ? `: ${problems.join('; ')}` : ''}`);
  if (problems.length) normalFailed++;
}
const seconds = Math.round((performance.now() - t0) / 100) / 10;
lines.push('', `hostile: ${total.passed}/${total.run} cases passed (${total.skipped} skipped: listeners not served), ${failed} failed; normal work ${normalFailed ? `FAILED for ${normalFailed}` : 'ok for every vendor and the admin API'}; ${seconds} s`);
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(failed || normalFailed ? 1 : 0);
