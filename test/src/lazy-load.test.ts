/**
 * Start-up loads only what serving needs: a scenario served from the validated-scenario cache
 * loads neither zod nor the YAML parser, and the XML libraries load with the first request that
 * needs XML. (Each of these costs milliseconds at every start; bench/run.ts measures starts.)
 */
import { join } from 'node:path';
import type * as HarnessModule from '../../src/harness';
import type * as CacheModule from '../../src/scenario/cache';
import { tempDir } from '../tmp';

const root = join(__dirname, '..', '..');
const files = [join(root, 'scenarios', 'default.yaml')];
const WATCHED = ['zod', 'yaml', 'xmlbuilder2', 'xml2js'];

describe('lazy loading', () => {
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
