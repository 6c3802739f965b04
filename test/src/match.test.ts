import request from 'supertest';
import { RuleError, Rules } from '../../src/faults';
import { ruleSchema } from '../../src/faults-schema';
import { startHarness } from '../../src/harness';
import { linearMatcher, PatternError, stringMatcher } from '../../src/match';
import { ScenarioError } from '../../src/scenario/load';
import { toyScenario, toyVendor } from './toy-vendor';

describe('re: patterns run on RE2', () => {
  it('matches like a regular expression search, and exact strings exactly', () => {
    expect(stringMatcher('re:^/api/appliance/.*')('/api/appliance/recovery')).toBe(true);
    expect(stringMatcher('re:job\\.(create|get)')('vcenter job.get')).toBe(true);
    expect(stringMatcher('re:(?i)^LOGIN$')('login')).toBe(true);
    expect(stringMatcher('login')('Login')).toBe(false);
    expect(stringMatcher('re:x')(undefined)).toBe(false);
  });

  it('answers a nested quantifier on a long input without backtracking', () => {
    const input = `${'a'.repeat(100_000)}!`;
    expect(stringMatcher('re:^(a+)+$')(input)).toBe(false);
    expect(stringMatcher('re:(a|aa)+!$')(input)).toBe(true);
  });

  it('linearMatcher runs client-built patterns (a SQL LIKE of many %) in linear time, with flags', () => {
    const like = linearMatcher(`^${'.*a'.repeat(30)}b$`, { ignoreCase: true, dotAll: true });
    expect(like('A\n'.repeat(20_000))).toBe(false);
    expect(like(`${'a'.repeat(30)}B`)).toBe(true);
    expect(() => linearMatcher('(?=x)')).toThrow(PatternError);
  });

  it('refuses what RE2 cannot run (lookaround, backreferences) and broken patterns, naming the reason', () => {
    expect(() => stringMatcher('re:^(?=admin)')).toThrow(PatternError);
    expect(() => stringMatcher('re:(a)\\1')).toThrow(/invalid re: pattern.*RE2 syntax/);
    expect(() => stringMatcher('re:[')).toThrow(/missing closing \]/);
    expect(() => stringMatcher(`re:${'a'.repeat(5000)}`)).toThrow(/longer than 4096/);
    // Python-style named groups are RE2 syntax (V8 refuses them).
    expect(stringMatcher('re:(?P<op>job)\\.get')('job.get')).toBe(true);
  });

  it('refuses a bad pattern or answer header when a rule is added in code, not on each request', () => {
    const rules = new Rules();
    const spec = ruleSchema.parse({ match: { path: 'x' }, respond: { status: 503 } });
    expect(() => rules.add({ ...spec, match: { path: 're:(?<=x)y' } })).toThrow(PatternError);
    expect(() => rules.add({ ...spec, respond: { status: 200, headers: { 'x-u': 'a\nb' } } })).toThrow(RuleError);
    expect(rules.list()).toHaveLength(0);
  });

  it('names a bad pattern with file:line:col in a scenario, in rules and in job rules', async () => {
    const h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', admin: false });
    try {
      const text = 'rules:\n  - match:\n      path: "re:^/(?!login)"\n    respond: { status: 503 }\njobs:\n  - match: { target: "re:(a)\\\\1" }\n    timeline: { duration: 1s }\n';
      let error: ScenarioError | undefined;
      try {
        h.loadScenario({ file: 'bad.yaml', text });
      } catch (e) {
        error = e as ScenarioError;
      }
      expect(error).toBeInstanceOf(ScenarioError);
      expect(error!.issues).toHaveLength(2);
      expect(error!.issues).toEqual(expect.arrayContaining([
        expect.objectContaining({ file: 'bad.yaml', line: 3, col: 7, path: 'rules.0.match.path', message: expect.stringMatching(/invalid re: pattern/) }),
        expect.objectContaining({ file: 'bad.yaml', line: 6, path: 'jobs.0.match.target', message: expect.stringMatching(/invalid re: pattern/) }),
      ]));
    } finally {
      await h.stop();
    }
  });
});

describe('rule answers are checked at load as Node checks them at send', () => {
  it.each([
    ['a character above U+00FF', { 'x-u': '☃' }, /character Node cannot send/],
    ['CR LF', { 'x-u': 'a\r\nx-injected: 1' }, /character Node cannot send/],
    ['NUL', { 'x-u': 'a\u0000' }, /character Node cannot send/],
    ['a name with a space', { 'x u': 'v' }, /not an HTTP token/],
    ['an empty name', { '': 'v' }, /not an HTTP token/],
    ['a framing header', { 'Content-Length': '3' }, /set by the engine/],
    ['an overlong value', { 'x-long': 'v'.repeat(9000) }, /longer than 8192/],
  ])('refuses %s', (_what, headers, message) => {
    const r = ruleSchema.safeParse({ respond: { status: 200, headers } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(message);
  });

  it('refuses statuses that are not final HTTP statuses', () => {
    for (const status of [0, 99, 101, 600, 1000, 200.5]) expect(ruleSchema.safeParse({ respond: { status } }).success).toBe(false);
    expect(ruleSchema.safeParse({ respond: { status: 204, headers: { 'x-ok': 'latin1 é, tab\tok' } } }).success).toBe(true);
  });

  it('POST /rules and POST /scenario refuse such a rule, and the server keeps answering', async () => {
    const h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
    try {
      const admin = h.urls.admin!;
      const r = await request(admin).post('/rules').send({ match: { operation: 'login' }, respond: { status: 200, headers: { 'x-u': '☃' } } }).expect(400);
      expect(r.body.error).toMatch(/respond\.headers\.x-u: header x-u: the value "☃"/);
      const s = await request(admin).post('/scenario').set('content-type', 'application/yaml').send('rules:\n  - respond:\n      headers: { "bad name": v }\n').expect(400);
      expect(s.body.issues[0]).toMatchObject({ line: 3, path: 'rules.0.respond.headers.bad name' });
      await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).expect(201);
    } finally {
      await h.stop();
    }
  });
});
