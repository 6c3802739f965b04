import { rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { writePrivate } from '../../lib/cache-dir';
import { startHarness, type Harness } from '../harness';
import { defaultScenarioPath } from '../scenario/sources';
import { harnessOptionsOf, outputFileOf, type ServeFlags } from './options';
import { banner, printEvent, readyEvent } from './output';
import { watchScenario } from './watch';

/** How often the command checks that the process that started it is still there. */
const PARENT_CHECK_MS = 1000;

/** Write `file` atomically (a reader sees all of it or nothing), in its own folder. */
function writeAtomically(file: string, text: string): void {
  if (!writePrivate(dirname(file), basename(file), text)) throw new Error(`cannot write ${file}`);
}

export interface ServeDeps {
  /** `--set` assignments as a scenario fragment (src/cli.ts). */
  override?: Record<string, unknown>;
  fail(e: unknown): never;
}

/** `backup-mocks serve`: start, announce, log, reload on change, and stop on a signal, a lost parent or POST /shutdown. */
export async function serve(flags: ServeFlags, deps: ServeDeps): Promise<void> {
  const json = Boolean(flags.json);
  const quiet = Boolean(flags.quiet);
  let harness: Harness | undefined;
  let files: string[];
  let readyFile: string | undefined;
  let pidFile: string | undefined;

  // Handlers first: a signal that comes while the listeners start stops it as soon as they are up.
  let stopping: string | undefined;
  const stop = (why: string) => {
    // A second signal while stopping: stop now.
    if (stopping !== undefined) process.exit(1);
    stopping = why;
    if (!harness) return;
    if (!json && !quiet) process.stdout.write(`\n${why}: stopping\n`);
    void harness.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
  // `npx backup-mocks serve & kill $!` kills npm, whose shell child dies without passing the
  // signal on: the command is then adopted by another process. Stop when that happens.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(orphaned);
    stop('parent process gone');
  }, PARENT_CHECK_MS).unref();

  try {
    const options = harnessOptionsOf(flags);
    files = options.scenarioFiles?.length ? options.scenarioFiles : [defaultScenarioPath()];
    readyFile = outputFileOf('--ready-file', flags.readyFile);
    pidFile = outputFileOf('--pid-file', flags.pidFile);
    if (pidFile) writeAtomically(pidFile, `${process.pid}\n`);
    harness = await startHarness({ ...options, scenarioFiles: files, ...(deps.override ? { scenario: deps.override } : {}) });
  } catch (e) {
    if (pidFile) rmSync(pidFile, { force: true });
    deps.fail(e);
  }
  const started = harness;
  // However it stops (a signal, the parent gone, POST /shutdown), the files go and the process exits.
  void started.stopped.then(() => {
    for (const f of [readyFile, pidFile]) if (f) rmSync(f, { force: true });
    process.exit(0);
  });
  if (stopping !== undefined) {
    void started.stop();
    return;
  }

  const ready = readyEvent(started);
  if (json) process.stdout.write(`${JSON.stringify(ready)}\n`);
  else if (!quiet) process.stdout.write(`${banner(started)}\n`);
  if (readyFile) writeAtomically(readyFile, `${JSON.stringify(ready)}\n`);
  started.engine.log.on('event', (e) => (!quiet || e.kind === 'error') && printEvent(e, json));
  if (flags.watch) watchScenario(started, files, deps.override, (e) => printEvent(e, json));
}
