/**
 * Fuzzing vCenter's three decoders: JSON-RPC envelopes and vAPI typed values (random, and the
 * SDK's own requests mutated), and /api and /rest routes with random parameters and bodies. The
 * property: an answer in the door's own shape (a success or its error), never a bug, never a hang.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkNormal } from '../normal';
import { noStack, vcenterApiError, vcenterRestError, vcenterRpcAnswer, type Problems } from '../shapes';
import { serve } from '../suite';
import { exchange, type Seen } from '../wire';
import { ANSWER_WITHIN_MS, answered, asText, FUZZ_TIMEOUT_MS, jsonOf, jsonText, mutateBytes, mutateJson, oddNumber, oddString, params, pct } from './arbitraries';

interface SdkRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}
const SDK_DIR = join(__dirname, '../../../fixtures/vcenter/sdk');
const SDK: SdkRequest[] = readdirSync(SDK_DIR).map((f) => JSON.parse(readFileSync(join(SDK_DIR, f), 'utf8')) as SdkRequest);
const RPC = SDK.filter((r) => r.path === '/api' && r.method === 'POST');
const REST = SDK.filter((r) => r.path.startsWith('/rest'));

const FIELDS = ['parts', 'location_type', 'location', 'location_user', 'location_password', 'comment', 'backup_password', 'fast_backup', 'piece', 'spec', 'filter', 'jobs', 'id', 'schedule', 'recurrence_info', 'minute', 'hour', 'days', 'retention_info', 'max_count', 'enable', 'sso_admin_user_name', 'sso_admin_user_password', 'ignore_warnings', 'operation-input', 'value', 'action'];

/** vAPI's typed values (serializers/jsonrpc.py): a tag and its content, nested; and some that are not. */
const typed: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    oddString,
    oddNumber,
    fc.boolean(),
    fc.constant(null),
    fc.record({ STRUCTURE: fc.dictionary(fc.constantFrom('com.vmware.appliance.recovery.backup.job.backup_request', 'operation-input', 'x', '__proto__'), fc.dictionary(fc.constantFrom(...FIELDS), tie('v'), { maxKeys: 4 }), { maxKeys: 2 }) }),
    fc.record({ OPTIONAL: fc.option(tie('v'), { nil: null }) }),
    fc.record({ LIST: fc.array(tie('v'), { maxLength: 3 }) }),
    fc.record({ SECRET: oddString }),
    fc.record({ BINARY: fc.oneof(fc.base64String({ maxLength: 12 }), oddString) }),
    fc.record({ DATETIME: fc.oneof(fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-13-45T99:99:99Z'), oddString) }),
    fc.record({ ERROR: fc.dictionary(fc.string({ maxLength: 8 }), tie('v'), { maxKeys: 2 }) }),
    fc.dictionary(fc.constantFrom('STRUCTURE', 'OPTIONAL', 'LIST', 'SECRET', 'x'), tie('v'), { minKeys: 2, maxKeys: 3 }),
  ),
})).v;

describe('vcenter decoders under fuzzing', () => {
  const s = serve(['vcenter']);
  let sid = '';
  let keys: string[] = [];
  let routes: Array<{ door: 'api' | 'rest'; method: string; template: string }> = [];
  const base = () => s.t.vendors.vcenter.http;

  beforeAll(async () => {
    const login = await exchange(base(), { method: 'POST', path: '/api/session', headers: { authorization: `Basic ${Buffer.from('administrator@vsphere.local:VMware1!').toString('base64')}` } });
    sid = JSON.parse(login.text) as string;
    const ops = JSON.parse((await exchange(s.t.admin, { path: '/vendors/vcenter/operations' })).text) as { operations: Array<{ doors: Record<string, string[]> }> };
    keys = ops.operations.flatMap((o) => o.doors.jsonrpc ?? []);
    routes = ops.operations.flatMap((o) => (['api', 'rest'] as const).flatMap((door) => (o.doors[door] ?? []).map((r) => ({ door, method: r.split(' ')[0], template: r.split(' ')[1] }))));
  });

  const check = (seen: Seen, door: (x: Seen) => Problems): void => {
    const p = answered(seen, s.takeBugs(), (x) => [...door(x), ...noStack(x)]);
    if (p.length) throw new Error(p.join('\n'));
  };

  const rpc = (body: string | Buffer, headers: Record<string, string> = {}) => exchange(base(), { method: 'POST', path: '/api', headers: { 'content-type': 'application/json', ...headers }, body, timeoutMs: ANSWER_WITHIN_MS });

  it('answers random JSON-RPC envelopes with an output, a vAPI error or a protocol error', async () => {
    const security = fc.oneof(fc.constant(undefined), fc.constant({ schemeId: 'com.vmware.vapi.std.security.session_id', sessionId: '<sid>' }), fc.record({ schemeId: fc.constantFrom('com.vmware.vapi.std.security.user_pass', 'x'), userName: oddString, password: oddString }), jsonOf(['schemeId', 'sessionId', 'userName', 'password']));
    const envelope = fc.record(
      {
        jsonrpc: fc.oneof({ weight: 5, arbitrary: fc.constant('2.0') }, oddString, oddNumber),
        method: fc.oneof({ weight: 5, arbitrary: fc.constant('invoke') }, oddString),
        id: fc.oneof(oddString, oddNumber, fc.constant(null), jsonOf(['id'])),
        params: fc.oneof(
          { weight: 5, arbitrary: fc.record({ serviceId: fc.oneof(fc.constantFrom(...keys.map((k) => k.slice(0, k.lastIndexOf('.')))), oddString), operationId: fc.oneof(fc.constantFrom('list', 'get', 'create', 'cancel', 'validate', 'delete', 'update', 'run'), oddString), input: typed, ctx: fc.record({ appCtx: jsonOf(['opId']), securityCtx: security }, { requiredKeys: [] }) }, { requiredKeys: [] }) },
          jsonOf(['serviceId', 'operationId', 'input', 'ctx']),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(envelope, fc.boolean(), async (e, headersToo) => {
        const text = jsonText(e).replace('"<sid>"', JSON.stringify(sid));
        const p = e.params as { serviceId?: unknown; operationId?: unknown } | undefined;
        const headers = headersToo && p && typeof p === 'object' ? { 'vapi-service': asText(p.serviceId), 'vapi-operation': asText(p.operationId) } : {};
        check(await rpc(text, Object.fromEntries(Object.entries(headers).filter(([, v]) => /^[\x20-\x7e]*$/.test(v)))), vcenterRpcAnswer);
      }),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it("answers the SDK's own JSON-RPC requests, mutated (values replaced, bytes edited), in JSON-RPC's shapes", async () => {
    const seeds = RPC.map((r) => JSON.parse(JSON.stringify(r.body).replace(/"sessionId":"[^"]*"/, '"sessionId":"<sid>"')) as unknown);
    const mutated = fc.oneof(
      fc.constantFrom(...seeds).chain((doc) => mutateJson(doc, fc.oneof(typed, jsonOf(FIELDS))).map(jsonText)),
      fc.constantFrom(...seeds).chain((doc) => mutateBytes(JSON.stringify(doc))),
    );
    await fc.assert(
      fc.asyncProperty(mutated, async (body) => {
        const text = (Buffer.isBuffer(body) ? body.toString('latin1') : body).replace('"<sid>"', JSON.stringify(sid));
        check(await rpc(Buffer.isBuffer(body) ? Buffer.from(text, 'latin1') : text), vcenterRpcAnswer);
      }),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it('answers every /api and /rest route, with random path parameters, queries and bodies, in its door shape', async () => {
    const request = fc.record({
      route: fc.constantFrom(...routes),
      param: oddString,
      query: fc.array(fc.tuple(fc.constantFrom('action', 'jobs', '~action', 'filter.jobs', 'x', '__proto__'), oddString), { maxLength: 3 }),
      body: fc.option(fc.oneof(jsonOf(FIELDS).map(jsonText), fc.constantFrom(...REST.map((r) => JSON.stringify(r.body ?? {}))).chain((t) => mutateBytes(t).map((b) => b.toString('utf8')))), { nil: undefined }),
      auth: fc.constantFrom('session', 'none', 'bogus'),
      appliance: fc.constantFrom('', '/appliances/vcsa-01', '/appliances/__proto__'),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [path, fixed] = r.route.template.split('?');
        const q = [...(fixed ? [fixed] : []), ...r.query.map(([k, v]) => `${pct(k)}=${pct(v)}`)].join('&');
        const url = `${r.appliance}${path.replace(/:[a-z_]+/g, pct(r.param) || 'x')}${q ? `?${q}` : ''}`;
        const headers: Record<string, string> = { 'content-type': 'application/json', ...(r.auth === 'session' ? { 'vmware-api-session-id': sid } : r.auth === 'bogus' ? { 'vmware-api-session-id': 'f'.repeat(32) } : {}) };
        const seen = await exchange(base(), { method: r.route.method, path: url, headers, ...(r.body !== undefined && r.route.method !== 'GET' ? { body: r.body } : {}), timeoutMs: ANSWER_WITHIN_MS });
        check(seen, (x) => (x.status !== undefined && x.status < 300 ? [] : r.route.door === 'api' || url.startsWith(`${r.appliance}/api`) ? vcenterApiError(x) : vcenterRestError(x)));
      }),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it('keeps answering normally afterwards', async () => {
    expect(await checkNormal(s.t, 'vcenter', { tenant: 'after-fuzz' })).toEqual([]);
    expect(s.takeBugs()).toEqual([]);
  });
});
