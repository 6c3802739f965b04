import request from 'supertest';
import { SWEEP_LIMIT } from '../../../mocks/dds/identity';
import type { DdsState } from '../../../mocks/dds/model';
import { DEMO, dds, login, passwordAuth, startDds, type Harness } from './helpers';

/** Names of Object.prototype members: ids a client may send that a plain object would "find". */
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

const stateOf = (h: Harness): DdsState => h.engine.tenancy.handle<DdsState>('dds', 'eu-de').state;
const tokenPrincipals = (h: Harness): number => h.engine.tenancy.snapshot().principals.filter(([k]) => k.startsWith('dds\0token:')).length;

describe('dds under hostile ids', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startDds();
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());

  it.each(PROTO_NAMES)('a token %s opens neither DDS nor Keystone', async (name) => {
    const http = request(h.url('dds'));
    const p = `/v3/${DEMO.projectId}`;
    for (const r of [
      http.get(`${p}/instances`),
      http.get(`${p}/backups`),
      http.post(`${p}/backups`).send({ backup: { instance_id: DEMO.orders, name: 'sneaky' } }),
      http.delete(`${p}/backups/x`),
      http.get(`${p}/jobs?id=x`),
      http.get(`${p}/instances/${DEMO.orders}/backups/policy`),
      http.put(`${p}/instances/${DEMO.orders}/backups/policy`).send({ backup_policy: { keep_days: 0 } }),
      http.get(`${p}/backups/download-file?instance_id=${DEMO.orders}&backup_id=x`),
      http.post(`${p}/instances/recovery`).send({ source: { instance_id: DEMO.orders, backup_id: 'x' }, target: { instance_id: DEMO.orders } }),
      http.post(`${p}/instances`).send({ name: 'sneaky', restore_point: { backup_id: 'x' } }),
      http.post(`${p}/instances/${DEMO.orders}/restore/collections`).send({ restore_collections: [] }),
      http.get(`${p}/instances/${DEMO.orders}/restore-time?date=2026-01-01`),
      http.get(`${p}/instances/${DEMO.orders}/restore-database?restore_time=1`),
      http.get(`${p}/instances/${DEMO.orders}/restore-collection?db_name=test_db&restore_time=1`),
      http.delete(`${p}/instances/${DEMO.orders}`),
    ]) {
      const res = await r.set('X-Auth-Token', name);
      expect([res.status, res.body]).toEqual([401, { error_code: 'DBS.280056', error_msg: 'Invalid token.' }]);
    }
    for (const r of [http.get('/v3/auth/tokens'), http.delete('/v3/auth/tokens')]) {
      const res = await r.set('X-Auth-Token', name).set('X-Subject-Token', name);
      expect([res.status, res.body.error.code]).toEqual([401, 401]);
    }
    const token = await login(h);
    for (const r of [http.get('/v3/auth/tokens'), http.delete('/v3/auth/tokens')]) {
      const res = await r.set('X-Auth-Token', token).set('X-Subject-Token', name);
      expect([res.status, res.body.error]).toEqual([404, { code: 404, message: 'Could not find token.', title: 'Not Found' }]);
    }
    expect(h.jobs.list({ vendor: 'dds' })).toHaveLength(0);
  });

  it.each(PROTO_NAMES)('ids %s are unknown projects, instances, backups and jobs', async (id) => {
    const api = dds(h, await login(h));
    const e = encodeURIComponent(id);
    const code = async (r: request.Test) => {
      const res = await r;
      return [res.status, res.body.error_code];
    };
    expect(await code(dds(h, await login(h), e).get('/instances'))).toEqual([400, 'DBS.280408']);
    expect(await code(api.post('/backups', { backup: { instance_id: id, name: 'proto-backup' } }))).toEqual([404, 'DBS.200002']);
    expect(await code(api.get(`/instances/${e}/backups/policy`))).toEqual([404, 'DBS.200002']);
    expect(await code(api.put(`/instances/${e}/backups/policy`, { backup_policy: { keep_days: 0 } }))).toEqual([404, 'DBS.200002']);
    expect(await code(api.get(`/backups/download-file?instance_id=${e}&backup_id=x`))).toEqual([404, 'DBS.200002']);
    expect(await code(api.get(`/backups/download-file?instance_id=${DEMO.orders}&backup_id=${e}`))).toEqual([400, 'DBS.201214']);
    expect(await code(api.delete(`/backups/${e}`))).toEqual([400, 'DBS.280016']);
    expect(await code(api.get(`/jobs?id=${e}`))).toEqual([400, 'DBS.280016']);
    const recovery = (source: unknown, target: unknown) => api.post('/instances/recovery', { source, target });
    expect(await code(recovery({ instance_id: DEMO.orders, backup_id: id }, { instance_id: DEMO.orders }))).toEqual([400, 'DBS.201214']);
    expect(await code(recovery({ instance_id: DEMO.orders, backup_id: id }, { instance_id: id }))).toEqual([404, 'DBS.200002']);
    expect(await code(recovery({ instance_id: id, type: 'timestamp', restore_time: 1 }, { instance_id: DEMO.orders }))).toEqual([404, 'DBS.200002']);
    const newBody = (restore_point: unknown) => ({
      name: 'proto-instance',
      availability_zone: 'eu-de-01',
      vpc_id: '674e9b42-cd8d-4d25-a2e6-5abcc565b961',
      subnet_id: 'f1df08c5-71d1-406a-aff0-de435a51007b',
      security_group_id: '7aa51dbf-5b63-40db-9724-dad3c4828b58',
      flavor: [{ type: 'replica', num: 1, spec_code: 'dds.mongodb.s2.medium.4.repset' }],
      restore_point,
    });
    expect(await code(api.post('/instances', newBody({ backup_id: id })))).toEqual([400, 'DBS.201214']);
    expect(await code(api.post('/instances', newBody({ instance_id: id, type: 'timestamp', restore_time: 1 })))).toEqual([404, 'DBS.200002']);
    expect(await code(api.post('/instances', { ...newBody({ backup_id: 'x' }), flavor: [{ type: id, num: 1, spec_code: 'dds.mongodb.s2.medium.4.repset' }] }))).toEqual([400, 'DBS.280327']);
    expect(await code(api.post(`/instances/${e}/restore/collections`, { restore_collections: [{ database: 'test_db', restore_database_time: 1 }] }))).toEqual([404, 'DBS.200002']);
    const t = h.clock.now() - 1000;
    expect(await code(api.post(`/instances/${DEMO.orders}/restore/collections`, { restore_collections: [{ database: id, restore_database_time: t }] }))).toEqual([400, 'DBS.200823']);
    expect(await code(api.post(`/instances/${DEMO.orders}/restore/collections`, { restore_collections: [{ database: 'test_db', collections: [{ old_name: id, restore_collection_time: t }] }] }))).toEqual([400, 'DBS.280446']);
    expect(await code(api.get(`/instances/${e}/restore-time?date=2026-01-01`))).toEqual([404, 'DBS.200002']);
    expect(await code(api.get(`/instances/${e}/restore-database?restore_time=1`))).toEqual([404, 'DBS.200002']);
    expect(await code(api.get(`/instances/${DEMO.orders}/restore-collection?db_name=${e}&restore_time=${t}`))).toEqual([400, 'DBS.200823']);
    expect(await code(api.delete(`/instances/${e}`))).toEqual([404, 'DBS.200002']);
    expect((await api.get(`/instances?id=${e}`).expect(200)).body).toEqual({ instances: [], total_count: 0 });
    expect((await api.get(`/backups?backup_id=${e}`).expect(200)).body).toEqual({ backups: [], total_count: 0 });
    expect((await api.get(`/instances?${e}=1&name=${e}`).expect(200)).body.total_count).toBe(0);
  });

  it.each(PROTO_NAMES)('a login naming %s as user, user id, domain or project is refused in Keystone shape', async (name) => {
    const http = request(h.url('dds'));
    const byUserId = passwordAuth();
    byUserId.auth.identity.password.user = { id: name, password: DEMO.password } as never;
    const byProjectId = passwordAuth();
    (byProjectId.auth.scope as { project: unknown }).project = { id: name };
    for (const body of [passwordAuth({ user: name }), passwordAuth({ domain: name }), passwordAuth({ project: name }), byUserId, byProjectId, passwordAuth({ password: name })]) {
      const res = await http.post('/v3/auth/tokens').send(body);
      expect([res.status, res.body.error.title]).toEqual([401, 'Unauthorized']);
      expect(res.headers['x-subject-token']).toBeUndefined();
    }
  });

  it('reads bodies whose keys are prototype names as data', async () => {
    const api = dds(h, await login(h));
    const raw = (r: request.Test, text: string) => r.set('content-type', 'application/json').send(text);
    const poisoned = await raw(api.post('/backups'), `{"__proto__":{"backup":{"instance_id":"${DEMO.orders}","name":"via-proto"}}}`);
    expect([poisoned.status, poisoned.body.error_code]).toEqual([400, 'DBS.200001']);
    const nested = await raw(api.post('/backups'), `{"backup":{"__proto__":{"name":"x"},"instance_id":"${DEMO.orders}","name":"own-name"}}`);
    expect(nested.status).toBe(200);
    const ks = await raw(request(h.url('dds')).post('/v3/auth/tokens'), '{"__proto__":{"auth":{}},"constructor":{"prototype":{"polluted":true}}}');
    expect([ks.status, ks.body.error.code]).toEqual([400, 400]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('x-mock-tenant __proto__ is a tenant like any other', async () => {
    const token = await login(h, {}, '__proto__');
    const res = await request(h.url('dds')).get(`/v3/${DEMO.projectId}/instances`).set('X-Auth-Token', token).set('x-mock-tenant', '__proto__');
    expect([res.status, res.body.total_count]).toEqual([200, 3]);
  });

  it('still logs in, lists and backs up afterwards: nothing was poisoned', async () => {
    const api = dds(h, await login(h));
    expect((await api.get('/instances').expect(200)).body.total_count).toBe(3);
    await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'after-hostile' } }).expect(200);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('keeps a scenario instance and database named after prototype members as data', async () => {
    const p = await startDds({
      entities: { dds: { instances: [{ name: 'constructor', databases: { constructor: ['valueOf'], hasOwnProperty: ['__proto__'] } }], backups: [] } },
    });
    try {
      const api = dds(p, await login(p));
      const id = (await api.get('/instances?name=constructor').expect(200)).body.instances[0].id;
      const t = p.clock.now();
      expect((await api.get(`/instances/${id}/restore-database?restore_time=${t}`)).body).toEqual({ databases: ['constructor', 'hasOwnProperty'], total_count: 2 });
      expect((await api.get(`/instances/${id}/restore-collection?db_name=hasOwnProperty&restore_time=${t}`)).body).toEqual({ collections: ['__proto__'], total_count: 1 });
      expect((await api.get(`/instances/${id}/restore-collection?db_name=toString&restore_time=${t}`)).body.error_code).toBe('DBS.200823');
      const restore = { restore_collections: [{ database: 'hasOwnProperty', collections: [{ old_name: '__proto__', new_name: 'constructor', restore_collection_time: t - 1 }] }] };
      const job = (await api.post(`/instances/${id}/restore/collections`, restore).expect(200)).body.job_id;
      p.clock.advance('10s');
      expect((await api.get(`/jobs?id=${job}`)).body.job.status).toBe('Completed');
      await api.delete(`/instances/${id}`).expect(202);
      p.clock.advance('5s');
      expect((await api.get('/instances')).body.total_count).toBe(0);
      expect(Object.keys(Object.prototype)).toEqual([]);
    } finally {
      await p.stop();
    }
  });
});

describe('dds forgets expired tokens', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startDds();
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());

  it(`sweeps expired tokens on the virtual clock, at most ${SWEEP_LIMIT} per request, principals included`, async () => {
    const n = SWEEP_LIMIT + 8;
    for (let i = 0; i < n; i++) await login(h);
    expect(stateOf(h).identity.tokens.size).toBe(n);
    expect(tokenPrincipals(h)).toBe(n);
    h.clock.advance('24h');
    const fresh = await login(h); // sweeps SWEEP_LIMIT of the expired ones, then issues one
    expect(stateOf(h).identity.tokens.size).toBe(n - SWEEP_LIMIT + 1);
    await dds(h, fresh).get('/instances').expect(200); // and the next request the rest
    expect(stateOf(h).identity.tokens.size).toBe(1);
    expect(tokenPrincipals(h)).toBe(1);
  });

  it('forgets an expired token when it is presented', async () => {
    const token = await login(h);
    h.clock.advance('24h');
    const res = await dds(h, token).get('/instances');
    expect([res.status, res.body.error_code]).toEqual([401, 'DBS.280056']);
    expect(stateOf(h).identity.tokens.has(token)).toBe(false);
    expect(tokenPrincipals(h)).toBe(0);
  });

  it('forgets a revoked token and its principal', async () => {
    const token = await login(h);
    const other = await login(h);
    await request(h.url('dds')).delete('/v3/auth/tokens').set('X-Auth-Token', token).set('X-Subject-Token', other).expect(204);
    expect([...stateOf(h).identity.tokens.keys()]).toEqual([token]);
    expect(tokenPrincipals(h)).toBe(1);
  });
});

describe('dds journal keeps no secrets', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startDds();
  });
  afterAll(() => h.stop());

  it('masks tokens in headers and passwords of any JSON type, also in bodies that do not parse', async () => {
    const http = request(h.url('dds'));
    const withPassword = (password: unknown) => {
      const body = passwordAuth();
      (body.auth.identity.password.user as { password: unknown }).password = password;
      return body;
    };
    const token = await login(h, { password: DEMO.password });
    await http.get('/v3/auth/tokens').set('X-Auth-Token', token).set('X-Subject-Token', token).expect(200);
    await dds(h, token).get('/instances').expect(200);
    await http.post('/v3/auth/tokens').send(withPassword(['S3cret-in-an-array'])).expect(400);
    await http.post('/v3/auth/tokens').send(withPassword({ value: 'S3cret-in-an-object', nested: ['S3cret-deeper'] })).expect(400);
    await http.post('/v3/auth/tokens').send(withPassword(42424242)).expect(400);
    const broken = `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"u","password":["S3cret-broken", {"x":"S3cret-broken-2"}],"domain":{"name":"d"}`;
    await http.post('/v3/auth/tokens').set('content-type', 'application/json').send(broken).expect(400);
    const cut = '{"auth":{"identity":{"password":{"user":{"password":"S3cret-cut-short';
    await http.post('/v3/auth/tokens').set('content-type', 'application/json').send(cut).expect(400);

    const entries = h.find({ vendor: 'dds' });
    expect(entries.length).toBe(8);
    const journal = JSON.stringify(entries);
    for (const secret of [DEMO.password, token, 'S3cret', '42424242']) expect(journal).not.toContain(secret);
    const validate = h.find({ vendor: 'dds', operation: 'KeystoneValidateToken' })[0];
    expect([validate.headers['x-auth-token'], validate.headers['x-subject-token']]).toEqual(['***', '***']);
    // What is not secret stays readable.
    expect(h.find({ operation: 'KeystoneCreateUserTokenByPassword' })[0].body).toContain('"methods":["password"]');
  });
});
