import { spawnSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchScenario, type ScenarioWatcher } from '../../../src/cli/watch';
import { startHarness, type Harness } from '../../../src/harness';
import type { LogEvent } from '../../../src/log';
import { toyVendor } from '../toy-vendor';
import { tempDir } from '../../tmp';

/** An editor's atomic save: write a new file beside the old one, then rename it over (a new inode). */
function atomicSave(file: string, text: string): void {
  writeFileSync(`${file}.tmp~`, text);
  renameSync(`${file}.tmp~`, file);
}

describe('serve --watch', () => {
  let h: Harness;
  let watcher: ScenarioWatcher | undefined;
  const events: LogEvent[] = [];
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], clock: 'manual', admin: false });
  });
  afterAll(async () => {
    watcher?.close();
    await h.stop();
  });

  // Waits on a real file watcher (wall time by nature), polling with a deadline.
  async function until(what: () => boolean, label: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!what()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}; events: ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('follows atomic saves (rename over, sed -i) and includes added after start', async () => {
    const dir = tempDir('bm-watch-');
    const main = join(dir, 'main.yaml');
    writeFileSync(main, 'name: first\n');
    h.loadScenarioFiles(main);
    watcher = watchScenario(h, [main], undefined, (e) => events.push(e));

    atomicSave(main, 'name: second\n');
    await until(() => h.engine.scenario.name === 'second', 'the first atomic save');
    atomicSave(main, 'name: third\n');
    await until(() => h.engine.scenario.name === 'third', 'the second atomic save');
    expect(spawnSync('sed', ['-i', 's/third/fourth/', main]).status).toBe(0);
    await until(() => h.engine.scenario.name === 'fourth', 'sed -i');

    // An include that does not exist yet: reported, the scenario in force stays...
    atomicSave(main, 'name: fifth\ninclude: [part.yaml]\n');
    await until(() => events.some((e) => e.kind === 'error' && /main\.yaml:2:\d+: include: cannot read .*part\.yaml/.test(e.message)), 'the missing include');
    expect(h.engine.scenario.name).toBe('fourth');
    // ...until it appears; from then on it is watched too.
    atomicSave(join(dir, 'part.yaml'), 'seed: 9\n');
    await until(() => h.engine.scenario.name === 'fifth' && h.engine.scenario.seed === 9, 'the new include');
    atomicSave(join(dir, 'part.yaml'), 'seed: 10\n');
    await until(() => h.engine.scenario.seed === 10, 'an edit of the new include');
    atomicSave(join(dir, 'part.yaml'), 'seed: 11\n');
    await until(() => h.engine.scenario.seed === 11, 'a second edit of the new include');
    expect(events.filter((e) => e.kind === 'info').length).toBeGreaterThanOrEqual(6);
  }, 30_000);
});
