import request from 'supertest';
import { apiLogin, B, basic, client, PIECE, startVcenter, type Harness } from './helpers';

describe('vcenter REST /api', () => {
  let h: Harness;
  let sid: string;
  beforeAll(async () => {
    h = await startVcenter();
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    sid = await apiLogin(h);
  });

  describe('sessions', () => {
    it('POST /api/session with Basic answers 201 and a bare JSON string', async () => {
      const res = await request(h.url('vcenter', 'http')).post('/api/session').set('Authorization', basic());
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.text).toMatch(/^"[0-9a-f]{32}"$/);
    });

    it.each([
      ['a wrong password', basic('administrator@vsphere.local', 'nope')],
      ['an unknown user', basic('root', 'VMware1!')],
      ['no Authorization header', undefined],
      ['a non-Basic scheme', 'Bearer abc'],
    ])('answers 401 UNAUTHENTICATED for %s', async (_what, auth) => {
      const r = request(h.url('vcenter', 'http')).post('/api/session');
      const res = await (auth ? r.set('Authorization', auth) : r);
      expect(res.status).toBe(401);
      expect(res.body.error_type).toBe('UNAUTHENTICATED');
      expect(res.body.messages[0]).toEqual(expect.objectContaining({ id: expect.any(String), default_message: expect.any(String), args: [] }));
    });

    it('GET /api/session describes the session; DELETE ends it with 204', async () => {
      const info = await client(h, sid).get('/api/session');
      expect(info.status).toBe(200);
      expect(info.body).toEqual({
        user: 'administrator@vsphere.local',
        created_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        last_accessed_time: expect.any(String),
      });
      const del = await client(h, sid).delete('/api/session');
      expect(del.status).toBe(204);
      expect(del.text).toBe('');
      const after = await client(h, sid).get(`/api${B}/job`);
      expect(after.status).toBe(401);
      expect(after.body).toEqual({
        error_type: 'UNAUTHENTICATED',
        messages: [{ id: 'com.vmware.vapi.endpoint.method.authentication.required', default_message: 'Authentication required.', args: [] }],
      });
    });

    it('accepts the session id as a cookie too', async () => {
      const res = await request(h.url('vcenter', 'http')).get(`/api${B}/parts`).set('Cookie', `vmware-api-session-id=${sid}`);
      expect(res.status).toBe(200);
    });

    it.each(['GET /api/session', `GET /api${B}/job`, `GET /api${B}/job/details`, `GET /api${B}/parts`, `GET /api${B}/parts/seat`, `POST /api${B}/job`, `GET /api${B}/job/x`])(
      '%s without a session answers 401',
      async (route) => {
        const [method, path] = route.split(' ');
        const agent = request(h.url('vcenter', 'http'));
        const res = await (method === 'GET' ? agent.get(path) : agent.post(path).send(PIECE));
        expect(res.status).toBe(401);
        expect(res.body.error_type).toBe('UNAUTHENTICATED');
      },
    );
  });

  describe('backup jobs', () => {
    it('POST job answers 201 BackupJobStatus and GET job/{id} follows the timeline', async () => {
      const created = await client(h, sid).post(`/api${B}/job`, PIECE);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^\d{8}-\d{6}-[0-9a-f]{6}$/),
        state: 'INPROGRESS',
        messages: [{ id: 'com.vmware.applmgmt.backup.job.backup_job_started', default_message: 'Backup job started', args: [] }],
        progress: 0,
        start_time: expect.stringMatching(/T.*Z$/),
      });
      h.clock.advance('6s');
      const mid = await client(h, sid).get(`/api${B}/job/${created.body.id}`);
      expect(mid.status).toBe(200);
      expect(mid.body.state).toBe('INPROGRESS');
      expect(mid.body.progress).toBe(50);
      expect(mid.body).not.toHaveProperty('end_time');
      h.clock.advance('6s');
      const done = await client(h, sid).get(`/api${B}/job/${created.body.id}`);
      expect(done.body).toMatchObject({ state: 'SUCCEEDED', progress: 100 });
      expect(Date.parse(done.body.end_time) - Date.parse(done.body.start_time)).toBe(12_000);
      expect(done.body.messages.at(-1).default_message).toBe('Backup job completed successfully.');
    });

    it('a second create while one runs answers 400 FEATURE_IN_USE; after it ends a new one starts', async () => {
      const first = await client(h, sid).post(`/api${B}/job`, PIECE);
      const busy = await client(h, sid).post(`/api${B}/job`, PIECE);
      expect(busy.status).toBe(400);
      expect(busy.body).toEqual({
        error_type: 'FEATURE_IN_USE',
        messages: [{ id: 'com.vmware.applmgmt.err_backup_in_progress', default_message: 'A backup or restore is already in progress.', args: [] }],
      });
      h.clock.advance('12s');
      const again = await client(h, sid).post(`/api${B}/job`, PIECE);
      expect(again.status).toBe(201);
      expect(again.body.id).not.toBe(first.body.id);
    });

    it('GET job lists ids oldest first', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await client(h, sid).post(`/api${B}/job`, PIECE)).body.id);
        h.clock.advance('13s');
      }
      const res = await client(h, sid).get(`/api${B}/job`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(ids);
    });

    it('GET job/details maps ids to Info and filters with ?jobs=', async () => {
      const a = (await client(h, sid).post(`/api${B}/job`, PIECE)).body.id;
      h.clock.advance('12s');
      const b = (await client(h, sid).post(`/api${B}/job`, { ...PIECE, location_user: undefined })).body.id;
      h.clock.advance('3s');
      const all = await client(h, sid).get(`/api${B}/job/details`);
      expect(all.status).toBe(200);
      expect(Object.keys(all.body)).toEqual([a, b]);
      expect(all.body[a]).toMatchObject({
        location: PIECE.location,
        location_user: 'backup',
        type: 'MANUAL',
        status: 'SUCCEEDED',
        cancelable: false,
        duration: 12,
        progress: { total: 100, completed: 100 },
        service: 'com.vmware.appliance.recovery.backup.job',
        operation: 'create',
        user: 'administrator@vsphere.local',
        build: { version: '8.0.3.00300', build_number: '24322831' },
        fast_backup: false,
      });
      expect(all.body[b]).toMatchObject({ status: 'RUNNING', cancelable: true, location_user: '', duration: 3 });
      expect(all.body[b]).not.toHaveProperty('end_time');
      const one = await client(h, sid).get(`/api${B}/job/details?jobs=${b}`);
      expect(Object.keys(one.body)).toEqual([b]);
    });

    it('POST job/{id}?action=cancel fails a running job with a message, then answers FAIL', async () => {
      const id = (await client(h, sid).post(`/api${B}/job`, PIECE)).body.id;
      h.clock.advance('2s');
      const res = await client(h, sid).post(`/api${B}/job/${id}?action=cancel`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('OK');
      expect(res.body.messages[0].default_message).toContain('canceled');
      const job = await client(h, sid).get(`/api${B}/job/${id}`);
      expect(job.body.state).toBe('FAILED');
      expect(job.body.end_time).toBeDefined();
      expect(job.body.messages.at(-1).default_message).toBe(`Backup job ${id} was canceled by administrator@vsphere.local.`);
      const again = await client(h, sid).post(`/api${B}/job/${id}?action=cancel`);
      expect(again.body.status).toBe('FAIL');
      const next = await client(h, sid).post(`/api${B}/job`, PIECE);
      expect(next.status).toBe(201);
    });

    it('a failure forced through the admin handle shows as FAILED with its message', async () => {
      const id = (await client(h, sid).post(`/api${B}/job`, PIECE)).body.id;
      h.clock.advance('3s');
      h.jobs.force('vcenter', id, { state: 'failed', message: 'No space left on the backup server.' });
      const job = await client(h, sid).get(`/api${B}/job/${id}`);
      expect(job.body).toMatchObject({ state: 'FAILED', progress: 25 });
      expect(job.body.messages.at(-1)).toEqual({ id: 'com.vmware.applmgmt.err_backup_failed', default_message: 'No space left on the backup server.', args: [] });
    });

    it('a POST to job/{id} without ?action=cancel answers 404 OPERATION_NOT_FOUND', async () => {
      const id = (await client(h, sid).post(`/api${B}/job`, PIECE)).body.id;
      const res = await client(h, sid).post(`/api${B}/job/${id}?action=stop`);
      expect(res.status).toBe(404);
      expect(res.body.error_type).toBe('OPERATION_NOT_FOUND');
      expect((await client(h, sid).get(`/api${B}/job/${id}`)).body.state).toBe('INPROGRESS');
    });

    it.each(['get', 'cancel'])('an unknown id answers 404 NOT_FOUND on %s', async (what) => {
      const path = `/api${B}/job/20990101-000000-abcdef`;
      const res = what === 'get' ? await client(h, sid).get(path) : await client(h, sid).post(`${path}?action=cancel`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error_type: 'NOT_FOUND',
        messages: [{ id: 'com.vmware.applmgmt.err_not_found', default_message: 'Backup job 20990101-000000-abcdef does not exist.', args: ['20990101-000000-abcdef'] }],
      });
    });
  });

  describe('parts and validate', () => {
    it('GET parts lists common (required) and seat (optional) with LocalizableMessage names', async () => {
      const res = await client(h, sid).get(`/api${B}/parts`);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(2);
      expect(res.body[0]).toEqual({
        id: 'common',
        name: { id: 'com.vmware.applmgmt.backup.parts.common', default_message: 'Inventory and configuration', args: [] },
        description: expect.objectContaining({ default_message: expect.any(String), args: [] }),
        selected_by_default: true,
        optional: false,
      });
      expect(res.body[1]).toMatchObject({ id: 'seat', optional: true, selected_by_default: true });
    });

    it('GET parts/{id} answers the size in MB; an unknown part is NOT_FOUND', async () => {
      const res = await client(h, sid).get(`/api${B}/parts/seat`);
      expect(res.status).toBe(200);
      expect(res.body).toBe(1180);
      const missing = await client(h, sid).get(`/api${B}/parts/nope`);
      expect(missing.status).toBe(404);
      expect(missing.body.error_type).toBe('NOT_FOUND');
    });

    it('POST backup?action=validate answers OK, FEATURE_IN_USE while busy, INVALID_ARGUMENT for bad input', async () => {
      const ok = await client(h, sid).post(`/api${B}?action=validate`, PIECE);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ status: 'OK', messages: [expect.objectContaining({ id: 'com.vmware.applmgmt.backup.validate.ok' })] });
      const bad = await client(h, sid).post(`/api${B}?action=validate`, { ...PIECE, location_type: 'TAPE' });
      expect(bad.status).toBe(400);
      expect(bad.body.error_type).toBe('INVALID_ARGUMENT');
      await client(h, sid).post(`/api${B}/job`, PIECE);
      const busy = await client(h, sid).post(`/api${B}?action=validate`, PIECE);
      expect(busy.status).toBe(400);
      expect(busy.body.error_type).toBe('FEATURE_IN_USE');
      const noAction = await client(h, sid).post(`/api${B}`, PIECE);
      expect(noAction.status).toBe(404);
    });
  });
});
