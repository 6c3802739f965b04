import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness } from '../../../src/harness';
import { defaultScenarioPath, packageRoot, resolveScenarioFile, shippedScenarios } from '../../../src/scenario/sources';
import { tempDir } from '../../tmp';

const root = join(__dirname, '..', '..', '..');

describe('shipped scenarios', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it('are found in the package, never in the current folder, even one with a scenarios/ folder of its own', () => {
    const project = tempDir('bm-project-');
    mkdirSync(join(project, 'scenarios'));
    writeFileSync(join(project, 'scenarios', 'default.yaml'), 'name: the project\'s own\n');
    process.chdir(project);
    expect(packageRoot()).toBe(root);
    expect(defaultScenarioPath()).toBe(join(root, 'scenarios', 'default.yaml'));
    expect(shippedScenarios()).toEqual(expect.arrayContaining(['default', 'vcenter-demo', 'dds-demo']));
  });

  it('are named by name as well as by path; an existing file of that name wins', () => {
    expect(resolveScenarioFile('vcenter-demo')).toBe(join(root, 'scenarios', 'vcenter-demo.yaml'));
    expect(resolveScenarioFile('scenarios/vcenter-demo.yaml')).toBe('scenarios/vcenter-demo.yaml');
    expect(resolveScenarioFile('no-such-scenario')).toBe('no-such-scenario');
    const project = tempDir('bm-project-');
    writeFileSync(join(project, 'vcenter-demo'), 'name: mine\n');
    process.chdir(project);
    expect(resolveScenarioFile('vcenter-demo')).toBe('vcenter-demo');
  });

  it('load by name in startHarness({scenarioFiles})', async () => {
    const h = await startHarness({ scenarioFiles: ['vcenter-demo'], clock: 'manual', admin: false, tlsEnabled: false, vendors: ['vcenter'] });
    try {
      expect(h.engine.scenario.name).toBe('vcenter-demo');
      expect(h.loadScenarioFiles('dds-demo').name).toBe('dds-demo');
    } finally {
      await h.stop();
    }
  });
});
