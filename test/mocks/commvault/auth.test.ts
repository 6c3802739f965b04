import request from 'supertest';
import { B, b64, cv, JSON_TYPE, login, startCv, xmlBody, XML, type Harness } from '../families/commvault/helpers';

describe('commvault auth: Login, tokens on the virtual clock, RenewLoginToken, Logout, WhoAmI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCv({
      tenants: [{ id: 'default', credentials: { commvault: { users: [{ username: 'admin', password: 'Commvault!1' }, { username: 'locked', password: 'x', locked: true, lockSeconds: 5400 }] } } }],
    });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());
  const base = () => request(h.url('commvault'));

  it('logs in (JSON, base64 password) with the fields cvpysdk needs', async () => {
    const res = await base().post(`${B}/Login`).set('Accept', JSON_TYPE).send({ mode: 4, username: 'ADMIN', password: b64('Commvault!1'), deviceId: 'x', clientType: 30 }).expect(200);
    expect(res.body).toMatchObject({ userName: 'admin', token: expect.stringMatching(/^QSDK [0-9a-f]+$/), isAccountLocked: false, remainingLockTime: 0, forcePasswordChange: false });
    expect(res.body.errList).toEqual([]);
  });

  it('logs in with XML and answers XML', async () => {
    const res = await base().post(`${B}/Login`).set('Content-Type', XML).set('Accept', XML).send(`<DM2ContentIndexing_CheckCredentialReq mode="Webconsole" username="admin" password="${b64('Commvault!1')}"/>`).expect(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    const { root, body } = xmlBody(res.text);
    expect(root).toBe('DM2ContentIndexing_CheckCredentialResp');
    expect(body.token).toMatch(/^QSDK /);
  });

  it('refuses a wrong password or unknown user with errList errorCode 5, and a locked account with its lock time', async () => {
    for (const [user, pw] of [
      ['admin', 'nope'],
      ['ghost', 'Commvault!1'],
    ]) {
      const res = await base().post(`${B}/Login`).send({ username: user, password: b64(pw) }).expect(200);
      expect(res.body).toEqual({ errList: [{ errorCode: 5, errLogMessage: 'Username or password is invalid' }] });
    }
    const locked = await base().post(`${B}/Login`).send({ username: 'locked', password: b64('x') }).expect(200);
    expect(locked.body).toMatchObject({ isAccountLocked: true, remainingLockTime: 5400, errList: [{ errorCode: 1116 }] });
    expect(locked.body.token).toBeUndefined();
  });

  it('requires an Authtoken: 401 with the generic error in the format asked', async () => {
    const j = await base().get(`${B}/CommServ`).set('Accept', JSON_TYPE).expect(401);
    expect(j.body).toEqual({ errorCode: 1, errorMessage: expect.stringMatching(/Authtoken/) });
    const x = await base().get(`${B}/CommServ`).set('Accept', XML).set('Authtoken', 'QSDK 1234').expect(401);
    expect(xmlBody(x.text)).toEqual({ root: 'TMMsg_GenericResp', body: { errorCode: '1', errorMessage: expect.any(String) } });
  });

  it('expires an idle token after tokenLifetime (30m) of virtual time; use slides it', async () => {
    const token = await login(h);
    const api = cv(h, token);
    h.clock.advance('29m');
    await api.get('/CommServ').expect(200);
    h.clock.advance('29m');
    await api.get('/CommServ').expect(200);
    h.clock.advance('31m');
    const res = await api.get('/CommServ').expect(401);
    expect(res.body.errorMessage).toMatch(/expired/);
  });

  it('renews a token (even an expired one) once: the old token stops working', async () => {
    const token = await login(h);
    h.clock.advance('2h');
    const renewed = await base().post(`${B}/RenewLoginToken`).set('Authtoken', token).send({ sessionId: token, deviceId: 'x' }).expect(200);
    expect(renewed.body.token).toMatch(/^QSDK /);
    expect(renewed.body.token).not.toBe(token);
    await cv(h, renewed.body.token).get('/CommServ').expect(200);
    await cv(h, token).get('/CommServ').expect(401);
    const again = await base().post(`${B}/RenewLoginToken`).set('Authtoken', token).send({ sessionId: token }).expect(200);
    expect(again.body).toEqual({ error: { errorCode: 1, errLogMessage: expect.stringMatching(/cannot be renewed/) } });
  });

  it('answers WhoAmI (GET and POST, JSON and the XML cvpysdk parses) and logs out', async () => {
    const token = await login(h);
    const j = await cv(h, token).post('/WhoAmI').expect(200);
    expect(j.body.user).toMatchObject({ userName: 'admin', userId: 1 });
    const x = await cv(h, token, { xml: true }).get('/WhoAmI').expect(200);
    expect(xmlBody(x.text)).toMatchObject({ root: 'CvEntities_ProcessingInstructionInfo', body: { user: { userName: 'admin' } } });
    const out = await cv(h, token).post('/Logout').expect(200);
    expect(out.text).toBe('User logged out');
    await cv(h, token).get('/CommServ').expect(401);
  });

  it('serves every door, case-insensitively, with duplicate slashes collapsed, and the probe without a token', async () => {
    const token = await login(h);
    for (const door of ['/webconsole/api', '/commandcenter/api', '/SearchSvc/CVWebService.svc', '/WEBCONSOLE/API', '/searchsvc/cvwebservice.svc']) {
      await base().get(`${door}/`).expect(200);
      const res = await base().get(`${door}//commserv`).set('Authtoken', token).expect(200);
      expect(res.body.commcell.commCellName).toBe('cs01');
    }
  });

  it('serves HTTPS too', async () => {
    const url = h.url('commvault', 'https');
    expect(url).toMatch(/^https:/);
    const res = await request(url).post(`${B}/Login`).trustLocalhost(true).disableTLSCerts().send({ username: 'admin', password: b64('Commvault!1') }).expect(200);
    expect(res.body.token).toMatch(/^QSDK /);
  });

  it('keeps tenants apart: a token from one tenant is unknown in another', async () => {
    const a = await login(h, { tenant: 'a' });
    await cv(h, a, { tenant: 'a' }).get('/CommServ').expect(200);
    await cv(h, a, { tenant: 'b' }).get('/CommServ').expect(401);
    // without the header the token itself finds its tenant
    await cv(h, a).get('/CommServ').expect(200);
  });

  it('masks passwords and tokens in the journal (JSON and XML bodies)', async () => {
    const token = await login(h);
    await base().post(`${B}/Login`).set('Content-Type', XML).send(`<DM2ContentIndexing_CheckCredentialReq username="admin" password="${b64('Commvault!1')}"/>`).expect(200);
    await base().post(`${B}/RenewLoginToken`).set('Authtoken', token).send({ sessionId: token }).expect(200);
    const bodies = h.find({ vendor: 'commvault' }).map((e) => `${e.body} ${JSON.stringify(e.headers)}`).join('\n');
    expect(bodies).toContain('DM2ContentIndexing_CheckCredentialReq');
    expect(bodies).not.toContain(b64('Commvault!1'));
    expect(bodies).not.toContain(token.slice(5));
  });

  it('honours the scenario action invalidateAuth: the token is forgotten and cannot be renewed', async () => {
    const h2 = await startCv({ rules: [{ match: { vendor: 'commvault', operation: 'GetCommServ' }, skip: 1, times: 1, invalidateAuth: true }] });
    try {
      const token = await login(h2);
      const api = cv(h2, token);
      await api.get('/CommServ').expect(200);
      // the rule forgets the token before the handler runs: this call and the next get 401
      await api.get('/CommServ').expect(401);
      await api.get('/Client').expect(401);
      const renew = await request(h2.url('commvault')).post(`${B}/RenewLoginToken`).set('Authtoken', token).send({ sessionId: token }).expect(200);
      expect(renew.body.error.errLogMessage).toMatch(/Log in again/);
    } finally {
      await h2.stop();
    }
  });
});
