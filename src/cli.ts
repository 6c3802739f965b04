import { Command, CommanderError, Option } from 'commander';
import { version } from '../package.json';
import { Engine } from './engine';
import { VENDORS } from './registry';
import { allowHostArg, clockArg, collect, hostArg, journalSizeArg, portBaseArg, portsArg, scenarioFilesOf, tlsNameArg, UsageError, type ServeFlags } from './cli/options';
import { serve } from './cli/serve';
import { expandIncludes } from './scenario/includes';
import { ScenarioError } from './scenario/load';

/** Exit codes: 2 for a command line or scenario that cannot run, 1 for anything that failed while running. */
function fail(e: unknown): never {
  if (e instanceof ScenarioError) process.stderr.write(`invalid scenario:\n${e.message}\n`);
  else process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(e instanceof ScenarioError || e instanceof UsageError ? 2 : 1);
}

/** Keys that would reach Object.prototype through a plain object. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `--set vendors.virtuozzo.greeting=off` as a scenario fragment (values read as YAML scalars). */
export function overrideOf(assignments: string[]): Record<string, unknown> | undefined {
  if (!assignments.length) return undefined;
  const root: Record<string, unknown> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const path = a.slice(0, Math.max(eq, 0)).split('.');
    if (eq <= 0 || path.some((k) => k === '' || UNSAFE_KEYS.has(k))) {
      throw new UsageError(`--set takes path=value, e.g. vendors.virtuozzo.greeting=off (got "${a}")`);
    }
    let cur = root;
    for (const key of path.slice(0, -1)) {
      const next = Object.hasOwn(cur, key) ? cur[key] : undefined;
      cur = (cur[key] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cur[path[path.length - 1]] = (require('yaml') as typeof import('yaml')).parse(a.slice(eq + 1));
  }
  return root;
}

function validate(names: string[]): void {
  const engine = new Engine(VENDORS);
  let failed = 0;
  for (const name of names) {
    try {
      const [file] = scenarioFilesOf([name]);
      const s = engine.parse(expandIncludes([file]));
      process.stdout.write(`ok  ${name}${s.name ? ` (${s.name})` : ''}\n`);
    } catch (e) {
      failed++;
      process.stdout.write(`bad ${name}\n${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  engine.clock.dispose();
  process.exit(failed ? 2 : 0);
}

export function program(): Command {
  const p = new Command('backup-mocks')
    .description('Mock servers for vendor backup APIs, driven by scenario files')
    .version(version, '-V, --version')
    // Usage errors throw instead of exiting, so that main() can give them exit code 2.
    .exitOverride();
  p.command('serve')
    .description('serve every enabled vendor and the admin API')
    .option('-s, --scenario <file|name>', 'scenario file or shipped scenario name, e.g. vcenter-demo (repeatable; default: the shipped default)', collect, [])
    .option('--set <path=value>', 'override one scenario value, e.g. vendors.virtuozzo.greeting=off (repeatable)', collect, [])
    .option('--host <host>', 'address to bind', hostArg, '127.0.0.1')
    .option('--port-base <n>', 'every listener on base + its offset (admin = base); 0: ephemeral ports', portBaseArg)
    .option('--ports <kind>', 'default (each listener\'s own port) or ephemeral (free ports; see --json, --ready-file)', portsArg)
    .addOption(new Option('--clock <mode>', 'real, manual or xN (e.g. x60)').argParser(clockArg))
    .option('--no-tls', 'serve no HTTPS/TLS listeners (on by default)')
    .option('--tls-cert <file>', 'PEM certificate for the HTTPS/TLS listeners (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--tls-name <name>', 'DNS name or IP the generated certificate also covers, e.g. a CI service host (repeatable)', tlsNameArg, [])
    .option('--admin-allow-host <name>', 'a Host name the admin API also answers (loopback names always), e.g. a CI service host; * for any (repeatable)', allowHostArg, [])
    .option('--watch', 'reload scenario files (and their includes) when they change')
    .option('--json', 'one JSON object per line: {"kind":"ready","urls":...} once listening, then the log')
    .option('--quiet', 'print errors only (with --json, the ready line too)')
    .option('--strict', 'answer unmatched requests with a loud 501')
    .option('--journal-size <n>', 'request journal capacity (0 disables)', journalSizeArg)
    .option('--ready-file <path>', 'once every listener is up, write the ready JSON there (atomically)')
    .option('--pid-file <path>', 'write the process id there')
    .action((flags: ServeFlags) => {
      let override: Record<string, unknown> | undefined;
      try {
        override = overrideOf(flags.set);
      } catch (e) {
        fail(e);
      }
      return serve(flags, { ...(override ? { override } : {}), fail });
    });
  p.command('validate')
    .description('check scenario files (or shipped scenario names) without serving')
    .argument('<file...>')
    .action((files: string[]) => validate(files));
  return p;
}

/** Run the command line (bin/backup-mocks.js calls this). */
export function main(argv: string[]): void {
  program()
    .parseAsync(argv)
    .catch((e: unknown) => {
      // Commander has printed its message (or the help, or the version) already.
      if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
      fail(e);
    });
}

if (require.main === module) main(process.argv);
