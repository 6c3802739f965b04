import { JOB, rpc, rpcBody, rpcErrorOf, rpcLogin, sessionCtx, startVcenter, STATUS, userCtx, type Harness } from './helpers';
import { loadSdkRequest, rawRequest, replaySdk } from './sdk-fixtures';

describe('vcenter vAPI JSON-RPC on POST /api', () => {
  let h: Harness;
  let sid: string;
  const sdk = (name: string) => replaySdk(h.url('vcenter', 'http'), loadSdkRequest(`jsonrpc-${name}`, sid));
  beforeAll(async () => {
    h = await startVcenter();
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    sid = await rpcLogin(h);
  });

  it('session create answers the id as a SECRET, HTTP 200, echoing the request id', async () => {
    const res = await replaySdk(h.url('vcenter', 'http'), loadSdkRequest('jsonrpc-session-create'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ jsonrpc: '2.0', id: '0', result: { output: { SECRET: expect.stringMatching(/^[0-9a-f]{32}$/) } } });
  });

  it('a wrong password answers the unauthenticated ERROR structure with HTTP 200', async () => {
    const res = await rpc(h, rpcBody('com.vmware.cis.session', 'create', {}, userCtx('administrator@vsphere.local', 'bad'), '5'));
    expect(res.status).toBe(200);
    expect(res.headers['vapi-error']).toBe('com.vmware.vapi.std.errors.unauthenticated');
    expect(res.body.id).toBe('5');
    const [name, fields] = rpcErrorOf(res.body);
    expect(name).toBe('com.vmware.vapi.std.errors.unauthenticated');
    expect(fields.error_type).toEqual({ OPTIONAL: 'UNAUTHENTICATED' });
    expect(fields.data).toEqual({ OPTIONAL: null });
    expect(fields.messages[0]).toEqual({
      STRUCTURE: {
        'com.vmware.vapi.std.localizable_message': {
          id: 'vapi.security.authentication.invalid',
          default_message: 'Unable to authenticate user',
          args: [],
          params: { OPTIONAL: null },
          localized: { OPTIONAL: null },
        },
      },
    });
  });

  it('session get and delete; after delete every call is unauthenticated', async () => {
    const info = await sdk('session-get');
    expect(info.body.result.output.STRUCTURE['com.vmware.cis.session.info'].user).toBe('administrator@vsphere.local');
    const del = await sdk('session-delete');
    expect(del.body.result).toEqual({ output: null });
    const after = await sdk('job-list');
    expect(rpcErrorOf(after.body)[0]).toBe('com.vmware.vapi.std.errors.unauthenticated');
  });

  it('parts list answers Part structures with wrapped messages; parts get an integer', async () => {
    const list = await sdk('parts-list');
    const parts = list.body.result.output;
    expect(parts).toHaveLength(2);
    expect(parts[1].STRUCTURE['com.vmware.appliance.recovery.backup.parts.part']).toEqual({
      id: 'seat',
      name: { STRUCTURE: { 'com.vmware.appliance.recovery.backup.parts.localizable_message': expect.objectContaining({ default_message: 'Stats, Events, and Tasks' }) } },
      description: { STRUCTURE: { 'com.vmware.appliance.recovery.backup.parts.localizable_message': expect.any(Object) } },
      selected_by_default: true,
      optional: true,
    });
    expect((await sdk('parts-get')).body.result.output).toBe(1180);
  });

  it('create answers a backup_job_status with end_time OPTIONAL null; a second create is feature_in_use', async () => {
    const created = await sdk('job-create');
    expect(created.body.id).toBe('2');
    const status = created.body.result.output.STRUCTURE[STATUS];
    expect(status).toMatchObject({ state: 'INPROGRESS', progress: 0, end_time: { OPTIONAL: null } });
    expect(status.messages[0].STRUCTURE[`${JOB}.localizable_message`].default_message).toBe('Backup job started');
    const busy = await sdk('job-create-unset-optionals');
    const [name, fields] = rpcErrorOf(busy.body);
    expect(name).toBe('com.vmware.vapi.std.errors.feature_in_use');
    expect(fields.error_type).toEqual({ OPTIONAL: 'FEATURE_IN_USE' });

    h.clock.advance('12s');
    const get = await rpc(h, rpcBody(JOB, 'get', { id: status.id }, sessionCtx(sid)));
    const done = get.body.result.output.STRUCTURE[STATUS];
    expect(done).toMatchObject({ state: 'SUCCEEDED', progress: 100, end_time: { OPTIONAL: expect.stringMatching(/T.*Z$/) } });
    const list = await sdk('job-list');
    expect(list.body.result.output).toEqual([status.id]);
  });

  it('details list answers map-entry structures; the filter limits it', async () => {
    const id = (await sdk('job-create')).body.result.output.STRUCTURE[STATUS].id;
    h.clock.advance('5s');
    const all = await sdk('details-list');
    const entries = all.body.result.output;
    expect(entries).toHaveLength(1);
    const entry = entries[0].STRUCTURE['map-entry'];
    expect(entry.key).toBe(id);
    const info = entry.value.STRUCTURE[`${JOB}.details.info`];
    expect(info).toMatchObject({
      status: 'RUNNING',
      cancelable: true,
      duration: { OPTIONAL: 5 },
      end_time: { OPTIONAL: null },
      progress: { OPTIONAL: { STRUCTURE: { 'com.vmware.cis.task.progress': expect.objectContaining({ total: 100 }) } } },
      description: { STRUCTURE: { 'com.vmware.vapi.std.localizable_message': expect.any(Object) } },
    });
    expect((await sdk('details-list-filter')).body.result.output).toEqual([]);
  });

  it('cancel answers a return_result and the job ends FAILED; unknown ids are not_found', async () => {
    const id = (await sdk('job-create')).body.result.output.STRUCTURE[STATUS].id;
    const res = await rpc(h, rpcBody(JOB, 'cancel', { id }, sessionCtx(sid)));
    expect(res.body.result.output.STRUCTURE[`${JOB}.return_result`].status).toBe('OK');
    const get = await rpc(h, rpcBody(JOB, 'get', { id }, sessionCtx(sid)));
    expect(get.body.result.output.STRUCTURE[STATUS].state).toBe('FAILED');
    for (const op of ['get', 'cancel']) {
      const missing = await sdk(`job-${op}`);
      expect(rpcErrorOf(missing.body)[0]).toBe('com.vmware.vapi.std.errors.not_found');
    }
  });

  it('invalid input answers invalid_argument with the failed rule', async () => {
    const piece = { STRUCTURE: { [`${JOB}.backup_request`]: { parts: ['seat'], location_type: 'SFTP', location: 'ftp://h/p' } } };
    const res = await rpc(h, rpcBody(JOB, 'create', { piece }, sessionCtx(sid)));
    const [name, fields] = rpcErrorOf(res.body);
    expect(name).toBe('com.vmware.vapi.std.errors.invalid_argument');
    expect(fields.messages[0].STRUCTURE['com.vmware.vapi.std.localizable_message'].default_message).toBe(
      "The location 'ftp://h/p' does not match the location type SFTP.",
    );
    const noPiece = await rpc(h, rpcBody(JOB, 'create', {}, sessionCtx(sid)));
    expect(rpcErrorOf(noPiece.body)[1].messages[0].STRUCTURE['com.vmware.vapi.std.localizable_message'].id).toBe('vapi.data.structure.field.missing');
  });

  it('validate on com.vmware.appliance.recovery.backup', async () => {
    const piece = { STRUCTURE: { 'com.vmware.appliance.recovery.backup.backup_request': { parts: [], location_type: 'NFS', location: 'nfs://nas/backups' } } };
    const res = await rpc(h, rpcBody('com.vmware.appliance.recovery.backup', 'validate', { piece }, sessionCtx(sid)));
    expect(res.body.result.output.STRUCTURE['com.vmware.appliance.recovery.backup.return_result'].status).toBe('OK');
  });

  it('an unknown operation answers operation_not_found', async () => {
    const res = await rpc(h, rpcBody(JOB, 'explode', {}, sessionCtx(sid)));
    expect(rpcErrorOf(res.body)[0]).toBe('com.vmware.vapi.std.errors.operation_not_found');
  });

  it('a vmware-api-session-id header authenticates like the body context', async () => {
    const body = rpcBody(JOB, 'list', {});
    const res = await rawRequest(`${h.url('vcenter', 'http')}/api`, 'POST', { 'content-type': 'application/json', 'vmware-api-session-id': sid }, JSON.stringify(body));
    expect(res.body.result.output).toEqual([]);
  });

  it.each([
    ['malformed JSON', '{"jsonrpc":', -32700, null],
    ['a wrong version', '{"jsonrpc":"1.0","method":"invoke","id":"9"}', -32600, null],
    ['another method', '{"jsonrpc":"2.0","method":"list","id":"9"}', -32601, '9'],
    ['missing params', '{"jsonrpc":"2.0","method":"invoke","id":"9"}', -32602, '9'],
    ['a bad typed value', JSON.stringify(rpcBody(JOB, 'list', { x: { NOPE: 1 } }, undefined, '9')), -32602, '9'],
  ])('%s answers a JSON-RPC error object', async (_what, text, code, id) => {
    const res = await rawRequest(`${h.url('vcenter', 'http')}/api`, 'POST', { 'content-type': 'application/json' }, text);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ jsonrpc: '2.0', id, error: expect.objectContaining({ code }) });
  });

  it('a body disagreeing with the vapi-operation header answers -31001', async () => {
    const res = await rpc(h, rpcBody(JOB, 'list', {}, sessionCtx(sid))).set('vapi-operation', 'get');
    expect(res.body.error.code).toBe(-31001);
  });

  it('a wrong content type answers 415', async () => {
    const res = await rawRequest(`${h.url('vcenter', 'http')}/api`, 'POST', { 'content-type': 'text/plain' }, JSON.stringify(rpcBody(JOB, 'list', {})));
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe(-32600);
  });
});
