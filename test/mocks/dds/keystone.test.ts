import request from 'supertest';
import { DEMO, dds, login, passwordAuth, startDds, type Harness } from './helpers';

describe('dds keystone: version discovery, tokens, catalog', () => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await startDds();
    url = h.url('dds');
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());

  it('GET / answers 300 with versions.values (gophertelekomcloud ChooseVersion)', async () => {
    const res = await request(url).get('/');
    expect(res.status).toBe(300);
    expect(res.body.versions.values[0]).toMatchObject({ id: 'v3.0', status: 'stable', links: [{ rel: 'self', href: `${url}/v3/` }] });
  });

  it.each(['/v3', '/v3/'])('GET %s answers the v3 version document (keystoneauth)', async (path) => {
    const res = await request(url).get(path);
    expect(res.status).toBe(200);
    expect(res.body.version.id).toBe('v3.0');
    expect(res.body.version.links[0].href).toBe(`${url}/v3/`);
  });

  it('issues a project token: 201, X-Subject-Token, catalog with identity and ddsv3', async () => {
    const res = await request(url).post('/v3/auth/tokens').send(passwordAuth());
    expect(res.status).toBe(201);
    expect(res.headers['x-subject-token']).toMatch(/^MII[A-Za-z0-9]{100,}$/);
    const t = res.body.token;
    expect(t.methods).toEqual(['password']);
    expect(t.project).toEqual({ id: DEMO.projectId, name: 'eu-de', domain: { id: expect.stringMatching(/^[0-9a-f]{32}$/), name: DEMO.domain } });
    expect(t.user).toMatchObject({ name: DEMO.user, domain: { name: DEMO.domain } });
    expect(Date.parse(t.expires_at) - Date.parse(t.issued_at)).toBe(24 * 3600 * 1000);
    expect(t.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const byType = Object.fromEntries(t.catalog.map((c: { type: string; endpoints: unknown[] }) => [c.type, c.endpoints[0]]));
    expect(byType.identity).toMatchObject({ interface: 'public', region: 'eu-de', url: `${url}/v3` });
    expect(byType.ddsv3).toMatchObject({ interface: 'public', region: 'eu-de', url: `${url}/v3/${DEMO.projectId}` });
  });

  it('scopes by project id, and by name without a project domain (keystoneauth sends that)', async () => {
    const byId = passwordAuth();
    (byId.auth.scope as { project: unknown }).project = { id: DEMO.projectId };
    expect((await request(url).post('/v3/auth/tokens').send(byId)).status).toBe(201);
    const noDomain = passwordAuth();
    (noDomain.auth.scope as { project: unknown }).project = { name: 'eu-de' };
    const res = await request(url).post('/v3/auth/tokens').send(noDomain);
    expect(res.status).toBe(201);
    expect(res.body.token.project.id).toBe(DEMO.projectId);
  });

  it('issues an unscoped token with only the identity catalog, which DDS refuses', async () => {
    const body = passwordAuth();
    delete (body.auth as { scope?: unknown }).scope;
    const res = await request(url).post('/v3/auth/tokens').send(body);
    expect(res.status).toBe(201);
    expect(res.body.token.project).toBeUndefined();
    expect(res.body.token.catalog.map((c: { type: string }) => c.type)).toEqual(['identity']);
    const list = await dds(h, res.headers['x-subject-token']).get('/instances');
    expect(list.status).toBe(401);
    expect(list.body.error_code).toBe('DBS.280056');
  });

  it.each([
    ['a wrong password', { password: 'nope' }],
    ['an unknown user', { user: 'mallory' }],
    ['an unknown domain', { domain: 'OTC-EU-DE-999' }],
    ['an unknown project', { project: 'eu-nl' }],
  ])('answers 401 in Keystone shape for %s', async (_what, over) => {
    const res = await request(url).post('/v3/auth/tokens').send(passwordAuth(over));
    expect(res.status).toBe(401);
    expect(res.headers['x-subject-token']).toBeUndefined();
    expect(res.body).toEqual({ error: { code: 401, message: expect.any(String), title: 'Unauthorized' } });
  });

  it('answers 400 in Keystone shape for malformed JSON, a wrong content type and a bad body', async () => {
    const bad = await request(url).post('/v3/auth/tokens').set('content-type', 'application/json').send('{"auth":');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 400, title: 'Bad Request' });
    const form = await request(url).post('/v3/auth/tokens').type('form').send('user=x');
    expect(form.status).toBe(400);
    expect(form.body.error.code).toBe(400);
    const empty = await request(url).post('/v3/auth/tokens').send({ auth: { identity: { methods: ['password'] } } });
    expect(empty.status).toBe(400);
  });

  it('validates and revokes tokens (GET and DELETE /v3/auth/tokens)', async () => {
    const token = await login(h);
    const other = await login(h);
    const ok = await request(url).get('/v3/auth/tokens').set('X-Auth-Token', token).set('X-Subject-Token', other);
    expect(ok.status).toBe(200);
    expect(ok.headers['x-subject-token']).toBe(other);
    expect(ok.body.token.project.id).toBe(DEMO.projectId);
    const unknown = await request(url).get('/v3/auth/tokens').set('X-Auth-Token', token).set('X-Subject-Token', 'MIIxx');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe(404);
    const noAuth = await request(url).get('/v3/auth/tokens').set('X-Subject-Token', other);
    expect(noAuth.status).toBe(401);
    const revoke = await request(url).delete('/v3/auth/tokens').set('X-Auth-Token', token).set('X-Subject-Token', other);
    expect(revoke.status).toBe(204);
    expect((await dds(h, other).get('/instances')).status).toBe(401);
    expect((await dds(h, token).get('/instances')).status).toBe(200);
    const again = await request(url).delete('/v3/auth/tokens').set('X-Auth-Token', token).set('X-Subject-Token', other);
    expect(again.status).toBe(404);
  });

  it('expires tokens after 24 h on the virtual clock (authentication.rst)', async () => {
    const token = await login(h);
    h.clock.advance('23h59m');
    expect((await dds(h, token).get('/instances')).status).toBe(200);
    h.clock.advance('1m');
    const res = await dds(h, token).get('/instances');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error_code: 'DBS.280056', error_msg: 'Invalid token.' });
  });

  it('answers unknown Keystone paths in Keystone shape and unknown DDS paths like the API gateway', async () => {
    const ks = await request(url).get('/v3/auth/projects');
    expect(ks.status).toBe(404);
    expect(ks.body.error.code).toBe(404);
    const gw = await request(url).get(`/v3/${DEMO.projectId}/flavors`);
    expect(gw.status).toBe(404);
    expect(gw.body.error_code).toBe('APIGW.0101');
  });
});
