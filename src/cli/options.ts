import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { InvalidArgumentError } from 'commander';
import type { HarnessOptions } from '../harness';
import { VENDORS } from '../registry';
import { resolveScenarioFile, shippedScenarios } from '../scenario/sources';
import type { TlsMaterial } from '../tls';

/** A command line that cannot run: printed as `error: ...`, exit code 2. */
export class UsageError extends Error {}

/** The highest listener offset: a port base leaves room for base + offset on every listener. */
const MAX_OFFSET = Math.max(0, ...VENDORS.flatMap((m) => m.listeners.map((l) => l.offset)));
/** Fastest clock the command line accepts: a day passes in under 0.1 s. */
const MAX_CLOCK_SCALE = 1_000_000;
const MAX_JOURNAL_SIZE = 10_000_000;

// Commander calls these with each value; they throw InvalidArgumentError, which commander
// reports as `error: option '--x <n>' argument 'v' is invalid. <reason>`.

export function portBaseArg(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a port number, or 0 for ephemeral ports');
  const n = Number(v);
  if (n > 65535 - MAX_OFFSET) throw new InvalidArgumentError(`at most ${65535 - MAX_OFFSET} (listeners use base + 0..${MAX_OFFSET})`);
  return n;
}

export function portsArg(v: string): 'default' | 'ephemeral' {
  if (v !== 'default' && v !== 'ephemeral') throw new InvalidArgumentError('default or ephemeral');
  return v;
}

export function clockArg(v: string): string {
  const m = /^x(\d+(?:\.\d+)?)$/.exec(v);
  if (v !== 'real' && v !== 'manual' && !m) throw new InvalidArgumentError('real, manual or xN with N > 0, e.g. x60');
  if (m && !(Number(m[1]) > 0 && Number(m[1]) <= MAX_CLOCK_SCALE)) throw new InvalidArgumentError(`a scale above 0 and at most ${MAX_CLOCK_SCALE}`);
  return v;
}

export function journalSizeArg(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > MAX_JOURNAL_SIZE) throw new InvalidArgumentError(`a whole number from 0 (journal off) to ${MAX_JOURNAL_SIZE}`);
  return Number(v);
}

export function hostArg(v: string): string {
  if (isIP(v) || /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(v)) return v;
  throw new InvalidArgumentError('an IP address or host name to bind, e.g. 127.0.0.1 or 0.0.0.0');
}

/** A DNS name (a leading `*.` allowed) or an IP address for the certificate. */
export function tlsNameArg(v: string, acc: string[]): string[] {
  const dns = /^(?=.{1,253}$)(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  if (!isIP(v) && !dns.test(v)) throw new InvalidArgumentError('a DNS name (e.g. backup-mocks, mocks.ci.internal) or an IP address');
  return [...acc, v];
}

/** A host name or IP the admin API also answers to (`--admin-allow-host`), or `*` for any. */
export function allowHostArg(v: string, acc: string[]): string[] {
  const name = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;
  if (v !== '*' && !isIP(v) && !name.test(v)) throw new InvalidArgumentError('a host name (e.g. backup-mocks, mocks.ci.internal), an IP address, or * for any name');
  return [...acc, v];
}

export function collect(v: string, acc: string[]): string[] {
  return [...acc, v];
}

/** What `serve` was given, as commander parsed it. */
export interface ServeFlags {
  scenario: string[];
  set: string[];
  host: string;
  portBase?: number;
  ports?: 'default' | 'ephemeral';
  clock?: string;
  watch?: boolean;
  tls: boolean;
  tlsCert?: string;
  tlsKey?: string;
  tlsName: string[];
  adminAllowHost: string[];
  json?: boolean;
  quiet?: boolean;
  strict?: boolean;
  journalSize?: number;
  readyFile?: string;
  pidFile?: string;
}

/** Every scenario named, as a file: a path, or a shipped scenario's name. */
export function scenarioFilesOf(names: string[]): string[] {
  return names.map((name) => {
    const file = resolveScenarioFile(name);
    if (!existsSync(file)) throw new UsageError(`no scenario file ${name}, nor a shipped scenario of that name (shipped: ${shippedScenarios().join(', ')})`);
    return file;
  });
}

function readPem(flag: string, file: string): string {
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${flag} ${file}: not a regular file`);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** `--tls-cert` and `--tls-key`, read and checked to make a working TLS context together. */
export function tlsMaterialOf(flags: Pick<ServeFlags, 'tls' | 'tlsCert' | 'tlsKey' | 'tlsName'>): TlsMaterial | undefined {
  if (flags.tlsCert === undefined && flags.tlsKey === undefined) return undefined;
  if (flags.tlsCert === undefined || flags.tlsKey === undefined) throw new UsageError('--tls-cert and --tls-key go together');
  if (!flags.tls) throw new UsageError('--no-tls serves no TLS listener: drop --tls-cert/--tls-key, or --no-tls');
  if (flags.tlsName.length) throw new UsageError('--tls-name adds names to the generated certificate; with --tls-cert, put them in your own');
  const material = { cert: readPem('--tls-cert', flags.tlsCert), key: readPem('--tls-key', flags.tlsKey) };
  try {
    createSecureContext(material);
  } catch (e) {
    throw new UsageError(`--tls-cert/--tls-key: not a usable PEM certificate and matching private key (${(e as Error).message})`);
  }
  return material;
}

/** A file the command writes (`--ready-file`, `--pid-file`): its folder must exist. */
export function outputFileOf(flag: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const abs = resolve(file);
  if (!existsSync(dirname(abs))) throw new UsageError(`${flag} ${file}: folder ${dirname(abs)} does not exist`);
  if (existsSync(abs) && !statSync(abs).isFile()) throw new UsageError(`${flag} ${file}: not a regular file`);
  return abs;
}

/** The harness options the flags ask for, all cross-checked (scenario, TLS, ports). */
export function harnessOptionsOf(flags: ServeFlags): HarnessOptions {
  if (flags.portBase !== undefined && flags.ports !== undefined) throw new UsageError('give --port-base or --ports, not both');
  if (!flags.tls && flags.tlsName.length) throw new UsageError('--no-tls serves no TLS listener: drop --tls-name, or --no-tls');
  const tls = tlsMaterialOf(flags);
  return {
    scenarioFiles: scenarioFilesOf(flags.scenario),
    host: flags.host,
    ports: flags.ports ?? (flags.portBase === undefined ? 'default' : flags.portBase === 0 ? 'ephemeral' : flags.portBase),
    ...(flags.clock ? { clock: flags.clock } : {}),
    ...(flags.strict ? { strict: true } : {}),
    ...(flags.tls === false ? { tlsEnabled: false } : {}),
    ...(tls ? { tls } : {}),
    ...(flags.tlsName.length ? { tlsNames: flags.tlsName } : {}),
    ...(flags.adminAllowHost.length ? { adminAllowHosts: flags.adminAllowHost } : {}),
    ...(flags.journalSize !== undefined ? { journalSize: flags.journalSize } : {}),
  };
}
