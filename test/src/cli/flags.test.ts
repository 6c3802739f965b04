import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { selfSignedTls } from '../../../src/tls';
import { ensureBundle } from '../../built';
import { tempDir } from '../../tmp';
import { portBase } from './helpers';

const root = join(__dirname, '..', '..', '..');
const bin = join(root, 'bin', 'backup-mocks.js');

beforeAll(ensureBundle);

function run(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20_000, ...opts });
}

/** Wait (wall time: a real process) until `what` holds, polling with a deadline. */
async function until(what: () => boolean, label: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Started {
  child: ChildProcess;
  ready: { kind: string; pid: number; urls: { admin: string; vendors: Record<string, Record<string, string>> } };
  stdout(): string;
  exit: Promise<number | null>;
}

/** `serve` on ephemeral ports, ready when its --ready-file appears. */
async function serveReady(extra: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Started & { readyFile: string }> {
  const readyFile = join(tempDir('bm-ready-'), 'ready.json');
  const child = spawn(process.execPath, [bin, 'serve', '--port-base', '0', '--clock', 'manual', '--ready-file', readyFile, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...opts,
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.resume();
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await until(() => existsSync(readyFile) || child.exitCode !== null, 'the ready file');
  return { child, readyFile, ready: JSON.parse(readFileSync(readyFile, 'utf8')), stdout: () => out, exit };
}

/** A GET with a Host header of our choosing (fetch sends the URL's). */
function getWithHost(url: string, host: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path: '/health', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve flags', () => {
  it.each([
    [['serve', '--port-base', 'abc'], /--port-base <n>.*'abc' is invalid\. a port number, or 0/],
    [['serve', '--port-base', '-5'], /'-5' is invalid/],
    [['serve', '--port-base', '65500'], /at most 65444/],
    [['serve', '--port-base', '1.5'], /'1\.5' is invalid/],
    [['serve', '--ports', 'some'], /default or ephemeral/],
    [['serve', '--port-base', '0', '--ports', 'default'], /--port-base or --ports, not both/],
    [['serve', '--journal-size', '-1'], /--journal-size <n>.*whole number/],
    [['serve', '--journal-size', 'NaN'], /whole number/],
    [['serve', '--clock', 'x0'], /a scale above 0/],
    [['serve', '--clock', 'x-2'], /real, manual or xN/],
    [['serve', '--clock', 'fast'], /real, manual or xN/],
    [['serve', '--host', 'not a host'], /an IP address or host name/],
    [['serve', '--scenario', 'no-such-scenario'], /no scenario file no-such-scenario, nor a shipped scenario.*vcenter-demo/],
    [['serve', '--set', 'nothing'], /--set takes path=value/],
    [['serve', '--tls-cert', 'cert.pem'], /--tls-cert and --tls-key go together/],
    [['serve', '--tls-cert', '/nowhere.pem', '--tls-key', '/nowhere.key'], /--tls-cert \/nowhere\.pem: cannot read it \(ENOENT\)/],
    [['serve', '--tls-name', 'bad name!'], /a DNS name .* or an IP address/],
    [['serve', '--no-tls', '--tls-name', 'backup-mocks'], /--no-tls serves no TLS listener/],
    [['serve', '--admin-allow-host', 'bad name!'], /--admin-allow-host <name>.*a host name .*or \* for any name/],
    [['serve', '--ready-file', '/no/such/folder/ready.json'], /--ready-file .*folder \/no\/such\/folder does not exist/],
    [['serve', '--unknown'], /unknown option '--unknown'/],
    [['nonsense'], /unknown command 'nonsense'/],
  ])('%j is refused with a clear message and exit code 2', (args, message) => {
    const r = run(args);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^error: /m);
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at |Received type|Invalid array length|ERR_/);
    expect(r.status).toBe(2);
  });

  it('--version prints the package version', () => {
    const r = run(['--version']);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
    expect(r.status).toBe(0);
  });

  it('--port-base 0 --json: ephemeral ports, one ready line, the same JSON in --ready-file, the pid in --pid-file; both files go at exit', async () => {
    const pidFile = join(tempDir('bm-pid-'), 'serve.pid');
    const s = await serveReady(['--json', '--quiet', '--pid-file', pidFile]);
    await until(() => s.stdout().includes('\n'), 'the ready line');
    const lines = s.stdout().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual(s.ready);
    expect(s.ready).toMatchObject({ kind: 'ready', pid: s.child.pid });
    expect(readFileSync(pidFile, 'utf8')).toBe(`${s.child.pid}\n`);
    const vc = new URL(s.ready.urls.vendors.vcenter.http);
    expect(Number(vc.port)).toBeGreaterThan(1024);
    expect((await fetch(`${vc.origin}/api/appliance/recovery/backup/job`)).status).toBe(401);
    expect((await fetch(`${s.ready.urls.admin}/health`)).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    expect(existsSync(s.readyFile)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  }, 30_000);

  it('--quiet prints nothing: no banner, no request log', async () => {
    const s = await serveReady(['--quiet']);
    expect((await fetch(`${s.ready.urls.vendors.vcenter.http}/api/appliance/recovery/backup/job`)).status).toBe(401);
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(0);
    expect(s.stdout()).toBe('');
  }, 30_000);

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('stops cleanly on %s', async (signal) => {
    const s = await serveReady(['--quiet']);
    s.child.kill(signal);
    expect(await s.exit).toBe(0);
  }, 30_000);

  it('POST /shutdown on the admin API stops it (exit 0)', async () => {
    const s = await serveReady(['--quiet']);
    const res = await fetch(`${s.ready.urls.admin}/shutdown`, { method: 'POST' });
    expect(await res.json()).toEqual({ stopping: true });
    expect(await s.exit).toBe(0);
  }, 30_000);

  it('stops when the process that started it goes away (npx, killed, leaves it to another parent)', async () => {
    const readyFile = join(tempDir('bm-orphan-'), 'ready.json');
    // A parent that starts the command and is then killed outright, as npm exec is by `kill $!`.
    const parent = spawn(
      process.execPath,
      ['-e', `require('node:child_process').spawn(process.execPath, ${JSON.stringify([bin, 'serve', '--port-base', '0', '--no-tls', '--quiet', '--ready-file', readyFile])}, { stdio: 'ignore' }); setInterval(() => {}, 1000);`],
      { stdio: 'ignore' },
    );
    await until(() => existsSync(readyFile), 'the ready file');
    const { pid } = JSON.parse(readFileSync(readyFile, 'utf8')) as { pid: number };
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await until(() => !alive(pid), 'the orphaned server to exit', 10_000);
    expect(existsSync(readyFile)).toBe(false);
  }, 30_000);

  it('--tls-cert/--tls-key: the TLS listeners present the given certificate', async () => {
    const dir = tempDir('bm-own-tls-');
    const own = await selfSignedTls(['own-cert.test']);
    writeFileSync(join(dir, 'cert.pem'), own.cert);
    writeFileSync(join(dir, 'key.pem'), own.key);
    const readyFile = join(dir, 'ready.json');
    const child = spawn(process.execPath, [bin, 'serve', '--port-base', '0', '--quiet', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem'), '--ready-file', readyFile], { stdio: 'ignore' });
    const exit = new Promise((r) => child.once('exit', r));
    try {
      await until(() => existsSync(readyFile), 'the ready file');
      const { urls } = JSON.parse(readFileSync(readyFile, 'utf8')) as { urls: { vendors: { vcenter: { https: string } } } };
      const san = await new Promise<string>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port: Number(new URL(urls.vendors.vcenter.https).port), rejectUnauthorized: false }, () => {
          resolve(s.getPeerCertificate().subjectaltname ?? '');
          s.destroy();
        });
        s.on('error', reject);
      });
      expect(san).toContain('DNS:own-cert.test');
    } finally {
      child.kill('SIGTERM');
      await exit;
    }
  }, 30_000);

  it('--admin-allow-host opens the admin API to the names given (repeatable), * to any', async () => {
    const named = await serveReady(['--quiet', '--admin-allow-host', 'mocks.ci.internal', '--admin-allow-host', 'backup-mocks']);
    try {
      expect(await getWithHost(named.ready.urls.admin, 'mocks.ci.internal:8399')).toBe(200);
      expect(await getWithHost(named.ready.urls.admin, 'backup-mocks')).toBe(200);
      expect(await getWithHost(named.ready.urls.admin, 'rebind.evil.example')).toBe(403);
    } finally {
      named.child.kill('SIGTERM');
      await named.exit;
    }
    const any = await serveReady(['--quiet', '--admin-allow-host', '*']);
    try {
      expect(await getWithHost(any.ready.urls.admin, 'rebind.evil.example')).toBe(200);
    } finally {
      any.child.kill('SIGTERM');
      await any.exit;
    }
  }, 30_000);

  it('serves the shipped default scenario from a project with a scenarios/ folder of its own, and writes nothing there with BACKUP_MOCKS_CACHE set but empty', async () => {
    const project = tempDir('bm-project-');
    mkdirSync(join(project, 'scenarios'));
    writeFileSync(join(project, 'scenarios', 'default.yaml'), 'not: [a valid scenario\n');
    const s = await serveReady(['--quiet'], { cwd: project, env: { ...process.env, BACKUP_MOCKS_CACHE: '' } });
    try {
      const scenario = (await (await fetch(`${s.ready.urls.admin}/scenario`)).json()) as { name?: string };
      expect(scenario.name).toBe('default');
      const vendorScenario = run(['validate', 'vcenter-demo'], { cwd: project });
      expect(vendorScenario.stdout).toMatch(/^ok {2}vcenter-demo \(vcenter-demo\)/);
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
    expect(readdirSync(project)).toEqual(['scenarios']);
  }, 30_000);
});
