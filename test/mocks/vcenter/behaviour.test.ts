import request from 'supertest';
import { startTestHarness } from '../../helpers';
import { apiLogin, B, basic, client, JOB, PIECE, rpc, rpcBody, rpcErrorOf, rpcLogin, sessionCtx, startVcenter, STATUS, type Harness } from './helpers';
import { rawRequest } from './sdk-fixtures';

const rpcPiece = {
  STRUCTURE: { [`${JOB}.backup_request`]: { parts: ['seat'], location_type: 'SFTP', location: 'sftp://10.0.0.5/backups' } },
};

describe('vcenter timelines, rules and sessions (scenarios/vcenter-failures.yaml)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['vcenter'], scenarioFiles: ['scenarios/vcenter-failures.yaml'] });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());

  it('the first vcsa-01 backup fails at 60% with the message; the second create answers 500 once', async () => {
    const sid = await apiLogin(h, '/appliances/vcsa-01');
    const c = client(h, sid);
    const id = (await c.post(`/appliances/vcsa-01/api${B}/job`, PIECE)).body.id;
    h.clock.advance('36s');
    const mid = await c.get(`/appliances/vcsa-01/api${B}/job/${id}`);
    expect(mid.body).toMatchObject({ state: 'INPROGRESS', progress: 36 });
    h.clock.advance('24s');
    const failed = await c.get(`/appliances/vcsa-01/api${B}/job/${id}`);
    expect(failed.body).toMatchObject({ state: 'FAILED', progress: 60, end_time: expect.any(String) });
    expect(failed.body.messages.at(-1)).toEqual({
      id: 'com.vmware.applmgmt.err_backup_failed',
      default_message: 'Failed to upload the backup to sftp://10.0.0.5/backups: Permission denied (publickey,password).',
      args: [],
    });
    const second = await c.post(`/appliances/vcsa-01/api${B}/job`, PIECE);
    expect(second.status).toBe(500);
    expect(second.body).toEqual({
      error_type: 'ERROR',
      messages: [{ id: 'com.vmware.vapi.std.errors.error', default_message: 'Internal error while starting the backup.', args: [] }],
    });
    const third = await c.post(`/appliances/vcsa-01/api${B}/job`, PIECE);
    expect(third.status).toBe(201);
    h.clock.advance('20s');
    expect((await c.get(`/appliances/vcsa-01/api${B}/job/${third.body.id}`)).body.state).toBe('SUCCEEDED');
  });

  it('vcsa-02 backups never finish: INPROGRESS at 99% until canceled, creates answer FEATURE_IN_USE meanwhile', async () => {
    const sid = await rpcLogin(h, '/appliances/vcsa-02');
    const created = await rpc(h, rpcBody(JOB, 'create', { piece: rpcPiece }, sessionCtx(sid)), '/appliances/vcsa-02');
    const id = created.body.result.output.STRUCTURE[STATUS].id;
    h.clock.advance('5h');
    const get = await rpc(h, rpcBody(JOB, 'get', { id }, sessionCtx(sid)), '/appliances/vcsa-02');
    expect(get.body.result.output.STRUCTURE[STATUS]).toMatchObject({ state: 'INPROGRESS', progress: 99 });
    // The scenario's rule answers the second create with HTTP 500 (the SDK raises a transport error).
    const ruled = await rpc(h, rpcBody(JOB, 'create', { piece: rpcPiece }, sessionCtx(sid)), '/appliances/vcsa-02');
    expect(ruled.status).toBe(500);
    expect(rpcErrorOf(ruled.body)[0]).toBe('com.vmware.vapi.std.errors.error');
    const busy = await rpc(h, rpcBody(JOB, 'create', { piece: rpcPiece }, sessionCtx(sid)), '/appliances/vcsa-02');
    expect(rpcErrorOf(busy.body)[0]).toBe('com.vmware.vapi.std.errors.feature_in_use');
    await rpc(h, rpcBody(JOB, 'cancel', { id }, sessionCtx(sid)), '/appliances/vcsa-02');
    const after = await rpc(h, rpcBody(JOB, 'get', { id }, sessionCtx(sid)), '/appliances/vcsa-02');
    expect(after.body.result.output.STRUCTURE[STATUS].state).toBe('FAILED');
  });

  it('sessions on vcsa-02 expire after 10 calls', async () => {
    const sid = await apiLogin(h, '/appliances/vcsa-02');
    for (let i = 0; i < 10; i++) expect((await client(h, sid).get(`/appliances/vcsa-02/api${B}/parts`)).status).toBe(200);
    const res = await client(h, sid).get(`/appliances/vcsa-02/api${B}/parts`);
    expect(res.status).toBe(401);
    expect((await client(h, sid).get(`/appliances/vcsa-02/api${B}/parts`)).status).toBe(401);
  });
});

describe('vcenter scenario rules and session policies', () => {
  let h: Harness;
  afterEach(() => h.stop());

  it('invalidateAuth after N calls ends the session (rule)', async () => {
    h = await startVcenter({ rules: [{ match: { vendor: 'vcenter', operation: 'job.list' }, skip: 2, times: 1, invalidateAuth: true }] });
    const sid = await apiLogin(h);
    expect((await client(h, sid).get(`/api${B}/job`)).status).toBe(200);
    expect((await client(h, sid).get(`/api${B}/job`)).status).toBe(200);
    expect((await client(h, sid).get(`/api${B}/job`)).status).toBe(401);
  });

  it('an idle session expires after vendors.vcenter.sessionIdleTimeout', async () => {
    h = await startVcenter({ vendors: { vcenter: { sessionIdleTimeout: '30m' } } });
    const sid = await apiLogin(h);
    h.clock.advance('29m');
    expect((await client(h, sid).get(`/api${B}/job`)).status).toBe(200);
    h.clock.advance('31m');
    expect((await client(h, sid).get(`/api${B}/job`)).status).toBe(401);
  });

  it.each([
    ['/api', 503, (b: any) => expect(b).toEqual({ error_type: 'SERVICE_UNAVAILABLE', messages: [expect.objectContaining({ default_message: 'Appliance is restarting.' })] })],
    ['/rest', 503, (b: any) => expect(b.type).toBe('com.vmware.vapi.std.errors.service_unavailable')],
    ['rpc', 200, (b: any) => expect(rpcErrorOf(b)[0]).toBe('com.vmware.vapi.std.errors.service_unavailable')],
  ])('a rule naming a std error answers it in the %s dialect', async (dialect, status, check) => {
    h = await startVcenter({ rules: [{ match: { vendor: 'vcenter', operation: 'parts.list' }, respond: { error: 'SERVICE_UNAVAILABLE', message: 'Appliance is restarting.' } }] });
    let res;
    if (dialect === 'rpc') res = await rpc(h, rpcBody('com.vmware.appliance.recovery.backup.parts', 'list', {}, sessionCtx(await rpcLogin(h))));
    else res = await client(h, await apiLogin(h)).get(`${dialect}${B}/parts`);
    expect(res.status).toBe(status);
    check(res.body);
  });

  it('a restore in progress makes create answer FEATURE_IN_USE', async () => {
    h = await startVcenter({ entities: { vcenter: { appliances: [{ id: 'vcsa-01', restoreInProgress: true }] } } });
    const res = await client(h, await apiLogin(h)).post(`/api${B}/job`, PIECE);
    expect(res.status).toBe(400);
    expect(res.body.error_type).toBe('FEATURE_IN_USE');
  });
});

describe('vcenter 2 h backup under the manual clock (scenarios/vcenter-long-backup.yaml)', () => {
  it('runs to SUCCEEDED with no sleeps', async () => {
    const h = await startTestHarness({ vendors: ['vcenter'], scenarioFiles: ['scenarios/vcenter-long-backup.yaml'] });
    try {
      const sid = await apiLogin(h);
      const id = (await client(h, sid).post(`/api${B}/job`, PIECE)).body.id;
      h.clock.advance('1h');
      expect((await client(h, sid).get(`/api${B}/job/${id}`)).body).toMatchObject({ state: 'INPROGRESS', progress: 50 });
      h.clock.advance('59m');
      expect((await client(h, sid).get(`/api${B}/job/${id}`)).body.state).toBe('INPROGRESS');
      h.clock.advance('1m');
      const done = (await client(h, sid).get(`/api${B}/job/${id}`)).body;
      expect(done).toMatchObject({ state: 'SUCCEEDED', progress: 100 });
      expect(Date.parse(done.end_time) - Date.parse(done.start_time)).toBe(2 * 3_600_000);
    } finally {
      await h.stop();
    }
  });
});

describe('vcenter appliances and tenants (scenarios/vcenter-demo.yaml)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['vcenter'], scenarioFiles: ['scenarios/vcenter-demo.yaml'] });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());

  it('each appliance has its own users, parts, sessions and one-at-a-time rule', async () => {
    await expect(apiLogin(h, '/appliances/vcsa-02')).rejects.toThrow(/401/);
    const sid2 = await apiLogin(h, '/appliances/vcsa-02', 'administrator@vsphere.local', 'Vc2-Admin!');
    const sid1 = await apiLogin(h, '/appliances/vcsa-01');
    const parts = await client(h, sid2).get(`/appliances/vcsa-02/api${B}/parts`);
    expect(parts.body.map((p: { id: string }) => p.id)).toEqual(['common', 'seat', 'lotus']);
    expect((await client(h, sid1).get(`/appliances/vcsa-02/api${B}/parts`)).status).toBe(401);
    expect((await client(h, sid1).post(`/appliances/vcsa-01/api${B}/job`, PIECE)).status).toBe(201);
    expect((await client(h, sid2).post(`/appliances/vcsa-02/api${B}/job`, { ...PIECE, parts: ['lotus'] })).status).toBe(201);
    expect((await client(h, sid1).post(`/api${B}/job`, PIECE)).status).toBe(400);
    expect((await client(h, sid1).get(`/api${B}/job`)).body).toHaveLength(1);
    expect((await client(h, sid2).get(`/appliances/vcsa-02/rest${B}/job`)).body.value).toHaveLength(1);
  });

  it('an unknown appliance answers 404 in the dialect of the call', async () => {
    const api = await request(h.url('vcenter', 'http')).post('/appliances/nope/api/session').set('Authorization', basic());
    expect(api.status).toBe(404);
    expect(api.body.error_type).toBe('NOT_FOUND');
    const rest = await request(h.url('vcenter', 'http')).post('/appliances/nope/rest/session').set('Authorization', basic());
    expect(rest.body.type).toBe('com.vmware.vapi.std.errors.not_found');
  });

  it('two tenants never see each other’s jobs', async () => {
    const login = (tenant: string) =>
      request(h.url('vcenter', 'http')).post('/api/session').set('Authorization', basic()).set('x-mock-tenant', tenant).then((r) => r.body as string);
    const a = await login('team-a');
    const b = await login('team-b');
    const created = await client(h, a).post(`/api${B}/job`, PIECE).set('x-mock-tenant', 'team-a');
    expect(created.status).toBe(201);
    expect((await client(h, b).post(`/api${B}/job`, PIECE).set('x-mock-tenant', 'team-b')).status).toBe(201);
    expect((await client(h, b).get(`/api${B}/job/${created.body.id}`)).status).toBe(404);
    expect((await client(h, a).get(`/api${B}/job`)).body).toEqual([created.body.id]);
  });
});

describe('vcenter bad input keeps the vendor error format and the state', () => {
  let h: Harness;
  let sid: string;
  beforeAll(async () => {
    h = await startVcenter({ limits: { maxBodyBytes: 4096 } });
    sid = await apiLogin(h);
  });
  afterAll(() => h.stop());

  it.each([
    ['/api', `/api${B}/job`, 'application/json', '{"parts":', 400, 'INVALID_REQUEST'],
    ['/api', `/api${B}/job`, 'text/plain', JSON.stringify(PIECE), 415, 'INVALID_REQUEST'],
    ['/api', `/api${B}/job`, 'application/json', JSON.stringify({ ...PIECE, comment: 'x'.repeat(5000) }), 413, 'INVALID_REQUEST'],
    ['/rest', `/rest${B}/job`, 'application/json', '{"piece":', 400, 'com.vmware.vapi.std.errors.invalid_request'],
    ['/rest', `/rest${B}/job`, 'application/xml', '<piece/>', 415, 'com.vmware.vapi.std.errors.invalid_request'],
    ['/rest', `/rest${B}/job`, 'application/json', JSON.stringify({ piece: { ...PIECE, comment: 'x'.repeat(5000) } }), 413, 'com.vmware.vapi.std.errors.invalid_request'],
  ])('%s %s (%s) answers %i', async (dialect, path, type, body, status, name) => {
    const before = (await client(h, sid).get(`/api${B}/job`)).body;
    const res = await rawRequest(h.url('vcenter', 'http') + path, 'POST', { 'content-type': type, 'vmware-api-session-id': sid }, body);
    expect(res.status).toBe(status);
    if (dialect === '/api') expect(res.body.error_type).toBe(name);
    else expect(res.body.type).toBe(name);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    expect((await client(h, sid).get(`/api${B}/job`)).body).toEqual(before);
  });

  it('an oversized JSON-RPC body answers 413 with a JSON-RPC error', async () => {
    const res = await rpc(h, rpcBody(JOB, 'list', { pad: 'x'.repeat(5000) }, sessionCtx(sid)));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe(-32600);
  });

  it.each(['/api/appliance/recovery/backup/nothing', '/rest/appliance/nothing', '/api/vcenter/vm'])('unknown route %s answers 404 in the vendor format', async (path) => {
    const res = await client(h, sid).get(path);
    expect(res.status).toBe(404);
    if (path.startsWith('/rest')) expect(res.body.type).toBe('com.vmware.vapi.std.errors.not_found');
    else expect(res.body).toEqual({ error_type: 'NOT_FOUND', messages: [expect.objectContaining({ id: 'com.vmware.vapi.rest.httpNotFound' })] });
  });

  it('the journal never holds the backup or location passwords', async () => {
    await client(h, sid).post(`/api${B}?action=validate`, PIECE);
    await rpc(h, rpcBody(JOB, 'list', {}, sessionCtx(sid)));
    await rpcLogin(h);
    await rpc(h, rpcBody(JOB, 'create', { piece: { STRUCTURE: { [`${JOB}.backup_request`]: { ...PIECE, backup_password: { OPTIONAL: { SECRET: 'Passw0rd!' } } } } } }, sessionCtx(sid)));
    expect(h.find({ vendor: 'vcenter', operation: 'session.create' }).length).toBeGreaterThan(0);
    const text = JSON.stringify(h.find({ vendor: 'vcenter' }));
    expect(text).not.toContain('Passw0rd!');
    expect(text).not.toContain('S3cret!x');
    expect(text).not.toContain('VMware1!');
  });
});
