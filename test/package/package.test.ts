/**
 * The npm package as a user gets it: `npm pack` (which builds), then a project that installs the
 * tarball. The pack runs in a copy of the repository, so that its build and its package.json
 * edits (scripts/manifest.js) never meet the other tests. The project is offline: its
 * node_modules holds the unpacked tarball and finds the dependencies in this repository's
 * node_modules, one folder up, as Node and TypeScript look.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import { tempDir } from '../tmp';

const root = join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackResult {
  filename: string;
  files: Array<{ path: string; size: number }>;
}

describe('the npm package', () => {
  const out = tempDir('bm-pack-');
  let packed: PackResult;
  let manifest: Record<string, unknown> & { scripts?: Record<string, string>; dependencies: Record<string, string>; exports: Record<string, unknown> };
  let project: string;
  const repoManifest = readFileSync(join(root, 'package.json'), 'utf8');
  const copy = join(tempDir('bm-repo-'), 'backup-mocks');

  beforeAll(() => {
    for (const p of ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'lib', 'src', 'mocks', 'scripts', 'scenarios', 'schemas', 'ui']) {
      cpSync(join(root, p), join(copy, p), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const json = execFileSync(npm, ['pack', '--json', '--pack-destination', out], { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    [packed] = JSON.parse(json) as PackResult[];
    // A project with the tarball installed, and the dependencies one folder up.
    const top = tempDir('bm-consumer-');
    symlinkSync(join(root, 'node_modules'), join(top, 'node_modules'), 'dir');
    project = join(top, 'project');
    mkdirSync(join(project, 'node_modules', 'backup-mocks'), { recursive: true });
    execFileSync('tar', ['-xzf', join(out, packed.filename), '-C', join(project, 'node_modules', 'backup-mocks'), '--strip-components=1']);
    manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'backup-mocks', 'package.json'), 'utf8'));
  }, 120_000);

  it('holds only what a user runs: the bundle, its launchers, declarations, scenarios, schemas, README and LICENSE', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'bin/backup-mocks.js',
        'lib/load.js',
        'lib/index.js',
        'lib/jest/setup.js',
        'lib/client.js',
        'dist/backup-mocks.cjs',
        'dist/index.mjs',
        'dist/client.mjs',
        'dist/types/src/index.d.ts',
        'dist/types/src/jest/index.d.ts',
        'dist/types/src/client.d.ts',
        'scenarios/default.yaml',
        'scenarios/default/vcenter.yaml',
        'schemas/scenario.schema.json',
        'dist/ui/index.html',
        'dist/ui/app.js',
      ]),
    );
    const unwanted = paths.filter((p) => /\.map$|^bench\/|^dist\/bench|^dist-bench|^fixtures\/|^test\/|^src\/|^mocks\/|^scripts\/|^dist\/chunks|^dist\/src\/.*\.js$|\.ts$(?<!\.d\.ts)|\.tgz$/.test(p));
    expect(unwanted).toEqual([]);
    // One copy of the code: a single bundle (and the dashboard's browser bundle); the big libraries are dependencies, not bundled as well.
    expect(paths.filter((p) => /\.c?js$/.test(p) && !/^(bin|lib)\//.test(p))).toEqual(['dist/backup-mocks.cjs', 'dist/ui/app.js']);
    const bundle = readFileSync(join(project, 'node_modules', 'backup-mocks', 'dist', 'backup-mocks.cjs'), 'latin1');
    // Each dependency is required from the package (itself or one of its entry points, as faker's English locale).
    for (const lib of Object.keys(manifest.dependencies)) expect(bundle).toMatch(new RegExp(`require\\("${lib.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/[^"]+)?"\\)`));
    // The full faker entry loads every locale (~200 ms); only the English one is loaded.
    expect(bundle).not.toContain('require("@faker-js/faker")');
    expect(packed.files.reduce((n, f) => n + f.size, 0)).toBeLessThan(2 * 1024 * 1024);
  });

  it('ships every declaration file that a shipped declaration imports, and imports no package it does not depend on', () => {
    const paths = new Set(packed.files.map((f) => f.path));
    const missing: string[] = [];
    for (const file of [...paths].filter((p) => /\.d\.m?ts$/.test(p))) {
      // Imports only, not the examples in doc comments.
      const text = readFileSync(join(project, 'node_modules', 'backup-mocks', file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const m of text.matchAll(/(?:from\s+|import\()['"]([^'"]+)['"]/g)) {
        const spec = m[1];
        if (spec.startsWith('.')) {
          const target = posix.join(posix.dirname(file), spec).replace(/\.js$/, '');
          if (!paths.has(`${target}.d.ts`) && !paths.has(`${target}/index.d.ts`)) missing.push(`${file} -> ${spec}`);
        } else {
          // A bundled library's types are not installed with the package: only dependencies and Node's own modules.
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!spec.startsWith('node:') && !builtinModules.includes(pkg) && !(pkg in manifest.dependencies)) missing.push(`${file} -> ${spec}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('publishes a manifest with dependency ranges, an exports map whose files all exist, and no install-time build', () => {
    expect(manifest.scripts?.prepare).toBeUndefined();
    for (const event of ['preinstall', 'install', 'postinstall']) expect(manifest.scripts?.[event]).toBeUndefined();
    for (const [dep, range] of Object.entries(manifest.dependencies)) expect([dep, range]).toEqual([dep, expect.stringMatching(/^\^\d/)]);
    for (const bundled of ['commander', 'find-my-way', 'xml2js', 'xmlbuilder2']) expect(manifest.dependencies).not.toHaveProperty(bundled);
    const targetsOf = (v: unknown): string[] => (typeof v === 'string' ? [v] : Object.values(v as Record<string, unknown>).flatMap(targetsOf));
    const targets = targetsOf(manifest.exports)
      .filter((t) => !t.includes('*'))
      .map((t) => t.slice(2));
    const paths = new Set(packed.files.map((f) => f.path));
    for (const t of [...targets, manifest.main as string, manifest.types as string]) expect([t, paths.has(t)]).toEqual([t, true]);
    // The repository keeps its own package.json (prepare builds after npm ci and for git installs).
    expect(readFileSync(join(copy, 'package.json'), 'utf8')).toBe(repoManifest);
  });

  it('works from CommonJS and ESM, the command included', () => {
    const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8', env: { ...process.env, BACKUP_MOCKS_CACHE: tempDir('bm-consumer-cache-') } });
    const use = (mod: string) => `const h = await startHarness({ clock: 'manual', vendors: ['vcenter'], tlsEnabled: false });
      const status = (await fetch(h.url('vcenter', 'http') + '/api/appliance/recovery/backup/job')).status;
      await h.stop();
      console.log(${JSON.stringify(mod)}, status, typeof matchers.toHaveReceived, typeof connectHarness);`;
    expect(run(['-e', `const { startHarness } = require('backup-mocks'); const { matchers } = require('backup-mocks/jest'); const { connectHarness } = require('backup-mocks/client'); (async () => { ${use('cjs')} })();`])).toBe(
      'cjs 401 function function\n',
    );
    expect(run(['--input-type=module', '-e', `import { startHarness } from 'backup-mocks'; import { matchers } from 'backup-mocks/jest'; import { connectHarness } from 'backup-mocks/client'; ${use('esm')}`])).toBe(
      'esm 401 function function\n',
    );
    expect(run([join('node_modules', 'backup-mocks', 'bin', 'backup-mocks.js'), '--version']).trim()).toBe(manifest.version);
  }, 60_000);

  it('types CommonJS, ESM and node10-resolution consumers, the matcher types from backup-mocks/jest included', () => {
    const consumer = `
      import { startHarness, vendorApp, type Harness, type HarnessOptions, type VendorApp } from 'backup-mocks';
      import { matchers } from 'backup-mocks/jest';
      import { connectHarness, type RemoteHarness } from 'backup-mocks/client';
      const options: HarnessOptions = { clock: 'manual', scenarioFiles: ['vcenter-demo'] };
      export async function check(): Promise<void> {
        const h: Harness = await startHarness(options);
        expect.extend(matchers);
        const now: void = expect(h).toHaveReceived({ vendor: 'vcenter', operation: 'job.create' }, { atLeast: 1 });
        const client: RemoteHarness = await connectHarness(process.env.BACKUP_MOCKS_ADMIN_URL, { tenant: \`worker-\${process.env.JEST_WORKER_ID}\` });
        const later: Promise<void> = expect(client).not.toHaveReceived({ operation: 'job.create' });
        await later;
        const fired: number = await client.clock.advance('2h');
        h.clockOf('worker-1').advance('1h');
        h.reset({ keep: ['journal'] });
        await client.reset({ keep: ['clock'] });
        const app: VendorApp = vendorApp('vcenter', { harness: h });
        console.log(now, fired, app.listener);
        // @ts-expect-error not a harness option
        await startHarness({ nonsense: true });
      }
    `;
    writeFileSync(join(project, 'esm.mts'), consumer);
    writeFileSync(join(project, 'cjs.cts'), consumer);
    const config = (compilerOptions: Record<string, unknown>, files: string[]) =>
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, types: ['node', 'jest'], ...compilerOptions }, files });
    writeFileSync(join(project, 'tsconfig.nodenext.json'), config({ module: 'nodenext', moduleResolution: 'nodenext' }, ['esm.mts', 'cjs.cts']));
    writeFileSync(join(project, 'old.ts'), consumer);
    writeFileSync(join(project, 'tsconfig.node10.json'), config({ module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true }, ['old.ts']));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const p of ['tsconfig.nodenext.json', 'tsconfig.node10.json']) {
      const r = spawnSync(process.execPath, [tsc, '-p', p], { cwd: project, encoding: 'utf8' });
      expect([p, r.stdout + r.stderr]).toEqual([p, '']);
      expect(r.status).toBe(0);
    }
  }, 60_000);
  it('two Jest workers share the global setup harness, each on its own tenant and clock, checked with the matcher through the remote client', () => {
    const results = tempDir('bm-workers-');
    writeFileSync(
      join(project, 'jest.config.js'),
      `module.exports = {
        testEnvironment: 'node',
        transform: {},
        testMatch: ['<rootDir>/workers/*.test.js'],
        setupFilesAfterEnv: ['backup-mocks/jest/setup'],
        globalSetup: 'backup-mocks/jest/global-setup',
        globalTeardown: 'backup-mocks/jest/global-teardown',
        globals: { backupMocks: { scenarioFiles: ['vcenter-demo'], clock: 'manual', vendors: ['vcenter'], tlsEnabled: false } },
      };\n`,
    );
    mkdirSync(join(project, 'workers'), { recursive: true });
    // Each file backs up through the vCenter listener and polls the job, moving its own tenant's clock by its own step.
    for (const [name, step] of [['a', 7], ['b', 10]] as const) {
      writeFileSync(
        join(project, 'workers', `${name}.test.js`),
        `const { writeFileSync } = require('node:fs');
        const { connectHarness } = require('backup-mocks/client');
        const BACKUP = '/api/appliance/recovery/backup/job';
        it('backs up on its own clock', async () => {
          const h = await connectHarness(process.env.BACKUP_MOCKS_ADMIN_URL, { tenant: \`worker-\${process.env.JEST_WORKER_ID}\` });
          await h.reset();
          const start = await h.clock.now();
          const login = await h.fetch('vcenter', '/api/session', { method: 'POST', headers: { authorization: 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64') } });
          const headers = { 'vmware-api-session-id': await login.json(), 'content-type': 'application/json' };
          const body = JSON.stringify({ parts: ['seat'], location_type: 'SFTP', location: 'sftp://10.0.0.5/b', location_user: 'u', location_password: 'p' });
          const { id } = await (await h.fetch('vcenter', BACKUP, { method: 'POST', headers, body })).json();
          let polls = 0;
          for (;;) {
            polls++;
            const job = await (await h.fetch('vcenter', BACKUP + '/' + id, { headers })).json();
            if (job.state !== 'INPROGRESS') break;
            await h.clock.advance('${step}s');
          }
          const moved = (await h.clock.now()) - start;
          expect(moved).toBe((polls - 1) * ${step}000);
          await expect(h).toHaveReceived({ operation: 'job.create' }, 1);
          await expect(h).toHaveReceived({ operation: 'job.get' }, polls);
          writeFileSync(${JSON.stringify(results)} + '/${name}.json', JSON.stringify({ tenant: h.tenant, pid: process.pid, moved }));
        });\n`,
      );
    }
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JEST_') && !k.startsWith('BACKUP_MOCKS_')));
    const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
    // A fresh cache: no timings from an earlier run that could make Jest run the two files in band.
    const r = spawnSync(process.execPath, [jest, '--maxWorkers=2', '--cacheDirectory', tempDir('bm-jest-cache-'), '--ci'], { cwd: project, encoding: 'utf8', env: { ...env, BACKUP_MOCKS_CACHE: tempDir('bm-consumer-cache-') } });
    expect([r.status, r.stderr]).toEqual([0, expect.stringMatching(/Tests:\s+2 passed, 2 total/)]);
    const a = JSON.parse(readFileSync(join(results, 'a.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(results, 'b.json'), 'utf8'));
    // Two worker processes, two tenants, and each clock moved by its own steps only (30 s backups: 35 s and 30 s).
    expect(a.pid).not.toBe(b.pid);
    expect(a.tenant).not.toBe(b.tenant);
    expect([a.moved, b.moved]).toEqual([35_000, 30_000]);
  }, 60_000);
});
