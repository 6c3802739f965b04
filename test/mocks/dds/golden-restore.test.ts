import deleteInstanceResponse from '../../../fixtures/dds/delete-instance-response.json';
import jobFailed from '../../../fixtures/dds/job-failed-response.json';
import collectionLevel from '../../../fixtures/dds/restore-collections-collection-request.json';
import databaseLevel from '../../../fixtures/dds/restore-collections-database-request.json';
import restoreCollectionsResponse from '../../../fixtures/dds/restore-collections-response.json';
import restoreDatabasesResponse from '../../../fixtures/dds/restore-databases-response.json';
import newClusterRequest from '../../../fixtures/dds/restore-new-cluster-request.json';
import newClusterResponse from '../../../fixtures/dds/restore-new-cluster-response.json';
import newReplicaRequest from '../../../fixtures/dds/restore-new-replica-request.json';
import newReplicaResponse from '../../../fixtures/dds/restore-new-replica-response.json';
import newSingleRequest from '../../../fixtures/dds/restore-new-single-request.json';
import newTimestampRequest from '../../../fixtures/dds/restore-new-timestamp-request.json';
import originalBackupRequest from '../../../fixtures/dds/restore-original-backup-request.json';
import originalTimestampRequest from '../../../fixtures/dds/restore-original-timestamp-request.json';
import restoreResponse from '../../../fixtures/dds/restore-response.json';
import restoreTimeResponse from '../../../fixtures/dds/restore-time-response.json';
import { dds, login, shapeDiff, startDds, type Harness } from './helpers';

/** The instances of the pages' examples, by their ids, with the databases the examples name. */
const ORIGINAL = 'd8e6ca5a624745bcb546a227aa3ae1cfin02';
const PITR = 'd5833c2854a4486cb7960f829269e211in02';
const GOLDEN = {
  entities: {
    dds: {
      instances: [
        { id: ORIGINAL, name: 'dds-original', mode: 'ReplicaSet', version: '4.0' },
        { id: PITR, name: 'dds-pitr', mode: 'ReplicaSet', version: '4.0', volume_gb: 30, databases: { test: ['test'], test_db: ['dds-test'], mydbx: ['dds-test'] } },
        { name: 'dds-cluster', mode: 'Sharding', version: '4.0' },
        { name: 'dds-single', mode: 'Single', version: '4.0' },
      ],
      backups: [
        { name: 'full-original', instance: 'dds-original', type: 'Manual' },
        { name: 'full-pitr', instance: 'dds-pitr', type: 'Manual' },
        { name: 'full-cluster', instance: 'dds-cluster', type: 'Manual' },
        { name: 'full-single', instance: 'dds-single', type: 'Manual' },
      ],
      automated: { days: 2 },
    },
  },
};

/** A doc example with its ids, zone and times swapped for this project's (the doc's are of another account and year). */
function fill<T>(example: T, swap: Record<string, unknown>): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return Object.prototype.hasOwnProperty.call(swap, String(v)) ? swap[String(v)] : v;
  };
  return walk(example) as T;
}

describe('dds golden files: restores hold the API pages examples shapes', () => {
  let h: Harness;
  let api: ReturnType<typeof dds>;
  let backups: Record<string, string>;
  let swap: Record<string, unknown>;
  beforeAll(async () => {
    h = await startDds(GOLDEN);
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    api = dds(h, await login(h));
    const list = (await api.get('/backups?backup_type=Manual')).body.backups as { id: string; name: string }[];
    backups = Object.fromEntries(list.map((b) => [b.name, b.id]));
    const time = h.clock.now() - 3_600_000;
    swap = { bbb: 'eu-de-01', az1xahz: 'eu-de-01', 1532001446987: time, 1607689584000: time, 1607762955000: time };
  });

  it('restores to the original instance from the doc requests (backup, point in time): the doc answer', async () => {
    const backup = await api.post('/instances/recovery', fill(originalBackupRequest, { ...swap, '2f4ddb93-b901-4b08-93d8-1d2e472f30fe': backups['full-original'] })).expect(200);
    expect(Object.keys(backup.body)).toEqual(Object.keys(restoreResponse));
    expect(shapeDiff(restoreResponse, backup.body)).toEqual([]);
    h.clock.advance('10s');
    const pitr = await api.post('/instances/recovery', fill(originalTimestampRequest, swap)).expect(200);
    expect(shapeDiff(restoreResponse, pitr.body)).toEqual([]);
  });

  it('restores to a new replica set and a new cluster from the doc requests: the doc answers, every field', async () => {
    const disk = '2b6a1b2e-844a-4023-a776-fc5c5fb71fb4'; // the answer example's disk_encryption_id, which its request does not send
    const replica = await api
      .post('/instances', { ...fill(newReplicaRequest, { ...swap, '8f643d252d834a4c916b2db4322f99552734': backups['full-pitr'] }), disk_encryption_id: disk })
      .expect(202);
    expect(shapeDiff(newReplicaResponse, replica.body)).toEqual([]);
    expect(Object.keys(replica.body).sort()).toEqual(Object.keys(newReplicaResponse).sort());
    expect(replica.body.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/); // like 2019-01-16 09:33:08
    const cluster = await api
      .post('/instances', { ...fill(newClusterRequest, { ...swap, '8f643d252d834a4c916b2db4322f99552734': backups['full-cluster'] }), disk_encryption_id: disk })
      .expect(202);
    expect(shapeDiff(newClusterResponse, cluster.body)).toEqual([]);
    expect(cluster.body.flavor.map((f: object) => Object.keys(f).sort())).toEqual(newClusterResponse.flavor.map((f) => Object.keys(f).sort()));
  });

  it('restores to a new single node and to a new replica set at a point in time from the doc requests', async () => {
    const single = await api.post('/instances', fill(newSingleRequest, { ...swap, '8f643d252d834a4c916b2db4322f99552734': backups['full-single'] })).expect(202);
    expect(single.body).toMatchObject({ mode: 'Single', status: 'creating', flavor: [{ type: 'single', num: '1', spec_code: 'dds.mongodb.c3.medium.4.single' }] });
    const pitr = await api.post('/instances', fill(newTimestampRequest, swap)).expect(202);
    expect(pitr.body).toMatchObject({ name: 'replica-liuyunj1', mode: 'ReplicaSet', flavor: [{ type: 'replica', num: '1', size: '100' }], ssl_option: '1' });
  });

  it('restores databases and collections from the doc requests: the doc answer', async () => {
    const db = await api.post(`/instances/${PITR}/restore/collections`, fill(databaseLevel, swap)).expect(200);
    expect(shapeDiff(restoreResponse, db.body)).toEqual([]);
    h.clock.advance('10s');
    const coll = await api.post(`/instances/${PITR}/restore/collections`, fill(collectionLevel, swap)).expect(200);
    expect(Object.keys(coll.body)).toEqual(['job_id']);
  });

  it('answers the restoration time ranges, database and collection lists of the doc requests in the doc shapes', async () => {
    const today = new Date(h.clock.now()).toISOString().slice(0, 10);
    const times = await api.get(`/instances/${PITR}/restore-time?date=${today}`).expect(200);
    expect(shapeDiff(restoreTimeResponse, times.body)).toEqual([]);
    const t = h.clock.now() - 1000;
    const dbs = await api.get(`/instances/${PITR}/restore-database?restore_time=${t}&limit=10&offset=1`).expect(200);
    expect(shapeDiff(restoreDatabasesResponse, dbs.body)).toEqual([]);
    expect(dbs.body).toEqual({ databases: ['test_db', 'mydbx'], total_count: 3 });
    const colls = await api.get(`/instances/${PITR}/restore-collection?db_name=mydbx&restore_time=${t}&limit=10&offset=0`).expect(200);
    expect(colls.body).toEqual(restoreCollectionsResponse);
  });

  it('deletes an instance with the doc answer, and a restore job answers the job page shape', async () => {
    const restore = (await api.post('/instances/recovery', { source: { instance_id: ORIGINAL, backup_id: backups['full-original'] }, target: { instance_id: ORIGINAL } }).expect(200)).body;
    const job = (await api.get(`/jobs?id=${restore.job_id}`).expect(200)).body;
    expect(shapeDiff({ job: { ...jobFailed.job, fail_reason: null } }, job)).toEqual([]);
    expect(job.job.name).toBe(jobFailed.job.name);
    h.clock.advance('10s');
    const res = await api.delete(`/instances/${ORIGINAL}`).expect(202);
    expect(Object.keys(res.body)).toEqual(Object.keys(deleteInstanceResponse));
    expect(shapeDiff(deleteInstanceResponse, res.body)).toEqual([]);
  });
});
