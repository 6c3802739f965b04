import { readFileSync } from 'node:fs';
import request from 'supertest';
import { B, cv, IDS, JSON_TYPE, login, startCv, xmlBody, XML, type Harness } from '../families/commvault/helpers';

const fixture = (name: string) => readFileSync(`fixtures/commvault/${name}`, 'utf8');
type Task = { taskInfo: { associations: Record<string, unknown>[]; subTasks: Array<{ options: { restoreOptions: Record<string, any> } }> } };
const inPlace = () => JSON.parse(fixture('sdk.restore-in-place.createtask.request.json')) as Task;
const outOfPlace = () => JSON.parse(fixture('sdk.restore-out-of-place.createtask.request.json')) as Task;
const drRestore = () => JSON.parse(fixture('sdk.dr-restore.createtask.request.json')) as Task;
const restoreOptions = (t: Task) => t.taskInfo.subTasks[0].options.restoreOptions;

/** scenarios/commvault-catalogue.yaml: restores take 2 minutes; fs01/default holds C:\Data and C:\Users\admin\todo.txt. */
describe('commvault restores through CreateTask 3/1001: in place, out of place, the DR backup set', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  let token: string;
  beforeAll(async () => {
    h = await startCv({ include: ['scenarios/commvault-catalogue.yaml'] }, { vendors: { commvault: { tokenLifetime: '24h' } } });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    token = await login(h);
    api = cv(h, token);
  });
  const summary = async (id: string) => (await api.get(`/Job/${id}`).expect(200)).body.jobs[0].jobSummary;

  it("runs cvpysdk's restore_in_place as a Restore job on the timeline, to Completed, visible in Job/{id}, JobDetails and the lists", async () => {
    const res = await api.post('/CreateTask', inPlace()).expect(200);
    expect(res.body).toEqual({ taskId: 433, jobIds: ['2141'] });
    const start = Math.floor(h.clock.now() / 1000);
    expect(await summary('2141')).toMatchObject({
      jobId: 2141,
      status: 'Running',
      jobType: 'Restore',
      localizedOperationName: 'Restore',
      currentPhaseName: 'Restore',
      jobStartTime: start,
      destClientName: 'fs01',
      destinationClient: { clientId: IDS.fs01, clientName: 'fs01' },
      subclient: expect.objectContaining({ clientName: 'fs01', subclientName: 'default', backupsetName: 'defaultBackupSet' }),
    });
    expect(h.jobs.get('commvault', '2141')).toMatchObject({ operation: 'Restore', target: 'fs01/defaultBackupSet/default', data: expect.objectContaining({ inPlace: true, sourceItems: ['C:\\Users\\admin\\todo.txt'] }) });
    h.clock.advance('2m');
    expect(await summary('2141')).toMatchObject({ status: 'Completed', percentComplete: 100, jobEndTime: start + 120, totalNumOfFiles: 1, sizeOfApplication: 310 });
    const details = (await api.post('/JobDetails', { jobId: 2141 }).expect(200)).body.job.jobDetail;
    expect(details.generalInfo).toMatchObject({ jobType: 'Restore', operationType: 'Restore' });
    expect(details.progressInfo).toMatchObject({ state: 'Completed', percentComplete: 100 });
    const restores = (await api.get('/Job?jobFilter=Restore').expect(200)).body;
    expect(restores.jobs.map((j: { jobSummary: { jobId: number } }) => j.jobSummary.jobId)).toEqual([2141]);
  });

  it('restores out of place to another client and folder (the destination names the job, the jobs list by client finds it)', async () => {
    const res = await api.post('/CreateTask', outOfPlace()).expect(200);
    expect(res.body.jobIds).toEqual(['2141']);
    expect(await summary('2141')).toMatchObject({ destClientName: 'lnx01', totalNumOfFiles: 0 });
    expect(h.jobs.get('commvault', '2141')?.data).toMatchObject({ inPlace: false, destPath: '/restores', plannedFiles: 3, plannedBytes: 120034 + 51007 + 2400321 });
    h.clock.advance('2m');
    expect(await summary('2141')).toMatchObject({ status: 'Completed', totalNumOfFiles: 3 });
    const byClient = (await api.get(`/Job?clientId=${IDS.lnx01}`).expect(200)).body;
    expect(byClient.jobs.map((j: { jobSummary: { jobId: number } }) => j.jobSummary.jobId)).toContain(2141);
  });

  it('takes the restore in XML (TMMsg_CreateTaskReq with subTaskType 3 / operationType 1001) and answers XML', async () => {
    const body = `<TMMsg_CreateTaskReq><taskInfo>
      <task taskType="1" initiatedFrom="2" policyType="0"/>
      <associations clientName="fs01" appName="File System" backupsetName="defaultBackupSet" subclientName="default"/>
      <subTasks subTaskOperation="1"><subTask subTaskType="3" operationType="1001"/>
        <options><restoreOptions>
          <destination inPlace="false"><destClient clientName="fs01"/><destPath val="D:\\Restored"/></destination>
          <fileOption><sourceItem val="C:\\Data\\report.docx"/><sourceItem val="C:\\Data\\budget.xlsx"/></fileOption>
        </restoreOptions></options></subTasks>
    </taskInfo></TMMsg_CreateTaskReq>`;
    const res = await cv(h, token, { xml: true }).post('/CreateTask', body).expect(200);
    expect(res.text).toBe('<TMMsg_CreateTaskResp taskId="433"><jobIds val="2141"/></TMMsg_CreateTaskResp>');
    expect(h.jobs.get('commvault', '2141')?.data).toMatchObject({ destPath: 'D:\\Restored', sourceItems: ['C:\\Data\\report.docx', 'C:\\Data\\budget.xlsx'], plannedFiles: 2 });
  });

  it('restores as of a time range: before the incremental that added the photos, they are not there', async () => {
    const t = inPlace();
    restoreOptions(t).fileOption.sourceItem = ['C:\\Data\\photos'];
    restoreOptions(t).browseOption.timeRange = { toTimeValue: '2025-12-30 00:00:00' };
    expect((await api.post('/CreateTask', t).expect(200)).body).toEqual({ errorCode: 1103, errorMessage: 'No data found at the path specified [C:\\Data\\photos].' });
    restoreOptions(t).browseOption.timeRange = { fromTimeValue: '2025-12-30 00:00:00' };
    expect((await api.post('/CreateTask', t).expect(200)).body.jobIds).toEqual(['2141']);
  });

  it('restores the DR backup set once a DR backup has completed (disasterrecovery.py restore_out_of_place)', async () => {
    expect((await api.post('/CreateTask', drRestore()).expect(200)).body).toEqual({ errorCode: 1103, errorMessage: 'No disaster recovery backup to restore from in the time range.' });
    const dr = (await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200)).body.jobIds[0];
    h.clock.advance('8s');
    const res = await api.post('/CreateTask', drRestore()).expect(200);
    expect(res.body.jobIds).toEqual([String(Number(dr) + 1)]);
    expect(await summary(res.body.jobIds[0])).toMatchObject({ jobType: 'Restore', destClientName: 'fs01', subclient: expect.objectContaining({ appName: 'CommServe Management', backupsetName: 'DR-BackupSet' }) });
    const t = drRestore();
    restoreOptions(t).fileOption.sourceItem = ['C:\\Windows'];
    expect((await api.post('/CreateTask', t).expect(200)).body.errorCode).toBe(1103);
  });
});

describe('commvault restores controlled by the scenario, and refused', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  let token: string;
  beforeAll(async () => {
    h = await startCv({ include: ['scenarios/commvault-catalogue.yaml'] }, {
      jobs: [{ name: 'the second restore fails', match: { vendor: 'commvault', operation: 'Restore', nth: 2 }, timeline: { duration: '1m', outcome: 'failed', failAt: 40, message: 'Failed to restore: the destination path is not writable.' } }],
    });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    token = await login(h);
    api = cv(h, token);
  });

  it('ends a restore Failed when a scenario job rule says so (the second restore here)', async () => {
    await api.post('/CreateTask', inPlace()).expect(200);
    const second = (await api.post('/CreateTask', outOfPlace()).expect(200)).body.jobIds[0];
    h.clock.advance('2m');
    expect((await api.get('/Job/2141').expect(200)).body.jobs[0].jobSummary.status).toBe('Completed');
    expect((await api.get(`/Job/${second}`).expect(200)).body.jobs[0].jobSummary).toMatchObject({ status: 'Failed', percentComplete: 40, pendingReason: 'Failed to restore: the destination path is not writable.' });
  });

  const refusals: Array<[string, (t: Task) => void, number, string | RegExp]> = [
    ['an unknown destination client', (t) => (restoreOptions(t).destination.destClient = { clientName: 'nosuchhost' }), 1102, 'Client [nosuchhost] does not exist.'],
    ['an unknown destination client id', (t) => (restoreOptions(t).destination.destClient = { clientId: 99 }), 1102, 'Client [99] does not exist.'],
    ['a path not in the catalogue', (t) => (restoreOptions(t).fileOption.sourceItem = ['C:\\Data', 'C:\\Temp\\x.log']), 1103, 'No data found at the path specified [C:\\Temp\\x.log].'],
    ['a deleted file', (t) => (restoreOptions(t).fileOption.sourceItem = ['C:\\Data\\old\\notes.txt']), 1103, /notes\.txt/],
    ['an unknown subclient', (t) => (t.taskInfo.associations = [{ clientName: 'fs01', backupsetName: 'defaultBackupSet', subclientName: 'nosuch' }]), 1101, /No subclient matches/],
    ['an unknown client as source', (t) => (t.taskInfo.associations = [{ clientName: 'ghost', subclientId: 2 }]), 1101, /No subclient matches/],
  ];
  it.each(refusals)('refuses %s with errorCode (cvpysdk: "Restore job failed"), starting nothing', async (_what, change, errorCode, message) => {
    const t = outOfPlace();
    change(t);
    const res = await api.post('/CreateTask', t).expect(200);
    expect(res.body.errorCode).toBe(errorCode);
    expect(res.body.errorMessage).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    expect(h.jobs.list({ vendor: 'commvault', operation: 'Restore' })).toHaveLength(0);
    // the ids were not used up
    expect((await api.post('/CreateTask', outOfPlace()).expect(200)).body).toEqual({ taskId: 433, jobIds: ['2141'] });
  });

  const invalid: Array<[string, (t: Task) => void, RegExp]> = [
    ['no source items', (t) => (restoreOptions(t).fileOption.sourceItem = []), /fileOption.sourceItem is required/],
    ['out of place without a destination path', (t) => (restoreOptions(t).destination.destPath = ['']), /destPath is required/],
    ['out of place without a destination client', (t) => delete restoreOptions(t).destination.destClient, /destClient is required/],
    ['a time that is not a time', (t) => (restoreOptions(t).browseOption.timeRange = { toTimeValue: 'yesterday' }), /toTimeValue "yesterday"/],
    ['inPlace that is not a boolean', (t) => (restoreOptions(t).destination.inPlace = 'maybe'), /inPlace/],
    ['no association', (t) => (t.taskInfo.associations = []), /associations/],
    ['an unknown association field', (t) => (t.taskInfo.associations[0].bogus = 1), /bogus/],
  ];
  it.each(invalid)('answers %s with 400 errorCode 2, state intact', async (_what, change, message) => {
    const t = outOfPlace();
    change(t);
    const res = await api.post('/CreateTask', t).expect(400);
    expect(res.body).toEqual({ errorCode: 2, errorMessage: expect.stringMatching(message) });
    expect(h.jobs.list({ vendor: 'commvault', operation: 'Restore' })).toHaveLength(0);
  });

  it('answers malformed bodies, index-free restores (1005) and bad auth in the family format', async () => {
    const raw = (body: string, type: string, auth = token) => request(h.url('commvault')).post(`${B}/CreateTask`).set('Authtoken', auth).set('Accept', JSON_TYPE).set('Content-Type', type).send(body);
    expect((await raw('{"taskInfo":', JSON_TYPE).expect(400)).body.errorMessage).toMatch(/^Malformed JSON/);
    expect((await raw('<TMMsg_CreateTaskReq><taskInfo>', XML).expect(400)).body.errorMessage).toMatch(/^Malformed XML/);
    const byJob = outOfPlace();
    (byJob.taskInfo.subTasks[0] as unknown as { subTask: object }).subTask = { subTaskType: 3, operationType: 1005 };
    expect((await api.post('/CreateTask', byJob).expect(400)).body.errorMessage).toMatch(/unsupported subTask 3\/1005/);
    await raw(fixture('sdk.restore-out-of-place.createtask.request.json'), JSON_TYPE, 'QSDK nope').expect(401);
    const x = await cv(h, token, { xml: true }).post('/CreateTask', '<TMMsg_CreateTaskReq><taskInfo><associations clientName="fs01" subclientName="default"/><subTasks><subTask subTaskType="3" operationType="1001"/><options><restoreOptions><destination inPlace="false"><destClient clientName="ghost"/><destPath val="/x"/></destination><fileOption><sourceItem val="C:\\Data"/></fileOption></restoreOptions></options></subTasks></taskInfo></TMMsg_CreateTaskReq>').expect(200);
    expect(xmlBody(x.text)).toEqual({ root: 'TMMsg_GenericResp', body: { errorCode: '1102', errorMessage: 'Client [ghost] does not exist.' } });
    expect(h.jobs.list({ vendor: 'commvault', operation: 'Restore' })).toHaveLength(0);
  });
});
