import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A port base for one `serve` (it uses base .. base+91). Below Linux's ephemeral range
 * (32768-60999), so no client socket or ephemeral listener of a parallel test is in the way.
 */
export function portBase(): number {
  return 20000 + Math.floor(Math.random() * 127) * 100;
}

export interface Served {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  out(): string;
}

/** Spawn a `serve` and wait for its banner; `orExit` also settles when it exits first (bad scenarios). */
export async function serveUntilBanner(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; orExit?: boolean } = {}): Promise<Served> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no banner:\n${out}`)), 20_000);
    child.stdout!.on('data', () => out.includes('admin API') && (clearTimeout(t), resolve()));
    child.on('exit', () => {
      clearTimeout(t);
      if (opts.orExit) resolve();
      else reject(new Error(`exited early:\n${out}`));
    });
  });
  return { child, out: () => out };
}
