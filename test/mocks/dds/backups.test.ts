import request from 'supertest';
import { DEMO, dds, login, startDds, type Harness } from './helpers';

type Backup = { id: string; name: string; type: string; status: string; size: number; begin_time: string; end_time: string; instance_id: string };

describe('dds backups: create, list, delete (creating/querying/deleting pages)', () => {
  let h: Harness;
  let token: string;
  let api: ReturnType<typeof dds>;
  const create = (name: string, extra: Record<string, unknown> = {}) =>
    api.post('/backups', { backup: { instance_id: DEMO.orders, name, ...extra } });
  const list = async (query = '') => (await api.get(`/backups${query}`).expect(200)).body as { backups: Backup[]; total_count: number };

  beforeAll(async () => {
    h = await startDds();
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    token = await login(h);
    api = dds(h, token);
  });

  it('creates a manual backup: 200 {job_id, backup_id}, BUILDING then COMPLETED on the clock', async () => {
    const res = await create('mybackup1', { description: 'The first Manual backup' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['backup_id', 'job_id']);
    expect(res.body.job_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(res.body.backup_id).toMatch(/^[0-9a-f]{32}br02$/);
    const building = (await list(`?backup_id=${res.body.backup_id}`)).backups[0];
    expect(building).toMatchObject({ name: 'mybackup1', type: 'Manual', status: 'BUILDING', size: 0, end_time: '', description: 'The first Manual backup' });
    expect(building.begin_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    h.clock.advance('6s');
    const done = await list(`?backup_id=${res.body.backup_id}`);
    expect(done.total_count).toBe(1);
    expect(done.backups[0].status).toBe('COMPLETED');
    expect(done.backups[0].size).toBeGreaterThan(0);
    expect(done.backups[0].end_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('reports the job: Running "0%" -> "50%" -> Completed "" with ended set', async () => {
    const { job_id } = (await create('jobbed')).body;
    const get = async () => (await api.get(`/jobs?id=${job_id}`).expect(200)).body.job;
    expect(await get()).toMatchObject({ id: job_id, name: 'Backup_MongoDB', status: 'Running', progress: '0%', ended: '', fail_reason: null, instance: { id: DEMO.orders, name: 'dds-orders' } });
    h.clock.advance('3s');
    expect((await get()).progress).toBe('50%');
    h.clock.advance('3s');
    const done = await get();
    expect(done).toMatchObject({ status: 'Completed', progress: '', fail_reason: null });
    expect(done.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    expect(done.ended).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
  });

  it.each([
    ['a short name', 'DBS.200001', { name: 'abc' }],
    ['a name starting with a digit', 'DBS.200001', { name: '1backup' }],
    ['a name with a dot', 'DBS.200001', { name: 'back.up' }],
    ['a 65-character name', 'DBS.200001', { name: 'a'.repeat(65) }],
    ['a description with =', 'DBS.280127', { name: 'good', description: 'a=b' }],
    ['a 257-character description', 'DBS.280127', { name: 'good', description: 'x'.repeat(257) }],
  ])('refuses %s with %s (400)', async (_what, code, fields) => {
    const res = await create('ignored', fields);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_code: code, error_msg: expect.any(String) });
    expect((await list('?backup_type=Manual')).total_count).toBe(1); // only the seeded one: state intact
  });

  it('refuses an unknown instance with DBS.200002 (404)', async () => {
    const res = await api.post('/backups', { backup: { instance_id: 'ffffffffffffffffffffffffffffffffin02', name: 'good' } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error_code: 'DBS.200002', error_msg: 'The DB instance does not exist.' });
  });

  it('refuses a busy instance with DBS.201015 (403) until the running backup ends', async () => {
    await create('first').expect(200);
    const busy = await create('second');
    expect(busy.status).toBe(403);
    expect(busy.body.error_code).toBe('DBS.201015');
    h.clock.advance('6s');
    expect((await create('second')).status).toBe(200);
  });

  it('refuses a duplicate name in the project with DBS.201201, even on another instance or an Auto backup', async () => {
    await create('dup-name').expect(200);
    h.clock.advance('6s');
    const again = await create('dup-name');
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error_code: 'DBS.201201', error_msg: 'The backup already exists.' });
    const instances = (await api.get('/instances').expect(200)).body.instances as { id: string }[];
    const other = await api.post('/backups', { backup: { instance_id: instances[0].id, name: 'dup-name' } });
    expect(other.body.error_code).toBe('DBS.201201');
    const auto = (await list('?backup_type=Auto')).backups[0];
    expect((await create(auto.name)).body.error_code).toBe('DBS.201201');
  });

  it.each([
    ['malformed JSON', (r: request.Test) => r.set('content-type', 'application/json').send('{"backup":')],
    ['a missing backup object', (r: request.Test) => r.send({ instance_id: DEMO.orders, name: 'good' })],
    ['a backup array', (r: request.Test) => r.send({ backup: [] })],
    ['a missing instance_id', (r: request.Test) => r.send({ backup: { name: 'good' } })],
    ['a text/plain body', (r: request.Test) => r.set('content-type', 'text/plain').send('{"backup":{}}')],
    ['an empty body', (r: request.Test) => r.set('content-type', 'application/json')],
  ])('answers DBS.200001 for %s', async (_what, send) => {
    const res = await send(api.post('/backups'));
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('DBS.200001');
    expect(res.text).not.toMatch(/at .*\.ts/);
  });

  it('answers 413 in DBS shape for an oversized body, keeping state', async () => {
    const res = await api.post('/backups').set('content-type', 'application/json').send(JSON.stringify({ backup: { name: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(res.status).toBe(413);
    expect(res.body.error_code).toBe('DBS.200001');
    expect((await list()).total_count).toBeGreaterThan(0);
  });

  it('lists with every documented filter', async () => {
    const a = (await create('filter-a')).body.backup_id as string;
    h.clock.advance('1h');
    const all = await list();
    expect(all.total_count).toBe(all.backups.length);
    expect(all.backups[0].id).toBe(a); // newest first
    expect((await list(`?backup_id=${a}`)).backups.map((b) => b.name)).toEqual(['filter-a']);
    expect((await list(`?instance_id=${DEMO.orders}`)).backups.every((b) => b.instance_id === DEMO.orders)).toBe(true);
    const manual = await list('?backup_type=Manual');
    expect(manual.backups.map((b) => b.name).sort()).toEqual(['before-upgrade', 'filter-a']);
    const auto = await list('?backup_type=Auto');
    expect(auto.total_count).toBe(9); // 3 days x 3 instances (scenarios/dds-demo.yaml)
    expect(auto.backups.every((b) => b.type === 'Auto' && b.status === 'COMPLETED')).toBe(true);
    expect((await list('?mode=Single')).backups.every((b) => b.name.startsWith('dds-sessions'))).toBe(true);
    const begin = all.backups[0].begin_time;
    const window = await list(`?begin_time=${encodeURIComponent(begin)}&end_time=${encodeURIComponent('2099-01-01 00:00:00')}`);
    expect(window.backups.map((b) => b.id)).toEqual([a]);
    const paged = await list('?offset=1&limit=2');
    expect(paged.backups.map((b) => b.id)).toEqual(all.backups.slice(1, 3).map((b) => b.id));
    expect(paged.total_count).toBe(all.total_count);
  });

  it.each([
    ['?backup_type=auto', 'DBS.200001'],
    ['?end_time=2018-08-16%2010:41:14', 'DBS.280067'],
    ['?begin_time=2018-08-06%2010:41:14', 'DBS.280068'],
    ['?begin_time=yesterday&end_time=today', 'DBS.280067'],
    ['?limit=500', 'DBS.280439'],
    ['?offset=x', 'DBS.280440'],
  ])('rejects the list query %s with %s', async (query, code) => {
    const res = await api.get(`/backups${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe(code);
  });

  it('deletes a manual backup: 200 {job_id}, DISABLED while deleting, gone once the job completes', async () => {
    const { backup_id } = (await create('to-delete')).body;
    h.clock.advance('6s');
    const del = await api.delete(`/backups/${backup_id}`);
    expect(del.status).toBe(200);
    expect(Object.keys(del.body)).toEqual(['job_id']);
    expect((await list(`?backup_id=${backup_id}`)).backups[0].status).toBe('DISABLED');
    const job = (await api.get(`/jobs?id=${del.body.job_id}`).expect(200)).body.job;
    expect(job).toMatchObject({ status: 'Running', name: 'Delete_Backup_MongoDB' });
    h.clock.advance('2s');
    expect((await api.get(`/jobs?id=${del.body.job_id}`).expect(200)).body.job.status).toBe('Completed');
    expect((await list(`?backup_id=${backup_id}`)).total_count).toBe(0);
    // the name is free again
    expect((await create('to-delete')).status).toBe(200);
  });

  it('refuses deletes: unknown DBS.280016, automated DBS.200004, still building DBS.201015', async () => {
    const unknown = await api.delete('/backups/ffffffffffffffffffffffffffffffffbr02');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_code).toBe('DBS.280016');
    const auto = (await list('?backup_type=Auto')).backups[0];
    expect((await api.delete(`/backups/${auto.id}`)).body.error_code).toBe('DBS.200004');
    const { backup_id } = (await create('building')).body;
    const building = await api.delete(`/backups/${backup_id}`);
    expect(building.status).toBe(403);
    expect(building.body.error_code).toBe('DBS.201015');
  });

  it('answers DBS.280016 for an unknown job and DBS.200001 without an id', async () => {
    const unknown = await api.get('/jobs?id=00000000-0000-0000-0000-000000000000');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ error_code: 'DBS.280016', error_msg: 'Resource not found.' });
    expect((await api.get('/jobs')).body.error_code).toBe('DBS.200001');
  });

  it('needs a token on every DDS route', async () => {
    const base = request(h.url('dds'));
    const p = `/v3/${DEMO.projectId}`;
    for (const r of [base.get(`${p}/backups`), base.post(`${p}/backups`).send({}), base.delete(`${p}/backups/x`), base.get(`${p}/jobs?id=x`)]) {
      const res = await r;
      expect(res.status).toBe(401);
      expect(res.body.error_code).toBe('DBS.280056');
    }
  });
});
