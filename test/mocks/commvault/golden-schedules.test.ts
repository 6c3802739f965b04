import { readFileSync } from 'node:fs';
import { cv, IDS, login, startCv, type Harness } from '../families/commvault/helpers';

const json = (name: string) => JSON.parse(readFileSync(`fixtures/commvault/${name}`, 'utf8'));
const Q = '/Qcommand/qoperation%20execute';

describe('commvault golden files for schedules and retention (fixtures/commvault, from cvpysdk schedules.py and storage_policies.py)', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  beforeAll(async () => {
    h = await startCv({ vendors: { commvault: { tokenLifetime: '30d' } } });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    api = cv(h, await login(h));
  });

  it("answers cvpysdk's scheduled backup with the schedule answer, and lists and shows it as schedules.py reads them", async () => {
    expect((await api.post('/CreateTask', json('sdk.schedule-daily.createtask.request.json')).expect(200)).body).toEqual(json('schedule-created.response.json'));
    const q = `clientId=${IDS.fs01}&apptypeId=${IDS.fsAppId}&backupsetId=${IDS.fsBackupset}&subclientId=${IDS.fsDefault}`;
    expect((await api.get(`/Schedules?${q}`).expect(200)).body).toEqual(json('schedules.response.json'));
    expect((await api.get('/Schedules/433').expect(200)).body).toMatchObject(json('schedule-task.response.json'));
  });

  it("runs it now and deletes it with cvpysdk's TMMsg_TaskOperationReq bodies", async () => {
    await api.post('/CreateTask', json('sdk.schedule-daily.createtask.request.json')).expect(200);
    expect((await api.post(Q, json('sdk.schedule-run-now.request.json')).expect(200)).body).toEqual({ taskId: 433, jobIds: ['2141'] });
    expect((await api.post(Q, json('sdk.schedule-delete.request.json')).expect(200)).body).toEqual(json('task-operation-ok.response.json'));
    expect((await api.get('/Schedules').expect(200)).body).toEqual({});
  });

  it('refuses a pattern it does not emulate in the golden shape', async () => {
    const body = json('sdk.schedule-daily.createtask.request.json');
    body.taskInfo.subTasks[0].pattern.freq_type = 32;
    expect((await api.post('/CreateTask', body).expect(200)).body).toEqual(json('schedule-pattern-invalid.response.json'));
    expect((await api.get('/Schedules').expect(200)).body).toEqual({});
  });

  it('answers the storage policy copy with the retention rules StoragePolicyCopy.copy_retention reads', async () => {
    expect((await api.get('/V2/StoragePolicy/1/Copy/1').expect(200)).body).toEqual(json('storage-policy-copy.response.json'));
  });
});
