import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBundle } from '../built';
import { tempDir } from '../tmp';

const root = join(__dirname, '..', '..');

beforeAll(ensureBundle);

describe('the library entry (lib/index.js, lib/load.js)', () => {
  it('inside a Jest environment runs the bundle in the test\'s own context', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('../../lib') as typeof import('../../src/index');
    const h = await lib.startHarness({ clock: 'manual', vendors: ['vcenter'], tlsEnabled: false });
    try {
      expect((await fetch(`${h.url('vcenter', 'http')}/api/appliance/recovery/backup/job`)).status).toBe(401);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { matchers } = require('../../lib/jest') as typeof import('../../src/jest');
      expect.extend(matchers as unknown as jest.ExpectExtendMap);
      expect(h).toHaveReceived({ vendor: 'vcenter' }, 1);
    } finally {
      await h.stop();
    }
    let thrown: unknown;
    try {
      await lib.startHarness({ scenario: 'seed: many', admin: false, tlsEnabled: false });
    } catch (e) {
      thrown = e;
    }
    // Errors of this realm: compiled in the process's main context they would not be.
    expect(thrown).toBeInstanceOf(lib.ScenarioError);
    expect(thrown).toBeInstanceOf(Error);
  });

  it('in a process of its own compiles the bundle once: the first start writes a code cache, the next reads it', () => {
    const cache = tempDir('bm-lib-cache-');
    const script = `const lib = require(${JSON.stringify(join(root, 'lib'))});
      lib.startHarness({ clock: 'manual', tlsEnabled: false }).then(async (h) => {
        const { runtime } = require(${JSON.stringify(join(root, 'lib', 'load.js'))}).load();
        process.stdout.write(String(runtime.codeCache));
        await h.stop();
      });`;
    const env = { ...process.env, BACKUP_MOCKS_CACHE: cache };
    const hasCompileCache = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env })).toBe('miss');
    expect(readdirSync(cache).filter((f) => f.startsWith('code-cache-lib-'))).toHaveLength(1);
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env })).toBe('hit');
    // The library never turns on Node's process-wide compile cache, even where Node has it.
    if (hasCompileCache) expect(readdirSync(cache)).not.toContain('node-compile-cache');
  }, 30_000);

  it("writes the command line's cache with the XML libraries compiled in, and the library's without", () => {
    const cache = tempDir('bm-warm-cache-');
    const script = (app: boolean) => `const { load } = require(${JSON.stringify(join(root, 'lib', 'load.js'))});
      const b = load({ app: ${app} });
      b.library.startHarness({ clock: 'manual', tlsEnabled: false, admin: false }).then(async (h) => {
        process.stdout.write(b.runtime.codeCache + ' ' + (b.runtime.codeCacheWarmed === true));
        await h.stop();
      });`;
    const env = { ...process.env, BACKUP_MOCKS_CACHE: cache };
    expect(execFileSync(process.execPath, ['-e', script(true)], { encoding: 'utf8', env })).toBe('miss true');
    expect(execFileSync(process.execPath, ['-e', script(true)], { encoding: 'utf8', env })).toBe('hit false');
    expect(execFileSync(process.execPath, ['-e', script(false)], { encoding: 'utf8', env })).toBe('miss false');
  }, 30_000);

  it('keeps a validated scenario for the next process, which then loads neither zod nor yaml', () => {
    const cache = tempDir('bm-lib-scenario-');
    const script = `const lib = require(${JSON.stringify(join(root, 'lib'))});
      lib.startHarness({ clock: 'manual', tlsEnabled: false, admin: false, scenarioFiles: ['vcenter-demo'] }).then(async (h) => {
        const loaded = Object.keys(require.cache).filter((k) => /[\\/]node_modules[\\/](zod|yaml)[\\/]/.test(k)).length > 0;
        process.stdout.write(h.engine.scenario.name + ' ' + (loaded ? 'validated' : 'from the cache'));
        await h.stop();
      });`;
    const env = { ...process.env, BACKUP_MOCKS_CACHE: cache };
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env })).toBe('vcenter-demo validated');
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env })).toBe('vcenter-demo from the cache');
  }, 30_000);
});
