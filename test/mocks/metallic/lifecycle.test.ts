import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startTestHarness, type Harness } from '../../helpers';
import { B, cv, login } from '../families/commvault/helpers';

const DAY = 24 * 60 * 60 * 1000;
const fixture = (name: string) => JSON.parse(readFileSync(`fixtures/metallic/${name}`, 'utf8'));

describe('metallic schedules, plans and retention (the family operations on the Metallic door)', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['metallic'], scenarioFiles: ['scenarios/default/metallic.yaml'], scenario: [{ vendors: { metallic: { tokenLifetime: '60d' } } }] });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    api = cv(h, await login(h, { vendor: 'metallic' }), { vendor: 'metallic' });
  });
  const nightly = () => ({
    taskInfo: {
      associations: [{ clientName: 'fileserver01', appName: 'File System', backupsetName: 'defaultBackupSet', subclientName: 'default' }],
      task: { taskType: 2, initiatedFrom: 2, policyType: 0, taskFlags: { disabled: false } },
      subTasks: [
        {
          subTask: { subTaskType: 2, operationType: 2, subTaskName: 'fileserver01 nightly' },
          options: { backupOpts: { backupLevel: 'Full' } },
          pattern: { freq_type: 4, active_start_date: Math.floor(h.clock.now() / DAY) * 86400, active_start_time: 3600, freq_recurrence_factor: 1 },
        },
      ],
    },
  });

  it("creates a schedule with Metallic's task ids (4038 on), lists it for the client and fires it nightly", async () => {
    expect((await api.post('/CreateTask', nightly()).expect(200)).body).toEqual({ taskId: 4038 });
    const list = (await api.get('/Schedules?clientId=4').expect(200)).body.taskDetail;
    expect(list).toEqual([expect.objectContaining({ task: expect.objectContaining({ taskId: 4038 }), subTasks: [expect.objectContaining({ subTask: expect.objectContaining({ subTaskName: 'fileserver01 nightly' }) })] })]);
    h.clock.advance('7d');
    const jobs = h.jobs.list({ vendor: 'metallic', operation: 'Backup' });
    expect(jobs).toHaveLength(7);
    expect(jobs.every((j) => j.data.taskId === 4038 && j.target === 'fileserver01/defaultBackupSet/default')).toBe(true);
  });

  it("answers the default scenario's plans and one plan with its retention (30 days, 1 cycle) and entities", async () => {
    expect((await api.get('/V2/Plan').expect(200)).body).toEqual({ plans: [{ plan: { planName: 'default-plan', planId: 1 } }, { plan: { planName: 'server-plan', planId: 2 } }] });
    expect((await api.get('/V2/Plan/2?propertyLevel=30').expect(200)).body).toMatchObject(fixture('plan.response.json'));
    expect((await api.get('/V2/Plan/2/AssociatedEntities').expect(200)).body.entities).toEqual([expect.objectContaining({ clientName: 'fileserver01', subclientName: 'default' })]);
    expect((await api.get('/V2/Plan/1/AssociatedEntities').expect(200)).body.entities).toEqual([expect.objectContaining({ subclientName: 'stestgroup' })]);
  });

  it('ages plan backups after the plan retention (30 days) once a newer full exists, at the noon data aging run', async () => {
    await api.post('/CreateTask', nightly()).expect(200);
    h.clock.advance('32d');
    const jobs = h.jobs.list({ vendor: 'metallic', operation: 'Backup' });
    expect(jobs).toHaveLength(32);
    expect(jobs.filter((j) => j.data.agedOut).map((j) => j.id)).toEqual(jobs.slice(0, 2).map((j) => j.id)); // the last run, day 31 at 12:00, ages what ended before day 1 at 12:00
  });

  it('answers bad input in the family shapes: unknown plan, malformed pattern, unknown schedule, no token', async () => {
    expect((await api.get('/V2/Plan/7').expect(404)).body).toEqual({ errorCode: 4, errorMessage: 'Plan [7] does not exist.' });
    const bad = nightly();
    bad.taskInfo.subTasks[0].pattern.freq_type = 4096;
    expect((await api.post('/CreateTask', bad).expect(200)).body.errorCode).toBe(11);
    expect((await api.get('/Schedules/4038').expect(200)).body).toEqual({ errorCode: 12, errorMessage: 'Schedule task [4038] does not exist.' });
    const res = await request(h.url('metallic')).get(`${B}/Schedules`).set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect((await api.get('/Schedules').expect(200)).body).toEqual({});
  });
});
