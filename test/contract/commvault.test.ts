/**
 * Contract: drive the CommServ and Metallic emulators over real sockets (HTTP and HTTPS) the way
 * cvpysdk does: probe the base URL, Login, CommServ, Client (the DisasterRecovery walk), DRBackup
 * on the double-slash URL, poll Job/{id} + JobDetails every 30 s until Completed, walk Agent /
 * Backupset / Subclient, back up with CreateTask, kill, Logout. Once with JSON bodies and
 * answers, once with XML. The clock is manual: each poll advances it 30 s instead of sleeping.
 */
import { startTestHarness, type Harness } from '../helpers';
import { client, first, num, send } from './commvault-client';

describe.each([
  ['commvault', 'http', 'json'],
  ['commvault', 'https', 'xml'],
  ['commvault', 'http', 'xml'],
  ['metallic', 'https', 'json'],
] as const)('%s contract over real sockets (%s, %s)', (vendor, listener, format) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: [vendor], scenarioFiles: [`scenarios/default/${vendor}.yaml`] });
  });
  afterAll(() => h.stop());

  it('login, DR backup polled to Completed, subclient CreateTask backup, kill, logout', async () => {
    const origin = h.url(vendor, listener);
    expect(origin).toMatch(listener === 'https' ? /^https:\/\/127\.0\.0\.1:\d+$/ : /^http:\/\/127\.0\.0\.1:\d+$/);
    const base = `${origin}/webconsole/api/`;
    const api = client(base, format);

    expect((await send(base, 'GET', {})).status).toBe(200); // cvpysdk _is_valid_service

    const bad = await api.post('Login', 'DM2ContentIndexing_CheckCredentialReq', { username: 'admin', password: Buffer.from('wrong').toString('base64') });
    expect(bad.status).toBe(200);
    expect(first<Record<string, unknown>>(bad.body.errList)).toMatchObject({ errLogMessage: 'Username or password is invalid' });

    const login = await api.post('Login', 'DM2ContentIndexing_CheckCredentialReq', { mode: 4, username: 'admin', password: Buffer.from('Commvault!1').toString('base64'), deviceId: 'contract', clientType: 30 });
    expect(login.status).toBe(200);
    expect(login.contentType).toMatch(format);
    const token = String(login.body.token);
    expect(token).toMatch(/^QSDK [0-9a-f]+$/);
    expect(login.body.userName).toBe('admin');
    api.setToken(token);

    // Commcell + DisasterRecovery(): CommServ, Client list, Client/<commserv id>
    const cs = await api.get('CommServ');
    expect(cs.status).toBe(200);
    const commcell = cs.body.commcell as Record<string, unknown>;
    const clients = (await api.get('Client')).body.clientProperties as unknown;
    const entities = (Array.isArray(clients) ? clients : [clients]).map((c) => (c as { client: { clientEntity: Record<string, unknown> } }).client.clientEntity);
    const csClient = entities.find((e) => e.clientName === commcell.commCellName)!;
    expect((await api.get(`Client/${csClient.clientId}`)).status).toBe(200);

    // DR backup, on the URL cvpysdk builds ('{0}/CommServ/DRBackup')
    const dr = await api.post('/CommServ/DRBackup', 'TMMsg_CommcellDRBackupReq', format === 'xml' ? { isCompressionEnabled: 'true', jobType: 'IMMEDIATE', backupType: 'full' } : { isCompressionEnabled: true, jobType: 1, backupType: 1 });
    expect(dr.status).toBe(200);
    const drJob = String(first(dr.body.jobIds));
    expect(num(dr.body.taskId)).toBeGreaterThan(0);
    let status = '';
    for (let polls = 0; polls < 10 && !/completed|killed|failed/i.test(status); polls++) {
      const summary = first<{ jobSummary: Record<string, unknown> }>((await api.get(`Job/${drJob}`)).body.jobs).jobSummary;
      const details = await api.post('JobDetails', 'JobManager_JobDetailRequest', { jobId: num(drJob), showAttempt: true });
      expect(details.body.job).toBeDefined();
      status = String(summary.status);
      if (!/completed/i.test(status)) h.clock.advance('30s');
    }
    expect(status).toBe('Completed');

    // walk to a subclient the way Client -> Agent -> Backupset -> Subclient does
    const fsClient = entities.find((e) => e.clientName !== commcell.commCellName)!;
    const agent = first<{ idaEntity: Record<string, unknown> }>((await api.get(`Agent?clientId=${fsClient.clientId}`)).body.agentProperties).idaEntity;
    const set = first<{ backupSetEntity: Record<string, unknown> }>((await api.get(`Backupset?clientId=${fsClient.clientId}&propertyLevel=10&applicationId=${agent.applicationId}`)).body.backupsetProperties).backupSetEntity;
    expect((await api.get(`Backupset/${set.backupsetId}`)).status).toBe(200);
    const sub = first<{ subClientEntity: Record<string, unknown> }>((await api.get(`Subclient?clientId=${fsClient.clientId}&applicationId=${agent.applicationId}&backupsetId=${set.backupsetId}&propertyLevel=20`)).body.subClientProperties).subClientEntity;
    expect((await api.get(`Subclient/${sub.subclientId}`)).status).toBe(200);

    const task = await api.post('CreateTask', 'TMMsg_CreateTaskReq', {
      taskInfo: {
        associations: [{ clientName: String(sub.clientName), appName: String(sub.appName), instanceName: String(sub.instanceName), backupsetName: String(sub.backupsetName), subclientName: String(sub.subclientName) }],
        task: { taskType: 'IMMEDIATE', policyType: 'DATA_PROTECTION', initiatedFrom: 'COMMANDLINE' },
        subTasks: [{ subTask: { subTaskType: 'BACKUP', operationType: 'BACKUP' }, options: { backupOpts: { backupLevel: 'FULL' } } }],
      },
    });
    expect(task.status).toBe(200);
    const backupJob = String(first(task.body.jobIds));
    h.clock.advance('2s');
    const running = first<{ jobSummary: Record<string, unknown> }>((await api.get(`Job/${backupJob}`)).body.jobs).jobSummary;
    expect(running.status).toBe('Running');

    const kill = await api.post(`Job/${backupJob}/action/kill`);
    expect(first<{ errList: unknown }>(kill.body.errors)).toEqual({ errList: format === 'xml' ? { errorCode: '0', errLogMessage: '' } : [{ errorCode: 0, errLogMessage: '' }] });
    const killed = first<{ jobSummary: Record<string, unknown> }>((await api.get(`Job/${backupJob}`)).body.jobs).jobSummary;
    expect(killed.status).toBe('Killed');

    const out = await api.post('Logout');
    expect(out.status).toBe(200);
    expect(out.text).toBe('User logged out');
    expect((await api.get('CommServ')).status).toBe(401);
  });
});
