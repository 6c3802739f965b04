import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { overrideOf } from '../../../src/cli';
import { ensureBundle } from '../../built';
import { tempDir } from '../../tmp';
import { portBase, serveUntilBanner } from './helpers';

const root = join(__dirname, '..', '..', '..');

const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'src', 'cli.ts');

describe('--set overrides', () => {
  it('turn dotted paths into a scenario fragment with YAML scalars', () => {
    expect(overrideOf(['vendors.virtuozzo.greeting=off', 'vendors.vcenter.enabled=false', 'seed=7'])).toEqual({
      vendors: { virtuozzo: { greeting: 'off' }, vcenter: { enabled: false } },
      seed: 7,
    });
    expect(overrideOf([])).toBeUndefined();
    expect(() => overrideOf(['nothing'])).toThrow(/path=value/);
    expect(() => overrideOf(['__proto__.polluted=1'])).toThrow(/path=value/);
    expect(() => overrideOf(['vendors..x=1'])).toThrow(/path=value/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

beforeAll(ensureBundle);

describe('the backup-mocks command (bin/backup-mocks.js)', () => {
  it('leaves compiled code, the validated default scenario and the certificate for the next start', async () => {
    const cache = tempDir('bm-cache-');
    const env = { ...process.env, BACKUP_MOCKS_CACHE: cache };
    const bin = join(root, 'bin', 'backup-mocks.js');
    const base = portBase();
    const { child } = await serveUntilBanner(process.execPath, [bin, 'serve', '--port-base', String(base), '--clock', 'manual'], { env });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    const files = readdirSync(cache);
    expect(files).toContain('localhost-tls.json');
    expect(files.filter((f) => /^scenario-.*\.files\.json$/.test(f))).toHaveLength(1);
    expect(files.filter((f) => /^scenario-[0-9a-f]+\.json$/.test(f))).toHaveLength(1);
    // One code cache of the bundle; on Node 22+ also Node's compile cache, for the libraries.
    expect(files.filter((f) => /^code-cache-cli-.*\.bin$/.test(f))).toHaveLength(1);
    const hasCompileCache = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    if (hasCompileCache) expect(files).toContain('node-compile-cache');
    const second = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', env });
    expect(second.stdout).toMatch(/serve .*\n.*validate/s);
  }, 30_000);

  it('serves every vendor on a machine that has no cached certificate yet (what `npm start` meets first)', async () => {
    const cache = tempDir('bm-fresh-');
    const base = portBase();
    const bin = join(root, 'bin', 'backup-mocks.js');
    const { child, out } = await serveUntilBanner(process.execPath, [bin, 'serve', '--port-base', String(base), '--clock', 'manual'], {
      env: { ...process.env, BACKUP_MOCKS_CACHE: cache },
    });
    try {
      expect(out()).not.toMatch(/error/i);
      const https = require('node:https') as typeof import('node:https');
      const status = await new Promise<number>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port: base + 44, path: '/api/appliance/recovery/backup/job', rejectUnauthorized: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
      expect(status).toBe(401);
      // The XML libraries load on first use: an XML login and a Virtuozzo packet error.
      const login = await fetch(`http://127.0.0.1:${base + 1}/webconsole/api/Login`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', accept: 'application/xml' },
        body: `<DM2ContentIndexing_CheckCredentialReq username="admin" password="${Buffer.from('Commvault!1').toString('base64')}"/>`,
      });
      expect(login.status).toBe(200);
      const answer = await login.text();
      expect(answer).toMatch(/<DM2ContentIndexing_CheckCredentialResp[^>]*token="QSDK /);
      // Seeded faker data served by the bundle equals the library's, run from source.
      const { startHarness } = require('../../../src/harness') as typeof import('../../../src/harness');
      const lib = await startHarness({ clock: 'manual', tlsEnabled: false, admin: false, scenarioFiles: [join(root, 'scenarios', 'default.yaml')] });
      try {
        const ref = await (
          await fetch(`${lib.url('commvault', 'http')}/webconsole/api/Login`, {
            method: 'POST',
            headers: { 'content-type': 'application/xml', accept: 'application/xml' },
            body: `<DM2ContentIndexing_CheckCredentialReq username="admin" password="${Buffer.from('Commvault!1').toString('base64')}"/>`,
          })
        ).text();
        const guid = (xml: string) => /userGUID="([^"]+)"/.exec(xml)?.[1];
        expect(guid(answer)).toMatch(/^[0-9A-F-]{36}$/);
        expect(guid(answer)).toBe(guid(ref));
      } finally {
        await lib.stop();
      }
      const vz = await fetch(`http://127.0.0.1:${base + 4}/`, { method: 'POST', body: 'not a packet' });
      expect(await vz.text()).toMatch(/<\/?\w*:?packet/);
      const { readdirSync } = require('node:fs') as typeof import('node:fs');
      expect(readdirSync(cache)).toContain('localhost-tls.json');
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});

describe('start-up caches (bin/backup-mocks.js)', () => {
  async function serveOnce(file: string, cache: string): Promise<string> {
    const base = portBase();
    const { child, out } = await serveUntilBanner(
      process.execPath,
      [join(root, 'bin', 'backup-mocks.js'), 'serve', '--scenario', file, '--port-base', String(base), '--no-tls', '--clock', 'manual'],
      { env: { ...process.env, BACKUP_MOCKS_CACHE: cache }, orExit: true },
    );
    const users = child.exitCode === null ? await (await fetch(`http://127.0.0.1:${base}/state`)).text() : '';
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    return `${out()}\n${users}`;
  }

  it('a changed scenario or include is served as changed, and a broken one is reported, never an old copy', async () => {
    const dir = tempDir('bm-edit-');
    const cache = tempDir('bm-edit-cache-');
    const file = join(dir, 'main.yaml');
    writeFileSync(join(dir, 'users.yaml'), 'tenants:\n  - id: default\n    credentials:\n      vcenter: { username: first@vsphere.local, password: p }\n');
    writeFileSync(file, 'name: first\ninclude: [users.yaml]\n');
    expect(await serveOnce(file, cache)).toMatch(/scenario: first[\s\S]*first@vsphere\.local/);
    expect(await serveOnce(file, cache)).toMatch(/scenario: first/);
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    expect(readdirSync(cache).some((f) => f.startsWith('scenario-'))).toBe(true);
    writeFileSync(join(dir, 'users.yaml'), 'tenants:\n  - id: default\n    credentials:\n      vcenter: { username: second@vsphere.local, password: p }\n');
    expect(await serveOnce(file, cache)).toMatch(/second@vsphere\.local/);
    writeFileSync(file, 'name: renamed\ninclude: [users.yaml]\n');
    expect(await serveOnce(file, cache)).toMatch(/scenario: renamed/);
    writeFileSync(file, 'name: renamed\nseed: many\ninclude: [users.yaml]\n');
    expect(await serveOnce(file, cache)).toMatch(/invalid scenario:\n.*main\.yaml:2:\d+: seed/);
  }, 60_000);
});

describe('backup-mocks CLI', () => {
  it('validate accepts the shipped default scenario', () => {
    const r = spawnSync(tsx, [cli, 'validate', join(root, 'scenarios', 'default.yaml')], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^ok .*default\.yaml \(default\)/m);
    expect(r.status).toBe(0);
  });

  it('validate names the file and line of a bad scenario and exits 2, without a stack trace', () => {
    const dir = tempDir('bm-cli-');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'seed: 1\njobs:\n  - timeline: { duration: 2h, outcome: maybe }\n');
    const r = spawnSync(tsx, [cli, 'validate', file], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain(`${file}:3:`);
    expect(r.stdout).toMatch(/jobs\.0\.timeline/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('serve prints every URL and the demo credentials, answers, and stops cleanly on SIGTERM', async () => {
    const base = portBase();
    const { child, out: output } = await serveUntilBanner(tsx, [cli, 'serve', '--port-base', String(base), '--clock', 'manual', '--set', 'vendors.metallic.enabled=false']);
    const out = output();
    expect(out).toContain(`admin API  http://127.0.0.1:${base}`);
    expect(out).toContain(`http://127.0.0.1:${base + 81}`);
    const vendors = (await (await fetch(`http://127.0.0.1:${base}/vendors`)).json()) as { vendors: Array<{ name: string; enabled: boolean }> };
    expect(vendors.vendors.map((v) => v.name)).toEqual(['commvault', 'metallic', 'dds', 'vcenter', 'virtuozzo']);
    expect(vendors.vendors.find((v) => v.name === 'metallic')).toMatchObject({ enabled: false, urls: {} });
    expect(out).toContain('login  administrator@vsphere.local / VMware1!');
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 30_000);

  it('serve --watch reloads a changed scenario without a restart, and keeps the old one when the edit is invalid', async () => {
    const dir = tempDir('bm-watch-');
    const file = join(dir, 'watched.yaml');
    writeFileSync(file, 'name: first\n');
    const base = portBase();
    const child = spawn(tsx, [cli, 'serve', '--scenario', file, '--port-base', String(base), '--clock', 'manual', '--watch', '--no-tls', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const nameNow = async () => ((await (await fetch(`http://127.0.0.1:${base}/scenario`)).json()) as { name?: string }).name;
    // Waits on a real file watcher (wall time by nature), polling with a deadline.
    const until = async (what: () => Promise<boolean>, label: string) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        try {
          if (await what()) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(async () => (await nameNow()) === 'first', 'the first scenario');
      writeFileSync(file, 'name: second\n');
      await until(async () => (await nameNow()) === 'second', 'the reload');
      writeFileSync(file, 'name: third\nrules: [{ fault: meltdown }]\n');
      await until(async () => out.includes('scenario not reloaded'), 'the reload error');
      expect(out).toContain(`${file}:2:`);
      expect(await nameNow()).toBe('second');
    } finally {
      child.kill('SIGTERM');
    }
  }, 40_000);
});
