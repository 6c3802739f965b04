import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/engine';
import { fileScenarioCache } from '../../../src/scenario/cache';
import { ScenarioError } from '../../../src/scenario/load';
import type { Scenario } from '../../../src/scenario/schema';
import { toyVendor } from '../toy-vendor';
import { tempDir } from '../../tmp';

const tmp = () => tempDir('bm-scache-');
const entries = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('scenario-'));

describe('validated-scenario cache', () => {
  const engines: Engine[] = [];
  const engineWith = (dir: string, buildId = 'build-1') => {
    const e = new Engine([toyVendor], { scenarioCache: fileScenarioCache(dir, buildId) });
    engines.push(e);
    return e;
  };
  afterAll(() => engines.forEach((e) => e.clock.dispose()));

  it('answers a second parse of the same texts from the cache, without validating again', () => {
    const dir = tmp();
    const first = engineWith(dir).parse([{ file: 'a.yaml', text: 'name: cached\nseed: 5\n' }]);
    expect(first).toMatchObject({ name: 'cached', seed: 5 });
    const second = engineWith(dir);
    const spy = jest.spyOn(second, 'schema', 'get');
    expect(second.parse([{ file: 'a.yaml', text: 'name: cached\nseed: 5\n' }])).toEqual(first);
    expect(spy).not.toHaveBeenCalled();
  });

  it('never serves an old result for a changed text, another build, or another file list', () => {
    const dir = tmp();
    engineWith(dir).parse([{ file: 'a.yaml', text: 'name: one\n' }]);
    expect(engineWith(dir).parse([{ file: 'a.yaml', text: 'name: two\n' }]).name).toBe('two');
    const other = engineWith(dir, 'build-2');
    const spy = jest.spyOn(other, 'schema', 'get');
    expect(other.parse([{ file: 'a.yaml', text: 'name: one\n' }]).name).toBe('one');
    expect(spy).toHaveBeenCalled();
    expect(engineWith(dir).parse([{ file: 'a.yaml', text: 'name: one\n' }, { file: 'b.yaml', text: 'seed: 9\n' }]).seed).toBe(9);
  });

  it('does not keep an invalid scenario: it is reported on every parse', () => {
    const dir = tmp();
    const bad = [{ file: 'bad.yaml', text: 'seed: many\n' }];
    expect(() => engineWith(dir).parse(bad)).toThrow(ScenarioError);
    expect(() => engineWith(dir).parse(bad)).toThrow(/bad\.yaml:1:/);
  });

  it('stores only plain data that comes back the same through JSON', () => {
    const dir = tmp();
    const cache = fileScenarioCache(dir, 'b');
    const src = [{ file: 'x', text: 'x' }];
    cache.set(src, { seed: 1, when: new Date(0) } as unknown as Scenario);
    expect(cache.get(src)).toBeUndefined();
    cache.set(src, { seed: 1 } as unknown as Scenario);
    expect(cache.get(src)).toEqual({ seed: 1 });
  });

  it('expands includes from its record while every file is unchanged, and afresh when one changed or is gone', () => {
    const dir = tmp();
    const files = tmp();
    const main = join(files, 'main.yaml');
    const part = join(files, 'part.yaml');
    writeFileSync(part, 'seed: 1\n');
    writeFileSync(main, 'include:\n  - part.yaml\nname: main\n');
    const cache = fileScenarioCache(dir, 'b');
    expect(cache.expand([main]).map((s) => s.file)).toEqual([part, main]);
    expect(entries(dir).some((f) => f.endsWith('.files.json'))).toBe(true);
    expect(cache.expand([main]).map((s) => s.text)).toEqual(['seed: 1\n', 'include:\n  - part.yaml\nname: main\n']);
    writeFileSync(part, 'seed: 2\n');
    expect(cache.expand([main])[0].text).toBe('seed: 2\n');
    writeFileSync(main, 'include:\n  - other.yaml\nname: main\n');
    expect(() => cache.expand([main])).toThrow(/main\.yaml:2:.*cannot read/);
    rmSync(part);
    writeFileSync(main, 'name: alone\n');
    expect(cache.expand([main]).map((s) => s.text)).toEqual(['name: alone\n']);
  });

  it('keeps a bounded number of entries', () => {
    const dir = tmp();
    const cache = fileScenarioCache(dir, 'b');
    for (let i = 0; i < 40; i++) cache.set([{ file: 'f', text: String(i) }], { seed: i } as unknown as Scenario);
    expect(entries(dir).length).toBeLessThanOrEqual(32);
    expect(cache.get([{ file: 'f', text: '39' }])).toEqual({ seed: 39 });
  });

  it('a read-only cache folder only costs the validation', () => {
    const file = join(tmp(), 'not-a-dir');
    writeFileSync(file, '');
    const e = new Engine([toyVendor], { scenarioCache: fileScenarioCache(join(file, 'sub'), 'b') });
    engines.push(e);
    expect(e.parse([{ file: 'a', text: 'seed: 4\n' }]).seed).toBe(4);
  });
});
