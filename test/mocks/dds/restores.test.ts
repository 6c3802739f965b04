import { code, DEMO, freshEachTest, withProject } from './helpers';

const at = (text: string) => Date.parse(text.replace(' ', 'T') + 'Z');
/** The seeded automated backup of 2025-12-29 16:05 ends at 16:08: the oldest point a restore reaches. */
const OLDEST = at('2025-12-29 16:08:00');

describe('dds restore to the original instance', () => {
  const t = freshEachTest();
  let backupId: string;
  let sessions: string;
  beforeEach(async () => {
    backupId = (await t.api.get('/backups?backup_type=Manual')).body.backups[0].id;
    sessions = (await t.api.get('/instances?name=dds-sessions')).body.instances[0].id;
  });

  const recovery = (source: Record<string, unknown>, target = DEMO.orders) => t.api.post('/instances/recovery', { source, target: { instance_id: target } });
  const actions = async (id = DEMO.orders) => (await t.api.get(`/instances?id=${id}`)).body.instances[0].actions;
  const restoreJobs = () => t.h.jobs.list({ vendor: 'dds' }).filter((j) => j.operation.startsWith('Restore'));

  it('restores a backup: 200 {job_id}, RESTORE on the instance, Restore_MongoDB_Replica to Completed', async () => {
    const res = await recovery({ instance_id: DEMO.orders, type: 'backup', backup_id: backupId }).expect(200);
    expect(Object.keys(res.body)).toEqual(['job_id']);
    expect(await actions()).toEqual(['RESTORE']);
    const job = async () => (await t.api.get(`/jobs?id=${res.body.job_id}`)).body.job;
    expect(await job()).toMatchObject({ name: 'Restore_MongoDB_Replica', status: 'Running', progress: '0%', instance: { id: DEMO.orders, name: 'dds-orders' } });
    t.h.clock.advance('5s');
    expect((await job()).progress).toBe('50%');
    t.h.clock.advance('5s');
    expect(await job()).toMatchObject({ status: 'Completed', progress: '' });
    expect(await actions()).toEqual([]);
  });

  it('takes type as optional (backup) and answers the busy instance and the backup in use', async () => {
    await recovery({ instance_id: DEMO.orders, backup_id: backupId }).expect(200);
    expect(await code(recovery({ instance_id: DEMO.orders, backup_id: backupId }))).toEqual([403, 'DBS.201015']);
    expect(await code(t.api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'while-restoring' } }))).toEqual([403, 'DBS.201015']);
    expect(await code(t.api.delete(`/backups/${backupId}`))).toEqual([400, 'DBS.201319']);
    t.h.clock.advance('10s');
    expect((await t.api.delete(`/backups/${backupId}`)).status).toBe(200);
  });

  it('restores to a point in time within the restoration ranges', async () => {
    const res = await recovery({ instance_id: DEMO.orders, type: 'timestamp', restore_time: OLDEST + 60_000 }).expect(200);
    expect((await t.api.get(`/jobs?id=${res.body.job_id}`)).body.job.name).toBe('Restore_MongoDB_Replica');
    t.h.clock.advance('10s');
    // the page types restore_time as a String, the example sends a number: both are read
    await recovery({ instance_id: DEMO.orders, type: 'timestamp', restore_time: String(t.h.clock.now() - 1000) }).expect(200);
  });

  it.each([
    ['a body that is not JSON', () => t.api.post('/instances/recovery').set('content-type', 'application/json').send('{"source":'), 400, 'DBS.200001'],
    ['no target', () => t.api.post('/instances/recovery', { source: { instance_id: DEMO.orders, backup_id: 'x' } }), 400, 'DBS.200001'],
    ['no source.instance_id', () => t.api.post('/instances/recovery', { source: { backup_id: 'x' }, target: { instance_id: DEMO.orders } }), 400, 'DBS.200001'],
    ['backup type without backup_id', () => recovery({ instance_id: DEMO.orders, type: 'backup' }), 400, 'DBS.200001'],
    ['timestamp without restore_time', () => recovery({ instance_id: DEMO.orders, type: 'timestamp' }), 400, 'DBS.200001'],
    ['restore_time not a timestamp', () => recovery({ instance_id: DEMO.orders, type: 'timestamp', restore_time: 'yesterday' }), 400, 'DBS.200001'],
    ['an unknown type', () => recovery({ instance_id: DEMO.orders, type: 'snapshot', backup_id: 'x' }), 400, 'DBS.200001'],
    ['a time before the oldest backup', () => recovery({ instance_id: DEMO.orders, type: 'timestamp', restore_time: OLDEST - 1 }), 400, 'DBS.200001'],
    ['a time in the future', () => recovery({ instance_id: DEMO.orders, type: 'timestamp', restore_time: t.h.clock.now() + 1000 }), 400, 'DBS.200001'],
    ['an unknown backup', () => recovery({ instance_id: DEMO.orders, backup_id: '00000000000000000000000000000000br02' }), 400, 'DBS.201214'],
    ['an unknown target', () => recovery({ instance_id: DEMO.orders, backup_id: 'x' }, 'ffffffffffffffffffffffffffffffffin02'), 404, 'DBS.200002'],
  ])('refuses %s', async (_what, send, status, errorCode) => {
    expect(await code(send())).toEqual([status, errorCode]);
    expect(restoreJobs()).toHaveLength(0);
    expect(await actions()).toEqual([]);
  });

  it('refuses a backup of another instance (DBS.280124), another mode (DBS.280342), point in time of a single node (DBS.280343)', async () => {
    expect(await code(recovery({ instance_id: sessions, backup_id: backupId }))).toEqual([400, 'DBS.280124']);
    expect(await code(recovery({ instance_id: DEMO.orders, backup_id: backupId }, sessions))).toEqual([400, 'DBS.280342']);
    expect(await code(recovery({ instance_id: sessions, type: 'timestamp', restore_time: OLDEST + 1 }, sessions))).toEqual([400, 'DBS.280343']);
    expect(await code(recovery({ instance_id: 'ffffffffffffffffffffffffffffffffin02', type: 'timestamp', restore_time: OLDEST + 1 }))).toEqual([404, 'DBS.200002']);
    expect(restoreJobs()).toHaveLength(0);
  });
});

describe('dds restoration time ranges and restorable databases and collections', () => {
  const t = freshEachTest();

  const times = (date: string, id = DEMO.orders) => t.api.get(`/instances/${id}/restore-time?date=${date}`);

  it('answers the ranges of one UTC day in milliseconds, from the oldest backup to now', async () => {
    expect((await times('2025-12-29').expect(200)).body).toEqual({ restore_time: [{ start_time: OLDEST, end_time: at('2025-12-29 23:59:59') }] });
    expect((await times('2025-12-30')).body.restore_time).toEqual([{ start_time: at('2025-12-30 00:00:00'), end_time: at('2025-12-30 23:59:59') }]);
    expect((await times('2026-01-01')).body.restore_time).toEqual([{ start_time: at('2026-01-01 00:00:00'), end_time: t.h.clock.now() }]);
    expect((await times('2025-12-28')).body).toEqual({ restore_time: [] });
    expect((await times('2026-01-02')).body).toEqual({ restore_time: [] });
  });

  it('answers the ranges of a cluster 4.0; none while the policy is off', async () => {
    await withProject({ entities: { dds: { instances: [{ name: 'dds-cluster', mode: 'Sharding', version: '4.0', keep_days: 0 }], backups: [], automated: { days: 1 } } } }, async (_h2, api2) => {
      const id = (await api2.get('/instances?name=dds-cluster')).body.instances[0].id;
      expect((await api2.get(`/instances/${id}/restore-time?date=2026-01-01`).expect(200)).body).toEqual({ restore_time: [] });
      await api2.put(`/instances/${id}/backups/policy`, { backup_policy: { keep_days: 7, start_time: '16:00-17:00' } }).expect(200);
      expect((await api2.get(`/instances/${id}/restore-time?date=2026-01-01`)).body.restore_time).toHaveLength(1);
    });
  });

  it('refuses a bad date (DBS.280409), none (DBS.200001), a single node or a 4.4 cluster (DBS.280343), an unknown instance (DBS.200002)', async () => {
    const catalog = (await t.api.get('/instances?name=dds-catalog')).body.instances[0].id;
    const sessions = (await t.api.get('/instances?name=dds-sessions')).body.instances[0].id;
    expect(await code(times('2025-13-01'))).toEqual([400, 'DBS.280409']);
    expect(await code(times('2025-02-30'))).toEqual([400, 'DBS.280409']);
    expect(await code(times('20251201'))).toEqual([400, 'DBS.280409']);
    expect(await code(t.api.get(`/instances/${DEMO.orders}/restore-time`))).toEqual([400, 'DBS.200001']);
    expect(await code(times('2026-01-01', sessions))).toEqual([400, 'DBS.280343']);
    expect(await code(times('2026-01-01', catalog))).toEqual([400, 'DBS.280343']);
    expect(await code(times('2026-01-01', 'ffffffffffffffffffffffffffffffffin02'))).toEqual([404, 'DBS.200002']);
  });

  it('lists the databases and the collections of a database as they were at restore_time', async () => {
    const now = t.h.clock.now();
    expect((await t.api.get(`/instances/${DEMO.orders}/restore-database?restore_time=${now}`).expect(200)).body).toEqual({ databases: ['test_db'], total_count: 1 });
    expect((await t.api.get(`/instances/${DEMO.orders}/restore-database?restore_time=${now}&offset=1&limit=10`)).body).toEqual({ databases: [], total_count: 1 });
    expect((await t.api.get(`/instances/${DEMO.orders}/restore-collection?db_name=test_db&restore_time=${now}&limit=10&offset=0`).expect(200)).body).toEqual({
      collections: ['dds-test'],
      total_count: 1,
    });
    // before the instance existed it had no databases
    expect((await t.api.get(`/instances/${DEMO.orders}/restore-database?restore_time=1000`)).body).toEqual({ databases: [], total_count: 0 });
  });

  it.each([
    ['restore-database', '', 400, 'DBS.200001'],
    ['restore-database', '?restore_time=soon', 400, 'DBS.200001'],
    ['restore-database', '?restore_time=1&limit=0', 400, 'DBS.280439'],
    ['restore-database', '?restore_time=1&limit=101', 400, 'DBS.280439'],
    ['restore-database', '?restore_time=1&offset=-1', 400, 'DBS.280440'],
    ['restore-collection', '?restore_time=1', 400, 'DBS.200001'],
    ['restore-collection', '?db_name=test_db', 400, 'DBS.200001'],
    ['restore-collection', `?db_name=nope&restore_time=${Date.parse('2026-01-01T00:00:00Z')}`, 400, 'DBS.200823'],
  ])('%s%s answers %i %s', async (list, query, status, errorCode) => {
    expect(await code(t.api.get(`/instances/${DEMO.orders}/${list}${query}`))).toEqual([status, errorCode]);
  });

  it('lists only for replica sets (DBS.280343) of the project (DBS.200002)', async () => {
    const catalog = (await t.api.get('/instances?name=dds-catalog')).body.instances[0].id;
    expect(await code(t.api.get(`/instances/${catalog}/restore-database?restore_time=1`))).toEqual([400, 'DBS.280343']);
    expect(await code(t.api.get(`/instances/${catalog}/restore-collection?db_name=test_db&restore_time=1`))).toEqual([400, 'DBS.280343']);
    expect(await code(t.api.get('/instances/ffffffffffffffffffffffffffffffffin02/restore-database?restore_time=1'))).toEqual([404, 'DBS.200002']);
  });
});

describe('dds restore of databases and collections to a point in time', () => {
  const t = freshEachTest();

  const restore = (body: unknown, id = DEMO.orders) => t.api.post(`/instances/${id}/restore/collections`, body);
  const past = () => t.h.clock.now() - 60_000;

  it('restores a database (the page example shape): RESTORE_TABLE while the job runs', async () => {
    const res = await restore({ restore_collections: [{ database: 'test_db', restore_database_time: past() }] }).expect(200);
    expect(Object.keys(res.body)).toEqual(['job_id']);
    expect((await t.api.get(`/instances?id=${DEMO.orders}`)).body.instances[0].actions).toEqual(['RESTORE_TABLE']);
    expect(await code(restore({ restore_collections: [{ database: 'test_db', restore_database_time: past() }] }))).toEqual([403, 'DBS.201015']);
    t.h.clock.advance('10s');
    expect((await t.api.get(`/jobs?id=${res.body.job_id}`)).body.job).toMatchObject({ name: 'Restore_MongoDB_Replica', status: 'Completed' });
    expect((await t.api.get(`/instances?id=${DEMO.orders}`)).body.instances[0].actions).toEqual([]);
  });

  it('restores collections, times as strings as the SDK sends them', async () => {
    const body = { restore_collections: [{ database: 'test_db', collections: [{ old_name: 'dds-test', new_name: 'dds-test-restored', restore_collection_time: String(past()) }] }] };
    await restore(body).expect(200);
  });

  it.each([
    ['an empty list', { restore_collections: [] }, 400, 'DBS.200001'],
    ['no database', { restore_collections: [{ restore_database_time: 1 }] }, 400, 'DBS.200001'],
    ['a database level restore without its time', { restore_collections: [{ database: 'test_db' }] }, 400, 'DBS.200001'],
    ['a collection without restore_collection_time', { restore_collections: [{ database: 'test_db', collections: [{ old_name: 'dds-test' }] }] }, 400, 'DBS.200001'],
    ['a collection without old_name', { restore_collections: [{ database: 'test_db', collections: [{ restore_collection_time: 1 }] }] }, 400, 'DBS.200001'],
    ['a time before the oldest backup', { restore_collections: [{ database: 'test_db', restore_database_time: OLDEST - 1 }] }, 400, 'DBS.200001'],
  ])('refuses %s', async (_what, body, status, errorCode) => {
    expect(await code(restore(body))).toEqual([status, errorCode]);
    expect(t.h.jobs.list({ vendor: 'dds', operation: 'RestoreInstanceFromCollection' })).toHaveLength(0);
  });

  it('refuses an unknown database (DBS.200823) or collection (DBS.280446), a cluster (DBS.280343), an unknown instance (DBS.200002)', async () => {
    expect(await code(restore({ restore_collections: [{ database: 'nope', restore_database_time: past() }] }))).toEqual([400, 'DBS.200823']);
    expect(await code(restore({ restore_collections: [{ database: 'test_db', collections: [{ old_name: 'nope', restore_collection_time: past() }] }] }))).toEqual([400, 'DBS.280446']);
    const catalog = (await t.api.get('/instances?name=dds-catalog')).body.instances[0].id;
    expect(await code(restore({ restore_collections: [{ database: 'test_db', restore_database_time: past() }] }, catalog))).toEqual([400, 'DBS.280343']);
    expect(await code(restore({ restore_collections: [{ database: 'test_db', restore_database_time: past() }] }, 'ffffffffffffffffffffffffffffffffin02'))).toEqual([404, 'DBS.200002']);
    expect(t.h.jobs.list({ vendor: 'dds', operation: 'RestoreInstanceFromCollection' })).toHaveLength(0);
  });
});
