import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startTestHarness, type Harness } from '../../helpers';
import { B, b64, cv, login, xmlBody, XML } from '../families/commvault/helpers';

const fixture = (name: string) => readFileSync(`fixtures/metallic/${name}`, 'utf8');

describe('metallic golden files (fixtures/metallic, from the Metallic CreateTask object-storage page)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['metallic', 'commvault'], scenarioFiles: ['scenarios/default/metallic.yaml', 'scenarios/default/commvault.yaml'] });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());
  const metallic = async (xml = false) => cv(h, await login(h, { vendor: 'metallic' }), { vendor: 'metallic', xml });

  it('answers the page XML request with the page XML response (taskId 4038, job 5976)', async () => {
    const res = await (await metallic(true)).post('/CreateTask', fixture('createtask.request.xml')).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(xmlBody(res.text)).toEqual(xmlBody(fixture('createtask.response.xml')));
    const job = h.jobs.get('metallic', '5976')!;
    expect(job.target).toBe('s-adhoc-object-storage/defaultBackupSet/stestgroup');
    expect(job.data).toMatchObject({ backupLevelName: 'Incremental', appTypeName: 'Cloud Apps', adHocBackup: true, onDemandInputFile: '/sk/s-directive-file-blob.txt', storagePolicyName: 'default-plan' });
  });

  it('answers the JSON twin with the JSON response, and XML requests with JSON answers when JSON is asked', async () => {
    const api = await metallic();
    expect((await api.post('/CreateTask', JSON.parse(fixture('createtask.request.json'))).expect(200)).body).toEqual(JSON.parse(fixture('createtask.response.json')));
    const again = await api.post('/CreateTask', fixture('createtask.request.xml')).expect(200);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.body).toEqual({ taskId: 4039, jobIds: ['5977'] });
  });

  it('answers the page failure response when no subclient is eligible, in both formats', async () => {
    const noGroup = fixture('createtask.request.xml').replace('<subclientName>stestgroup</subclientName>', '<subclientName>missing</subclientName>');
    const x = await (await metallic(true)).post('/CreateTask', noGroup).expect(200);
    expect(xmlBody(x.text)).toEqual(xmlBody(fixture('createtask-refused.response.xml')));
    const j = await (await metallic()).post('/CreateTask', noGroup).expect(200);
    expect(j.body).toEqual(JSON.parse(fixture('createtask-refused.response.json')));
    expect(h.jobs.list({ vendor: 'metallic' })).toEqual([]);
  });

  it('is its own vendor: its own port, CommCell and jobs, apart from the CommServ', async () => {
    expect(h.url('metallic')).not.toBe(h.url('commvault'));
    const api = await metallic();
    expect((await api.get('/CommServ').expect(200)).body.commcell.commCellName).toBe('m6');
    await api.post('/CreateTask', JSON.parse(fixture('createtask.request.json'))).expect(200);
    expect(h.jobs.list({ vendor: 'commvault' })).toEqual([]);
    const commvault = cv(h, await login(h), {});
    expect((await commvault.get('/CommServ').expect(200)).body.commcell.commCellName).toBe('cs01');
    await commvault.get('/Job/5976').expect(200, { totalRecordsWithoutPaging: 0 });
    // a CommServ token means nothing to Metallic
    const cvToken = await login(h);
    await cv(h, cvToken, { vendor: 'metallic' }).get('/CommServ').expect(401);
  });

  it('lists its plans and backs up the plan-protected file server', async () => {
    const api = await metallic();
    expect((await api.get('/V2/Plan').expect(200)).body).toEqual({ plans: [{ plan: { planName: 'default-plan', planId: 1 } }, { plan: { planName: 'server-plan', planId: 2 } }] });
    const res = await api.post('/CreateTask', { taskInfo: { associations: [{ clientName: 'fileserver01', backupsetName: 'defaultBackupSet' }], subTasks: [{ subTask: { subTaskType: 'BACKUP', operationType: 'BACKUP' }, options: { backupOpts: { backupLevel: 'FULL' } } }] } }).expect(200);
    expect(res.body).toEqual({ taskId: 4038, jobIds: ['5976'] });
    h.clock.advance('12s');
    expect((await api.get('/Job/5976').expect(200)).body.jobs[0].jobSummary).toMatchObject({ status: 'Completed', backupLevelName: 'Full', subclient: { clientName: 'fileserver01' } });
  });

  it('logs in over XML on its HTTPS listener too', async () => {
    const res = await request(h.url('metallic', 'https'))
      .post(`${B}/Login`)
      .disableTLSCerts()
      .set('Content-Type', XML)
      .set('Accept', XML)
      .send(`<DM2ContentIndexing_CheckCredentialReq username="admin" password="${b64('Commvault!1')}"/>`)
      .expect(200);
    expect(xmlBody(res.text).body.token).toMatch(/^QSDK /);
  });
});

describe('scenarios/metallic-object-storage.yaml: two tenants', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['metallic'], scenarioFiles: ['scenarios/metallic-object-storage.yaml'] });
  });
  afterAll(() => h.stop());

  it('routes each user to its tenant; jobs never cross tenants; a disabled content group is refused', async () => {
    const acme = cv(h, await login(h, { vendor: 'metallic' }), { vendor: 'metallic' });
    const globex = cv(h, await login(h, { vendor: 'metallic', user: 'ops', password: 'Metallic!2' }), { vendor: 'metallic' });
    const task = JSON.parse(fixture('createtask.request.json'));
    expect((await acme.post('/CreateTask', task).expect(200)).body).toEqual({ taskId: 4038, jobIds: ['5976'] });
    expect((await globex.post('/CreateTask', task).expect(200)).body).toEqual({ taskId: 4038, jobIds: ['5976'] });
    expect(h.jobs.list({ vendor: 'metallic', tenant: 'acme' })).toHaveLength(1);
    expect(h.jobs.list({ vendor: 'metallic', tenant: 'globex' })).toHaveLength(1);
    await acme.post('/Job/5976/action/kill').expect(200);
    expect(h.jobs.get('metallic', '5976', 'acme')?.state).toBe('cancelled');
    expect(h.jobs.get('metallic', '5976', 'globex')?.state).toBe('running');
    task.taskInfo.associations[0].subclientName = 'archived-group';
    expect((await acme.post('/CreateTask', task).expect(200)).body.errorCode).toBe(587207178);
  });
});
