/**
 * Fuzzing the DDS port's decoders: Keystone token requests (the real request with values
 * replaced, or random), DBS query strings on every GET route, and the documented request bodies
 * mutated on their routes. The property: a success, or an error in the door's own shape (Keystone's
 * `{error}`, DBS's `{error_code, error_msg}`), never a bug, never a hang.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkNormal } from '../normal';
import { ddsError, keystoneError, noStack } from '../shapes';
import { serve } from '../suite';
import { exchange, type Seen } from '../wire';
import { ANSWER_WITHIN_MS, answered, FUZZ_TIMEOUT_MS, jsonOf, jsonText, mutateBytes, mutateJson, oddNumber, oddString, params, pct } from './arbitraries';

const DIR = join(__dirname, '../../../fixtures/dds');
const REQUESTS = readdirSync(DIR)
  .filter((f) => f.endsWith('-request.json'))
  .map((f) => ({ name: f, body: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as unknown }));

const KEYSTONE_WORDS = ['auth', 'identity', 'methods', 'password', 'token', 'user', 'name', 'id', 'domain', 'scope', 'project', 'system', 'all'];
const DBS_WORDS = ['backup', 'instance_id', 'name', 'description', 'backup_policy', 'keep_days', 'start_time', 'period', 'source', 'target', 'type', 'backup_id', 'restore_time', 'restore_point', 'restore_collections', 'database', 'collections', 'old_name', 'new_name', 'flavor', 'num', 'spec_code', 'availability_zone', 'vpc_id', 'subnet_id', 'security_group_id', 'password', 'restore_database_time', 'restore_collection_time'];
const QUERY_KEYS = ['limit', 'offset', 'id', 'name', 'mode', 'datastore_type', 'vpc_id', 'subnet_id', 'tags', 'instance_id', 'backup_id', 'backup_type', 'begin_time', 'end_time', 'date', 'restore_time', 'db_name', 'Expires'];

describe('dds decoders under fuzzing', () => {
  const s = serve(['dds']);
  let token = '';
  let project = '';
  let instance = '';
  let gets: string[] = [];
  let writes: string[] = [];
  const base = () => s.t.vendors.dds.http;
  const auth = () => {
    const l = s.t.logins.dds!;
    return { auth: { identity: { methods: ['password'], password: { user: { name: l.user, password: l.password, domain: { name: l.domain } } } }, scope: { project: { name: l.project, domain: { name: l.domain } } } } };
  };

  beforeAll(async () => {
    const r = await exchange(base(), { method: 'POST', path: '/v3/auth/tokens', headers: { 'content-type': 'application/json' }, body: JSON.stringify(auth()) });
    token = r.headers['x-subject-token'] as string;
    project = (JSON.parse(r.text) as { token: { project: { id: string } } }).token.project.id;
    instance = (JSON.parse((await exchange(base(), { path: `/v3/${project}/instances`, headers: { 'x-auth-token': token } })).text) as { instances: Array<{ id: string }> }).instances[0].id;
    const ops = JSON.parse((await exchange(s.t.admin, { path: '/vendors/dds/operations' })).text) as { operations: Array<{ doors: Record<string, string[]> }> };
    const dds = ops.operations.flatMap((o) => o.doors.dds ?? []);
    gets = dds.filter((r) => r.startsWith('GET '));
    // Deleting the instance would leave the later runs nothing to work on: DELETE routes get their turn in the corpus.
    writes = dds.filter((r) => !r.startsWith('GET ') && !r.startsWith('DELETE '));
  });

  const fill = (template: string, param: string) => template.replace(':project_id', project).replace(/:[a-z_]+/g, (m) => (m === ':instance_id' && param === '') ? instance : pct(param) || instance);
  const check = (seen: Seen, door: (x: Seen) => string[]) => {
    const p = answered(seen, s.takeBugs(), (x) => [...(x.status !== undefined && x.status >= 300 ? door(x) : []), ...noStack(x), ...(x.status !== undefined && x.status >= 500 ? [`status ${x.status}`] : [])]);
    if (p.length) throw new Error(p.join('\n'));
  };

  it("answers Keystone token requests (the real one with values replaced, bytes edited, or random) with a token or Keystone's error", async () => {
    const body = fc.oneof(mutateJson(auth(), jsonOf(KEYSTONE_WORDS)).map(jsonText), mutateBytes(JSON.stringify(auth())), jsonOf(KEYSTONE_WORDS).map(jsonText));
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('/v3/auth/tokens', '/v3/auth/tokens?nocatalog', '/v3/auth/tokens/'), async (b, path) => {
        check(await exchange(base(), { method: 'POST', path, headers: { 'content-type': 'application/json' }, body: b, timeoutMs: ANSWER_WITHIN_MS }), keystoneError);
      }),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it('answers DBS query strings on every GET route with a list or a DBS error', async () => {
    const value = fc.oneof(oddString, oddNumber.map(String), fc.constantFrom('Auto', 'Manual', 'Single', 'ReplicaSet', 'Sharding', '2026-01-01', '2026-01-01T00:00:00+0000', '1767225600000'));
    const query = fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, oddString), value, fc.boolean()), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.oneof(fc.constant(''), oddString), query, async (n, param, q) => {
        const route = gets[n % gets.length].split(' ')[1];
        // Raw values too: a client may not encode what it sends (only what Node can put on a request line).
        const text = q.map(([k, v, raw]) => `${pct(k)}=${raw && /^[\x21-\x7e]*$/.test(v) && !/[#]/.test(v) ? v : pct(v)}`).join('&');
        check(await exchange(base(), { path: `${fill(route, param)}${text ? `?${text}` : ''}`, headers: { 'x-auth-token': token }, timeoutMs: ANSWER_WITHIN_MS }), ddsError);
      }),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it('answers the documented request bodies, mutated, on every write route with a success or a DBS error', async () => {
    const body = fc.oneof(
      fc.constantFrom(...REQUESTS.map((r) => r.body)).chain((d) => mutateJson(d, jsonOf(DBS_WORDS)).map(jsonText)),
      fc.constantFrom(...REQUESTS.map((r) => JSON.stringify(r.body).replace(/"instance_id":"[^"]*"/g, `"instance_id":"${'<id>'}"`))).chain((t) => mutateBytes(t)),
      jsonOf(DBS_WORDS).map(jsonText),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.constant(''), body, async (n, param, b) => {
        const [method, route] = writes[n % writes.length].split(' ');
        const text = (Buffer.isBuffer(b) ? b.toString('latin1') : b).replace(/<id>/g, instance);
        check(await exchange(base(), { method, path: fill(route, param), headers: { 'x-auth-token': token, 'content-type': 'application/json' }, body: Buffer.from(text, 'latin1'), timeoutMs: ANSWER_WITHIN_MS }), ddsError);
        s.h.clock.advance('10s');
      }),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it('keeps answering normally afterwards', async () => {
    expect(await checkNormal(s.t, 'dds', { tenant: 'after-fuzz' })).toEqual([]);
    expect(s.takeBugs()).toEqual([]);
  });
});
