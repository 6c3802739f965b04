import request from 'supertest';
import type { CvState } from '../../../mocks/families/commvault/model';
import { B, cv, login, startCv, type Harness } from '../families/commvault/helpers';

describe('commvault tokens are forgotten on the virtual clock and bounded in number', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCv({ vendors: { commvault: { tokenLifetime: '1m', tokenRenewWindow: '5m', maxTokens: 20 } } });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());
  const tokens = () => h.engine.tenancy.handle<CvState>('commvault', 'default').state.tokens;
  const principals = () => h.engine.snapshot().tenancy.principals.filter(([k]) => k.startsWith('commvault\0QSDK ')).length;
  const renew = (token: string) => request(h.url('commvault')).post(`${B}/RenewLoginToken`).set('Authtoken', token).send({ sessionId: token });

  it('keeps an expired token renewable for the renew window, then forgets it when the next token is made', async () => {
    const old = await Promise.all([login(h), login(h), login(h)]);
    expect(tokens().size).toBe(3);
    h.clock.advance('2m'); // expired, still renewable
    await cv(h, old[0]).get('/CommServ').expect(401);
    expect((await renew(old[0]).expect(200)).body.token).toMatch(/^QSDK /);
    expect(tokens().size).toBe(3);
    h.clock.advance('6m'); // old[1] and old[2] (expired at 1m) and the renewed one (at 3m) are past the window
    const fresh = await login(h);
    expect([...tokens().keys()]).toEqual([fresh]);
    expect(principals()).toBe(1);
    expect((await renew(old[1]).expect(200)).body.error.errLogMessage).toMatch(/cannot be renewed/);
    await cv(h, fresh).get('/CommServ').expect(200);
  });

  it('forgets a token past the window when it is presented, with no new login', async () => {
    const token = await login(h);
    h.clock.advance('7m');
    expect(tokens().size).toBe(1);
    await cv(h, token).get('/CommServ').expect(401);
    expect(tokens().size).toBe(0);
    expect(principals()).toBe(0);
  });

  it('keeps at most maxTokens, dropping the least recently used first', async () => {
    const first = await login(h);
    const second = await login(h);
    for (let i = 0; i < 18; i++) await login(h);
    await cv(h, first).get('/CommServ').expect(200); // used: now the most recent
    const later = [];
    for (let i = 0; i < 5; i++) later.push(await login(h));
    expect(tokens().size).toBe(20);
    expect(principals()).toBe(20);
    await cv(h, second).get('/CommServ').expect(401);
    expect((await renew(second).expect(200)).body.token).toBeUndefined();
    await cv(h, first).get('/CommServ').expect(200);
    for (const t of later) await cv(h, t).get('/CommServ').expect(200);
  });

  it('keeps tokens, their order and expiry through GET /state and PUT /state', async () => {
    const first = await login(h);
    const second = await login(h);
    const admin = request(h.urls.admin!);
    const snapshot = (await admin.get('/state').expect(200)).body;
    h.reset();
    await cv(h, first).get('/CommServ').expect(401);
    await admin.put('/state').send(snapshot).expect(200);
    expect(tokens()).toBeInstanceOf(Map);
    expect([...tokens().keys()]).toEqual([first, second]);
    await cv(h, second).get('/CommServ').expect(200);
    h.clock.advance('2m');
    await cv(h, first).get('/CommServ').expect(401); // expired on the restored clock
  });

  it('holds its bound under many logins', async () => {
    for (let i = 0; i < 300; i++) {
      await login(h);
      if (i % 50 === 0) h.clock.advance('10s');
    }
    expect(tokens().size).toBe(20);
    expect(principals()).toBe(20);
  });
});
