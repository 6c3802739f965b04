import { readFileSync } from 'node:fs';
import { B, cv, IDS, login, startCv, xmlBody, XML, type Harness } from '../families/commvault/helpers';
import request from 'supertest';

const fixture = (name: string) => readFileSync(`fixtures/commvault/${name}`, 'utf8');
const xmlFixture = (name: string) => xmlBody(fixture(name));

describe('commvault golden files (fixtures/commvault, from the DRBackup page and cvpysdk)', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startCv();
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    token = await login(h);
  });

  it('answers the DRBackup page JSON request with the page JSON response, then the XML one with the XML response', async () => {
    const api = cv(h, token);
    const j = await api.post('/CommServ/DRBackup', JSON.parse(fixture('drbackup.request.json'))).expect(200);
    expect(j.headers['content-type']).toMatch(/^application\/json/);
    expect(j.body).toEqual(JSON.parse(fixture('drbackup.response.json')));
    h.clock.advance('1m'); // one DR backup at a time: let the first finish
    const x = await cv(h, token, { xml: true }).post('/CommServ/DRBackup', fixture('drbackup.request.xml')).expect(200);
    expect(x.headers['content-type']).toMatch(/^application\/xml/);
    expect(xmlBody(x.text)).toEqual(xmlFixture('drbackup.response.xml'));
    expect(x.text).toBe('<TMMsg_CreateTaskResp taskId="434"><jobIds val="2142"/></TMMsg_CreateTaskResp>');
  });

  it("accepts the syntax template and cvpysdk's DR forms (template, sdk, advanced CreateTask)", async () => {
    const api = cv(h, token);
    for (const [path, body] of [
      ['/CommServ/DRBackup', JSON.parse(fixture('drbackup.template.request.json'))],
      ['/CommServ/DRBackup', fixture('drbackup.template.request.xml')],
      ['/CommServ/DRBackup', JSON.parse(fixture('sdk.drbackup.request.json'))],
      ['/CreateTask', JSON.parse(fixture('sdk.advanced-drbackup.createtask.request.json'))],
    ] as const) {
      const res = await api.post(path, body).expect(200);
      expect(res.body).toEqual({ taskId: expect.any(Number), jobIds: [expect.stringMatching(/^\d+$/)] });
      h.clock.advance('1m');
    }
    const jobs = h.jobs.list({ vendor: 'commvault' });
    expect(jobs.map((j) => j.operation)).toEqual(['DRBackup', 'DRBackup', 'DRBackup', 'DRBackup']);
    expect(jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });

  it('refuses a wrong password in the golden shapes (JSON and XML)', async () => {
    const base = request(h.url('commvault'));
    const j = await base.post(`${B}/Login`).set('Accept', 'application/json').send({ username: 'admin', password: 'd3Jvbmc=' }).expect(200);
    expect(j.body).toEqual(JSON.parse(fixture('login-failed.response.json')));
    const x = await base
      .post(`${B}/Login`)
      .set('Accept', XML)
      .set('Content-Type', XML)
      .send('<DM2ContentIndexing_CheckCredentialReq username="admin" password="d3Jvbmc="/>')
      .expect(200);
    expect(xmlBody(x.text)).toEqual(xmlFixture('login-failed.response.xml'));
  });

  it('logs in with the cvpysdk and XML Login bodies', async () => {
    const base = request(h.url('commvault'));
    const j = await base.post(`${B}/Login`).set('Accept', 'application/json').send(JSON.parse(fixture('sdk.login.request.json'))).expect(200);
    expect(j.body.token).toMatch(/^QSDK [0-9a-f]{128}$/);
    const x = await base.post(`${B}/Login`).set('Accept', XML).set('Content-Type', XML).send(fixture('login.request.xml')).expect(200);
    const { root, body } = xmlBody(x.text);
    expect(root).toBe('DM2ContentIndexing_CheckCredentialResp');
    expect(body).toMatchObject({ userName: 'admin', token: expect.stringMatching(/^QSDK /), isAccountLocked: 'false' });
  });

  it("answers cvpysdk's subclient CreateTask and the job control and unknown-job golden shapes", async () => {
    const api = cv(h, token);
    const created = await api.post('/CreateTask', JSON.parse(fixture('sdk.subclient-backup.createtask.request.json'))).expect(200);
    expect(created.body).toEqual({ taskId: 433, jobIds: ['2141'] });
    expect(h.jobs.get('commvault', '2141')?.target).toBe('fs01/defaultBackupSet/default');
    const kill = await api.post('/Job/2141/action/kill').expect(200);
    expect(kill.body).toEqual(JSON.parse(fixture('job-control-ok.response.json')));
    const unknown = await api.get('/Job/999999').expect(200);
    expect(unknown.body).toEqual(JSON.parse(fixture('job-unknown.response.json')));
    expect(IDS.fsDefault).toBe(2);
  });
});
