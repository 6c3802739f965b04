import request from 'supertest';
import { B, basic, PIECE, startVcenter, type Harness } from './helpers';
import { loadSdkRequest, replaySdk, type SdkRequest } from './sdk-fixtures';

/** Replay a request exactly as the SDK's rest connector sent it (GETs carry a `{}` body, no content type). */
function replay(h: Harness, req: SdkRequest, path = req.path) {
  return replaySdk(h.url('vcenter', 'http'), req, path);
}

describe('vcenter vAPI-REST /rest', () => {
  let h: Harness;
  let sid: string;
  const sdk = (name: string) => loadSdkRequest(`rest-${name}`, sid);
  beforeAll(async () => {
    h = await startVcenter();
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    const res = await replay(h, loadSdkRequest('rest-session-create'));
    expect(res.status).toBe(200);
    sid = res.body.value;
  });

  it.each(['/rest/session', '/rest/com/vmware/cis/session'])('POST %s logs in with Basic -> {"value": id}', async (path) => {
    const res = await request(h.url('vcenter', 'http')).post(path).set('Authorization', basic());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ value: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const bad = await request(h.url('vcenter', 'http')).post(path).set('Authorization', basic('administrator@vsphere.local', 'x'));
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({
      type: 'com.vmware.vapi.std.errors.unauthenticated',
      value: { messages: [{ id: 'vapi.security.authentication.invalid', default_message: 'Unable to authenticate user', args: [] }] },
    });
  });

  it('GET /rest/session and POST /rest/com/vmware/cis/session?~action=get describe the session', async () => {
    const a = await replay(h, sdk('session-get'));
    expect(a.status).toBe(200);
    expect(a.body.value).toMatchObject({ user: 'administrator@vsphere.local' });
    const b = await request(h.url('vcenter', 'http')).post('/rest/com/vmware/cis/session?~action=get').set('vmware-api-session-id', sid);
    expect(b.body.value.user).toBe('administrator@vsphere.local');
    expect(h.find({ vendor: 'vcenter', operation: 'session.get' })).toHaveLength(2);
  });

  it('parts list and get, as the SDK asks', async () => {
    const list = await replay(h, sdk('parts-list'));
    expect(list.status).toBe(200);
    expect(list.body.value.map((p: { id: string }) => p.id)).toEqual(['common', 'seat']);
    const get = await replay(h, sdk('parts-get'));
    expect(get.body).toEqual({ value: 1180 });
  });

  it('create, busy, get, list, details, cancel with the SDK bodies', async () => {
    const created = await replay(h, sdk('job-create'));
    expect(created.status).toBe(200);
    const id = created.body.value.id;
    expect(created.body.value).toMatchObject({ state: 'INPROGRESS', progress: 0 });

    const busy = await replay(h, sdk('job-create-unset-optionals'));
    expect(busy.status).toBe(400);
    expect(busy.body).toEqual({
      type: 'com.vmware.vapi.std.errors.feature_in_use',
      value: { messages: [{ id: 'com.vmware.applmgmt.err_backup_in_progress', default_message: 'A backup or restore is already in progress.', args: [] }] },
    });

    h.clock.advance('12s');
    const get = await replay(h, sdk('job-get'), `/rest${B}/job/${id}`);
    expect(get.body.value).toMatchObject({ id, state: 'SUCCEEDED', progress: 100, end_time: expect.any(String) });

    const list = await replay(h, sdk('job-list'));
    expect(list.body).toEqual({ value: [id] });

    const details = await replay(h, sdk('details-list'));
    expect(details.body.value).toEqual([{ key: id, value: expect.objectContaining({ status: 'SUCCEEDED', location: PIECE.location }) }]);
    const filtered = await replay(h, sdk('details-list-filter'));
    expect(filtered.body).toEqual({ value: [] });
    const byQuery = await request(h.url('vcenter', 'http')).get(`/rest${B}/job/details?filter.jobs=${id}`).set('vmware-api-session-id', sid);
    expect(byQuery.body.value.map((e: { key: string }) => e.key)).toEqual([id]);

    const second = (await replay(h, sdk('job-create-unset-optionals'))).body.value.id;
    const cancel = await replay(h, sdk('job-cancel'), `/rest${B}/job/${second}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.value.status).toBe('OK');
    const after = await replay(h, sdk('job-get'), `/rest${B}/job/${second}`);
    expect(after.body.value.state).toBe('FAILED');
  });

  it('unknown ids answer 404 not_found on get and cancel', async () => {
    const get = await replay(h, sdk('job-get'));
    expect(get.status).toBe(404);
    expect(get.body.type).toBe('com.vmware.vapi.std.errors.not_found');
    const cancel = await replay(h, sdk('job-cancel'));
    expect(cancel.status).toBe(404);
  });

  it('invalid input answers 400 invalid_argument saying which rule failed', async () => {
    const res = await request(h.url('vcenter', 'http'))
      .post(`/rest${B}/job`)
      .set('vmware-api-session-id', sid)
      .send({ piece: { ...PIECE, backup_password: 'nouppercase1!' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      type: 'com.vmware.vapi.std.errors.invalid_argument',
      value: {
        messages: [{ id: 'com.vmware.applmgmt.backup.err_password_uppercase', default_message: 'The backup password must contain at least one uppercase letter.', args: [] }],
      },
    });
    const missing = await request(h.url('vcenter', 'http')).post(`/rest${B}/job`).set('vmware-api-session-id', sid).send(PIECE);
    expect(missing.status).toBe(400);
    expect(missing.body.value.messages[0].id).toBe('vapi.data.structure.field.missing');
  });

  it('POST validate answers a ReturnResult', async () => {
    const res = await request(h.url('vcenter', 'http')).post(`/rest${B}/validate`).set('vmware-api-session-id', sid).send({ piece: PIECE });
    expect(res.status).toBe(200);
    expect(res.body.value.status).toBe('OK');
  });

  it('DELETE /rest/session logs out; later calls answer 401 unauthenticated', async () => {
    const del = await replay(h, sdk('session-delete'));
    expect(del.status).toBe(200);
    const res = await replay(h, sdk('job-list'));
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('com.vmware.vapi.std.errors.unauthenticated');
    const del2 = await request(h.url('vcenter', 'http')).delete('/rest/com/vmware/cis/session').set('vmware-api-session-id', sid);
    expect(del2.status).toBe(401);
  });
});
