import { watch } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { connect } from 'node:net';
import { Command, Option } from 'commander';
import { parseClockSpec } from './clock';
import { parseXml } from './codec/xml';
import { Engine } from './engine';
import { startHarness, type Harness } from './harness';
import type { RunningListener } from './server';
import type { LogEvent } from './log';
import { VENDORS } from './registry';
import { fileScenarioCache } from './scenario/cache';
import { expandIncludes, ScenarioError } from './scenario/load';
import { defaultScenarioPath } from './scenario/sources';

interface ServeOptions {
  scenario: string[];
  set: string[];
  host: string;
  portBase?: string;
  clock?: string;
  watch?: boolean;
  tls: boolean;
  json?: boolean;
  quiet?: boolean;
  strict?: boolean;
  journalSize?: string;
}

function printEvent(e: LogEvent, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`);
    return;
  }
  switch (e.kind) {
    case 'request':
      process.stdout.write(
        `${e.vendor.padEnd(9)} ${e.operation.padEnd(28)} ${String(e.status).padStart(3)} ${e.ms.toFixed(1).padStart(7)}ms  ${e.method} ${e.path}${e.tenant !== 'default' ? `  [${e.tenant}]` : ''}${e.rule ? `  (rule ${e.rule})` : ''}\n`,
      );
      break;
    case 'job':
      process.stdout.write(
        `${e.vendor.padEnd(9)} job ${e.id} ${e.operation}: ${e.state} ${Math.round(e.progress)}%${e.phase ? ` ${e.phase}` : ''}${e.message ? ` - ${e.message}` : ''}${e.tenant !== 'default' ? `  [${e.tenant}]` : ''}\n`,
      );
      break;
    case 'info':
      process.stdout.write(`${e.message}\n`);
      break;
    case 'error':
      process.stderr.write(`error: ${e.message}${e.fields?.error ? `\n${String(e.fields.error)}` : ''}\n`);
      break;
  }
}

function banner(h: Harness): string {
  const lines = ['backup-mocks is serving:'];
  const scenario = h.engine.scenario;
  for (const m of h.engine.modules.values()) {
    const urls = h.urls.vendors[m.name];
    if (!urls) continue;
    lines.push(`  ${m.title}`);
    for (const [name, url] of Object.entries(urls)) lines.push(`    ${name.padEnd(6)} ${url}`);
    const creds = scenario.tenants[0]?.credentials[m.name];
    if (creds !== undefined && m.describeCredentials) {
      for (const c of m.describeCredentials(creds)) lines.push(`    login  ${c}`);
    }
  }
  lines.push(`  admin API  ${h.urls.admin}   (GET /vendors, POST /clock/advance, GET /journal, GET /events ...)`, `  dashboard  ${h.urls.admin}/ui`);
  lines.push(`  clock: ${h.clock.mode}${h.clock.mode === 'scaled' ? ` x${h.clock.scale}` : ''}, scenario: ${scenario.name ?? '(unnamed)'}`);
  return lines.join('\n');
}

function fail(e: unknown): never {
  if (e instanceof ScenarioError) process.stderr.write(`invalid scenario:\n${e.message}\n`);
  else process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(e instanceof ScenarioError ? 2 : 1);
}

/** `--set vendors.virtuozzo.greeting=off` as a scenario fragment (values read as YAML scalars). */
export function overrideOf(assignments: string[]): Record<string, unknown> | undefined {
  if (!assignments.length) return undefined;
  const root: Record<string, unknown> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new Error(`--set takes path=value, e.g. vendors.virtuozzo.greeting=off (got "${a}")`);
    const path = a.slice(0, eq).split('.');
    let cur = root;
    for (const key of path.slice(0, -1)) cur = (cur[key] ??= {}) as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cur[path[path.length - 1]] = (require('yaml') as typeof import('yaml')).parse(a.slice(eq + 1));
  }
  return root;
}

/** What bin/backup-mocks.js knows about the installed build. */
export interface Runtime {
  /** Folder for caches (the temp folder, or BACKUP_MOCKS_CACHE). */
  cacheDir?: string;
  /** Changes with every build: keys the validated-scenario cache. */
  buildId?: string;
  /** Write the code caches of everything compiled so far (bin/backup-mocks.js). */
  saveCodeCache?: () => void;
}

/** One request the way a first client meets a listener: any answer will do. */
function knock(l: RunningListener): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    if (l.protocol === 'http' || l.protocol === 'https') {
      const get = l.protocol === 'https' ? httpsGet : httpGet;
      get({ host: '127.0.0.1', port: l.port, path: '/', rejectUnauthorized: false }, (res) => {
        res.resume();
        res.on('end', done);
      }).on('error', done);
    } else {
      const socket = connect(l.port, '127.0.0.1');
      socket.setTimeout(500, () => socket.destroy());
      socket.once('data', () => socket.destroy());
      socket.once('close', done);
      socket.once('error', done);
    }
  });
}

/**
 * `backup-mocks warm-cache` (npm run build runs it): serve the default scenario once on
 * ephemeral ports, answer one request on every listener, then keep what that compiled and
 * validated. The next start reads compiled code for its start-up and first requests, and the
 * default scenario already validated; it is some 20 ms faster than with a cache written at start.
 */
async function warmCache(runtime: Runtime, quiet: boolean): Promise<void> {
  if (!runtime.cacheDir || !runtime.buildId || !runtime.saveCodeCache) {
    process.stdout.write('warm-cache: nothing to do (not running from the bundle; run npm run build)\n');
    return;
  }
  try {
    const h = await startHarness({ scenarioFiles: [defaultScenarioPath()], scenarioCache: fileScenarioCache(runtime.cacheDir, runtime.buildId) });
    for (const l of h.listeners) await knock(l);
    // What the first real calls need besides: each vendor's tenant state (seeded with faker) and
    // the XML parser.
    for (const m of h.engine.modules.values()) if (h.engine.enabled(m.name)) void h.engine.tenancy.handle(m.name, h.engine.tenancy.defaultTenant).state;
    parseXml('<warm-up/>');
    await h.stop();
    runtime.saveCodeCache();
    if (!quiet) process.stdout.write(`start-up caches ready in ${runtime.cacheDir}\n`);
  } catch (e) {
    // A build must not fail for want of a cache: the first start then writes its own.
    process.stderr.write(`warm-cache: start-up caches not prepared (${e instanceof Error ? e.message : String(e)})\n`);
  }
}

async function serve(opts: ServeOptions, runtime: Runtime): Promise<void> {
  const files = opts.scenario.length ? opts.scenario : [defaultScenarioPath()];
  const json = Boolean(opts.json);
  let harness: Harness;
  let override: Record<string, unknown> | undefined;
  try {
    if (opts.clock) parseClockSpec(opts.clock);
    override = overrideOf(opts.set);
    harness = await startHarness({
      ...(override ? { scenario: { ...override } } : {}),
      scenarioFiles: files,
      host: opts.host,
      ports: opts.portBase !== undefined ? Number(opts.portBase) : 'default',
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.strict ? { strict: true } : {}),
      ...(opts.tls === false ? { tlsEnabled: false } : {}),
      ...(opts.journalSize !== undefined ? { journalSize: Number(opts.journalSize) } : {}),
      ...(runtime.cacheDir && runtime.buildId ? { scenarioCache: fileScenarioCache(runtime.cacheDir, runtime.buildId) } : {}),
    });
  } catch (e) {
    fail(e);
  }
  if (json) process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), kind: 'ready', urls: harness.urls })}\n`);
  else process.stdout.write(`${banner(harness)}\n`);
  if (!opts.quiet) harness.engine.log.on('event', (e) => printEvent(e, json));
  else harness.engine.log.on('event', (e) => e.kind === 'error' && printEvent(e, json));

  if (opts.watch) {
    const reload = debounce(() => {
      try {
        harness.loadScenario(...expandIncludes(files), ...(override ? [override] : []));
        printEvent({ kind: 'info', message: `scenario reloaded from ${files.join(', ')}` }, json);
      } catch (e) {
        printEvent({ kind: 'error', message: e instanceof ScenarioError ? `scenario not reloaded:\n${e.message}` : String(e) }, json);
      }
    }, 150);
    for (const src of expandIncludes(files)) watch(src.file, reload).unref();
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!json) process.stdout.write(`\n${signal}: stopping\n`);
    harness.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function debounce(fn: () => void, ms: number): () => void {
  let t: NodeJS.Timeout | undefined;
  return () => {
    if (t) clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

function validate(files: string[]): void {
  const engine = new Engine(VENDORS);
  let failed = 0;
  for (const file of files) {
    try {
      const s = engine.parse(expandIncludes([file]));
      process.stdout.write(`ok  ${file}${s.name ? ` (${s.name})` : ''}\n`);
    } catch (e) {
      failed++;
      process.stdout.write(`bad ${file}\n${e instanceof ScenarioError ? e.message : String(e instanceof Error ? e.message : e)}\n`);
    }
  }
  engine.clock.dispose();
  process.exit(failed ? 2 : 0);
}

export function program(runtime: Runtime = {}): Command {
  const p = new Command('backup-mocks').description('Mock servers for vendor backup APIs, driven by scenario files');
  p.command('serve')
    .description('serve every enabled vendor and the admin API')
    .option('-s, --scenario <file>', 'scenario file (repeatable; default scenarios/default.yaml)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--set <path=value>', 'override one scenario value, e.g. vendors.virtuozzo.greeting=off (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port-base <n>', 'shift every port: base + offset (admin = base)')
    .addOption(new Option('--clock <mode>', 'real, manual or xN (e.g. x60)'))
    .option('--no-tls', 'serve no HTTPS/TLS listeners (on by default)')
    .option('--watch', 'reload scenario files when they change')
    .option('--json', 'log one JSON object per line')
    .option('--quiet', 'log errors only')
    .option('--strict', 'answer unmatched requests with a loud 501')
    .option('--journal-size <n>', 'request journal capacity (0 disables)')
    .action((opts: ServeOptions) => serve(opts, runtime));
  p.command('warm-cache')
    .description('prepare the start-up caches of this build (npm run build does)')
    .option('--quiet', 'print nothing')
    .action((opts: { quiet?: boolean }) => warmCache(runtime, Boolean(opts.quiet)));
  p.command('validate')
    .description('check scenario files without serving')
    .argument('<file...>')
    .action((files: string[]) => validate(files));
  return p;
}

/** Run the command line (bin/backup-mocks.js calls this). */
export function main(argv: string[], runtime: Runtime = {}): void {
  program(runtime).parseAsync(argv).catch(fail);
}

if (require.main === module) main(process.argv);
