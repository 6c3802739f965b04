import { startTestHarness, type Harness } from '../../helpers';
import { cv, login } from '../families/commvault/helpers';

/** Metallic's fileserver01 in scenarios/commvault-catalogue.yaml: jobs 5974 (Full, 2 d ago) and 5975 (Incremental, 1 d ago). */
describe('metallic browse, find and restore over the seeded catalogue', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['metallic'], scenarioFiles: ['scenarios/default/metallic.yaml', 'scenarios/commvault-catalogue.yaml'] });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    api = cv(h, await login(h, { vendor: 'metallic' }), { vendor: 'metallic' });
  });
  // fileserver01 is client 4 on Metallic; its backupset 3, subclient 3
  const entity = { clientName: 'fileserver01', clientId: 4, applicationId: 33, instanceId: 1, backupsetId: 3, subclientId: 3 };
  const rows = (body: any) => (body.browseResponses[0].browseResult.dataResultSet ?? []) as Array<Record<string, any>>;

  it('browses and finds the newest versions, and the seeded jobs are Completed jobs', async () => {
    const b = await api.post('/DoBrowse', { opType: 0, entity, paths: [{ path: 'C:\\Shares\\finance' }] }).expect(200);
    expect(rows(b.body).map((r) => [r.path, r.size, r.advancedData.jobId])).toEqual([['C:\\Shares\\finance\\q4.xlsx', 90112, 5975]]);
    const f = await api.post('/DoBrowse', { opType: 1, entity, paths: [{ path: '\\**\\*' }], queries: [{ whereClause: [{ criteria: { field: 'FileName', values: ['*.pdf'] } }] }] }).expect(200);
    expect(rows(f.body).map((r) => r.path)).toEqual(['C:\\Shares\\hr\\handbook.pdf']);
    expect((await api.get('/Job/5974').expect(200)).body.jobs[0].jobSummary).toMatchObject({ status: 'Completed', jobType: 'Backup', backupLevelName: 'Full', totalNumOfFiles: 2 });
  });

  it('restores in place to Completed with Metallic ids, and refuses an unknown destination', async () => {
    const task = (destination: object) => ({
      taskInfo: {
        associations: [{ clientName: 'fileserver01', appName: 'File System', backupsetName: 'defaultBackupSet', subclientName: 'default' }],
        task: { taskType: 1 },
        subTasks: [{ subTaskOperation: 1, subTask: { subTaskType: 3, operationType: 1001 }, options: { restoreOptions: { destination, fileOption: { sourceItem: ['C:\\Shares'] } } } }],
      },
    });
    expect((await api.post('/CreateTask', task({ inPlace: true, destClient: { clientName: 'fileserver01' } })).expect(200)).body).toEqual({ taskId: 4038, jobIds: ['5976'] });
    h.clock.advance('2m');
    expect((await api.get('/Job/5976').expect(200)).body.jobs[0].jobSummary).toMatchObject({ status: 'Completed', jobType: 'Restore', totalNumOfFiles: 2 });
    expect((await api.post('/CreateTask', task({ inPlace: false, destClient: { clientName: 'nowhere' }, destPath: ['C:\\R'] })).expect(200)).body).toEqual({ errorCode: 1102, errorMessage: 'Client [nowhere] does not exist.' });
  });
});
