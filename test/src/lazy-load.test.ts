/**
 * Start-up loads only what serving needs: a harness started without a scenario, or with one
 * served from the validated-scenario cache, loads neither zod nor the YAML parser; the XML
 * libraries load with the first request that needs XML, faker with the first tenant state and
 * Express with the first admin request. (Each of these costs milliseconds at every start;
 * bench/run.ts measures starts.) This test, not a rule in prose, keeps it so.
 */
import { join } from 'node:path';
import type * as HarnessModule from '../../src/harness';
import type * as CacheModule from '../../src/scenario/cache';
import { tempDir } from '../tmp';

const root = join(__dirname, '..', '..');
const files = [join(root, 'scenarios', 'default.yaml')];
const WATCHED = ['zod', 'yaml', 'xmlbuilder2', 'xml2js'];
const HEAVY = [...WATCHED, '@faker-js/faker', 'express'];

/** The harness module in a fresh registry where requiring any of `names` is recorded. */
function watchedHarness(names: string[], loaded: string[]): typeof HarnessModule {
  let harness!: typeof HarnessModule;
  jest.isolateModules(() => {
    for (const name of names) {
      jest.doMock(name, () => {
        loaded.push(name);
        return jest.requireActual(name);
      });
    }
    harness = require('../../src/harness') as typeof HarnessModule;
  });
  return harness;
}

describe('lazy loading', () => {
  it('starts a harness without a scenario with none of the big libraries (the empty scenario needs no validation)', async () => {
    const loaded: string[] = [];
    const { startHarness } = watchedHarness(HEAVY, loaded);
    const h = await startHarness({ clock: 'manual' });
    try {
      expect(h.engine.scenario).toMatchObject({ seed: 1, rules: [], jobs: [] });
      expect(loaded).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  it('serves a cached scenario without zod or yaml, and loads the XML libraries on the first XML request', async () => {
    const dir = tempDir('bm-lazy-');
    // A first start validates the scenario and fills the cache.
    const warm = await (require('../../src/harness') as typeof HarnessModule).startHarness({
      scenarioFiles: files,
      admin: false,
      scenarioCache: (require('../../src/scenario/cache') as typeof CacheModule).fileScenarioCache(dir, 'test-build'),
    });
    await warm.stop();

    const loaded: string[] = [];
    let startHarness!: typeof HarnessModule.startHarness;
    let fileScenarioCache!: typeof CacheModule.fileScenarioCache;
    jest.isolateModules(() => {
      for (const name of WATCHED) {
        jest.doMock(name, () => {
          loaded.push(name);
          return jest.requireActual(name);
        });
      }
      ({ startHarness } = require('../../src/harness') as typeof HarnessModule);
      ({ fileScenarioCache } = require('../../src/scenario/cache') as typeof CacheModule);
    });
    const h = await startHarness({ scenarioFiles: files, admin: false, tlsEnabled: false, scenarioCache: fileScenarioCache(dir, 'test-build') });
    try {
      expect(h.engine.scenario.name).toBe('default');
      const vc = await fetch(`${h.url('vcenter', 'http')}/api/appliance/recovery/backup/job`);
      expect(vc.status).toBe(401);
      expect(loaded).toEqual([]);

      const vz = await fetch(`${h.url('virtuozzo', 'http')}/`, { method: 'POST', body: '<packet/>' });
      expect(vz.headers.get('content-type')).toMatch(/xml/);
      expect(loaded).toContain('xmlbuilder2');
      expect(loaded).not.toContain('zod');
      expect(loaded).not.toContain('yaml');
    } finally {
      await h.stop();
    }
  });
});
