import request from 'supertest';
import { B, cv, IDS, login, startCv, toNextMidnight, xmlBody, type Harness } from '../families/commvault/helpers';

const DAY = 24 * 60 * 60 * 1000;
const fs01Default = { clientName: 'fs01', appName: 'File System', backupsetName: 'defaultBackupSet', subclientName: 'default', clientId: 3, applicationId: 33, backupsetId: 2, subclientId: 2, _type_: 7 };

/** What cvpysdk's SchedulePattern.create_schedule makes of a backup request (taskType 2, a pattern per subtask). */
const scheduled = (pattern: Record<string, unknown>, opts: { name?: string; level?: string; associations?: Record<string, unknown>[] } = {}) => ({
  taskInfo: {
    associations: opts.associations ?? [fs01Default],
    task: { initiatedFrom: 2, taskType: 2, policyType: 0, taskFlags: { disabled: false } },
    subTasks: [
      {
        subTaskOperation: 1,
        subTask: { subTaskType: 2, operationType: 2, subTaskName: opts.name ?? 'nightly' },
        options: { backupOpts: { backupLevel: opts.level ?? 'Full', incLevel: 'BEFORE_SYNTH', runIncrementalBackup: false } },
        pattern,
      },
    ],
  },
});

describe('commvault schedules: CreateTask with a pattern, Schedules, Schedules/{taskId}, qoperation delete / run now', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  let midnight: number;
  const pattern = (freq: number, extra: Record<string, unknown> = {}) => ({
    freq_type: freq,
    active_start_date: midnight / 1000,
    active_start_time: 2 * 3600,
    freq_recurrence_factor: 1,
    freq_interval: 0,
    freq_relative_interval: 0,
    timeZone: { TimeZoneName: '' },
    ...extra,
  });
  const daily = () => pattern(4);
  const backupJobs = () => h.jobs.list({ vendor: 'commvault', operation: 'Backup' });

  beforeAll(async () => {
    h = await startCv({ vendors: { commvault: { tokenLifetime: '30d' } } });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    midnight = toNextMidnight(h); // each test starts at a midnight (UTC): a 02:00 pattern first runs that day
    api = cv(h, await login(h));
  });

  it('answers a backup with a schedule pattern with a task id and no job ids, and starts nothing', async () => {
    const res = await api.post('/CreateTask', scheduled(daily())).expect(200);
    expect(res.body).toEqual({ taskId: 433 });
    expect(backupJobs()).toEqual([]);
  });

  it('lists the schedule for the subclient, its client, agent, backupset and the Commcell, in the shape Schedules._get_schedules reads', async () => {
    await api.post('/CreateTask', scheduled(daily())).expect(200);
    const sub = (await api.get(`/Schedules?clientId=${IDS.fs01}&apptypeId=${IDS.fsAppId}&backupsetId=${IDS.fsBackupset}&subclientId=${IDS.fsDefault}`).expect(200)).body;
    expect(sub.taskDetail).toHaveLength(1);
    expect(sub.taskDetail[0].task).toMatchObject({ taskId: 433, taskType: 2, taskFlags: { disabled: false } });
    expect(sub.taskDetail[0].subTasks).toEqual([
      {
        subTask: { subTaskId: 1, subTaskName: 'nightly', subTaskType: 2, operationType: 2, flags: 0 },
        pattern: expect.objectContaining({ freq_type: 4, active_start_date: midnight / 1000, active_start_time: 7200, freq_recurrence_factor: 1, description: 'Daily at 2:00 AM' }),
        options: { backupOpts: { backupLevel: 'FULL' } },
      },
    ]);
    for (const q of [`clientId=${IDS.fs01}`, `clientId=${IDS.fs01}&apptypeId=${IDS.fsAppId}`, `clientId=${IDS.fs01}&apptypeId=${IDS.fsAppId}&backupsetId=${IDS.fsBackupset}`]) {
      expect((await api.get(`/Schedules?${q}`).expect(200)).body.taskDetail).toHaveLength(1);
    }
    // cvpysdk's COMMCELL_SCHEDULES is '{0}/Schedules': a double slash
    expect((await api.get('//Schedules').expect(200)).body.taskDetail).toHaveLength(1);
    expect((await api.get(`/Schedules?clientId=${IDS.lnx01}`).expect(200)).body).toEqual({});
    expect((await api.get('/Schedules?operationType=BACKUP').expect(200)).body.taskDetail).toHaveLength(1);
    expect((await api.get('/Schedules?operationType=DATA_AGING').expect(200)).body).toEqual({}); // Schedules(commcell, OperationType.DATA_AGING)
    expect((await api.get(`/Schedules?clientId=${IDS.fs01}&apptypeId=${IDS.fsAppId}&backupsetId=${IDS.fsBackupset}&subclientId=${IDS.fsDocuments}`).expect(200)).body).toEqual({});
  });

  it('answers Schedules/{taskId} with the taskInfo Schedule._get_schedule_properties reads', async () => {
    await api.post('/CreateTask', scheduled(pattern(8, { freq_interval: 2 | 32 }), { name: 'Weekly FS' })).expect(200);
    const info = (await api.get('/Schedules/433').expect(200)).body.taskInfo;
    expect(info.task).toMatchObject({ taskId: 433, taskFlags: { disabled: false } });
    expect(info.associations).toEqual([expect.objectContaining({ clientName: 'fs01', subclientName: 'default', subclientId: 2, backupsetName: 'defaultBackupSet', appName: 'File System' })]);
    expect(info.subTasks[0].subTask).toMatchObject({ subTaskId: 1, subTaskName: 'Weekly FS', operationType: 2 });
    expect(info.subTasks[0].pattern).toMatchObject({ freq_type: 8, freq_interval: 34, description: 'Weekly on Monday, Friday at 2:00 AM' });
  });

  it('takes any time of the first day as active_start_date (cvpysdk sends its midnight)', async () => {
    await api.post('/CreateTask', scheduled(pattern(4, { active_start_date: midnight / 1000 + 5 * 3600 }))).expect(200);
    expect((await api.get('/Schedules/433').expect(200)).body.taskInfo.subTasks[0].pattern.active_start_date).toBe(midnight / 1000);
    h.clock.advance('3h');
    expect(backupJobs()).toHaveLength(1);
  });

  it('fires a daily schedule on the virtual clock: a week yields seven backups at 02:00, with the schedule task id', async () => {
    await api.post('/CreateTask', scheduled(daily())).expect(200);
    h.clock.advance('7d');
    const jobs = backupJobs();
    expect(jobs).toHaveLength(7);
    expect(jobs.map((j) => j.startedAt! - midnight)).toEqual([0, 1, 2, 3, 4, 5, 6].map((d) => d * DAY + 2 * 3600 * 1000));
    expect(jobs.every((j) => j.state === 'succeeded' && j.data.taskId === 433 && j.data.backupLevelName === 'Full')).toBe(true);
    const list = (await api.post('/Jobs', { category: 0, pagingConfig: { offset: 0, limit: 20 }, jobFilter: { completedJobLookupTime: 8 * 24 * 3600, showAgedJobs: false } }).expect(200)).body;
    expect(list.totalRecordsWithoutPaging).toBe(7);
  });

  it('fires from its start date on: a start date ahead waits, a time already past today waits for tomorrow', async () => {
    await api.post('/CreateTask', scheduled(pattern(4, { active_start_date: midnight / 1000 + 2 * 86400 }))).expect(200);
    h.clock.advance('2h'); // 02:00: the first schedule made its first run
    await api.post('/CreateTask', scheduled(daily(), { name: 'late' })).expect(200);
    h.clock.advance(`${2 * 24 + 1}h`);
    const starts = (task: number) => backupJobs().filter((j) => j.data.taskId === task).map((j) => (j.startedAt! - midnight) / 3600_000);
    expect(starts(433)).toEqual([50]);
    expect(starts(434)).toEqual([26, 50]);
  });

  it('fires weekly on its weekdays, every N days, monthly on its day, one-time once, and repeats within a day', async () => {
    const weekday = new Date(midnight).getUTCDay();
    await api.post('/CreateTask', scheduled(pattern(8, { freq_interval: 1 << weekday }), { name: 'weekly' })).expect(200); // today's weekday
    await api.post('/CreateTask', scheduled(pattern(4, { freq_recurrence_factor: 3 }), { name: 'every3' })).expect(200);
    await api.post('/CreateTask', scheduled(pattern(16, { freq_interval: new Date(midnight).getUTCDate() }), { name: 'monthly' })).expect(200);
    await api.post('/CreateTask', scheduled(pattern(1, { active_start_date: midnight / 1000 + 2 * 86400 }), { name: 'once' })).expect(200);
    await api.post('/CreateTask', scheduled(pattern(4, { freq_subday_interval: 4 * 3600, active_end_time: 10 * 3600 }), { name: 'subday' })).expect(200);
    h.clock.advance(21 * DAY - 1); // to the end of day 20
    const by = (task: number) => backupJobs().filter((j) => j.data.taskId === task).map((j) => (j.startedAt! - midnight) / 3600_000);
    expect(by(433)).toEqual([0, 7, 14].map((d) => d * 24 + 2));
    expect(by(434)).toEqual([0, 3, 6, 9, 12, 15, 18].map((d) => d * 24 + 2));
    expect(by(435)[0]).toBe(2); // then the same day next month, 28 to 31 days on
    expect(by(435).length).toBe(1);
    expect(by(436)).toEqual([50]);
    expect(by(437)).toHaveLength(21 * 3);
    expect(by(437).slice(-3)).toEqual([20 * 24 + 2, 20 * 24 + 6, 20 * 24 + 10]);
  });

  it('stops after active_end_occurence runs and after active_end_date', async () => {
    await api.post('/CreateTask', scheduled(pattern(4, { active_end_occurence: 2 }), { name: 'twice' })).expect(200);
    await api.post('/CreateTask', scheduled(pattern(4, { active_end_date: midnight / 1000 + 3 * 86400 }), { name: 'until' })).expect(200);
    h.clock.advance('10d');
    const count = (task: number) => backupJobs().filter((j) => j.data.taskId === task).length;
    expect(count(433)).toBe(2);
    expect(count(434)).toBe(4); // days 0..3
  });

  it('deletes a schedule as Schedules.delete does (Qcommand/qoperation execute, opType 3): no more listing, no more backups', async () => {
    await api.post('/CreateTask', scheduled(daily())).expect(200);
    h.clock.advance('2d');
    expect(backupJobs()).toHaveLength(2);
    const del = await api.post('/Qcommand/qoperation%20execute', { TMMsg_TaskOperationReq: { opType: 3, subtaskEntity: [{ _type_: 68, subtaskId: 1 }] } }).expect(200);
    expect(del.body).toEqual({ errorCode: 0, errorMessage: '' });
    expect((await api.get('/Schedules').expect(200)).body).toEqual({});
    expect((await api.get('/Schedules/433').expect(200)).body).toEqual({ errorCode: 12, errorMessage: 'Schedule task [433] does not exist.' });
    h.clock.advance('3d');
    expect(backupJobs()).toHaveLength(2);
  });

  it('runs a schedule now (opType 5, Schedule.run_now) with the schedule task id', async () => {
    await api.post('/CreateTask', scheduled(daily())).expect(200);
    const run = await api.post('/Qcommand/qoperation%20execute', { TMMsg_TaskOperationReq: { opType: 5, subtaskEntity: [{ _type_: 68, subtaskId: 1, taskName: '', subtaskName: 'nightly', taskId: 433 }], taskIds: [433] } }).expect(200);
    expect(run.body).toEqual({ taskId: 433, jobIds: ['2141'] });
    expect(backupJobs().map((j) => j.data.taskId)).toEqual([433]);
  });

  it('disables and enables a task as Schedule.disable / enable do (taskId=N as text/plain): nothing fires while disabled, nothing is caught up', async () => {
    await api.post('/CreateTask', scheduled(daily())).expect(200);
    const plain = (path: string, body: string) => api.post(path).set('Content-Type', 'text/plain').send(body);
    expect((await plain('/Schedules/task/Action/Disable', 'taskId=433').expect(200)).body).toEqual({ errorCode: 0, errorMessage: '' });
    expect((await api.get('/Schedules/433').expect(200)).body.taskInfo.task.taskFlags.disabled).toBe(true);
    h.clock.advance('2d');
    expect(backupJobs()).toEqual([]);
    expect((await plain('/Schedules/task/Action/Enable', 'taskId=433').expect(200)).body).toEqual({ errorCode: 0, errorMessage: '' });
    expect((await api.get('/Schedules').expect(200)).body.taskDetail[0].task.taskFlags.disabled).toBe(false);
    h.clock.advance('1d');
    expect(backupJobs().map((j) => (j.startedAt! - midnight) / 3600_000)).toEqual([50]);
    // JSON {taskId} is read too; unknown tasks and other bodies are refused, the task untouched
    expect((await api.post('/Schedules/task/Action/Disable', { taskId: 433 }).expect(200)).body.errorCode).toBe(0);
    expect((await plain('/Schedules/task/Action/Enable', 'taskId=999').expect(200)).body).toEqual({ errorCode: 12, errorMessage: 'Schedule task [999] does not exist.' });
    expect((await plain('/Schedules/task/Action/Enable', 'taskId=abc').expect(200)).body.errorCode).toBe(12);
    expect((await plain('/Schedules/task/Action/Enable', 'hello').expect(400)).body).toEqual({ errorCode: 2, errorMessage: 'Invalid request: the body must be taskId=<task id>' });
    expect((await api.post('/Schedules/task/Action/Enable').expect(400)).body.errorCode).toBe(2);
    expect((await api.get('/Schedules/433').expect(200)).body.taskInfo.task.taskFlags.disabled).toBe(true);
  });

  it('speaks XML too: a scheduled CreateTask, the listing and a delete', async () => {
    const xapi = cv(h, await login(h), { xml: true });
    const p = daily();
    const body =
      `<TMMsg_CreateTaskReq><taskInfo><associations clientName="fs01" appName="File System" backupsetName="defaultBackupSet" subclientName="default"/>` +
      `<task taskType="2" initiatedFrom="2"/><subTasks><subTask subTaskType="2" operationType="2" subTaskName="xml nightly"/>` +
      `<options><backupOpts backupLevel="INCREMENTAL"/></options>` +
      `<pattern freq_type="4" active_start_date="${p.active_start_date}" active_start_time="7200" freq_recurrence_factor="1"><timeZone TimeZoneName=""/></pattern></subTasks></taskInfo></TMMsg_CreateTaskReq>`;
    const res = await xapi.post('/CreateTask', body).expect(200);
    expect(res.text).toBe('<TMMsg_CreateTaskResp taskId="433"/>');
    const list = xmlBody((await xapi.get(`/Schedules?clientId=${IDS.fs01}`).expect(200)).text);
    expect(list.root).toBe('TMMsg_TaskDetailResp');
    expect(list.body.taskDetail).toMatchObject({ task: { taskId: '433' }, subTasks: { subTask: { subTaskName: 'xml nightly', subTaskId: '1' } } });
    const del = await xapi.post('/Qcommand/qoperation%20execute', '<TMMsg_TaskOperationReq opType="3"><subtaskEntity _type_="68" subtaskId="1"/></TMMsg_TaskOperationReq>').expect(200);
    expect(xmlBody(del.text)).toEqual({ root: 'TMMsg_GenericResp', body: { errorCode: '0', errorMessage: '' } });
    expect((await api.get('/Schedules').expect(200)).body).toEqual({});
  });

  describe('bad input: the family error shapes, nothing created or lost', () => {
    beforeEach(async () => {
      await api.post('/CreateTask', scheduled(daily())).expect(200);
    });
    const intact = async () => {
      const all = (await api.get('/Schedules').expect(200)).body.taskDetail;
      expect(all.map((t: { task: { taskId: number } }) => t.task.taskId)).toEqual([433]);
      expect(backupJobs()).toEqual([]);
    };

    it.each([
      ['an emulated frequency only', () => pattern(32), 'freq_type 32 is not emulated'],
      ['weekdays for weekly', () => pattern(8), 'a weekly pattern needs weekdays'],
      ['a day for monthly', () => pattern(16, { freq_interval: 40 }), 'day of the month'],
      ['a start date', () => pattern(4, { active_start_date: -86400 }), 'active_start_date must be epoch seconds'],
      ['a time within the day', () => pattern(4, { active_start_time: 90000 }), 'active_start_time'],
      ['numbers', () => pattern(4, { freq_recurrence_factor: 'often' }), 'freq_recurrence_factor must be an integer'],
      ['a freq_type', () => ({ active_start_date: 0 }), 'freq_type is required'],
      ['an object', () => 'daily', 'pattern must be an object'],
      ['an end after the start', () => pattern(4, { active_end_date: 0 }), 'active_end_date is before'],
    ])('needs %s in a pattern (errorCode 11, the answer cvpysdk raises "Initializing backup failed" on)', async (_what, bad, message) => {
      const res = await api.post('/CreateTask', scheduled(bad() as Record<string, unknown>)).expect(200);
      expect(res.body).toEqual({ errorCode: 11, errorMessage: expect.stringContaining(message) });
      await intact();
    });

    it('needs a pattern on every subtask of a scheduled task', async () => {
      const body = scheduled(daily());
      body.taskInfo.subTasks.push({ ...body.taskInfo.subTasks[0], pattern: undefined as unknown as ReturnType<typeof daily> });
      expect((await api.post('/CreateTask', body).expect(200)).body).toEqual({ errorCode: 11, errorMessage: expect.stringContaining('every subtask') });
      await intact();
    });

    it('refuses a schedule that names no subclient (587207178) and an unknown entity filter', async () => {
      const res = await api.post('/CreateTask', scheduled(daily(), { associations: [{ clientName: 'nosuch' }] })).expect(200);
      expect(res.body.errorCode).toBe(587207178);
      expect((await api.get('/Schedules?clientId=abc').expect(404)).body).toEqual({ errorCode: 4, errorMessage: 'clientId [abc] does not exist.' });
      await intact();
    });

    it('answers unknown schedules: Schedules/{id}, delete and run now', async () => {
      expect((await api.get('/Schedules/999').expect(200)).body).toEqual({ errorCode: 12, errorMessage: 'Schedule task [999] does not exist.' });
      expect((await api.get('/Schedules/__proto__').expect(200)).body.errorCode).toBe(12);
      for (const opType of [3, 5]) {
        const res = await api.post('/Qcommand/qoperation%20execute', { TMMsg_TaskOperationReq: { opType, subtaskEntity: [{ _type_: 68, subtaskId: 99 }] } }).expect(200);
        expect(res.body).toEqual({ errorCode: 12, errorMessage: 'Schedule [99] does not exist.' });
      }
      // one unknown among known ones deletes none
      const mixed = await api.post('/Qcommand/qoperation%20execute', { TMMsg_TaskOperationReq: { opType: 3, subtaskEntity: [{ subtaskId: 1 }, { subtaskId: 99 }] } }).expect(200);
      expect(mixed.body.errorCode).toBe(12);
      await intact();
    });

    it('refuses task operations and qoperations it does not emulate, and malformed bodies', async () => {
      const q = '/Qcommand/qoperation%20execute';
      expect((await api.post(q, { TMMsg_TaskOperationReq: { opType: 7, subtaskEntity: [{ subtaskId: 1 }] } }).expect(400)).body).toEqual({ errorCode: 2, errorMessage: expect.stringContaining('opType 7 is not emulated') });
      expect((await api.post(q, { App_UpdateStoragePolicyReq: { sidbBlockSizeKB: 512 } }).expect(400)).body.errorMessage).toContain('"App_UpdateStoragePolicyReq" is not emulated');
      expect((await api.post(q, { TMMsg_TaskOperationReq: { opType: 3, subtaskEntity: [] } }).expect(400)).body.errorMessage).toContain('names no schedule');
      expect((await api.post(q, { TMMsg_TaskOperationReq: { opType: 3, subtaskEntity: [{ subtaskId: 'x' }] } }).expect(400)).body.errorMessage).toContain('subtaskId');
      expect((await api.post(q, { TMMsg_TaskOperationReq: { opType: 3, bogus: 1, subtaskEntity: [{ subtaskId: 1 }] } }).expect(400)).body.errorCode).toBe(2);
      expect((await api.post(q).expect(400)).body.errorMessage).toContain('body is required');
      const raw = await request(h.url('commvault')).post(`${B}${q}`).set('Authtoken', 'x').set('Content-Type', 'application/json').send('{');
      expect(raw.status).toBe(401);
      await intact();
    });

    it('asks for a token on every schedule route (401, errorCode 1)', async () => {
      const base = request(h.url('commvault'));
      for (const r of [base.get(`${B}/Schedules`), base.get(`${B}/Schedules/433`), base.post(`${B}/Qcommand/qoperation%20execute`).send({ TMMsg_TaskOperationReq: { opType: 3, subtaskEntity: [{ subtaskId: 1 }] } }), base.post(`${B}/CreateTask`).send(scheduled(daily()))]) {
        const res = await r.set('Accept', 'application/json');
        expect(res.status).toBe(401);
        expect(res.body.errorCode).toBe(1);
      }
      await intact();
    });
  });
});
