/**
 * The container image's recipe (Dockerfile, .dockerignore), checked without a container engine:
 * it documents every listener, keeps what `npm pack` needs in the build context, and its
 * ENTRYPOINT's flags start the command and open the admin API to the service name.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { ADMIN_LISTENER } from '../../src/ports';
import { VENDORS } from '../../src/registry';
import { ensureBundle } from '../built';
import { tempDir } from '../tmp';

const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

/** ENTRYPOINT ["/bin/sh", "-c", "exec backup-mocks serve <flags> $BACKUP_MOCKS_ARGS \"$@\"", ...]: the flags. */
function entrypointFlags(): string[] {
  const line = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile);
  if (!line) throw new Error('no ENTRYPOINT in exec form');
  const [shell, dashC, script] = JSON.parse(line[1]) as string[];
  expect([shell, dashC]).toEqual(['/bin/sh', '-c']);
  const m = /^exec backup-mocks serve (.*) \$BACKUP_MOCKS_ARGS "\$@"$/.exec(script);
  if (!m) throw new Error(`unexpected ENTRYPOINT script: ${script}`);
  return m[1].split(' ');
}

/** A .dockerignore pattern as Docker reads it for a top-level name: `*` within one name, no slash. */
function ignores(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/^\//, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return re.test(name);
}

describe('the container image recipe', () => {
  it('EXPOSEs every default port: the admin API and each vendor listener, nothing else', () => {
    const exposed = [...dockerfile.matchAll(/^EXPOSE (.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/).map(Number));
    const listeners = [ADMIN_LISTENER.defaultPort, ...VENDORS.flatMap((v) => v.listeners.map((l) => l.defaultPort))];
    expect([...exposed].sort((a, b) => a - b)).toEqual([...listeners].sort((a, b) => a - b));
    expect(new Set(exposed).size).toBe(exposed.length);
  });

  it("keeps in the build context everything npm pack builds from, and leaves out the rest of the checkout", () => {
    const patterns = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const kept = readdirSync(root).filter((name) => !patterns.some((p) => ignores(p, name)));
    const needed = ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'lib', 'src', 'mocks', 'scripts', 'scenarios', 'schemas', 'ui'];
    expect(kept).toEqual(expect.arrayContaining(needed));
    for (const left of ['.git', 'node_modules', 'dist', 'test', 'clients', 'bench', 'docs']) {
      if (existsSync(join(root, left))) expect(kept).not.toContain(left);
    }
  });

  it("ENTRYPOINT's flags start the command, and the admin API answers the service name backup-mocks and refuses others", async () => {
    ensureBundle();
    const flags = entrypointFlags();
    expect(flags).toEqual(expect.arrayContaining(['--host', '0.0.0.0', '--admin-allow-host', 'backup-mocks', '--tls-name', 'backup-mocks']));
    // The same flags, then loopback and ephemeral ports for the test (a later --host wins).
    const readyFile = join(tempDir('bm-image-'), 'ready.json');
    const child = spawn(process.execPath, [join(root, 'bin', 'backup-mocks.js'), 'serve', ...flags, '--host', '127.0.0.1', '--port-base', '0', '--quiet', '--ready-file', readyFile], { stdio: 'ignore' });
    const exit = new Promise<number | null>((r) => child.once('exit', r));
    try {
      const deadline = Date.now() + 15_000;
      while (!existsSync(readyFile)) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error('the command did not get ready');
        await new Promise((r) => setTimeout(r, 25));
      }
      const admin = new URL((JSON.parse(readFileSync(readyFile, 'utf8')) as { urls: { admin: string } }).urls.admin);
      const statusAs = (host: string) =>
        new Promise<number>((resolve, reject) => {
          request({ host: admin.hostname, port: admin.port, path: '/health', headers: { host: `${host}:8399` } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
            .on('error', reject)
            .end();
        });
      expect(await statusAs('backup-mocks')).toBe(200);
      expect(await statusAs('evil.example')).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  }, 30_000);
});
