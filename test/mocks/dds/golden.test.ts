import request from 'supertest';
import createRequest from '../../../fixtures/dds/create-backup-request.json';
import createResponse from '../../../fixtures/dds/create-backup-response.json';
import deleteResponse from '../../../fixtures/dds/delete-backup-response.json';
import errorResponse from '../../../fixtures/dds/error-response.json';
import invalidToken from '../../../fixtures/dds/invalid-token-response.json';
import jobCompleted from '../../../fixtures/dds/job-completed-response.json';
import jobFailed from '../../../fixtures/dds/job-failed-response.json';
import jobRunning from '../../../fixtures/dds/job-running-response.json';
import keystone401 from '../../../fixtures/dds/keystone-unauthorized-response.json';
import keystoneVersion from '../../../fixtures/dds/keystone-version-response.json';
import listBackups from '../../../fixtures/dds/list-backups-response.json';
import listInstances from '../../../fixtures/dds/list-instances-response.json';
import { startTestHarness } from '../../helpers';
import { DEMO, dds, login, passwordAuth, shapeDiff, startDds, type Harness } from './helpers';

describe('dds golden files: answers hold the API pages examples shapes', () => {
  let h: Harness;
  let api: ReturnType<typeof dds>;
  beforeAll(async () => {
    h = await startDds();
    api = dds(h, await login(h));
  });
  afterAll(() => h.stop());

  it('creates from the doc request and answers the doc response shape', async () => {
    const res = await api.post('/backups', createRequest).expect(200);
    expect(shapeDiff(createResponse, res.body)).toEqual([]);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(createResponse).sort());
    expect(res.body.backup_id).toMatch(/^[0-9a-f]{32}br02$/); // like bf9ee62a7f7044c583c6765c916c36edbr02
  });

  it('answers the job shapes: running, completed, failed', async () => {
    // dds-catalog (newest instance): dds-orders is still busy with the previous test's backup
    const catalog = (await api.get('/instances?name=dds-catalog')).body.instances[0].id;
    const { job_id } = (await api.post('/backups', { backup: { instance_id: catalog, name: 'golden-job' } }).expect(200)).body;
    const running = (await api.get(`/jobs?id=${job_id}`).expect(200)).body;
    expect(shapeDiff(jobRunning, running)).toEqual([]);
    expect(Object.keys(running.job).sort()).toEqual(Object.keys(jobRunning.job).sort());
    h.clock.advance('6s');
    const completed = (await api.get(`/jobs?id=${job_id}`).expect(200)).body;
    expect(shapeDiff(jobCompleted, completed)).toEqual([]);
    expect(completed.job.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/); // like 2021-07-12T09:22:04+0000
  });

  it('answers the failed job shape with a fail_reason string', async () => {
    const f = await startTestHarness({ vendors: ['dds'], scenarioFiles: ['scenarios/dds-backup-fails.yaml'] });
    try {
      const a = dds(f, await login(f));
      const { job_id } = (await a.post('/backups', createRequest).expect(200)).body;
      f.clock.advance('10m');
      const failed = (await a.get(`/jobs?id=${job_id}`).expect(200)).body;
      expect(shapeDiff(jobFailed, failed)).toEqual([]);
    } finally {
      await f.stop();
    }
  });

  it('answers the backup list shape', async () => {
    const res = await api.get('/backups').expect(200);
    expect(shapeDiff(listBackups, res.body)).toEqual([]);
    for (const b of res.body.backups) expect(Object.keys(b).sort()).toEqual(Object.keys(listBackups.backups[0]).sort());
  });

  it('answers the instance list shape for each mode (ReplicaSet, Single, Sharding)', async () => {
    const res = await api.get('/instances').expect(200);
    const byMode = (mode: string) => res.body.instances.find((i: { mode: string }) => i.mode === mode);
    for (const example of listInstances.instances) {
      const ours = byMode(example.mode);
      expect(shapeDiff({ ...example, actions: [] }, { ...ours, actions: [] })).toEqual([]);
      expect(ours.groups.map((g: { type: string }) => g.type)).toEqual(example.groups.map((g) => g.type));
      ours.groups.forEach((g: unknown, i: number) => expect(shapeDiff(example.groups[i], g)).toEqual([]));
    }
  });

  it('answers the delete shape', async () => {
    const { backup_id } = (await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'golden-delete' } }).expect(200)).body;
    h.clock.advance('6s');
    const res = await api.delete(`/backups/${backup_id}`).expect(200);
    expect(Object.keys(res.body)).toEqual(Object.keys(deleteResponse));
    expect(shapeDiff(deleteResponse, res.body)).toEqual([]);
  });

  it('answers the error shapes of error_code.rst and the notes', async () => {
    const bad = await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'x' } }).expect(400);
    expect(Object.keys(bad.body)).toEqual(Object.keys(errorResponse));
    expect(bad.body.error_code).toBe(errorResponse.error_code);
    const noToken = await request(h.url('dds')).get(`/v3/${DEMO.projectId}/instances`).expect(401);
    expect(noToken.body).toEqual(invalidToken);
    const ks = await request(h.url('dds')).post('/v3/auth/tokens').send(passwordAuth({ password: 'wrong' })).expect(401);
    expect(ks.body).toEqual(keystone401);
  });

  it('answers the Keystone version document', async () => {
    const res = await request(h.url('dds')).get('/v3').expect(200);
    expect(res.body).toEqual({
      version: { ...keystoneVersion.version, links: [{ rel: 'self', href: `${h.url('dds')}/v3/` }] },
    });
  });
});
