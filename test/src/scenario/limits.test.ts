import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { startHarness, type Harness } from '../../../src/harness';
import { SCENARIO_TEXT_LIMITS, scenarioTextIssue } from '../../../src/scenario/limits';
import { ScenarioError } from '../../../src/scenario/load';
import { SCENARIO_LIMITS } from '../../../src/scenario/schema';
import { toyScenario, toyVendor } from '../toy-vendor';

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? { k: v } : [v];
  return v;
}

describe('scenario text limits', () => {
  it.each([
    ['block mappings', Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' v\n'],
    ['block sequences', Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}- `).join('\n') + 'v\n'],
    ['compact sequences', `x: ${'- '.repeat(3000)}v\n`.replace('x: ', 'x:\n  ')],
    ['flow collections', `x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`],
    ['JSON', `{"x": ${'{"k": '.repeat(20_000)}1${'}'.repeat(20_000)}}`],
    ['JSON without spaces', `{"x":${'{"k":'.repeat(20_000)}1${'}'.repeat(20_000)}}`],
  ])('refuses deep %s before the YAML parser sees them', (_what, text) => {
    const issue = scenarioTextIssue({ file: 'deep.yaml', text });
    expect(issue).toMatchObject({ file: 'deep.yaml', message: `nested deeper than ${SCENARIO_TEXT_LIMITS.depth} levels` });
    expect(issue!.line).toBeGreaterThan(0);
  });

  it('never counts fewer levels than yaml builds, in block or flow style', () => {
    for (const depth of [SCENARIO_TEXT_LIMITS.depth + 1, 100, 500]) {
      expect(scenarioTextIssue({ file: 'b.yaml', text: stringify({ x: nested(depth) }) })).toBeDefined();
      expect(scenarioTextIssue({ file: 'f.yaml', text: JSON.stringify({ x: nested(depth) }) })).toBeDefined();
    }
    expect(scenarioTextIssue({ file: 'ok.yaml', text: stringify({ x: nested(20) }) })).toBeUndefined();
    expect(scenarioTextIssue({ file: 'ok.json', text: JSON.stringify({ x: nested(40) }) })).toBeUndefined();
  });

  it('accepts every shipped scenario, quoted brackets and block scalar text however indented', () => {
    const dir = join(__dirname, '..', '..', '..', 'scenarios');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect([f, scenarioTextIssue({ file: f, text: readFileSync(join(dir, f), 'utf8') })]).toEqual([f, undefined]);
    const text = `description: |\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i + 2)}line ${i}`).join('\n')}\nname: "${'['.repeat(500)}"\nnote: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\n`;
    expect(scenarioTextIssue({ file: 'ok.yaml', text })).toBeUndefined();
  });

  it('refuses a scenario larger than the byte limit', () => {
    const issue = scenarioTextIssue({ file: 'big.yaml', text: `name: ${'x'.repeat(SCENARIO_TEXT_LIMITS.bytes)}\n` });
    expect(issue?.message).toMatch(/at most 1048576 bytes/);
  });
});

describe('POST /scenario with hostile YAML', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
  });
  afterAll(() => h.stop());

  it('answers deep nesting with 400 and file:line, keeping the old scenario', async () => {
    const before = h.engine.scenario;
    const text = 'name: deep\nentities:\n' + Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 2)}k:`).join('\n') + ' v\n';
    const r = await request(h.urls.admin!).post('/scenario').set('content-type', 'application/yaml').send(text).expect(400);
    expect(r.body.issues[0]).toMatchObject({ file: '<admin body>', message: expect.stringMatching(/nested deeper/) });
    expect(r.body.issues[0].line).toBeGreaterThan(60);
    expect(h.engine.scenario).toBe(before);
  });

  it('answers an alias bomb with 400 (yaml maxAliasCount)', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const r = await request(h.urls.admin!).post('/scenario').set('content-type', 'application/yaml').send(`description: bomb\nentities:\n  toy:\n    things: []\nx:\n${lines.map((l) => `  ${l}`).join('\n')}\n`).expect(400);
    expect(r.body.message).toMatch(/alias/i);
  });

  it(`caps tenants at ${SCENARIO_LIMITS.tenants}, and rules and job rules too`, () => {
    const tenants = Array.from({ length: SCENARIO_LIMITS.tenants + 1 }, (_, i) => ({ id: `t${i}` }));
    expect(() => h.loadScenario({ tenants })).toThrow(ScenarioError);
    expect(() => h.loadScenario({ tenants })).toThrow(/at most 1000 tenants/);
    const rules = Array.from({ length: SCENARIO_LIMITS.rules + 1 }, () => ({ respond: { status: 503 } }));
    expect(() => h.loadScenario({ rules })).toThrow(/at most 1000 rules/);
    const jobs = Array.from({ length: SCENARIO_LIMITS.jobs + 1 }, () => ({ timeline: { duration: '1s' } }));
    expect(() => h.loadScenario({ jobs })).toThrow(/at most 1000 job rules/);
    expect(h.loadScenario({ tenants: tenants.slice(1) }).tenants).toHaveLength(SCENARIO_LIMITS.tenants);
  });

  it('refuses 20,000 tenants by counting them, before any schema walks them', () => {
    const text = `tenants:\n${Array.from({ length: 20_000 }, (_, i) => `  - id: t${i}\n`).join('')}`;
    let error: ScenarioError | undefined;
    try {
      h.loadScenario({ file: 'many.yaml', text });
    } catch (e) {
      error = e as ScenarioError;
    }
    expect(error?.issues).toEqual([{ file: 'many.yaml', line: 1, col: 1, path: '', message: 'tenants: at most 1000 tenants in one scenario (this one has 20000)' }]);
  });
});
