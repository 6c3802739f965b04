import request from 'supertest';
import { B, cv, IDS, login, startCv, toNextMidnight, xmlBody, type Harness } from '../families/commvault/helpers';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const scheduleTask = (level: string, start: number) => ({
  taskInfo: {
    associations: [{ clientName: 'fs01', appName: 'File System', backupsetName: 'defaultBackupSet', subclientName: 'default' }],
    task: { initiatedFrom: 2, taskType: 2, policyType: 0, taskFlags: { disabled: false } },
    subTasks: [
      {
        subTaskOperation: 1,
        subTask: { subTaskType: 2, operationType: 2, subTaskName: `daily ${level}` },
        options: { backupOpts: { backupLevel: level } },
        pattern: { freq_type: 4, active_start_date: start / 1000, active_start_time: 2 * 3600, freq_recurrence_factor: 1, freq_interval: 0, timeZone: { TimeZoneName: '' } },
      },
    ],
  },
});

describe('commvault storage policies, plans and retention: details with retentionRules, data aging on the clock', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  let midnight: number;
  beforeAll(async () => {
    h = await startCv({
      vendors: { commvault: { tokenLifetime: '60d', dataAgingTime: '12:00' } },
      entities: {
        commvault: {
          storagePolicies: [{ name: 'SP-Default-Disk', retentionDays: 2, retentionCycles: 1, library: 'DiskLib-A' }, 'SP-Tape'],
          plans: [{ name: 'Gold', retentionDays: 7, retentionCycles: 1, rpoMinutes: 720, storagePool: 'Pool-A' }, 'Silver'],
        },
      },
    });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    midnight = toNextMidnight(h);
    api = cv(h, await login(h));
  });
  const backups = () => h.jobs.list({ vendor: 'commvault', operation: 'Backup' }).sort((a, b) => Number(a.id) - Number(b.id));
  const listed = async (showAgedJobs = false) =>
    ((await api.post('/Jobs', { category: 0, pagingConfig: { offset: 0, limit: 100 }, jobFilter: { completedJobLookupTime: 60 * 24 * 3600, showAgedJobs } }).expect(200)).body.jobs ?? []).map(
      (j: { jobSummary: { jobId: number } }) => String(j.jobSummary.jobId),
    );

  it('lists the storage policies as StoragePolicies._get_policies reads them, with their ids', async () => {
    expect((await api.get('/StoragePolicy?getAll=TRUE').expect(200)).body).toEqual({
      policies: [
        { storagePolicyName: 'SP-Default-Disk', storagePolicyId: 1 },
        { storagePolicyName: 'SP-Tape', storagePolicyId: 2 },
      ],
    });
  });

  it('answers a storage policy and its copy with the retention rules (days, cycles) StoragePolicyCopy.copy_retention reads', async () => {
    const sp = (await api.get('/StoragePolicy/1').expect(200)).body;
    expect(sp.storagePolicy).toEqual({ storagePolicyName: 'SP-Default-Disk', storagePolicyId: 1 });
    expect(sp.copy).toEqual([
      expect.objectContaining({ copyType: 1, active: 1, copyPrecedence: 1, isSnapCopy: 0, isDefault: 1, StoragePolicyCopy: expect.objectContaining({ copyId: 1, copyName: 'Primary' }), library: expect.objectContaining({ libraryName: 'DiskLib-A' }) }),
    ]);
    const copy = (await api.get('/V2/StoragePolicy/1/Copy/1').expect(200)).body.copy;
    expect(copy.retentionRules).toEqual({ retainBackupDataForDays: 2, retainBackupDataForCycles: 1, retainArchiverDataForDays: -1, jobs: 0 });
    // defaults: 15 days, 2 cycles
    expect((await api.get('/V2/StoragePolicy/2/Copy/2').expect(200)).body.copy.retentionRules).toMatchObject({ retainBackupDataForDays: 15, retainBackupDataForCycles: 2 });
    const x = xmlBody((await cv(h, await login(h), { xml: true }).get('/V2/StoragePolicy/1/Copy/1').expect(200)).text);
    expect(x.body).toMatchObject({ copy: { retentionRules: { retainBackupDataForDays: '2', retainBackupDataForCycles: '1' } } });
  });

  it('lists plans as Plans._get_plans reads them and answers one plan with its summary, copy retention and entities', async () => {
    expect((await api.get('/V2/Plan').expect(200)).body).toEqual({ plans: [{ plan: { planName: 'Gold', planId: 1 } }, { plan: { planName: 'Silver', planId: 2 } }] });
    const plan = (await api.get('/V2/Plan/1?propertyLevel=30').expect(200)).body.plan;
    expect(plan.summary).toMatchObject({ plan: { planName: 'Gold', planId: 1 }, slaInMinutes: 720, subtype: 33554437, type: 2, numAssocEntities: 0 });
    expect(plan.storage.copy).toEqual([
      expect.objectContaining({ StoragePolicyCopy: expect.objectContaining({ copyName: 'Primary' }), useGlobalPolicy: { storagePolicyName: 'Pool-A' }, isDefault: 1, isSnapCopy: 0, retentionRules: expect.objectContaining({ retainBackupDataForDays: 7, retainBackupDataForCycles: 1 }) }),
    ]);
    expect(plan.operationWindow).toEqual({ ruleId: 0 });
    expect(plan.fullOperationWindow).toEqual({ ruleId: 0 });
    expect((await api.get('/V2/Plan/2').expect(200)).body.plan.storage.copy[0].retentionRules).toMatchObject({ retainBackupDataForDays: 30, retainBackupDataForCycles: 1 });
    expect((await api.get('/V2/Plan/1/AssociatedEntities').expect(200)).body).toEqual({ entities: [] });
    expect((await api.get('/V4/ServerPlan/1').expect(200)).body).toMatchObject({ plan: { id: 1, name: 'Gold' }, backupDestinations: [{ retentionPeriodDays: 7, storagePool: { name: 'Pool-A' } }] });
  });

  it('answers unknown plans, policies and copies with ENTITY_NOT_FOUND (404, errorCode 4), and asks for a token', async () => {
    for (const path of ['/V2/Plan/99', '/V2/Plan/abc', '/V2/Plan/99/AssociatedEntities', '/V4/ServerPlan/99', '/StoragePolicy/99', '/StoragePolicy/x', '/V2/StoragePolicy/1/Copy/9', '/V2/StoragePolicy/9/Copy/1']) {
      const res = await api.get(path).expect(404);
      expect(res.body).toEqual({ errorCode: 4, errorMessage: expect.stringMatching(/does not exist\.$/) });
    }
    for (const path of ['/V2/Plan', '/V2/Plan/1', '/StoragePolicy', '/StoragePolicy/1', '/V2/StoragePolicy/1/Copy/1']) {
      const res = await request(h.url('commvault')).get(B + path).set('Accept', 'application/json');
      expect(res.status).toBe(401);
      expect(res.body.errorCode).toBe(1);
    }
    expect((await api.get('/V2/Plan').expect(200)).body.plans).toHaveLength(2);
  });

  it('ages daily fulls by days and cycles at the daily data aging run: a week leaves the last two in the lists', async () => {
    await api.post('/CreateTask', scheduleTask('Full', midnight)).expect(200);
    h.clock.advance('7d');
    const jobs = backups();
    expect(jobs).toHaveLength(7);
    // The last run (day 6, 12:00) ages what ended more than 2 days before with a newer full: days 0-4.
    const aged = jobs.filter((j) => j.data.agedOut === true);
    expect(aged.map((j) => j.id)).toEqual(jobs.slice(0, 5).map((j) => j.id));
    expect(aged.map((j) => (Number(j.data.agedAt) - midnight) / HOUR)).toEqual([2, 3, 4, 5, 6].map((d) => d * 24 + 12));
    expect(await listed()).toEqual(jobs.slice(5).map((j) => j.id).reverse());
    expect(await listed(true)).toHaveLength(7);
    expect(((await api.get(`/Job?clientId=${IDS.fs01}&completedJobLookupTime=5184000`).expect(200)).body.jobs ?? []).map((j: { jobSummary: { jobId: number } }) => String(j.jobSummary.jobId))).toEqual(
      jobs.slice(5).map((j) => j.id).reverse(),
    );
    // The job history keeps an aged job: Job/{id} and JobDetails still answer it, flagged isAged.
    const first = (await api.get(`/Job/${jobs[0].id}`).expect(200)).body;
    expect(first.totalRecordsWithoutPaging).toBe(1);
    expect(first.jobs[0].jobSummary).toMatchObject({ status: 'Completed', isAged: true });
    expect((await api.get(`/Job/${jobs[6].id}`).expect(200)).body.jobs[0].jobSummary.isAged).toBe(false);
    expect((await api.post('/JobDetails', { jobId: Number(jobs[0].id) }).expect(200)).body.job.jobDetail.progressInfo.state).toBe('Completed');
  });

  it('keeps incrementals with no newer full (the cycles rule), and ages them once a newer full cycle exists', async () => {
    await api.post('/CreateTask', scheduleTask('Incremental', midnight)).expect(200);
    h.clock.advance('7d');
    expect(backups()).toHaveLength(7);
    expect(backups().filter((j) => j.data.agedOut)).toEqual([]);
    await api.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=full`).expect(200);
    h.clock.advance('13h'); // past the next data aging run at 12:00
    const aged = backups().filter((j) => j.data.agedOut);
    // The run at day 7, 12:00 ages the incrementals of days 0-5 (ended more than 2 days before, a newer full since).
    expect(aged.map((j) => (j.startedAt! - midnight) / HOUR)).toEqual([0, 1, 2, 3, 4, 5].map((d) => d * 24 + 2));
    expect(backups().filter((j) => j.data.backupLevelName === 'Full' && j.data.agedOut)).toEqual([]);
  });

  it('leaves failed and running jobs and subclients without retention alone', async () => {
    await api.post(`/Subclient/${IDS.lnxDefault}/action/backup?backupLevel=full`).expect(200);
    const running = backups()[0];
    await api.post(`/Job/${running.id}/action/kill`).expect(200);
    for (let d = 0; d < 5; d++) {
      await api.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=full`).expect(200);
      h.clock.advance('1d');
    }
    expect(h.jobs.get('commvault', running.id)!.data.agedOut).toBeUndefined();
    expect(backups().filter((j) => j.data.agedOut).length).toBeGreaterThan(0);
  });
});
