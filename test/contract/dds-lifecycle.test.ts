/**
 * Contract: the DDS backup lifecycle over real sockets, as gophertelekomcloud drives it (token,
 * catalog, then DDS calls with X-Auth-Token): a backup policy, a simulated week of automated
 * backups on the manual clock, the backup list with retention applied, a restore to the
 * original instance and one to a new instance, each job polled to Completed, the new instance
 * deleted, a manual backup deleted; and a DBS error for a bad request of each new operation.
 */
import { startTestHarness, type Harness } from '../helpers';

const DOMAIN = 'OTC-EU-DE-000000000010000000001';
const ORDERS = 'a89dab5e39394eccbdb77b19d57b0180in02';
const GO_HEADERS = { Accept: 'application/json', 'User-Agent': 'golangsdk/2.0.0' };

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { ...GO_HEADERS, ...(token ? { 'X-Auth-Token': token } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('dds lifecycle contract over real sockets (scenarios/dds-lifecycle.yaml)', () => {
  let h: Harness;
  let token: string;
  let base: string;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['dds'], scenarioFiles: ['scenarios/dds-lifecycle.yaml'] });
  });
  afterAll(() => h.stop());

  /** openstack.AuthenticatedClient then NewDDSServiceV3: a project token and the ddsv3 endpoint. */
  async function authenticate(): Promise<void> {
    const res = await fetch(`${h.url('dds')}/v3/auth/tokens`, {
      method: 'POST',
      headers: { ...GO_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'backup-operator', password: 'Otc-Passw0rd', domain: { name: DOMAIN } } } },
          scope: { project: { name: 'eu-de', domain: { name: DOMAIN } } },
        },
      }),
    });
    expect(res.status).toBe(201);
    token = res.headers.get('x-subject-token')!;
    const catalog = ((await res.json()) as { token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] } }).token.catalog;
    base = catalog.find((c) => c.type === 'ddsv3')!.endpoints.find((e) => e.interface === 'public')!.url;
  }
  const dds = (method: string, path: string, body?: unknown) => call(method, `${base}${path}`, token, body);

  /** job.Get until it is no longer Running, the clock moved instead of sleeping (the SDK waits 5 s). */
  async function poll(jobId: string): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      const job = await dds('GET', `/jobs?id=${jobId}`);
      expect(job.status).toBe(200);
      seen.push(job.body.job.status);
      if (job.body.job.status !== 'Running') break;
      h.clock.advance('5s');
    }
    return seen;
  }

  it('runs policy -> a week of automated backups -> the list with retention -> restores -> deletes', async () => {
    await authenticate();
    // 1. the policy (gophertelekomcloud backups.ModifyBackupPolicy / GetBackupPolicy)
    const policy = { keep_days: 7, start_time: '02:00-03:00', period: '1,2,3,4,5,6,7' };
    expect((await dds('PUT', `/instances/${ORDERS}/backups/policy`, { backup_policy: policy })).status).toBe(200);
    expect((await dds('GET', `/instances/${ORDERS}/backups/policy`)).body).toEqual({ backup_policy: policy });

    // 2. a simulated week, a day at a time; tokens live 24 h, so the client logs in again each day
    for (let day = 0; day < 7; day++) {
      h.clock.advance('1d');
      await authenticate();
      const listed = await dds('GET', `/backups?instance_id=${ORDERS}&backup_type=Auto`);
      expect(listed.status).toBe(200);
    }

    // 3. the backup list, retention applied: the seeded nights (29th..31st) expired, a week of new ones
    const auto = (await dds('GET', `/backups?instance_id=${ORDERS}&backup_type=Auto`)).body;
    expect(auto.backups.map((b: { begin_time: string }) => b.begin_time)).toEqual([7, 6, 5, 4, 3, 2, 1].map((d) => `2026-01-0${d} 02:00:00`));
    expect(auto.backups.every((b: { status: string; type: string }) => b.status === 'COMPLETED' && b.type === 'Auto')).toBe(true);
    const catalogAuto = (await dds('GET', '/backups?backup_type=Auto&mode=Sharding')).body.backups.map((b: { begin_time: string }) => b.begin_time);
    expect(catalogAuto).toEqual(['2026-01-07 23:00:00', '2026-01-05 23:00:00', '2026-01-02 23:00:00']); // Wed, Mon, Fri
    const single = (await dds('GET', '/backups?mode=Single')).body;
    expect(single.total_count).toBe(0); // its policy is off and its last Auto backup expired
    const inWindow = (await dds('GET', '/backups?begin_time=2026-01-03%2000:00:00&end_time=2026-01-04%2023:59:59&backup_type=Auto')).body;
    expect(inWindow.total_count).toBe(2);
    const manual = (await dds('GET', `/backups?instance_id=${ORDERS}&backup_type=Manual`)).body.backups[0];
    expect(manual).toMatchObject({ name: 'before-migration', status: 'COMPLETED', begin_time: '2025-12-22 00:00:00' });

    // 4. restore the newest automated backup to its instance (instances.RestoreToOriginal)
    const restore = await dds('POST', '/instances/recovery', {
      source: { instance_id: ORDERS, type: 'backup', backup_id: auto.backups[0].id },
      target: { instance_id: ORDERS },
    });
    expect(restore.status).toBe(200);
    expect((await dds('GET', `/instances?id=${ORDERS}`)).body.instances[0].actions).toEqual(['RESTORE']);
    expect(await poll(restore.body.job_id)).toEqual(['Running', 'Running', 'Completed']);
    expect((await dds('GET', `/instances?id=${ORDERS}`)).body.instances[0].actions).toEqual([]);

    // 5. restore the manual backup of 10 days ago to a new instance (instances.RestoreToNew)
    const created = await dds('POST', '/instances', {
      name: 'dds-orders-restored',
      availability_zone: 'eu-de-01',
      vpc_id: '674e9b42-cd8d-4d25-a2e6-5abcc565b961',
      subnet_id: 'f1df08c5-71d1-406a-aff0-de435a51007b',
      security_group_id: '7aa51dbf-5b63-40db-9724-dad3c4828b58',
      password: 'Test#%0_',
      flavor: [{ type: 'replica', num: 1, size: 40, spec_code: 'dds.mongodb.s2.medium.4.repset' }],
      backup_strategy: { start_time: '08:00-09:00', keep_days: 3 },
      restore_point: { backup_id: manual.id },
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ name: 'dds-orders-restored', status: 'creating', mode: 'ReplicaSet', backup_strategy: { start_time: '08:00-09:00', keep_days: '3' } });
    const newId = created.body.id;
    expect((await dds('GET', `/instances?id=${newId}`)).body.instances[0]).toMatchObject({ status: 'creating', actions: ['CREATE'] });
    expect(await poll(created.body.job_id)).toEqual(['Running', 'Running', 'Completed']);
    expect((await dds('GET', `/instances?id=${newId}`)).body.instances[0]).toMatchObject({ status: 'normal', actions: [] });
    const dbs = await dds('GET', `/instances/${newId}/restore-database?restore_time=${h.clock.now()}`);
    expect(dbs.body).toEqual({ databases: ['orders', 'audit'], total_count: 2 });

    // 6. a point in time: the ranges of today, then a collection restored to one of its times
    const today = new Date(h.clock.now()).toISOString().slice(0, 10);
    const range = (await dds('GET', `/instances/${ORDERS}/restore-time?date=${today}`)).body.restore_time[0];
    const pit = await dds('POST', `/instances/${ORDERS}/restore/collections`, {
      restore_collections: [{ database: 'orders', collections: [{ old_name: 'invoices', new_name: 'invoices_restored', restore_collection_time: String(range.start_time) }] }],
    });
    expect(pit.status).toBe(200);
    expect(await poll(pit.body.job_id)).toEqual(['Running', 'Running', 'Completed']);

    // 7. delete the new instance (instances.Delete): 202, DELETE_INSTANCE, then gone
    const del = await dds('DELETE', `/instances/${newId}`);
    expect(del.status).toBe(202);
    expect((await dds('GET', `/instances?id=${newId}`)).body.instances[0].actions).toEqual(['DELETE_INSTANCE']);
    expect(await poll(del.body.job_id)).toEqual(['Running', 'Completed']);
    expect((await dds('GET', `/instances?id=${newId}`)).body.total_count).toBe(0);

    // 8. delete the manual backup (backups.Delete): DISABLED, then gone
    const delBackup = await dds('DELETE', `/backups/${manual.id}`);
    expect(delBackup.status).toBe(200);
    expect((await dds('GET', `/backups?backup_id=${manual.id}`)).body.backups[0].status).toBe('DISABLED');
    expect(await poll(delBackup.body.job_id)).toEqual(['Running', 'Completed']);
    expect((await dds('GET', `/backups?backup_id=${manual.id}`)).body.total_count).toBe(0);
  });

  it('answers a DBS error for a bad request of each new operation, in the shape the SDK reads', async () => {
    h.reset();
    await authenticate();
    const expectError = (res: { status: number; body: { error_code: string; error_msg: string } }, status: number, code: string) => {
      expect({ status: res.status, code: res.body.error_code, msg: typeof res.body.error_msg }).toEqual({ status, code, msg: 'string' });
    };
    expectError(await dds('POST', '/instances/recovery', { source: { instance_id: ORDERS, type: 'backup' }, target: { instance_id: ORDERS } }), 400, 'DBS.200001');
    expectError(await dds('POST', '/instances/recovery', { source: { instance_id: ORDERS, backup_id: 'nope' }, target: { instance_id: ORDERS } }), 400, 'DBS.201214');
    expectError(await dds('POST', '/instances', { name: 'x', restore_point: { backup_id: 'nope' } }), 400, 'DBS.280234');
    expectError(await dds('POST', `/instances/${ORDERS}/restore/collections`, { restore_collections: [] }), 400, 'DBS.200001');
    expectError(await dds('GET', `/instances/${ORDERS}/restore-time?date=yesterday`), 400, 'DBS.280409');
    expectError(await dds('GET', `/instances/${ORDERS}/restore-database`), 400, 'DBS.200001');
    expectError(await dds('GET', `/instances/${ORDERS}/restore-collection?db_name=nope&restore_time=${h.clock.now()}`), 400, 'DBS.200823');
    expectError(await dds('DELETE', '/instances/ffffffffffffffffffffffffffffffffin02'), 404, 'DBS.200002');
    expectError(await dds('PUT', `/instances/${ORDERS}/backups/policy`, { backup_policy: { keep_days: 7, start_time: '02:30-03:30' } }), 400, 'DBS.280216');
    // nothing of it changed the project
    expect((await dds('GET', '/instances')).body.total_count).toBe(3);
    expect(h.jobs.list({ vendor: 'dds' })).toHaveLength(0);
  });
});
