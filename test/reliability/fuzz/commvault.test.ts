/**
 * Fuzzing the Commvault family's decoder: XML and JSON bodies (random from the API's vocabulary,
 * and the requests of cvpysdk and the vendors' pages, mutated) on every POST route, under the three URL
 * prefixes of both vendors, answers asked for in XML or JSON. The property: an answer in the
 * asked format (a success or the family's error), never a bug, never a hang.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PREFIXES } from '../corpus/commvault';
import { checkNormal } from '../normal';
import { commvaultAnswer, commvaultError, noStack } from '../shapes';
import { serve } from '../suite';
import { exchange } from '../wire';
import { ANSWER_WITHIN_MS, answered, FUZZ_TIMEOUT_MS, jsonOf, jsonText, mutateBytes, mutateJson, oddString, params, pct, xmlOf } from './arbitraries';

const FIXTURES = ['commvault', 'metallic'].flatMap((v) => {
  const dir = join(__dirname, '../../../fixtures', v);
  return readdirSync(dir)
    .filter((f) => /request\.(json|xml)$/.test(f))
    .map((f) => ({ format: f.endsWith('.xml') ? ('xml' as const) : ('json' as const), text: readFileSync(join(dir, f), 'utf8') }));
});
const XML_SEEDS = FIXTURES.filter((f) => f.format === 'xml').map((f) => f.text);
const JSON_SEEDS = FIXTURES.filter((f) => f.format === 'json').map((f) => JSON.parse(f.text) as unknown);

const VOCABULARY = [
  'TMMsg_CommcellDRBackupReq', 'TMMsg_CreateTaskReq', 'DM2ContentIndexing_CheckCredentialReq', 'JobManager_JobDetailRequest', 'taskInfo', 'task', 'associations', 'subTasks', 'subTask',
  'options', 'backupOpts', 'adminOpts', 'drBackupOpts', 'commonOpts', 'jobType', 'backupType', 'backupLevel', 'isCompressionEnabled', 'clientName', 'subclientName', 'backupsetName',
  'appName', 'instanceName', 'clientId', 'subclientId', 'jobId', 'jobFilter', 'username', 'password', 'sessionId', 'subTaskType', 'operationType', 'mediaOpt', 'storagePolicy', 'val',
];

describe('commvault and metallic decoders under fuzzing', () => {
  const s = serve(['commvault', 'metallic']);
  const tokens = new Map<string, string>();
  let routes: string[] = [];

  beforeAll(async () => {
    for (const vendor of ['commvault', 'metallic']) {
      const r = await exchange(s.t.vendors[vendor].http, { method: 'POST', path: '/webconsole/api/Login', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: Buffer.from('Commvault!1').toString('base64') }) });
      tokens.set(vendor, (JSON.parse(r.text) as { token: string }).token);
    }
    const ops = JSON.parse((await exchange(s.t.admin, { path: '/vendors/commvault/operations' })).text) as { operations: Array<{ doors: Record<string, string[]> }> };
    // Logout would end the token every other run relies on: its decoder is the same as Login's.
    routes = ops.operations.flatMap((o) => o.doors.rest ?? []).filter((r) => !/Logout|RenewLoginToken/.test(r));
  });

  const where = fc.record({
    vendor: fc.constantFrom('commvault', 'metallic'),
    prefix: fc.constantFrom(...PREFIXES),
    route: fc.constant(''),
    format: fc.constantFrom('json' as const, 'xml' as const),
    param: fc.oneof(fc.constantFrom('2', '3', '2141'), oddString),
    auth: fc.constantFrom('token', 'token', 'none', 'bogus'),
  });

  async function send(w: { vendor: string; prefix: string; route: string; format: 'json' | 'xml'; param: string; auth: string }, body: string | Buffer | undefined, type: string): Promise<void> {
    const [method, template] = w.route.split(' ');
    const path = `${w.prefix}${template.replace(/:[a-zA-Z_]+/g, pct(w.param) || 'x')}`;
    const authtoken = w.auth === 'token' ? tokens.get(w.vendor)! : w.auth === 'bogus' ? `QSDK ${'0'.repeat(128)}` : undefined;
    const seen = await exchange(s.t.vendors[w.vendor].http, {
      method,
      path,
      headers: { accept: w.format === 'xml' ? 'application/xml' : 'application/json', ...(body !== undefined ? { 'content-type': type } : {}), ...(authtoken ? { authtoken } : {}) },
      ...(body !== undefined && method !== 'GET' ? { body } : {}),
      timeoutMs: ANSWER_WITHIN_MS,
    });
    const p = answered(seen, s.takeBugs(), (x) => [...(x.status !== undefined && x.status >= 400 ? commvaultError(x, w.format) : commvaultAnswer(x, w.format)), ...noStack(x), ...(x.status !== undefined && x.status >= 500 ? [`status ${x.status}`] : [])]);
    if (p.length) throw new Error(p.join('\n'));
  }

  it('answers XML bodies (random, and the known requests mutated) on every route in the asked format', async () => {
    const body = fc.oneof(xmlOf(VOCABULARY), fc.constantFrom(...XML_SEEDS).chain((t) => mutateBytes(t)));
    await fc.assert(
      fc.asyncProperty(where, fc.nat(), body, async (w, n, b) => send({ ...w, route: routes[n % routes.length] }, b, 'application/xml')),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it('answers JSON bodies (random, and the known requests with values replaced or bytes edited) on every route in the asked format', async () => {
    const body = fc.oneof(
      jsonOf(VOCABULARY).map(jsonText),
      fc.constantFrom(...JSON_SEEDS).chain((d) => mutateJson(d, jsonOf(VOCABULARY)).map(jsonText)),
      fc.constantFrom(...JSON_SEEDS).chain((d) => mutateBytes(JSON.stringify(d))),
    );
    await fc.assert(
      fc.asyncProperty(where, fc.nat(), body, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/json', 'application/vnd.x+json'), async (w, n, b, type) => send({ ...w, route: routes[n % routes.length] }, b, type)),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it('answers query strings on every route in the asked format', async () => {
    const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom('clientId', 'backupsetId', 'subclientId', 'backupLevel', 'jobFilter', 'completedJobLookupTime', 'limit', 'offset', 'clientName', 'PropertyLevel'), oddString), oddString), { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(where, fc.nat(), query, async (w, n, q) => {
        const route = routes[n % routes.length];
        await send({ ...w, route: `${route}${q.length ? `${route.includes('?') ? '&' : '?'}${q.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&')}` : ''}` }, undefined, '');
      }),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it('keeps answering normally afterwards', async () => {
    expect(await checkNormal(s.t, 'commvault', { tenant: 'after-fuzz' })).toEqual([]);
    expect(await checkNormal(s.t, 'metallic', { tenant: 'after-fuzz' })).toEqual([]);
    expect(s.takeBugs()).toEqual([]);
  });
});
