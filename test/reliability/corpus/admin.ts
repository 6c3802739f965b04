/**
 * The admin API under bad input: bodies it cannot use, hostile YAML and JSON, cross-site writes
 * and foreign Host names, ids named after prototype members, out-of-range clock values,
 * snapshots that are garbage, patterns that would backtrack. Every refusal is `{"error"}` with a
 * 4xx status and changes nothing. Nothing here may succeed on a shared server: no reset, no
 * journal clearing, no shutdown.
 */
import { adminError, noStack, status, type Problems } from '../shapes';
import { httpBytes, type Seen } from '../wire';
import { casesOf, type Case, type CaseContext } from './case';
import { deepJsonArray, deepJsonObject, INVALID_UTF8, PROTO_NAMES, withInvalidUtf8 } from './payloads';

const JSON_CT = { 'content-type': 'application/json' };
const YAML_CT = { 'content-type': 'application/yaml' };
const refused = (seen: Seen, want: number | number[]): Problems => [...status(seen, want), ...adminError(seen), ...noStack(seen)];

/** The loaded scenario's name and rules, to show a refused write changed nothing. */
async function fingerprint(c: CaseContext): Promise<string> {
  const scenario = await c.send(c.t.admin, { path: '/scenario' }, 'none');
  const rules = await c.send(c.t.admin, { path: '/rules' }, 'none');
  const clock = JSON.parse((await c.send(c.t.admin, { path: '/clock' }, 'none')).text) as { mode: string; scale: number };
  return `${scenario.text}|${JSON.parse(rules.text).rules.length}|${clock.mode}|${clock.scale}`;
}

/** Run `body`; its refusals must leave the scenario, rules and clock mode as they were. */
function unchanged(body: (c: CaseContext) => Promise<Problems>): (c: CaseContext) => Promise<Problems> {
  return async (c) => {
    const before = await fingerprint(c);
    const p = await body(c);
    if ((await fingerprint(c)) !== before) p.push('a refused request changed the scenario, the rules or the clock');
    return p;
  };
}

const YAML_ALIAS_BOMB = (() => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  return lines.join('\n');
})();

export function adminCases(): Case[] {
  const a = (c: CaseContext) => c.t.admin;
  return casesOf('admin', 'admin API', [], [
    [
      'bodies it cannot use: malformed JSON 400, wrong content types 415, deep JSON 400, invalid UTF-8 400',
      unchanged(async (c) => {
        const p: Problems = [];
        p.push(...refused(await c.send(a(c), { method: 'POST', path: '/rules', headers: JSON_CT, body: '{"match":' }, 'none'), 400));
        p.push(...refused(await c.send(a(c), { method: 'POST', path: '/rules', headers: { 'content-type': 'text/plain' }, body: '{}' }, 'none'), 415));
        p.push(...refused(await c.send(a(c), { method: 'POST', path: '/clock/advance', headers: { 'content-type': 'application/xml' }, body: '<by>1s</by>' }, 'none'), 415));
        p.push(...refused(await c.send(a(c), { method: 'POST', path: '/rules', headers: JSON_CT, body: deepJsonObject(200, 'match') }, 'none'), 400));
        p.push(...refused(await c.send(a(c), { method: 'POST', path: '/journal/find', headers: JSON_CT, body: deepJsonArray(100_000) }, 'none'), 400));
        p.push(...refused(await c.send(a(c), { method: 'POST', path: '/rules', headers: JSON_CT, body: withInvalidUtf8('{"match":', '}') }, 'none'), 400));
        p.push(...refused(await c.send(a(c), { method: 'POST', path: '/rules', headers: { 'content-type': 'application/json; charset=latin-9' }, body: '{}' }, 'none'), [400, 415]));
        p.push(...refused(await c.send(a(c), { method: 'POST', path: '/clock/advance', headers: JSON_CT, body: Buffer.alloc(11 * 1024 * 1024, ' ') }, 'none'), 413));
        return p;
      }),
    ],
    [
      'hostile scenarios (deep YAML, an alias bomb, 20,000 tenants, DOCTYPE-ish text, invalid UTF-8): 400, the old scenario stays',
      unchanged(async (c) => {
        const p: Problems = [];
        const bodies: Array<[string, string | Buffer]> = [
          ['deep YAML', `${'- '.repeat(5000)}x`],
          ['deep flow YAML', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
          ['an alias bomb', YAML_ALIAS_BOMB],
          ['20,000 tenants', `tenants:\n${Array.from({ length: 20_000 }, (_, i) => `  - id: t${i}`).join('\n')}`],
          ['XML', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>'],
          ['invalid UTF-8', withInvalidUtf8('name: ', '\nseed: [')],
          ['an include of a device file', 'include: [/dev/zero]'],
          ['an include of a folder', 'include: [/etc]'],
          ['prototype names as sections', '__proto__: {polluted: true}\nconstructor: {prototype: {polluted: true}}'],
          ['a rule header Node could not send', 'rules:\n  - match: {vendor: vcenter}\n    respond: {status: 200, headers: {"x-u": "\\u2603"}}'],
          ['a catastrophic pattern', 'rules:\n  - match: {path: "re:(a+)+$(?<=x)"}\n    respond: {status: 500}'],
          ['a clock out of range', 'clock: {mode: manual, start: "+275760-09-13T00:00:00Z"}'],
        ];
        for (const [what, body] of bodies) {
          const s = await c.send(a(c), { method: 'POST', path: '/scenario', headers: YAML_CT, body, timeoutMs: 30_000 }, 'none');
          p.push(...refused(s, 400).map((x) => `${what}: ${x}`));
          if (/root:/.test(s.text)) p.push(`${what}: the error quotes a local file`);
        }
        if (({} as Record<string, unknown>).polluted !== undefined) p.push('Object.prototype was polluted');
        return p;
      }),
    ],
    [
      'cross-site writes (a foreign Origin, Origin null) and foreign Host names (DNS rebinding): 403, even for GET /state',
      unchanged(async (c) => {
        const p: Problems = [];
        for (const origin of ['http://evil.example', 'null', 'https://127.0.0.1.evil.example', 'file://']) {
          p.push(...refused(await c.send(a(c), { method: 'POST', path: '/scenario', headers: { origin, 'content-type': 'text/plain' }, body: 'name: pwned' }, 'none'), 403));
          p.push(...refused(await c.send(a(c), { method: 'PUT', path: '/state', headers: { origin, ...JSON_CT }, body: '{}' }, 'none'), 403));
        }
        for (const host of ['evil.example', 'evil.example:8399', '127.0.0.1.nip.io', '[::ffff:7f00:1]:1', 'localhost.evil.example']) {
          p.push(...refused(await c.send(a(c), { path: '/state', headers: { host } }, 'none'), 403));
        }
        return p;
      }),
    ],
    [
      'clock values out of range or of the wrong types: 400, time unchanged',
      unchanged(async (c) => {
        const before = JSON.parse((await c.send(a(c), { path: '/clock' }, 'none')).text).epochMs as number;
        const p: Problems = [];
        const post = (path: string, body: unknown) => c.send(a(c), { method: 'POST', path, headers: JSON_CT, body: JSON.stringify(body) }, 'none');
        for (const by of ['100000000d', '-1h', '1e309s', 'NaN', '', '-1', {}, [], null, 1e308, 'P1D']) p.push(...refused(await post('/clock/advance', { by }), 400).map((x) => `advance ${JSON.stringify(by)}: ${x}`));
        for (const to of ['+275760-09-13T00:00:00Z', '1969-01-01T00:00:00Z', 'yesterday', 8.64e15 + 1, {}]) p.push(...refused(await post('/clock/set', { to }), 400).map((x) => `set ${JSON.stringify(to)}: ${x}`));
        for (const mode of ['x0', 'x-1', 'x1e309', 'warp', { mode: 'scaled', scale: -1 }]) p.push(...refused(await post('/clock/mode', typeof mode === 'string' ? { mode } : mode), 400).map((x) => `mode ${JSON.stringify(mode)}: ${x}`));
        const after = JSON.parse((await c.send(a(c), { path: '/clock' }, 'none')).text).epochMs as number;
        if (after < before) p.push(`the clock went back from ${before} to ${after}`);
        return p;
      }),
    ],
    [
      'snapshots that are garbage: 400, nothing changes (PUT /state is all or nothing)',
      unchanged(async (c) => {
        const p: Problems = [];
        const state = JSON.parse((await c.send(a(c), { path: '/state', timeoutMs: 30_000 }, 'none')).text) as Record<string, unknown>;
        const bad: unknown[] = [null, [], 'x', {}, { ...state, format: 'nope' }, { ...state, clock: { now: 'soon' } }, { ...state, tenancy: { tenants: { __proto__: { vcenter: 1 } }, principals: 'x' } }, { ...state, jobs: { jobs: [{ id: {} }] } }];
        for (const body of bad) p.push(...refused(await c.send(a(c), { method: 'PUT', path: '/state', headers: JSON_CT, body: JSON.stringify(body), timeoutMs: 30_000 }, 'none'), 400));
        const again = JSON.parse((await c.send(a(c), { path: '/state', timeoutMs: 30_000 }, 'none')).text) as Record<string, unknown>;
        if (JSON.stringify({ ...again, clock: undefined }) !== JSON.stringify({ ...state, clock: undefined })) p.push('a refused snapshot changed the state');
        return p;
      }),
    ],
    [
      'queries it cannot use (repeated filters, nonsense counts, negative limits, RE2-refused patterns): 400; a backtracking pattern runs in linear time',
      unchanged(async (c) => {
        const p: Problems = [];
        for (const q of ['/journal?vendor=a&vendor=b', '/journal?limit=-1', '/journal?limit=abc', '/journal?limit=1e309', '/journal?nothing=1', '/journal?operation=re:(?<=x)a', '/journal?path=re:(a)\\1', '/jobs?state=__proto__', '/events?since=-1', '/events?tail=abc', '/journal/abc', '/journal/99999999999999999999', `/journal?operation=re:${'('.repeat(5000)}`]) {
          p.push(...refused(await c.send(a(c), { path: q }, 'none'), [400, 404]).map((x) => `${q.slice(0, 60)}: ${x}`));
        }
        const t0 = Date.now();
        const s = await c.send(a(c), { path: `/journal?brief=true&path=${encodeURIComponent('re:(a+)+$')}&limit=1` }, 'none');
        p.push(...status(s, 200));
        if (Date.now() - t0 > 5000) p.push(`a nested quantifier took ${Date.now() - t0} ms`);
        const verify = await c.send(a(c), { method: 'POST', path: '/journal/verify', headers: JSON_CT, body: JSON.stringify({ criteria: {}, count: '1' }) }, 'none');
        p.push(...refused(verify, 400));
        return p;
      }),
    ],
    [
      'ids named after prototype members in every admin path: 404 or 400, never 500',
      unchanged(async (c) => {
        const p: Problems = [];
        for (const n of PROTO_NAMES) {
          const e = encodeURIComponent(n);
          for (const [method, path] of [['GET', `/jobs/${e}/${e}`], ['POST', `/jobs/vcenter/${e}/cancel`], ['POST', `/jobs/${e}/x/state`], ['DELETE', `/rules/${e}`], ['GET', `/journal/${e}`], ['GET', `/vendors/${e}/operations`], ['GET', `/ui/${e}`], ['GET', `/${e}`], ['GET', `/clock?tenant=${e}`]]) {
            const s = await c.send(a(c), { method, path, ...(method === 'POST' ? { headers: JSON_CT, body: '{}' } : {}) }, 'none');
            if (path.startsWith('/clock')) p.push(...status(s, 200));
            else if (path.startsWith('/ui/')) p.push(...status(s, [400, 404]), ...noStack(s));
            else p.push(...refused(s, [400, 404]).map((x) => `${method} ${path}: ${x}`));
          }
        }
        return p;
      }),
    ],
    [
      'rules it cannot keep (headers Node cannot send, statuses that are not final, RE2-refused patterns, unknown errors): 400',
      unchanged(async (c) => {
        const p: Problems = [];
        const rules: unknown[] = [
          { match: { vendor: 'vcenter' }, respond: { status: 200, headers: { 'x-u': '☃' } } },
          { match: { vendor: 'vcenter' }, respond: { status: 200, headers: { 'x-u': 'a\r\nb' } } },
          { match: { vendor: 'vcenter' }, respond: { status: 200, headers: { 'bad name': '1' } } },
          { match: { vendor: 'vcenter' }, respond: { status: 200, headers: { 'content-length': '1' } } },
          { match: { vendor: 'vcenter' }, respond: { status: 99 } },
          { match: { vendor: 'vcenter' }, respond: { status: 600 } },
          { match: { path: 're:(?=x)' }, respond: { status: 500 } },
          { match: { vendor: 'vcenter', operation: 'job.explode' }, respond: { status: 500 } },
          { match: { vendor: 'vcenter' }, respond: { error: 'NO_SUCH_ERROR' } },
          { match: { vendor: 'vcenter' }, delay: '100000000d' },
          '{"match":{"__proto__":{"vendor":"vcenter"},"operation":"job.create"},"respond":{"status":500}}',
          '{"__proto__":{"respond":{"status":500}},"match":{"vendor":"vcenter"}}',
        ];
        for (const r of rules) {
          const body = typeof r === 'string' ? r : JSON.stringify(r);
          p.push(...refused(await c.send(a(c), { method: 'POST', path: '/rules', headers: JSON_CT, body }, 'none'), 400).map((x) => `${body.slice(0, 80)}: ${x}`));
        }
        return p;
      }),
    ],
    [
      'framing the HTTP parser refuses, and clients gone mid-request and mid-answer: the admin API carries on',
      async (c) => {
        const p: Problems = [];
        await c.raw(a(c), () => ({ write: ['POST /rules HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"match":'], abort: true }), 'none');
        await c.raw(a(c), () => ({ write: [httpBytes('GET', '/state', {})], readAtMost: 10 }), 'none');
        const bad = await c.raw(a(c), () => ({ write: [Buffer.concat([Buffer.from('GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-bad: '), INVALID_UTF8, Buffer.from('\r\nbad name: x\r\n\r\n')])] }), 'none');
        if (bad.status !== undefined && bad.status !== 400) p.push(`a malformed request answered ${bad.status}`);
        p.push(...status(await c.send(a(c), { path: '/health' }, 'none'), 200));
        return p;
      },
    ],
  ]);
}
