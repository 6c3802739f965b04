import { cv, IDS, login, startCv, xmlBody, type Harness } from '../families/commvault/helpers';

const backupTask = (associations: Record<string, unknown>[], backupOpts: Record<string, unknown> = {}) => ({
  taskInfo: {
    task: { taskType: 1, initiatedFrom: 2, policyType: 0, taskFlags: { disabled: false } },
    associations,
    subTasks: [{ subTaskOperation: 1, subTask: { subTaskType: 2, operationType: 2 }, options: { backupOpts } }],
  },
});

describe('commvault jobs: DRBackup, CreateTask, Subclient backup, status, details, lists, control', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  let xapi: ReturnType<typeof cv>;
  beforeAll(async () => {
    // long-lived tokens: these tests jump the clock by hours
    h = await startCv({ vendors: { commvault: { tokenLifetime: '24h' } } });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    const token = await login(h);
    api = cv(h, token);
    xapi = cv(h, token, { xml: true });
  });
  const summary = async (id: string) => (await api.get(`/Job/${id}`).expect(200)).body.jobs[0].jobSummary;

  it('runs a DR backup on the virtual clock: Running with phases and progress, then Completed with times', async () => {
    const res = await api.post('/CommServ/DRBackup', { isCompressionEnabled: true, jobType: 1, backupType: 3 }).expect(200);
    expect(res.body).toEqual({ taskId: 433, jobIds: ['2141'] });
    const start = Math.floor(h.clock.now() / 1000);
    let s = await summary('2141');
    expect(s).toMatchObject({ jobId: 2141, status: 'Running', localizedStatus: 'Running', percentComplete: 0, currentPhaseName: 'Export', jobType: 'Disaster Recovery Backup', backupLevelName: 'Differential', jobStartTime: start, jobEndTime: 0, isVisible: true });
    expect(s.subclient).toMatchObject({ clientName: 'cs01', appName: 'CommServe Management' });
    expect(s.userName).toEqual({ userName: 'admin', userId: 1 });
    h.clock.advance('5s');
    s = await summary('2141');
    expect(s.status).toBe('Running');
    expect(s.percentComplete).toBeGreaterThan(50);
    expect(s.currentPhaseName).toBe('Backup');
    expect(s.jobElapsedTime).toBe(5);
    h.clock.advance('3s');
    s = await summary('2141');
    expect(s).toMatchObject({ status: 'Completed', percentComplete: 100, jobEndTime: start + 8, lastUpdateTime: start + 8 });
    expect(s.sizeOfApplication).toBeGreaterThan(0);
  });

  it('allows one DR backup at a time (a refusal cvpysdk reports as "Initializing backup failed")', async () => {
    await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200);
    const second = await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200);
    expect(second.body).toEqual({ errorCode: 9, errorMessage: 'A disaster recovery backup job [2141] is already running.' });
    const x = await xapi.post('/CommServ/DRBackup', '<TMMsg_CommcellDRBackupReq jobType="IMMEDIATE"/>').expect(200);
    expect(xmlBody(x.text)).toEqual({ root: 'TMMsg_GenericResp', body: { errorCode: '9', errorMessage: expect.stringContaining('already running') } });
    h.clock.advance('10s');
    expect((await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200)).body.jobIds).toEqual(['2142']);
  });

  it('resolves CreateTask associations by name: a subclient, or every eligible subclient of a backupset', async () => {
    const one = await api.post('/CreateTask', backupTask([{ clientName: 'FS01', appName: 'file system', backupsetName: 'defaultBackupSet', subclientName: 'documents' }], { backupLevel: 'FULL' })).expect(200);
    expect(one.body).toEqual({ taskId: 433, jobIds: ['2141'] });
    expect(await summary('2141')).toMatchObject({ backupLevelName: 'Full', jobType: 'Backup', subclient: expect.objectContaining({ subclientName: 'documents', clientId: 3, subclientId: 3 }) });
    const all = await api.post('/CreateTask', backupTask([{ clientName: 'lnx01', backupsetName: 'defaultBackupSet' }, { clientId: IDS.fs01, subclientName: 'default' }])).expect(200);
    // lnx01/scratch has no storage policy: not eligible
    expect(all.body).toEqual({ taskId: 434, jobIds: ['2142', '2143'] });
    expect(h.jobs.get('commvault', '2142')?.target).toBe('lnx01/defaultBackupSet/default');
    expect((await summary('2143')).backupLevelName).toBe('Incremental');
  });

  it('answers 587207178 when nothing is eligible (unknown names, no storage policy, backup disabled) and starts nothing', async () => {
    for (const assoc of [[{ clientName: 'nobody' }], [{ clientName: 'lnx01', subclientName: 'scratch' }], []]) {
      const res = await api.post('/CreateTask', backupTask(assoc)).expect(200);
      expect(res.body).toEqual({ errorCode: 587207178, errorMessage: 'Failed to start backups as no eligible subclients were found. ' });
    }
    const x = await xapi.post('/CreateTask', backupTask([{ clientName: 'nobody' }])).expect(200);
    expect(x.text).toBe('<TMMsg_GenericResp errorCode="587207178" errorMessage="Failed to start backups as no eligible subclients were found. "/>');
    // a storage policy named in the request makes lnx01/scratch eligible
    const ok = await api.post('/CreateTask', backupTask([{ clientName: 'lnx01', subclientName: 'scratch' }], { mediaOpt: { storagePolicy: { storagePolicyName: 'SP-Default-Disk' } } })).expect(200);
    expect(ok.body.jobIds).toEqual(['2141']);
    expect(h.jobs.list({ vendor: 'commvault' })).toHaveLength(1);
  });

  it('refuses subtasks it does not emulate with the generic error', async () => {
    const res = await api.post('/CreateTask', { taskInfo: { subTasks: [{ subTask: { subTaskType: 'RESTORE', operationType: 'RESTORE' } }] } }).expect(400);
    expect(res.body.errorMessage).toMatch(/unsupported subTask RESTORE\/RESTORE/);
  });

  it('backs up a subclient with the bodyless Subclient/{id}/action/backup cvpysdk sends', async () => {
    const res = await api.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=full&collectMetaInfo=False`).expect(200);
    expect(res.body).toEqual({ taskId: 433, jobIds: ['2141'] });
    expect((await summary('2141')).backupLevelName).toBe('Full');
    const synth = await xapi.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=synthetic_full&runIncrementalBackup=False`).expect(200);
    expect(xmlBody(synth.text)).toEqual({ root: 'TMMsg_CreateTaskResp', body: { taskId: '434', jobIds: '2142' } });
    expect((await api.post(`/Subclient/${IDS.lnxScratch}/action/backup?backupLevel=full`).expect(200)).body.errorCode).toBe(587207178);
    expect((await api.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=hourly`).expect(400)).body.errorMessage).toMatch(/backupLevel "hourly"/);
    expect((await api.post('/Subclient/99/action/backup?backupLevel=full').expect(404)).body.errorCode).toBe(4);
  });

  it('answers JobDetails (JSON and XML), and the error shape job.py reads for an unknown job', async () => {
    await api.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=full`).expect(200);
    h.clock.advance('6s');
    const d = (await api.post('/JobDetails', { jobId: 2141, showAttempt: true }).expect(200)).body.job.jobDetail;
    expect(d.progressInfo).toMatchObject({ state: 'Running', percentComplete: 50, currentPhase: 'Backup', reasonForJobDelay: '' });
    expect(d.generalInfo).toMatchObject({ jobId: 2141, jobType: 'Backup', backupLevel: 'Full' });
    expect(d.detailInfo.startTime).toBeGreaterThan(0);
    const x = xmlBody((await xapi.post('/JobDetails', '<JobManager_JobDetailRequest jobId="2141"/>').expect(200)).text);
    expect(x).toMatchObject({ root: 'JobManager_JobDetailResponse', body: { job: { jobDetail: { progressInfo: { state: 'Running' } } } } });
    const missing = await api.post('/JobDetails', { jobId: 5 }).expect(200);
    expect(missing.body).toEqual({ error: { errList: [{ errorCode: 2, errLogMessage: 'Job [5] does not exist or has been aged.' }] } });
    expect((await api.get('/Job/abc').expect(200)).body).toEqual({ totalRecordsWithoutPaging: 0 });
  });

  it('kills, suspends and resumes; refuses what the status does not allow', async () => {
    await api.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=full`).expect(200);
    const ok = { errors: [{ errList: [{ errorCode: 0, errLogMessage: '' }] }] };
    expect((await api.post('/Job/2141/action/pause').expect(200)).body).toEqual(ok);
    expect((await summary('2141')).status).toBe('Suspended');
    h.clock.advance('1h'); // suspended time does not count
    expect((await summary('2141')).percentComplete).toBe(0);
    expect((await api.post('/Job/2141/action/pause').expect(200)).body.errors[0].errList[0].errorCode).toBe(1);
    expect((await api.post('/Job/2141/action/resume').expect(200)).body).toEqual(ok);
    h.clock.advance('3s');
    expect(await summary('2141')).toMatchObject({ status: 'Running', percentComplete: 25 });
    const x = xmlBody((await xapi.post('/Job/2141/action/kill').expect(200)).text);
    expect(x).toEqual({ root: 'JobManager_PerformJobOperationResp', body: { errors: { errList: { errorCode: '0', errLogMessage: '' } } } });
    const killed = await summary('2141');
    expect(killed).toMatchObject({ status: 'Killed', pendingReason: 'Job was killed by user [admin].' });
    const again = await api.post('/Job/2141/action/kill').expect(200);
    expect(again.body.errors[0].errList[0]).toEqual({ errorCode: 1, errLogMessage: 'Job [2141] cannot be killed: its status does not allow it.' });
    expect((await api.post('/Job/77/action/kill').expect(200)).body.errors[0].errList[0]).toEqual({ errorCode: 2, errLogMessage: 'Job [77] does not exist.' });
    await api.post('/Job/2141/action/explode').expect(404);
    expect(h.find({ vendor: 'commvault', operation: 'KillJob' })).toHaveLength(3);
    expect(h.find({ vendor: 'commvault', operation: 'SuspendJob' })).toHaveLength(2);
    expect(h.find({ vendor: 'commvault', operation: 'ResumeJob' })).toHaveLength(1);
  });


  it('lists jobs with the JobController filters (POST Jobs) and GET Job?clientId=&jobFilter=', async () => {
    await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200); // 2141, 8 s
    await api.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=full`).expect(200); // 2142, 12 s
    h.clock.advance('10s');
    await api.post(`/Subclient/${IDS.lnxDefault}/action/backup?backupLevel=incremental`).expect(200); // 2143
    const list = async (body: Record<string, unknown>) => (await api.post('/Jobs', body).expect(200)).body;
    const ids = (b: { jobs?: Array<{ jobSummary: { jobId: number } }> }) => (b.jobs ?? []).map((j) => j.jobSummary.jobId);
    expect(ids(await list({ category: 0 }))).toEqual([2143, 2142, 2141]);
    expect(ids(await list({ category: 1, jobFilter: { completedJobLookupTime: 3600 } }))).toEqual([2143, 2142]);
    expect(ids(await list({ category: 2 }))).toEqual([2141]);
    expect(ids(await list({ category: 0, jobFilter: { clientList: [{ clientId: IDS.lnx01 }] } }))).toEqual([2143]);
    expect(ids(await list({ category: 0, jobFilter: { jobTypeList: ['Disaster Recovery Backup'] } }))).toEqual([2141]);
    const paged = await list({ category: 0, pagingConfig: { offset: 1, limit: 1 } });
    expect(paged.totalRecordsWithoutPaging).toBe(3);
    expect(ids(paged)).toEqual([2142]);
    expect(await list({ category: 0, jobFilter: { clientList: [{ clientId: 999 }] } })).toEqual({ totalRecordsWithoutPaging: 0 });
    h.clock.advance('2h');
    expect(ids(await list({ category: 2, jobFilter: { completedJobLookupTime: 3600 } }))).toEqual([]);
    expect(ids((await api.get(`/Job?clientId=${IDS.fs01}&jobFilter=Backup`).expect(200)).body)).toEqual([2142]);
    expect(ids((await api.get('/Job?jobCategory=Finished&limit=2').expect(200)).body)).toEqual([2143, 2142]);
  });
});

describe('commvault jobs: scenario rules on job control', () => {
  it('lets a scenario rule refuse job control by operation name, in the job-control shape', async () => {
    const h = await startCv({ rules: [{ match: { vendor: 'commvault', operation: 'KillJob' }, times: 1, respond: { error: 'JOB_OPERATION_REFUSED', message: 'Kill is not allowed for this job.' } }] });
    try {
      const api = cv(h, await login(h));
      await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200);
      const refused = await api.post('/Job/2141/action/kill').expect(200);
      expect(refused.body).toEqual({ errors: [{ errList: [{ errorCode: 1, errLogMessage: 'Kill is not allowed for this job.' }] }] });
      expect((await api.post('/Job/2141/action/kill').expect(200)).body.errors[0].errList[0].errorCode).toBe(0);
    } finally {
      await h.stop();
    }
  });
});
