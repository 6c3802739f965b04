/**
 * Contract: the Commvault backup lifecycle over real sockets (HTTP and HTTPS, JSON and XML), the
 * way cvpysdk drives it: a backup with a schedule pattern (schedules.py
 * `SchedulePattern.create_schedule`) answers a task id and no jobs; `Schedules` for the
 * subclient and `Schedules/{taskId}` show it; a week on the manual clock fires seven nightly
 * backups; the job list (JobController `POST Jobs`) shows what data aging left, with the aged ones
 * back under `showAgedJobs` and `Job/{id}` still answering them; the plan or storage policy shows
 * its retention; `Qcommand/qoperation execute` deletes the schedule, and the next night starts
 * nothing. Between the listings and the delete, the catalogue the scheduled backups made is
 * browsed (DoBrowse, as backupset.py sends it: the kept nights hold the subclient's files, the aged
 * ones nothing) and a browsed file is restored in place from it (CreateTask 3/1001, the body
 * cvpysdk 11.40.2 sent), the Restore job polled to Completed. Retention here: 3 days, 1 cycle;
 * data aging at 12:00.
 */
import { readFileSync } from 'node:fs';
import { startTestHarness, type Harness } from '../helpers';
import { client, first, num, send } from './commvault-client';

const fixture = (name: string) => JSON.parse(readFileSync(`fixtures/commvault/${name}`, 'utf8')) as Record<string, any>;

const DAY = 24 * 60 * 60;
const EPOCH = Date.parse('2026-01-01T00:00:00Z') / 1000;
const short = { retentionDays: 3, retentionCycles: 1 };

const SUBCLIENT = {
  commvault: { clientName: 'fs01', subclientName: 'default', retention: { storagePolicies: [{ name: 'SP-Default-Disk', ...short }] } },
  metallic: { clientName: 'fileserver01', subclientName: 'default', retention: { plans: [{ name: 'server-plan', ...short }] } },
} as const;

const list = <T>(v: unknown): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as T[];

describe.each([
  ['commvault', 'http', 'json'],
  ['commvault', 'https', 'xml'],
  ['metallic', 'https', 'json'],
  ['metallic', 'http', 'xml'],
] as const)('%s lifecycle contract over real sockets (%s, %s)', (vendor, listener, format) => {
  let h: Harness;
  const target = SUBCLIENT[vendor];
  beforeAll(async () => {
    h = await startTestHarness({
      vendors: [vendor],
      scenarioFiles: [`scenarios/default/${vendor}.yaml`],
      scenario: [{ vendors: { [vendor]: { tokenLifetime: '30d', dataAgingTime: '12:00' } }, entities: { [vendor]: target.retention } }],
    });
  });
  afterAll(() => h.stop());

  it('schedule -> a week of nightly backups on the clock -> listings -> retention prunes -> catalogue -> restore -> delete', async () => {
    expect(h.clock.now()).toBe(EPOCH * 1000);
    const base = `${h.url(vendor, listener)}/commandcenter/api/`;
    const api = client(base, format);
    expect((await send(base, 'GET', {})).status).toBe(200);
    const login = await api.post('Login', 'DM2ContentIndexing_CheckCredentialReq', { mode: 4, username: 'admin', password: Buffer.from('Commvault!1').toString('base64'), deviceId: 'contract', clientType: 30 });
    api.setToken(String(login.body.token));

    // the subclient, as cvpysdk walks to it
    const clients = list<{ client: { clientEntity: Record<string, unknown> } }>((await api.get('Client')).body.clientProperties).map((c) => c.client.clientEntity);
    const clientId = num(clients.find((c) => c.clientName === target.clientName)!.clientId);
    const agent = first<{ idaEntity: Record<string, unknown> }>((await api.get(`Agent?clientId=${clientId}`)).body.agentProperties).idaEntity;
    const set = first<{ backupSetEntity: Record<string, unknown> }>((await api.get(`Backupset?clientId=${clientId}&applicationId=${agent.applicationId}`)).body.backupsetProperties).backupSetEntity;
    const sub = list<{ subClientEntity: Record<string, unknown> }>((await api.get(`Subclient?clientId=${clientId}&applicationId=${agent.applicationId}&backupsetId=${set.backupsetId}`)).body.subClientProperties)
      .map((s) => s.subClientEntity)
      .find((s) => s.subclientName === target.subclientName)!;

    // subclient.backup('Full', schedule_pattern={'freq_type': 'daily', 'active_start_time': '02:00', 'schedule_name': 'nightly'})
    const pattern = { freq_type: 4, active_start_date: EPOCH, active_start_time: 7200, freq_recurrence_factor: 1, freq_interval: 0, freq_relative_interval: 0, timeZone: { TimeZoneName: '' } };
    const created = await api.post('CreateTask', 'TMMsg_CreateTaskReq', {
      taskInfo: {
        associations: [{ clientName: String(sub.clientName), appName: String(sub.appName), backupsetName: String(sub.backupsetName), subclientName: String(sub.subclientName), subclientId: num(sub.subclientId), _type_: 7 }],
        task: { initiatedFrom: 2, taskType: 2, policyType: 0, taskFlags: { disabled: false } },
        subTasks: [{ subTaskOperation: 1, subTask: { subTaskType: 2, operationType: 2, subTaskName: 'nightly' }, options: { backupOpts: { backupLevel: 'Full' } }, pattern }],
      },
    });
    expect(created.status).toBe(200);
    expect(created.body.jobIds).toBeUndefined();
    const taskId = num(created.body.taskId);
    expect(taskId).toBeGreaterThan(0);

    // subclient.schedules, then Schedule(...) reading Schedules/{taskId}
    const schedules = await api.get(`Schedules?clientId=${clientId}&apptypeId=${agent.applicationId}&backupsetId=${set.backupsetId}&subclientId=${sub.subclientId}`);
    const detail = first<{ task: Record<string, unknown>; subTasks: unknown }>(schedules.body.taskDetail);
    expect(num(detail.task.taskId)).toBe(taskId);
    const subTask = first<{ subTask: Record<string, unknown> }>(detail.subTasks).subTask;
    expect(subTask.subTaskName).toBe('nightly');
    const scheduleId = num(subTask.subTaskId);
    const info = (await api.get(`Schedules/${taskId}`)).body.taskInfo as { subTasks: unknown };
    expect(num(first<{ pattern: Record<string, unknown> }>(info.subTasks).pattern.freq_type)).toBe(4);

    // a week on the clock: seven nightly fulls, data aging at noon
    h.clock.advance('7d');
    const jobsRequest = (showAgedJobs: boolean) => ({ scope: 1, category: 0, pagingConfig: { sortDirection: 1, offset: 0, sortField: 'jobId', limit: 20 }, jobFilter: { completedJobLookupTime: 8 * DAY, showAgedJobs, hideAdminJobs: false, clientList: [{ clientId }], jobTypeList: [] } });
    const summaries = async (showAgedJobs: boolean) =>
      list<{ jobSummary: Record<string, unknown> }>((await api.post('Jobs', 'JobManager_JobListRequest', jobsRequest(showAgedJobs))).body.jobs).map((j) => j.jobSummary);
    const all = await summaries(true);
    expect(all).toHaveLength(7);
    expect(all.map((s) => num(s.jobStartTime) - EPOCH).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6].map((d) => d * DAY + 7200));
    expect(all.every((s) => s.status === 'Completed' && s.backupLevelName === 'Full')).toBe(true);
    // Jan 7, 12:00 ages what ended before Jan 4, 12:00 (a newer full exists for each): Jan 1-4.
    const kept = await summaries(false);
    expect(kept.map((s) => num(s.jobStartTime) - EPOCH).sort((a, b) => a - b)).toEqual([4, 5, 6].map((d) => d * DAY + 7200));
    const aged = all.filter((s) => !kept.some((k) => num(k.jobId) === num(s.jobId)));
    expect(aged).toHaveLength(4);
    const history = first<{ jobSummary: Record<string, unknown> }>((await api.get(`Job/${num(aged[0].jobId)}`)).body.jobs).jobSummary;
    expect(String(history.isAged)).toBe('true');

    // the catalogue the schedule made: browse it (JSON, as cvpysdk sends DoBrowse), then restore from it
    const json = async (path: string, body: unknown) => {
      const r = await send(base + path, 'POST', { Accept: 'application/json', 'Content-Type': 'application/json', Authtoken: String(login.body.token) }, JSON.stringify(body));
      return r.body as Record<string, any>;
    };
    const entity = { clientName: target.clientName, clientId, applicationId: num(agent.applicationId), instanceId: 1, backupsetId: num(set.backupsetId), subclientId: num(sub.subclientId) };
    const browse = (path: string, timeRange: { fromTime: number; toTime: number }) => json('DoBrowse', { ...fixture('sdk.browse.request.json'), entity, paths: [{ path }], timeRange });
    const rows = (b: Record<string, any>) => ((b.browseResponses?.[0]?.browseResult?.dataResultSet ?? []) as { path: string; flags?: { directory?: boolean } }[]);
    const top = rows(await browse('\\', { fromTime: 0, toTime: 0 }));
    expect(top.length).toBeGreaterThan(0);
    // the nights data aging took (Jan 1-4) hold nothing any more
    expect(rows(await browse('\\', { fromTime: EPOCH, toTime: EPOCH + 3 * DAY + 12 * 3600 }))).toEqual([]);
    let file: string | undefined;
    for (let folder = top[0].path, depth = 0; !file && depth < 8; depth++) {
      const children = rows(await browse(folder, { fromTime: 0, toTime: 0 }));
      expect(children.length).toBeGreaterThan(0);
      const leaf = children.find((c) => !c.flags?.directory);
      if (leaf) file = leaf.path;
      else folder = children[0].path;
    }
    expect(file).toBeDefined();
    const restore = fixture('sdk.restore-in-place.createtask.request.json');
    restore.taskInfo.associations = [{ clientName: target.clientName, appName: 'File System', backupsetName: String(sub.backupsetName), subclientName: target.subclientName, subclientId: num(sub.subclientId) }];
    restore.taskInfo.subTasks[0].options.restoreOptions.destination.destClient.clientName = target.clientName;
    restore.taskInfo.subTasks[0].options.restoreOptions.fileOption.sourceItem = [file];
    const restoreJob = first<string>((await json('CreateTask', restore)).jobIds);
    expect(restoreJob).toBeDefined();
    const restoreStatus = async () => first<{ jobSummary: Record<string, unknown> }>((await api.get(`Job/${restoreJob}`)).body.jobs).jobSummary;
    expect((await restoreStatus()).jobType).toBe('Restore');
    for (let poll = 0; poll < 10 && (await restoreStatus()).status !== 'Completed'; poll++) h.clock.advance('30s');
    expect((await restoreStatus()).status).toBe('Completed');

    // the retention the pages show: the storage policy copy, or the plan's copy
    if (vendor === 'commvault') {
      const copy = (await api.get('V2/StoragePolicy/1/Copy/1')).body.copy as { retentionRules: Record<string, unknown> };
      expect(num(copy.retentionRules.retainBackupDataForDays)).toBe(3);
      expect(num(copy.retentionRules.retainBackupDataForCycles)).toBe(1);
    } else {
      const plans = list<{ plan: Record<string, unknown> }>((await api.get('V2/Plan')).body.plans).map((p) => p.plan);
      const plan = (await api.get(`V2/Plan/${plans.find((p) => p.planName === 'server-plan')!.planId}?propertyLevel=30`)).body.plan as { storage: { copy: unknown } };
      expect(num(first<{ retentionRules: Record<string, unknown> }>(plan.storage.copy).retentionRules.retainBackupDataForDays)).toBe(3);
    }

    // a bad pattern is refused in the family's shape; then Schedules.delete
    const bad = await api.post('CreateTask', 'TMMsg_CreateTaskReq', {
      taskInfo: { associations: [{ clientName: String(sub.clientName), subclientName: String(sub.subclientName) }], task: { taskType: 2 }, subTasks: [{ subTask: { subTaskType: 2, operationType: 2 }, pattern: { ...pattern, freq_type: 32 } }] },
    });
    expect(num(bad.body.errorCode)).toBe(11);
    // JSON names the qoperation by its wrapper (schedules.py), XML by its root
    const op = { opType: 3, subtaskEntity: [{ _type_: 68, subtaskId: scheduleId }] };
    const deleted = await api.post('Qcommand/qoperation%20execute', 'TMMsg_TaskOperationReq', format === 'json' ? { TMMsg_TaskOperationReq: op } : op);
    expect(num(deleted.body.errorCode)).toBe(0);
    expect((await api.get('Schedules')).body.taskDetail).toBeUndefined();
    h.clock.advance('1d');
    // the next night starts no backup: the seven scheduled ones and the restore are all there is
    expect((await summaries(true)).map((j) => j.jobType).sort()).toEqual([...Array(7).fill('Backup'), 'Restore']);
  });
});
