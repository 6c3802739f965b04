/**
 * Bad input for every recovery operation, in each dialect: the vendor's own error (type, message
 * id, status), never a crash, and the appliance's state as it was.
 */
import request from 'supertest';
import { apiLogin, B, client, LOC, LOC_SPEC, NIGHTLY, R, rpc, rpcBody, rpcErrorOf, rpcLogin, sessionCtx, SSO, startVcenter, type Harness } from './helpers';

const SYS = 'vcsa-01.lab.local';
const ARCHIVE_URL = `${LOC}/vCenter/sn_${SYS}/S_8.0.3.00300_20251231-020000_`;
const RESTORE = { ...LOC_SPEC, location_type: 'SFTP', location: ARCHIVE_URL, backup_password: 'Passw0rd!' };
const MISSING = 'vapi.data.structure.field.missing';
const INVALID = 'vapi.data.structure.field.invalid';
const SVC = 'com.vmware.appliance.recovery';
const struct = (name: string, fields: Record<string, unknown>) => ({ STRUCTURE: { [name]: fields } });
const locSpec = (fields: Record<string, unknown>) => struct(`${SVC}.backup.location_spec`, fields);

interface Outcome {
  status: number;
  type: string;
  id: string;
}

type Call = ['api' | 'rest', string, string, unknown?] | ['jsonrpc', string, string, Record<string, unknown>];

/** operation, call, expected error type and message id. */
const CASES: Array<[string, Call, string, string]> = [
  ['schedules.create', ['api', 'POST', `/api${B}/schedules`, { schedule: 'x' }], 'INVALID_ARGUMENT', MISSING],
  ['schedules.create', ['api', 'POST', `/api${B}/schedules`, { schedule: 'x', spec: { location: 42 } }], 'INVALID_ARGUMENT', INVALID],
  ['schedules.create', ['api', 'POST', `/api${B}/schedules`, { schedule: '', spec: { location: LOC } }], 'INVALID_ARGUMENT', 'com.vmware.applmgmt.backup.schedules.err_invalid_id'],
  ['schedules.create', ['rest', 'POST', `/rest${B}/schedules/x`, { spec: { ...NIGHTLY, parts: ['lotus'] } }], 'INVALID_ARGUMENT', 'com.vmware.applmgmt.backup.err_unknown_part'],
  ['schedules.create', ['rest', 'POST', `/rest${B}/schedules/x`, { spec: { ...NIGHTLY, recurrence_info: { minute: 0, hour: 1, days: ['FUNDAY'] } } }], 'INVALID_ARGUMENT', INVALID],
  ['schedules.create', ['rest', 'POST', `/rest${B}/schedules/default`, { spec: NIGHTLY }], 'ALREADY_EXISTS', 'com.vmware.applmgmt.backup.schedules.err_already_exists'],
  [
    'schedules.create',
    ['jsonrpc', `${SVC}.backup.schedules`, 'create', { schedule: 'x', spec: struct('s', { location: 'tape://x/y' }) }],
    'INVALID_ARGUMENT',
    'com.vmware.applmgmt.backup.err_invalid_location',
  ],
  ['schedules.create', ['jsonrpc', `${SVC}.backup.schedules`, 'create', { schedule: 'x', spec: struct('s', { location: LOC, backup_password: { OPTIONAL: { SECRET: 'weak' } } }) }], 'INVALID_ARGUMENT', 'com.vmware.applmgmt.backup.err_password_length'],
  ['schedules.get', ['api', 'GET', `/api${B}/schedules/__proto__`], 'NOT_FOUND', 'com.vmware.applmgmt.err_not_found'],
  ['schedules.get', ['rest', 'GET', `/rest${B}/schedules/constructor`], 'NOT_FOUND', 'com.vmware.applmgmt.err_not_found'],
  ['schedules.get', ['jsonrpc', `${SVC}.backup.schedules`, 'get', {}], 'INVALID_ARGUMENT', MISSING],
  ['schedules.update', ['api', 'PATCH', `/api${B}/schedules/default`, { retention_info: { max_count: 0 } }], 'INVALID_ARGUMENT', 'com.vmware.applmgmt.backup.schedules.err_invalid_retention'],
  ['schedules.update', ['api', 'PATCH', `/api${B}/schedules/default`, { enable: 'no' }], 'INVALID_ARGUMENT', INVALID],
  ['schedules.update', ['rest', 'PUT', `/rest${B}/schedules/update/nope`, { spec: {} }], 'NOT_FOUND', 'com.vmware.applmgmt.err_not_found'],
  ['schedules.update', ['rest', 'PUT', `/rest${B}/schedules/update/default`, {}], 'INVALID_ARGUMENT', MISSING],
  ['schedules.update', ['jsonrpc', `${SVC}.backup.schedules`, 'update', { schedule: 'default', spec: struct('u', { recurrence_info: { OPTIONAL: struct('r', { hour: 1 }) } }) }], 'INVALID_ARGUMENT', MISSING],
  ['schedules.delete', ['api', 'DELETE', `/api${B}/schedules/nope`], 'NOT_FOUND', 'com.vmware.applmgmt.err_not_found'],
  ['schedules.delete', ['jsonrpc', `${SVC}.backup.schedules`, 'delete', { schedule: 7 }], 'INVALID_ARGUMENT', INVALID],
  ['schedules.run', ['api', 'POST', `/api${B}/schedules/nope?action=run`], 'NOT_FOUND', 'com.vmware.applmgmt.err_not_found'],
  ['schedules.run', ['rest', 'POST', `/rest${B}/schedules/default?action=run`, { comment: 5 }], 'INVALID_ARGUMENT', INVALID],
  ['schedules.run', ['jsonrpc', `${SVC}.backup.schedules`, 'run', { schedule: 'nope' }], 'NOT_FOUND', 'com.vmware.applmgmt.err_not_found'],
  ['system_name.list', ['api', 'POST', `/api${B}/system-name?action=list`, {}], 'INVALID_ARGUMENT', MISSING],
  ['system_name.list', ['api', 'POST', `/api${B}/system-name?action=list`, { location: 'backups' }], 'INVALID_ARGUMENT', 'com.vmware.applmgmt.backup.err_invalid_location'],
  ['system_name.list', ['rest', 'GET', `/rest${B}/system-name?loc_spec.location=sftp://10.9.9.9/none`], 'NOT_FOUND', 'com.vmware.applmgmt.backup.err_location_not_found'],
  ['system_name.list', ['jsonrpc', `${SVC}.backup.system_name`, 'list', { loc_spec: locSpec({ location: LOC, location_user: { OPTIONAL: 'backup' } }) }], 'ERROR', 'com.vmware.applmgmt.backup.err_location_auth'],
  ['system_name.archive.list', ['api', 'POST', `/api${B}/system-name/${SYS}/archives?action=list`, { loc_spec: LOC_SPEC }], 'INVALID_ARGUMENT', MISSING],
  [
    'system_name.archive.list',
    ['api', 'POST', `/api${B}/system-name/${SYS}/archives?action=list`, { loc_spec: LOC_SPEC, filter_spec: { start_timestamp: 'yesterday' } }],
    'INVALID_ARGUMENT',
    'vapi.bindings.typeconverter.datetime.deserialize.invalid.format',
  ],
  [
    'system_name.archive.list',
    ['api', 'POST', `/api${B}/system-name/${SYS}/archives?action=list`, { loc_spec: LOC_SPEC, filter_spec: { start_timestamp: '2026-01-02T00:00:00Z', end_timestamp: '2026-01-01T00:00:00Z' } }],
    'INVALID_ARGUMENT',
    'com.vmware.applmgmt.backup.archive.err_invalid_range',
  ],
  ['system_name.archive.list', ['rest', 'GET', `/rest${B}/system-name/${SYS}/archives?loc_spec.location=${encodeURIComponent(LOC)}&filter_spec.max_results=many`], 'INVALID_ARGUMENT', INVALID],
  ['system_name.archive.list', ['jsonrpc', `${SVC}.backup.system_name.archive`, 'list', { loc_spec: locSpec({ location: LOC }), system_name: SYS }], 'INVALID_ARGUMENT', MISSING],
  ['system_name.archive.get', ['api', 'POST', `/api${B}/system-name/${SYS}/archives/S_nope_?action=get`, LOC_SPEC], 'NOT_FOUND', 'com.vmware.applmgmt.err_not_found'],
  ['system_name.archive.get', ['rest', 'GET', `/rest${B}/system-name/${SYS}/archives/S_nope_`], 'INVALID_ARGUMENT', MISSING],
  ['system_name.archive.get', ['jsonrpc', `${SVC}.backup.system_name.archive`, 'get', { spec: locSpec({ location: LOC, location_user: { OPTIONAL: 'backup' }, location_password: { OPTIONAL: { SECRET: 'S3cret!x' } } }), system_name: 'nobody', archive: 'x' }], 'NOT_FOUND', 'com.vmware.applmgmt.backup.err_system_name_not_found'],
  ['restore.validate', ['api', 'POST', `/api${R}/restore?action=validate`, { location: ARCHIVE_URL }], 'INVALID_ARGUMENT', MISSING],
  ['restore.validate', ['api', 'POST', `/api${R}/restore?action=validate`, { ...RESTORE, location_type: 'TAPE' }], 'INVALID_ARGUMENT', INVALID],
  ['restore.validate', ['rest', 'POST', `/rest${R}/restore/validate`, { piece: { ...RESTORE, location: `${LOC}/elsewhere` } }], 'ERROR', 'com.vmware.applmgmt.restore.err_no_backup'],
  ['restore.validate', ['jsonrpc', `${SVC}.restore`, 'validate', { piece: struct('p', { location_type: 'SFTP', location: ARCHIVE_URL }) }], 'ERROR', 'com.vmware.applmgmt.backup.err_location_auth'],
  ['restore.job.create', ['api', 'POST', `/api${R}/restore/job`, RESTORE], 'INVALID_ARGUMENT', 'com.vmware.applmgmt.restore.err_sso_required'],
  ['restore.job.create', ['rest', 'POST', `/rest${R}/restore/job`, { piece: { ...RESTORE, ...SSO, ignore_warnings: 'yes' } }], 'INVALID_ARGUMENT', INVALID],
  ['restore.job.create', ['rest', 'POST', `/rest${R}/restore/job`, { piece: { ...RESTORE, ...SSO, backup_password: 'Wr0ng!pass' } }], 'ERROR', 'com.vmware.applmgmt.restore.err_decrypt'],
  ['restore.job.create', ['jsonrpc', `${SVC}.restore.job`, 'create', {}], 'INVALID_ARGUMENT', MISSING],
  ['reconciliation.job.create', ['api', 'POST', `/api${R}/reconciliation/job`, { ...SSO, ignore_warnings: 1 }], 'INVALID_ARGUMENT', INVALID],
  ['reconciliation.job.create', ['rest', 'POST', `/rest${R}/reconciliation/job`, { spec: SSO }], 'NOT_ALLOWED_IN_CURRENT_STATE', 'com.vmware.applmgmt.reconciliation.err_not_allowed'],
  ['reconciliation.job.create', ['jsonrpc', `${SVC}.reconciliation.job`, 'create', {}], 'INVALID_ARGUMENT', MISSING],
  ['reconciliation.job.get', ['jsonrpc', `${SVC}.reconciliation.job`, 'get', {}], 'NOT_FOUND', 'com.vmware.applmgmt.reconciliation.err_no_job'],
];

/** Every recovery operation, with no session: UNAUTHENTICATED in each dialect (/api and /rest method and path, JSON-RPC service and operation). */
const UNAUTHENTICATED: Array<[string, [string, string], [string, string], [string, string]]> = [
  ['recovery.get', ['GET', `/api${R}`], ['GET', `/rest${R}`], [SVC, 'get']],
  ['schedules.list', ['GET', `/api${B}/schedules`], ['GET', `/rest${B}/schedules`], [`${SVC}.backup.schedules`, 'list']],
  ['schedules.create', ['POST', `/api${B}/schedules`], ['POST', `/rest${B}/schedules/x`], [`${SVC}.backup.schedules`, 'create']],
  ['schedules.get', ['GET', `/api${B}/schedules/default`], ['GET', `/rest${B}/schedules/default`], [`${SVC}.backup.schedules`, 'get']],
  ['schedules.update', ['PATCH', `/api${B}/schedules/default`], ['PUT', `/rest${B}/schedules/update/default`], [`${SVC}.backup.schedules`, 'update']],
  ['schedules.delete', ['DELETE', `/api${B}/schedules/default`], ['DELETE', `/rest${B}/schedules/default`], [`${SVC}.backup.schedules`, 'delete']],
  ['schedules.run', ['POST', `/api${B}/schedules/default?action=run`], ['POST', `/rest${B}/schedules/default?action=run`], [`${SVC}.backup.schedules`, 'run']],
  ['system_name.list', ['POST', `/api${B}/system-name?action=list`], ['GET', `/rest${B}/system-name`], [`${SVC}.backup.system_name`, 'list']],
  [
    'system_name.archive.list',
    ['POST', `/api${B}/system-name/${SYS}/archives?action=list`],
    ['GET', `/rest${B}/system-name/${SYS}/archives`],
    [`${SVC}.backup.system_name.archive`, 'list'],
  ],
  [
    'system_name.archive.get',
    ['POST', `/api${B}/system-name/${SYS}/archives/x?action=get`],
    ['GET', `/rest${B}/system-name/${SYS}/archives/x`],
    [`${SVC}.backup.system_name.archive`, 'get'],
  ],
  ['restore.validate', ['POST', `/api${R}/restore?action=validate`], ['POST', `/rest${R}/restore/validate`], [`${SVC}.restore`, 'validate']],
  ['restore.job.create', ['POST', `/api${R}/restore/job`], ['POST', `/rest${R}/restore/job`], [`${SVC}.restore.job`, 'create']],
  ['restore.job.get', ['GET', `/api${R}/restore/job`], ['GET', `/rest${R}/restore/job`], [`${SVC}.restore.job`, 'get']],
  ['restore.job.cancel', ['POST', `/api${R}/restore/job?action=cancel`], ['POST', `/rest${R}/restore/job/cancel`], [`${SVC}.restore.job`, 'cancel']],
  ['reconciliation.job.create', ['POST', `/api${R}/reconciliation/job`], ['POST', `/rest${R}/reconciliation/job`], [`${SVC}.reconciliation.job`, 'create']],
  ['reconciliation.job.get', ['GET', `/api${R}/reconciliation/job`], ['GET', `/rest${R}/reconciliation/job`], [`${SVC}.reconciliation.job`, 'get']],
];

describe('vcenter recovery operations answer bad input with their own errors and keep their state', () => {
  let h: Harness;
  let sid: string;
  let rpcSid: string;
  beforeAll(async () => {
    h = await startVcenter();
    h.loadScenarioFiles('scenarios/vcenter-lifecycle.yaml');
    sid = await apiLogin(h);
    rpcSid = await rpcLogin(h);
  });
  afterAll(() => h.stop());

  async function send(call: Call, session: string | null = sid): Promise<Outcome> {
    if (call[0] === 'jsonrpc') {
      const res = await rpc(h, rpcBody(call[1], call[2], call[3], session === null ? undefined : sessionCtx(rpcSid)));
      const [name, fields] = rpcErrorOf(res.body);
      return { status: res.status, type: name.split('.').pop()!.toUpperCase(), id: fields.messages[0].STRUCTURE['com.vmware.vapi.std.localizable_message'].id };
    }
    const [dialect, method, path, body] = call;
    let req = request(h.url('vcenter', 'http'))[method.toLowerCase() as 'get'](path);
    if (session !== null) req = req.set('vmware-api-session-id', session);
    const res = await (body === undefined ? req : req.send(body as object));
    return dialect === 'api'
      ? { status: res.status, type: res.body.error_type, id: res.body.messages[0].id }
      : { status: res.status, type: String(res.body.type).split('.').pop()!.toUpperCase(), id: res.body.value.messages[0].id };
  }

  /** What the bad calls must not change: schedules, archives, jobs, the restore. */
  async function observed() {
    const c = client(h, sid);
    return {
      schedules: (await c.get(`/api${B}/schedules`)).body,
      archives: (await c.post(`/api${B}/system-name/${SYS}/archives?action=list`, { loc_spec: LOC_SPEC, filter_spec: {} })).body,
      jobs: (await c.get(`/api${B}/job`)).body,
      restore: (await c.get(`/api${R}/restore/job`)).body,
      prototype: Object.keys(Object.prototype),
    };
  }

  it.each(CASES)('%s %j answers %s (%s)', async (_op, call, type, id) => {
    const before = await observed();
    const out = await send(call);
    const status = { INVALID_ARGUMENT: 400, ALREADY_EXISTS: 400, NOT_ALLOWED_IN_CURRENT_STATE: 400, NOT_FOUND: 404, ERROR: 500 }[type];
    expect(out).toEqual({ status: call[0] === 'jsonrpc' ? 200 : status, type, id });
    expect(await observed()).toEqual(before);
  });

  it.each(UNAUTHENTICATED)('%s without a session is UNAUTHENTICATED in /api, /rest and JSON-RPC', async (_op, api, rest, jsonrpc) => {
    const id = 'com.vmware.vapi.endpoint.method.authentication.required';
    expect(await send(['api', api[0], api[1], {}], null)).toEqual({ status: 401, type: 'UNAUTHENTICATED', id });
    expect(await send(['rest', rest[0], rest[1], {}], null)).toEqual({ status: 401, type: 'UNAUTHENTICATED', id });
    expect(await send(['jsonrpc', jsonrpc[0], jsonrpc[1], {}], null)).toEqual({ status: 200, type: 'UNAUTHENTICATED', id });
  });

  it.each([
    ['POST', `/api${B}/schedules`],
    ['POST', `/rest${B}/schedules/x`],
    ['POST', `/api${R}/restore/job`],
    ['POST', `/rest${R}/restore/validate`],
    ['POST', `/rest${R}/restore/job/cancel`],
    ['POST', `/api${B}/system-name/${SYS}/archives?action=list`],
  ])('%s %s with malformed JSON is INVALID_REQUEST, with XML 415, state intact', async (method, path) => {
    const before = await observed();
    const base = () => request(h.url('vcenter', 'http')).post(path).set('vmware-api-session-id', sid);
    const malformed = await base().set('Content-Type', 'application/json').send('{"schedule": ');
    expect(malformed.status).toBe(400);
    const type = path.startsWith('/api') ? malformed.body.error_type : malformed.body.type;
    expect(type).toMatch(/INVALID_REQUEST|invalid_request/);
    const xml = await base().set('Content-Type', 'application/xml').send('<spec/>');
    expect(xml.status).toBe(415);
    expect(await observed()).toEqual(before);
  });

  it('prototype-named schedule ids are ordinary ids', async () => {
    const c = client(h, sid);
    for (const id of ['__proto__', 'constructor', 'toString']) {
      expect((await c.post(`/rest${B}/schedules/${id}`, { spec: { location: LOC } })).status).toBe(200);
    }
    const list = (await c.get(`/api${B}/schedules`)).body;
    expect(Object.getOwnPropertyNames(list)).toEqual(['default', '__proto__', 'constructor', 'toString']);
    expect(({} as Record<string, unknown>).location).toBeUndefined();
    for (const id of ['__proto__', 'constructor', 'toString']) expect((await c.delete(`/api${B}/schedules/${id}`)).status).toBe(204);
    expect(Object.keys((await c.get(`/api${B}/schedules`)).body)).toEqual(['default']);
  });

  it('the journal keeps no location, backup or SSO password, in bodies or query strings, in any dialect', async () => {
    const c = client(h, sid);
    await c.get(`/rest${B}/system-name?loc_spec.location=${encodeURIComponent(LOC)}&loc_spec.location_user=backup&loc_spec.location_password=S3cret!x`);
    await c.post(`/api${R}/restore/job`, { ...RESTORE, ...SSO });
    await send(['jsonrpc', `${SVC}.reconciliation.job`, 'create', { spec: struct('c', { sso_admin_user_password: { OPTIONAL: { SECRET: 'VMware1!' } } }) }]);
    const journal = JSON.stringify(h.find({ vendor: 'vcenter' }));
    for (const secret of ['S3cret!x', 'Passw0rd!', 'VMware1!']) expect(journal).not.toContain(secret);
    expect(h.find({ vendor: 'vcenter', operation: 'system_name.list' }).at(-1)!.query['loc_spec.location_password']).toBe('***');
  });
});
