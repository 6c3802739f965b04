import { code, DEMO, dds, freshEachTest, login, withProject } from './helpers';

const VPC = '674e9b42-cd8d-4d25-a2e6-5abcc565b961';
const SUBNET = 'f1df08c5-71d1-406a-aff0-de435a51007b';
const SG = '7aa51dbf-5b63-40db-9724-dad3c4828b58';

/** The page's "Restoring a backup to a new replica set instance" request, with this project's zone. */
function replicaBody(backupId: string, over: Record<string, unknown> = {}) {
  return {
    name: 'test-replicaset',
    availability_zone: 'eu-de-01',
    vpc_id: VPC,
    subnet_id: SUBNET,
    security_group_id: SG,
    password: 'Test#%0_',
    restore_point: { backup_id: backupId },
    flavor: [{ type: 'replica', num: 1, spec_code: 'dds.mongodb.s2.medium.4.repset' }],
    backup_strategy: { start_time: '23:00-00:00', keep_days: '8' },
    ...over,
  };
}

describe('dds restore to a new instance', () => {
  const t = freshEachTest();
  let backupId: string;
  beforeEach(async () => {
    backupId = (await t.api.get(`/backups?backup_type=Manual&instance_id=${DEMO.orders}`)).body.backups[0].id;
  });

  const instanceCount = async () => (await t.api.get('/instances')).body.total_count;

  it('answers 202 with the new instance creating and its job; lists it creating (CREATE), then normal', async () => {
    const res = await t.api.post('/instances', replicaBody(backupId)).expect(202);
    const body = res.body;
    expect(body).toMatchObject({
      name: 'test-replicaset',
      datastore: { type: 'DDS-Community', version: '4.0', storage_engine: 'wiredTiger' },
      status: 'creating',
      region: 'eu-de',
      availability_zone: 'eu-de-01',
      vpc_id: VPC,
      subnet_id: SUBNET,
      security_group_id: SG,
      mode: 'ReplicaSet',
      flavor: [{ type: 'replica', num: '1', size: '10', spec_code: 'dds.mongodb.s2.medium.4.repset' }],
      backup_strategy: { start_time: '23:00-00:00', keep_days: '8' },
      enterprise_project_id: '',
      ssl_option: '1',
    });
    expect(body.id).toMatch(/^[0-9a-f]{32}in02$/);
    expect(body.created).toBe('2026-01-01 00:00:00');
    expect(body).not.toHaveProperty('port'); // gophertelekomcloud decodes port as a number; the page gives none
    const listed = async () => (await t.api.get(`/instances?id=${body.id}`)).body.instances[0];
    expect(await listed()).toMatchObject({ status: 'creating', actions: ['CREATE'], mode: 'ReplicaSet', backup_strategy: { start_time: '23:00-00:00', keep_days: 8 } });
    expect((await t.api.get(`/jobs?id=${body.job_id}`)).body.job).toMatchObject({ name: 'Restore_MongoDB_Replica', status: 'Running', instance: { id: body.id, name: 'test-replicaset' } });
    // a creating instance takes no backup yet
    expect(await code(t.api.post('/backups', { backup: { instance_id: body.id, name: 'too-early' } }))).toEqual([403, 'DBS.201015']);
    t.h.clock.advance('10s');
    expect(await listed()).toMatchObject({ status: 'normal', actions: [] });
    expect((await t.api.get(`/jobs?id=${body.job_id}`)).body.job.status).toBe('Completed');
    // it holds the source's databases, and its own policy
    expect((await t.api.get(`/instances/${body.id}/restore-database?restore_time=${t.h.clock.now()}`)).body.databases).toEqual(['test_db']);
    expect((await t.api.get(`/instances/${body.id}/backups/policy`)).body).toEqual({ backup_policy: { keep_days: 8, start_time: '23:00-00:00', period: '1,2,3,4,5,6,7' } });
    t.h.clock.advance('23h');
    expect((await dds(t.h, await login(t.h)).get(`/backups?instance_id=${body.id}&backup_type=Auto`)).body.total_count).toBe(1);
  });

  it('may share a name with an existing instance; the default policy is 00:00-01:00, 7 days', async () => {
    const { backup_strategy: _omitted, ...body } = replicaBody(backupId, { name: 'dds-orders' });
    const res = await t.api.post('/instances', body).expect(202);
    expect(res.body.backup_strategy).toEqual({ start_time: '00:00-01:00', keep_days: '7' });
    expect((await t.api.get('/instances?name=dds-orders')).body.total_count).toBe(2);
  });

  it('restores a point in time of a replica set to a new instance (the page example shape)', async () => {
    const res = await t.api
      .post('/instances', replicaBody(backupId, { restore_point: { instance_id: DEMO.orders, type: 'timestamp', restore_time: t.h.clock.now() - 60_000 }, ssl_option: '0' }))
      .expect(202);
    expect(res.body.ssl_option).toBe('0');
    expect((await t.api.get(`/instances?id=${res.body.id}`)).body.instances[0].ssl).toBe(0);
  });

  it('restores a cluster backup to a new cluster with the flavor it asks for', async () => {
    const catalog = (await t.api.get('/instances?name=dds-catalog')).body.instances[0].id;
    const made = (await t.api.post('/backups', { backup: { instance_id: catalog, name: 'catalog-full' } }).expect(200)).body;
    t.h.clock.advance('6s');
    const flavor = [
      { type: 'mongos', num: 3, spec_code: 'dds.mongodb.c3.medium.4.mongos' },
      { type: 'shard', size: '40', spec_code: 'dds.mongodb.c3.medium.4.shard' },
      { type: 'config', num: 1, size: '20', spec_code: 'dds.mongodb.c3.large.2.config' },
    ];
    const res = await t.api.post('/instances', replicaBody(made.backup_id, { name: 'test-cluster-01', flavor })).expect(202);
    expect(res.body).toMatchObject({ mode: 'Sharding', datastore: { version: '4.4', storage_engine: 'rocksDB' } });
    expect(res.body.flavor).toEqual([
      { type: 'mongos', num: '3', spec_code: 'dds.mongodb.c3.medium.4.mongos' },
      { type: 'shard', num: '2', size: '40', spec_code: 'dds.mongodb.c3.medium.4.shard' },
      { type: 'config', num: '1', size: '20', spec_code: 'dds.mongodb.c3.large.2.config' },
    ]);
    const groups = (await t.api.get(`/instances?id=${res.body.id}`)).body.instances[0].groups;
    expect(groups.map((g: { type: string }) => g.type)).toEqual(['mongos', 'shard', 'shard', 'config']);
    expect(groups[0].nodes).toHaveLength(3);
    expect(groups[1].volume.size).toBe('40');
  });

  const bad = (over: Record<string, unknown>) => () => t.api.post('/instances', replicaBody(backupId, over));
  it.each([
    ['no name', { name: undefined }, 400, 'DBS.200001'],
    ['a name starting with a digit', { name: '1-replica' }, 400, 'DBS.280234'],
    ['a three-letter name', { name: 'abc' }, 400, 'DBS.280234'],
    ['no availability_zone', { availability_zone: undefined }, 400, 'DBS.200001'],
    ['a zone of another region', { availability_zone: 'eu-nl-01' }, 400, 'DBS.280244'],
    ['a vpc_id that is no UUID', { vpc_id: 'vpc-1' }, 400, 'DBS.280247'],
    ['a subnet_id that is no UUID', { subnet_id: 'subnet-1' }, 400, 'DBS.280248'],
    ['a security_group_id that is no UUID', { security_group_id: 'sg-1' }, 400, 'DBS.280249'],
    ['a weak password', { password: 'password1' }, 400, 'DBS.200052'],
    ['a password with other characters', { password: 'Test$%0_abc' }, 400, 'DBS.280200'],
    ['a disk key that is no UUID', { disk_encryption_id: 'key' }, 400, 'DBS.280438'],
    ['no flavor', { flavor: [] }, 400, 'DBS.200001'],
    ['a node type of another mode', { flavor: [{ type: 'single', num: 1, spec_code: 'dds.mongodb.s2.medium.4.single' }] }, 400, 'DBS.280327'],
    ['an unknown node type', { flavor: [{ type: 'arbiter', num: 1, spec_code: 'dds.mongodb.s2.medium.4.repset' }] }, 400, 'DBS.280327'],
    ['a spec code of another node type', { flavor: [{ type: 'replica', num: 1, spec_code: 'dds.mongodb.s2.medium.4.shard' }] }, 400, 'DBS.280239'],
    ['two replica nodes', { flavor: [{ type: 'replica', num: 2, spec_code: 'dds.mongodb.s2.medium.4.repset' }] }, 400, 'DBS.280123'],
    ['a size not a multiple of 10', { flavor: [{ type: 'replica', num: 1, size: '15', spec_code: 'dds.mongodb.s2.medium.4.repset' }] }, 400, 'DBS.200302'],
    ['a size over 2000 GB', { flavor: [{ type: 'replica', num: 1, size: 2010, spec_code: 'dds.mongodb.s2.medium.4.repset' }] }, 400, 'DBS.280242'],
    ['a storage type other than ULTRAHIGH', { flavor: [{ type: 'replica', num: 1, storage: 'COMMON', spec_code: 'dds.mongodb.s2.medium.4.repset' }] }, 400, 'DBS.280241'],
    ['no restore_point', { restore_point: undefined }, 400, 'DBS.200001'],
    ['a timestamp restore_point without instance_id', { restore_point: { type: 'timestamp', restore_time: 1 } }, 400, 'DBS.200001'],
    ['an unknown backup', { restore_point: { backup_id: '00000000000000000000000000000000br02' } }, 400, 'DBS.201214'],
    ['a backup of another instance than named', { restore_point: { backup_id: 'x', instance_id: 'y' } }, 400, 'DBS.201214'],
    ['a point in time out of range', { restore_point: { instance_id: DEMO.orders, type: 'timestamp', restore_time: 1000 } }, 400, 'DBS.200001'],
    ['a backup window not on the hour', { backup_strategy: { start_time: '23:30-00:30' } }, 400, 'DBS.280216'],
    ['an empty backup window (the SDK sends one when unset)', { backup_strategy: { start_time: '' } }, 400, 'DBS.280216'],
    ['keep_days 733', { backup_strategy: { start_time: '23:00-00:00', keep_days: 733 } }, 400, 'DBS.280214'],
    ['ssl_option 2', { ssl_option: '2' }, 400, 'DBS.239011'],
    ['an enterprise project that is no UUID', { enterprise_project_id: 'default' }, 403, 'DBS.280433'],
  ])('refuses %s', async (_what, over, status, errorCode) => {
    const before = await instanceCount();
    expect(await code(bad(over)())).toEqual([status, errorCode]);
    expect(await instanceCount()).toBe(before);
    expect(t.h.jobs.list({ vendor: 'dds', operation: 'RestoreNewInstance' })).toHaveLength(0);
  });

  it('refuses a backup of another instance than restore_point names (DBS.280124), a body that is not JSON, a single node point in time', async () => {
    expect(await code(bad({ restore_point: { backup_id: backupId, instance_id: 'ffffffffffffffffffffffffffffffffin02' } })())).toEqual([400, 'DBS.280124']);
    expect(await code(t.api.post('/instances').set('content-type', 'application/json').send('{"name":'))).toEqual([400, 'DBS.200001']);
    expect(await code(t.api.post('/instances').set('content-type', 'text/plain').send('name=x'))).toEqual([400, 'DBS.200001']);
    const sessions = (await t.api.get('/instances?name=dds-sessions')).body.instances[0].id;
    expect(await code(bad({ restore_point: { instance_id: sessions, type: 'timestamp', restore_time: t.h.clock.now() - 1 } })())).toEqual([400, 'DBS.280343']);
    expect(await instanceCount()).toBe(3);
  });

  it('refuses mixed series in a cluster (DBS.280267) and less storage than the source (DBS.280266)', async () => {
    const big = { entities: { dds: { instances: [{ name: 'big-cluster', mode: 'Sharding', version: '4.0', volume_gb: 40 }], backups: [{ name: 'big-full', instance: 'big-cluster', type: 'Manual' }] } } };
    await withProject(big, async (_h2, api2) => {
      const id = (await api2.get('/backups')).body.backups[0].id;
      const flavor = (shard: Record<string, unknown>) => [
        { type: 'mongos', num: 2, spec_code: 'dds.mongodb.c3.medium.4.mongos' },
        { type: 'shard', spec_code: 'dds.mongodb.c3.medium.4.shard', ...shard },
        { type: 'config', num: 1, size: 20, spec_code: 'dds.mongodb.c3.large.2.config' },
      ];
      expect(await code(api2.post('/instances', replicaBody(id, { flavor: flavor({ spec_code: 'dds.mongodb.s6.medium.4.shard', size: 40 }) })))).toEqual([400, 'DBS.280267']);
      expect(await code(api2.post('/instances', replicaBody(id, { flavor: flavor({ size: 30 }) })))).toEqual([400, 'DBS.280266']);
      expect(await code(api2.post('/instances', replicaBody(id, { flavor: flavor({ size: 40 }).slice(0, 2) })))).toEqual([400, 'DBS.280327']);
      await api2.post('/instances', replicaBody(id, { flavor: flavor({ size: 40 }) })).expect(202);
    });
  });
});

describe('dds instance deletion', () => {
  const t = freshEachTest();

  it('deletes as a job: 202 {job_id}, DELETE_INSTANCE, then gone with its Auto backups; manual ones stay and restore', async () => {
    const res = await t.api.delete(`/instances/${DEMO.orders}`).expect(202);
    expect(Object.keys(res.body)).toEqual(['job_id']);
    expect((await t.api.get(`/instances?id=${DEMO.orders}`)).body.instances[0].actions).toEqual(['DELETE_INSTANCE']);
    expect(await code(t.api.delete(`/instances/${DEMO.orders}`))).toEqual([403, 'DBS.201015']);
    expect((await t.api.get(`/jobs?id=${res.body.job_id}`)).body.job).toMatchObject({ name: 'Delete_MongoDB', status: 'Running', instance: { id: DEMO.orders, name: 'dds-orders' } });
    t.h.clock.advance('5s');
    expect((await t.api.get(`/jobs?id=${res.body.job_id}`)).body.job.status).toBe('Completed');
    expect((await t.api.get(`/instances?id=${DEMO.orders}`)).body).toEqual({ instances: [], total_count: 0 });
    expect(await code(t.api.get(`/instances/${DEMO.orders}/backups/policy`))).toEqual([404, 'DBS.200002']);
    const left = (await t.api.get(`/backups?instance_id=${DEMO.orders}`)).body.backups;
    expect(left.map((b: { type: string; name: string; instance_name: string }) => [b.type, b.name, b.instance_name])).toEqual([['Manual', 'before-upgrade', 'dds-orders']]);
    // "You can use a backup to restore a deleted instance."
    const again = await t.api.post('/instances', replicaBody(left[0].id, { name: 'dds-orders-again' })).expect(202);
    expect(again.body).toMatchObject({ mode: 'ReplicaSet', datastore: { version: '4.0' } });
    // no more windows for it
    t.h.clock.advance('1d');
    expect((await dds(t.h, await login(t.h)).get(`/backups?instance_id=${DEMO.orders}&backup_type=Auto`)).body.total_count).toBe(0);
  });

  it('refuses an unknown instance (DBS.200002), a busy one (DBS.201015), a frozen one (DBS.280406)', async () => {
    expect(await code(t.api.delete('/instances/ffffffffffffffffffffffffffffffffin02'))).toEqual([404, 'DBS.200002']);
    await t.api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'keeps-it-busy' } }).expect(200);
    expect(await code(t.api.delete(`/instances/${DEMO.orders}`))).toEqual([403, 'DBS.201015']);
    await withProject({ entities: { dds: { instances: [{ name: 'dds-frozen', status: 'frozen' }], backups: [] } } }, async (_h2, api2) => {
      const id = (await api2.get('/instances')).body.instances[0].id;
      expect(await code(api2.delete(`/instances/${id}`))).toEqual([403, 'DBS.280406']);
      expect((await api2.get('/instances')).body.total_count).toBe(1);
    });
    expect(t.h.jobs.list({ vendor: 'dds', operation: 'DeleteInstance' })).toHaveLength(0);
  });
});
