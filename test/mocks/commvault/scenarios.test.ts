import request from 'supertest';
import { startTestHarness } from '../../helpers';
import { B, b64, cv, IDS, login, type Harness } from '../families/commvault/helpers';

// Only the CommServ is served here, so load its part of the default scenario.
const FILES = ['scenarios/default/commvault.yaml', 'scenarios/commvault-failures.yaml'];

describe('scenarios/commvault-failures.yaml', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['commvault'], scenarioFiles: FILES });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());

  it('fails the first DR backup at 60 %, then answers HTTP 500 once, then works', async () => {
    const api = cv(h, await login(h));
    await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200);
    h.clock.advance('3s');
    expect((await api.get('/Job/2141').expect(200)).body.jobs[0].jobSummary).toMatchObject({ status: 'Running', percentComplete: 60 });
    h.clock.advance('2s');
    const failed = (await api.get('/Job/2141').expect(200)).body.jobs[0].jobSummary;
    expect(failed).toMatchObject({ status: 'Failed', pendingReason: 'Failed to upload the DR backup to the cloud library.' });
    const flaky = await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(500);
    expect(flaky.body).toEqual({ errorCode: 3, errorMessage: 'The CommServe database is busy.' });
    await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200);
    h.clock.advance('10s');
    expect((await api.get('/Job/2142').expect(200)).body.jobs[0].jobSummary.status).toBe('Completed');
  });

  it('finishes fs01 backups "Completed w/ one or more errors"; lnx01 backups stay Pending, then "Failed to Start"', async () => {
    const api = cv(h, await login(h));
    await api.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=full`).expect(200);
    await api.post(`/Subclient/${IDS.lnxDefault}/action/backup?backupLevel=full`).expect(200);
    expect((await api.get('/Job/2142').expect(200)).body.jobs[0].jobSummary).toMatchObject({ status: 'Pending', pendingReason: 'The MediaAgent is offline.' });
    h.clock.advance('10s');
    expect((await api.get('/Job/2141').expect(200)).body.jobs[0].jobSummary.status).toBe('Completed w/ one or more errors');
    h.clock.advance('1m');
    expect((await api.get('/Job/2142').expect(200)).body.jobs[0].jobSummary.status).toBe('Failed to Start');
  });

  it('refuses the third CreateTask with 587207178', async () => {
    const api = cv(h, await login(h));
    const task = { taskInfo: { associations: [{ clientName: 'fs01', subclientName: 'default' }], subTasks: [{ subTask: { subTaskType: 'BACKUP', operationType: 'BACKUP' } }] } };
    await api.post('/CreateTask', task).expect(200);
    await api.post('/CreateTask', task).expect(200);
    expect((await api.post('/CreateTask', task).expect(200)).body.errorCode).toBe(587207178);
    expect((await api.post('/CreateTask', task).expect(200)).body.jobIds).toHaveLength(1);
  });

  it('reports the locked account and expires tokens after 2 idle minutes', async () => {
    const locked = await request(h.url('commvault')).post(`${B}/Login`).send({ username: 'locked', password: b64('Commvault!1') }).expect(200);
    expect(locked.body).toMatchObject({ isAccountLocked: true, remainingLockTime: 1800 });
    const api = cv(h, await login(h));
    h.clock.advance('3m');
    await api.get('/CommServ').expect(401);
  });
});

describe('scenarios/commvault-slow-jobs.yaml', () => {
  it('makes backups wait a minute, then run for 2 hours', async () => {
    const h = await startTestHarness({ vendors: ['commvault'], scenarioFiles: ['scenarios/default/commvault.yaml', 'scenarios/commvault-slow-jobs.yaml'] });
    try {
      const api = cv(h, await login(h));
      await api.post(`/Subclient/${IDS.fsDefault}/action/backup?backupLevel=full`).expect(200);
      expect((await api.get('/Job/2141').expect(200)).body.jobs[0].jobSummary.status).toBe('Waiting');
      h.clock.advance('20m');
      await api.get('/CommServ').expect(200); // keeps the 30 m token alive
      h.clock.advance('20m');
      const s = (await api.get('/Job/2141').expect(200)).body.jobs[0].jobSummary;
      expect(s.status).toBe('Running');
      expect(s.percentComplete).toBeGreaterThan(20);
      expect(s.percentComplete).toBeLessThan(50);
    } finally {
      await h.stop();
    }
  });
});
