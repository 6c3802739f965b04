import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/engine';
import { startHarness } from '../../../src/harness';
import { expandIncludes, expandInline, MAX_SCENARIO_FILE_BYTES } from '../../../src/scenario/includes';
import { toyVendor } from '../toy-vendor';
import { tempDir } from '../../tmp';
import { issuesOf } from './issues';

const PART = 'seed: 5\nrules: [{ name: from-part }]\n';

describe('scenario includes', () => {
  const engine = new Engine([toyVendor]);
  afterAll(() => engine.clock.dispose());

  it.each([
    ['a JSON scenario', 'main.json', '{\n  "name": "main",\n  "include": ["part.yaml"]\n}\n'],
    ['a YAML flow mapping', 'main.yaml', '{ name: main, include: [part.yaml] }\n'],
    ['a YAML block list', 'main.yaml', 'name: main\ninclude:\n  - part.yaml\n'],
    ['a key written with an escape', 'main.json', '{ "name": "main", "\\u0069nclude": ["part.yaml"] }\n'],
  ])('follows the include of %s', (_what, name, text) => {
    const dir = tempDir('bm-inc-');
    writeFileSync(join(dir, 'part.yaml'), PART);
    writeFileSync(join(dir, name), text);
    const sources = expandIncludes([join(dir, name)]);
    expect(sources.map((s) => s.file)).toEqual([join(dir, 'part.yaml'), join(dir, name)]);
    expect(engine.parse(sources)).toMatchObject({ name: 'main', seed: 5, rules: [{ name: 'from-part' }] });
  });

  it('reports a missing include of a JSON scenario at its line and column (validate no longer says ok)', () => {
    const dir = tempDir('bm-inc-');
    writeFileSync(join(dir, 'main.json'), '{\n  "name": "main",\n  "include": [\n    "nowhere.json"\n  ]\n}\n');
    const [issue] = issuesOf(() => expandIncludes([join(dir, 'main.json')]));
    expect(issue).toMatchObject({ file: join(dir, 'main.json'), line: 4, col: 5, path: 'include' });
    expect(issue.message).toMatch(/cannot read .*nowhere\.json: ENOENT/);
  });

  it('refuses an include that is not a list of scenario files', () => {
    const dir = tempDir('bm-inc-');
    writeFileSync(join(dir, 'a.yaml'), 'include: part.yaml\n');
    expect(issuesOf(() => expandIncludes([join(dir, 'a.yaml')]))[0]).toMatchObject({ line: 1, path: 'include', message: expect.stringMatching(/list of scenario files/) });
    writeFileSync(join(dir, 'b.yaml'), 'include: [5]\n');
    expect(issuesOf(() => expandIncludes([join(dir, 'b.yaml')]))[0].message).toMatch(/list of scenario files/);
    writeFileSync(join(dir, 'c.yaml'), 'include: [/etc/passwd]\n');
    expect(issuesOf(() => expandIncludes([join(dir, 'c.yaml')]))[0].message).toBe('/etc/passwd is not a scenario file (.yaml, .yml or .json)');
  });

  it('reads includes from regular files only: no folder, device or FIFO, and nothing over the size cap', () => {
    const dir = tempDir('bm-inc-');
    mkdirSync(join(dir, 'folder.yaml'));
    writeFileSync(join(dir, 'huge.yaml'), Buffer.alloc(MAX_SCENARIO_FILE_BYTES + 1, 0x20));
    const fifo = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]).status === 0;
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'folder.yaml'), /not a regular file/],
      [join(dir, 'huge.yaml'), /larger than 4 MiB/],
      ...(fifo ? ([[join(dir, 'pipe.yaml'), /not a regular file/]] as Array<[string, RegExp]>) : []),
    ];
    for (const [target, reason] of cases) {
      writeFileSync(join(dir, 'main.yaml'), `name: main\ninclude: [${JSON.stringify(target)}]\n`);
      const [issue] = issuesOf(() => expandIncludes([join(dir, 'main.yaml')]));
      expect(issue).toMatchObject({ line: 2, path: 'include' });
      expect(issue.message).toMatch(reason);
    }
    // A device given as the scenario itself is refused the same way, without blocking or reading it.
    expect(issuesOf(() => expandIncludes(['/dev/zero']))[0].message).toBe('cannot read /dev/zero: not a regular file');
  });

  it('never quotes the text of a file in an error', () => {
    const dir = tempDir('bm-inc-');
    const secret = 'hunter2-do-not-print';
    const bodies = [
      `- x\nkey: ${secret}\n`,
      `]]${secret}\n`,
      `a: "\\q${secret}"\n`,
      `a: !${secret} x\n`,
      `a: b: ${secret}\n`,
      `{ "a": ${secret} ]`,
    ];
    for (const body of bodies) {
      writeFileSync(join(dir, 'leak.yaml'), body);
      writeFileSync(join(dir, 'main.yaml'), 'include: [leak.yaml]\n');
      let message = '';
      try {
        engine.parse(expandIncludes([join(dir, 'main.yaml')]));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/leak\.yaml:\d+:\d+: /);
      expect(message).not.toContain(secret);
    }
  });

  it('resolves the includes of scenarios given in code against a stated folder', () => {
    const dir = tempDir('bm-inc-');
    writeFileSync(join(dir, 'part.yaml'), PART);
    const inline = [{ file: '<scenario 1>', text: '{"name": "inline", "include": ["part.yaml"]}' }];
    expect(engine.parse(expandInline(inline, dir))).toMatchObject({ name: 'inline', seed: 5 });
    const [issue] = issuesOf(() => expandInline([{ file: '<admin body>', text: 'name: x\ninclude:\n  - part.yaml\n' }], tempDir('bm-empty-')));
    expect(issue).toMatchObject({ file: '<admin body>', line: 3, col: 5, path: 'include' });
    expect(issue.message).toMatch(/cannot read .*part\.yaml: ENOENT/);
  });

  it('follows includes in startHarness({scenario}), loadScenario({...}) and POST /scenario, and refuses a missing one', async () => {
    const dir = tempDir('bm-inc-');
    writeFileSync(join(dir, 'part.yaml'), PART);
    const h = await startHarness({ modules: [toyVendor], clock: 'manual', scenarioBase: dir, scenario: { name: 'opt', include: ['part.yaml'] } });
    try {
      expect(h.engine.scenario).toMatchObject({ name: 'opt', seed: 5 });
      expect(h.loadScenario({ name: 'obj', include: ['part.yaml'] })).toMatchObject({ name: 'obj', seed: 5 });
      expect(() => h.loadScenario({ name: 'gone', include: ['gone.yaml'] })).toThrow(/<scenario 1>:\d+:\d+: include: cannot read .*gone\.yaml: ENOENT/);
      // The scenario in force stays when the new one is refused.
      expect(h.engine.scenario.name).toBe('obj');
      const post = (body: string) => fetch(`${h.urls.admin}/scenario`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
      const ok = await post('name: posted\ninclude: [part.yaml]\n');
      expect(ok.status).toBe(200);
      expect(h.engine.scenario).toMatchObject({ name: 'posted', seed: 5 });
      const bad = await post('name: posted-2\ninclude: [gone.yaml]\n');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/^<admin body>:2:\d+: include: cannot read .*gone\.yaml: ENOENT/);
      expect(h.engine.scenario.name).toBe('posted');
    } finally {
      await h.stop();
    }
  });
});
