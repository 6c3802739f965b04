import request from 'supertest';
import { DEMO, dds, login, startDds, type Harness } from './helpers';

type Inst = { id: string; name: string; mode: string; actions: string[]; port: string; created: string };

describe('dds instances: GET /v3/{project_id}/instances', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startDds();
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    token = await login(h);
  });

  it('lists the scenario instances newest first with total_count and the documented fields', async () => {
    const res = await dds(h, token).get('/instances');
    expect(res.status).toBe(200);
    expect(res.body.total_count).toBe(3);
    const names = res.body.instances.map((i: Inst) => i.name);
    expect(names).toEqual(['dds-catalog', 'dds-sessions', 'dds-orders']);
    const orders = res.body.instances[2];
    expect(orders).toMatchObject({
      id: DEMO.orders,
      status: 'normal',
      port: '8635',
      mode: 'ReplicaSet',
      region: 'eu-de',
      datastore: { type: 'DDS-Community', version: '4.0' },
      engine: 'wiredTiger',
      actions: [],
    });
    expect(orders.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(orders.groups[0].type).toBe('replica');
    expect(orders.groups[0].nodes.map((n: { role: string }) => n.role)).toEqual(['Primary', 'Secondary', 'Hidden']);
    const catalog = res.body.instances[0];
    expect(catalog.groups.map((g: { type: string }) => g.type)).toEqual(['mongos', 'shard', 'shard', 'config']);
  });

  it.each([
    ['id', `id=${'a89dab5e39394eccbdb77b19d57b0180in02'}`, ['dds-orders']],
    ['exact name', 'name=dds-orders', ['dds-orders']],
    ['a partial name without *', 'name=dds', []],
    ['a fuzzy name', 'name=*sess', ['dds-sessions']],
    ['mode', 'mode=Sharding', ['dds-catalog']],
    ['datastore_type', 'datastore_type=DDS-Community', ['dds-catalog', 'dds-sessions', 'dds-orders']],
    ['an unknown datastore_type', 'datastore_type=Other', []],
    ['tags', 'tags=env=prod', ['dds-catalog']],
    ['offset and limit', 'offset=1&limit=1', ['dds-sessions']],
    ['an unknown id', 'id=ffffffffffffffffffffffffffffffffin02', []],
  ])('filters by %s', async (_what, query, names) => {
    const res = await dds(h, token).get(`/instances?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.instances.map((i: Inst) => i.name)).toEqual(names);
    if (!query.startsWith('offset')) expect(res.body.total_count).toBe(names.length);
    else expect(res.body.total_count).toBe(3);
  });

  it('filters by vpc_id and subnet_id', async () => {
    const all = (await dds(h, token).get('/instances')).body.instances as Array<Inst & { vpc_id: string; subnet_id: string }>;
    const one = all[1];
    const byVpc = await dds(h, token).get(`/instances?vpc_id=${one.vpc_id}`);
    expect(byVpc.body.instances.map((i: Inst) => i.id)).toEqual([one.id]);
    const bySubnet = await dds(h, token).get(`/instances?subnet_id=${one.subnet_id}`);
    expect(bySubnet.body.instances.map((i: Inst) => i.id)).toEqual([one.id]);
  });

  it.each([
    ['limit=0', 'DBS.280439'],
    ['limit=101', 'DBS.280439'],
    ['offset=-1', 'DBS.280440'],
    ['mode=Cluster', 'DBS.200001'],
    ['name=*', 'DBS.200001'],
  ])('rejects %s with %s', async (query, code) => {
    const res = await dds(h, token).get(`/instances?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_code: code, error_msg: expect.any(String) });
  });

  it('shows actions ["BACKUP"] while a backup runs, [] after', async () => {
    await dds(h, token).post('/backups', { backup: { instance_id: DEMO.orders, name: 'while-running' } }).expect(200);
    const during = await dds(h, token).get(`/instances?id=${DEMO.orders}`);
    expect(during.body.instances[0].actions).toEqual(['BACKUP']);
    expect(during.body.instances[0].status).toBe('normal');
    h.clock.advance('10s');
    const after = await dds(h, token).get(`/instances?id=${DEMO.orders}`);
    expect(after.body.instances[0].actions).toEqual([]);
  });

  it('answers DBS.280056 (401) with no token or a bad one, DBS.280408 for another project', async () => {
    const none = await request(h.url('dds')).get(`/v3/${DEMO.projectId}/instances`);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error_code: 'DBS.280056', error_msg: 'Invalid token.' });
    const bad = await dds(h, 'MIInot-a-token').get('/instances');
    expect(bad.status).toBe(401);
    expect(bad.body.error_code).toBe('DBS.280056');
    const other = await dds(h, token, 'ffffffffffffffffffffffffffffffff').get('/instances');
    expect(other.status).toBe(400);
    expect(other.body.error_code).toBe('DBS.280408');
  });
});
