import request from 'supertest';
import { startTestHarness } from '../../helpers';
import { DEMO, dds, login, passwordAuth, type Harness } from './helpers';

const start = (file: string) => startTestHarness({ vendors: ['dds'], scenarioFiles: [`scenarios/${file}`] });

describe('dds scenarios/dds-backup-fails.yaml: fail at 60% with a fail_reason', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start('dds-backup-fails.yaml');
  });
  afterAll(() => h.stop());

  it('fails the first backup at 60%, the second one succeeds', async () => {
    const api = dds(h, await login(h));
    const first = (await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'doomed' } }).expect(200)).body;
    // the shorthand spreads progress over the duration: 6% a minute, then Failed at 60% (10 m)
    h.clock.advance('9m');
    expect((await api.get(`/jobs?id=${first.job_id}`)).body.job).toMatchObject({ status: 'Running', progress: '54%' });
    h.clock.advance('1m');
    const failed = (await api.get(`/jobs?id=${first.job_id}`)).body.job;
    expect(failed).toMatchObject({
      status: 'Failed',
      progress: '',
      fail_reason: 'Backup failed: the primary node of the replica set became unreachable.',
    });
    expect(failed.ended).not.toBe('');
    const backup = (await api.get(`/backups?backup_id=${first.backup_id}`)).body.backups[0];
    expect(backup).toMatchObject({ status: 'FAILED', size: 0 });
    const second = (await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'fine' } }).expect(200)).body;
    h.clock.advance('6s');
    expect((await api.get(`/jobs?id=${second.job_id}`)).body.job.status).toBe('Completed');
  });
});

describe('dds scenarios/dds-slow-backup.yaml: a 2 h backup under the manual clock', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start('dds-slow-backup.yaml');
  });
  afterAll(() => h.stop());

  it('stays BUILDING for 2 h, then COMPLETED with the job Completed', async () => {
    const api = dds(h, await login(h));
    const { job_id, backup_id } = (await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'slow-one' } }).expect(200)).body;
    h.clock.advance('1h');
    expect((await api.get(`/jobs?id=${job_id}`)).body.job).toMatchObject({ status: 'Running', progress: '50%' });
    expect((await api.get(`/backups?backup_id=${backup_id}`)).body.backups[0].status).toBe('BUILDING');
    h.clock.advance('59m59s');
    expect((await api.get(`/jobs?id=${job_id}`)).body.job.status).toBe('Running');
    h.clock.advance('1s');
    expect((await api.get(`/jobs?id=${job_id}`)).body.job.status).toBe('Completed');
    const b = (await api.get(`/backups?backup_id=${backup_id}`)).body.backups[0];
    expect(b.status).toBe('COMPLETED');
    expect(Date.parse(b.end_time.replace(' ', 'T') + 'Z') - Date.parse(b.begin_time.replace(' ', 'T') + 'Z')).toBe(2 * 3600 * 1000);
  });
});

describe('dds scenarios/dds-flaky.yaml: scenario rules', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start('dds-flaky.yaml');
  });
  afterAll(() => h.stop());

  it('answers the next create with DBS.201015 once, and kills the token on the 6th DDS call', async () => {
    const token = await login(h);
    const api = dds(h, token);
    const busy = await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'retry-me' } }); // call 1
    expect(busy.status).toBe(403);
    expect(busy.body).toEqual({ error_code: 'DBS.201015', error_msg: expect.stringContaining('another operation') });
    expect((await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'retry-me' } })).status).toBe(200); // 2
    for (let i = 3; i <= 5; i++) expect((await api.get('/instances')).status).toBe(200);
    const dead = await api.get('/instances'); // call 6
    expect(dead.status).toBe(401);
    expect(dead.body.error_code).toBe('DBS.280056');
    const fresh = dds(h, await login(h));
    expect((await fresh.get('/instances')).status).toBe(200);
  });
});

describe('dds scenarios/dds-two-projects.yaml: the project is the tenant', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start('dds-two-projects.yaml');
  });
  afterAll(() => h.stop());

  it('routes each project token to its own tenant and keeps state apart', async () => {
    const url = h.url('dds');
    const de = await request(url).post('/v3/auth/tokens').send(passwordAuth({ project: 'eu-de' })).expect(201);
    const nl = await request(url).post('/v3/auth/tokens').send(passwordAuth({ project: 'eu-nl' })).expect(201);
    const deId = de.body.token.project.id as string;
    const nlId = nl.body.token.project.id as string;
    expect(deId).not.toBe(nlId);
    const deApi = dds(h, de.headers['x-subject-token'], deId);
    const nlApi = dds(h, nl.headers['x-subject-token'], nlId);
    const deInst = (await deApi.get('/instances')).body.instances;
    const nlInst = (await nlApi.get('/instances')).body.instances;
    expect(deInst.map((i: { name: string }) => i.name)).toEqual(['dds-frankfurt']);
    expect(nlInst.map((i: { name: string; region: string }) => [i.name, i.region])).toEqual([['dds-amsterdam', 'eu-nl']]);
    const { job_id } = (await deApi.post('/backups', { backup: { instance_id: deInst[0].id, name: 'same-name' } }).expect(200)).body;
    // the unique-name rule is per project
    await nlApi.post('/backups', { backup: { instance_id: nlInst[0].id, name: 'same-name' } }).expect(200);
    expect((await nlApi.get(`/jobs?id=${job_id}`)).body.error_code).toBe('DBS.280016');
    // a token of one project used on the other's path
    expect((await dds(h, de.headers['x-subject-token'], nlId).get('/instances')).body.error_code).toBe('DBS.280408');
    const nlCatalog = nl.body.token.catalog.find((c: { type: string }) => c.type === 'ddsv3');
    expect(nlCatalog.endpoints[0]).toMatchObject({ region: 'eu-nl', url: `${url}/v3/${nlId}` });
  });

  it('gives an x-mock-tenant worker its own copy of the template project', async () => {
    const token = await login(h, {}, 'worker-7');
    const res = await request(h.url('dds'))
      .get(`/v3/${(await request(h.url('dds')).post('/v3/auth/tokens').set('x-mock-tenant', 'worker-7').send(passwordAuth())).body.token.project.id}/backups`)
      .set('X-Auth-Token', token);
    expect(res.status).toBe(200);
    expect(res.body.total_count).toBe(0);
  });
});

describe('dds seeded backups', () => {
  it('seeds existing backups and automated ones for chosen instances only', async () => {
    const h = await startTestHarness({
      vendors: ['dds'],
      scenario: {
        tenants: [{ id: 'p', credentials: { dds: { domain: 'D', project: 'eu-de_backup', user: 'u', password: 'p' } } }],
        entities: {
          dds: {
            instances: [{ name: 'dds-one' }, { name: 'dds-two', backup_window: '03:00-04:00' }],
            backups: [{ name: 'broken-one', instance: 'dds-one', type: 'Manual', status: 'FAILED', begin_time: '2026-01-01T10:00:00Z', duration: '90s' }],
            automated: { days: 2, instances: ['dds-two'] },
          },
        },
      },
    });
    try {
      const res = await request(h.url('dds'))
        .post('/v3/auth/tokens')
        .send(passwordAuth({ user: 'u', password: 'p', domain: 'D', project: 'eu-de_backup' }))
        .expect(201);
      // the region comes from the project name up to "_"
      expect(res.body.token.catalog[1].endpoints[0].region).toBe('eu-de');
      const api = dds(h, res.headers['x-subject-token'], res.body.token.project.id);
      const all = (await api.get('/backups').expect(200)).body.backups as Array<Record<string, unknown>>;
      const broken = all.find((b) => b.name === 'broken-one');
      expect(broken).toMatchObject({ status: 'FAILED', size: 0, type: 'Manual', begin_time: '2026-01-01 10:00:00', end_time: '2026-01-01 10:01:30' });
      const auto = all.filter((b) => b.type === 'Auto');
      expect(auto).toHaveLength(2);
      expect(auto.every((b) => b.instance_name === 'dds-two' && String(b.begin_time).endsWith('03:05:00'))).toBe(true);
    } finally {
      await h.stop();
    }
  });
});

describe('dds instances that refuse backups', () => {
  it('answers DBS.201015 for an instance not normal or with a standing action', async () => {
    const h = await startTestHarness({
      vendors: ['dds'],
      scenario: {
        tenants: [{ id: 'p', credentials: { dds: { domain: DEMO.domain, project: 'eu-de', project_id: DEMO.projectId, user: DEMO.user, password: DEMO.password } } }],
        entities: {
          dds: {
            instances: [
              { name: 'dds-frozen', status: 'frozen' },
              { name: 'dds-restarting', actions: ['RESTARTING'] },
            ],
          },
        },
      },
    });
    try {
      const api = dds(h, await login(h));
      const instances = (await api.get('/instances').expect(200)).body.instances as Array<{ id: string; name: string; status: string; actions: string[] }>;
      expect(instances.map((i) => [i.name, i.status, i.actions])).toEqual([
        ['dds-restarting', 'normal', ['RESTARTING']],
        ['dds-frozen', 'frozen', []],
      ]);
      for (const i of instances) {
        const res = await api.post('/backups', { backup: { instance_id: i.id, name: `try-${i.name}` } });
        expect([res.status, res.body.error_code]).toEqual([403, 'DBS.201015']);
      }
    } finally {
      await h.stop();
    }
  });
});

describe('dds scenario schema', () => {
  it.each([
    [{ tenants: [{ id: 't', credentials: { dds: { domain: 'D', project: 'eu-de' } } }] }, /users/],
    [{ tenants: [{ id: 't', credentials: { dds: { domain: 'D', project: 'eu-de', user: 'u' } } }] }, /password/],
    [{ entities: { dds: { instances: [{ name: '1bad' }] } } }, /name/],
    [{ entities: { dds: { instances: [{ name: 'good', mode: 'Cluster' }] } } }, /mode/],
    [{ entities: { dds: { backups: [{ name: 'x', instance: 'i' }] } } }, /name/],
    [{ entities: { dds: { backups: [{ name: 'orphan', instance: 'dds-gone' }] } } }, /no instance "dds-gone"/],
    [{ entities: { dds: { instances: [{ name: 'dds-one' }], automated: { days: 1, instances: ['dds-two'] } } } }, /no instance "dds-two"/],
  ])('rejects %j', async (scenario, message) => {
    await expect(startTestHarness({ vendors: ['dds'], scenario })).rejects.toThrow(message);
  });
});
