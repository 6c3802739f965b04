import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/engine';
import { ScenarioError } from '../../../src/scenario/load';
import { expandIncludes } from '../../../src/scenario/includes';
import { VENDORS } from '../../../src/registry';
import { toyVendor } from '../toy-vendor';
import { tempDir } from '../../tmp';
import { issuesOf } from './issues';

describe('scenario loading', () => {
  const engine = new Engine([toyVendor]);
  afterAll(() => engine.clock.dispose());

  it('names file, line, column and field path of a bad value', () => {
    const text = ['seed: 3', 'jobs:', '  - match: { vendor: toy }', '    timeline:', '      duration: soon', ''].join('\n');
    const [issue] = issuesOf(() => engine.parse([{ file: 'bad.yaml', text }]));
    expect(issue).toMatchObject({ file: 'bad.yaml', line: 5, path: 'jobs.0.timeline.duration' });
    expect(issue.message).toMatch(/duration|Invalid/);
  });

  it('reports unknown fields at their key', () => {
    const text = 'seed: 1\nrules:\n  - match: { vendor: toy }\n    respnd: { status: 500 }\n';
    const [issue] = issuesOf(() => engine.parse([{ file: 'typo.yaml', text }]));
    expect(issue).toMatchObject({ file: 'typo.yaml', line: 4, col: 5, path: 'rules.0.respnd' });
    expect(issue.message).toBe('unknown field "respnd"');
    expect(new ScenarioError([issue]).message).toBe('typo.yaml:4:5: rules.0.respnd: unknown field "respnd"');
  });

  it('reports YAML syntax errors with a position', () => {
    const [issue] = issuesOf(() => engine.parse([{ file: 'syntax.yaml', text: 'seed: 1\nrules: [\n' }]));
    expect(issue.file).toBe('syntax.yaml');
    expect(issue.line).toBeGreaterThanOrEqual(2);
  });

  it('validates vendor sections with the vendor schema', () => {
    const text = 'tenants:\n  - id: a\n    credentials:\n      toy:\n        - { username: 5 }\n';
    const issues = issuesOf(() => engine.parse([{ file: 'v.yaml', text }]));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['tenants.0.credentials.toy.0.username', 'tenants.0.credentials.toy.0.password']));
    expect(issues[0].line).toBe(5);
  });

  it('merges several files: later wins, its rules and jobs go first, tenants merge by id', () => {
    const s = engine.parse([
      { file: 'a.yaml', text: 'seed: 1\nrules: [{ name: r1, respond: { status: 500 } }]\ntenants: [{ id: t1, credentials: { toy: [{ username: u, password: p }] } }]\n' },
      { file: 'b.yaml', text: 'seed: 2\nrules: [{ name: r2, respond: { status: 503 } }]\ntenants: [{ id: t1 }, { id: t2 }]\n' },
    ]);
    expect(s.seed).toBe(2);
    expect(s.rules.map((r) => r.name)).toEqual(['r2', 'r1']);
    expect(s.tenants.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(s.tenants[0].credentials.toy).toEqual([{ username: 'u', password: 'p' }]);
  });

  it('follows includes relative to the including file and blames the include line for a missing file', () => {
    const dir = tempDir('bm-');
    writeFileSync(join(dir, 'part.yaml'), 'seed: 5\nrules: [{ name: from-part }]\n');
    writeFileSync(join(dir, 'main.yaml'), 'include:\n  - part.yaml\nrules: [{ name: from-main }]\n');
    const s = engine.parse(expandIncludes([join(dir, 'main.yaml')]));
    expect(s.seed).toBe(5);
    expect(s.rules.map((r) => r.name)).toEqual(['from-main', 'from-part']);
    writeFileSync(join(dir, 'broken.yaml'), 'seed: 1\ninclude:\n  - nowhere.yaml\n');
    const [issue] = issuesOf(() => expandIncludes([join(dir, 'broken.yaml')]));
    expect(issue).toMatchObject({ line: 3, path: 'include' });
    expect(issue.message).toMatch(/cannot read .*nowhere.yaml: ENOENT/);
  });

  it('the shipped scenarios are valid', () => {
    const real = new Engine(VENDORS);
    const dir = join(__dirname, '..', '..', '..', 'scenarios');
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files).toContain('default.yaml');
    for (const f of files) expect(() => real.parse(expandIncludes([join(dir, f)]))).not.toThrow();
    real.clock.dispose();
  });
});
