import { startTestHarness } from '../../helpers';
import { cv, IDS, login, type Harness } from '../families/commvault/helpers';

const DAY = 24 * 60 * 60 * 1000;
/** The manual clock's start in tests: Thursday 2026-01-01T00:00:00Z (so Jan 3 is a Saturday, Jan 4 a Sunday). */
const EPOCH = Date.parse('2026-01-01T00:00:00Z');

describe('scenarios/commvault-lifecycle.yaml: seeded schedules, plans and storage policies, a week on the clock', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['commvault', 'metallic'], scenarioFiles: ['scenarios/commvault-lifecycle.yaml'] });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());
  const runs = (vendor: 'commvault' | 'metallic', target: string) =>
    h.jobs
      .list({ vendor, operation: 'Backup' })
      .filter((j) => j.target === target)
      .map((j) => `${new Date(j.startedAt!).toISOString().slice(5, 16)} ${j.data.backupLevelName}${j.data.agedOut ? ' aged' : ''}`);
  const listed = async (api: ReturnType<typeof cv>) =>
    ((await api.post('/Jobs', { category: 0, pagingConfig: { offset: 0, limit: 100 }, jobFilter: { completedJobLookupTime: 30 * 24 * 3600 } }).expect(200)).body.jobs ?? []).length;

  it('lists the seeded schedules by subclient and for the Commcell, and the retention of its policies and plan', async () => {
    expect(h.clock.now()).toBe(EPOCH);
    const api = cv(h, await login(h));
    const all = (await api.get('/Schedules').expect(200)).body.taskDetail;
    expect(all.map((t: { subTasks: Array<{ subTask: { subTaskName: string } }> }) => t.subTasks[0].subTask.subTaskName)).toEqual([
      'fs01 nightly full',
      'fs01 documents weekly',
      'lnx01 nightly incremental',
      'lnx01 weekly full',
    ]);
    const fs01 = (await api.get(`/Schedules?clientId=${IDS.fs01}&apptypeId=${IDS.fsAppId}&backupsetId=${IDS.fsBackupset}&subclientId=2`).expect(200)).body.taskDetail;
    expect(fs01).toHaveLength(1);
    expect(fs01[0].subTasks[0].pattern).toMatchObject({ freq_type: 4, active_start_date: EPOCH / 1000, active_start_time: 7200, description: 'Daily at 2:00 AM' });
    expect((await api.get('/Schedules/434').expect(200)).body.taskInfo.subTasks[0].pattern).toMatchObject({ freq_type: 8, freq_interval: 1 });
    expect((await api.get('/V2/StoragePolicy/1/Copy/1').expect(200)).body.copy.retentionRules).toMatchObject({ retainBackupDataForDays: 3, retainBackupDataForCycles: 1 });
    const plan = (await api.get('/V2/Plan/1').expect(200)).body.plan;
    expect(plan.summary.plan).toEqual({ planName: 'Server-Gold', planId: 1 });
    expect(plan.storage.copy[0].retentionRules).toMatchObject({ retainBackupDataForDays: 7, retainBackupDataForCycles: 1 });
    expect((await api.get('/V2/Plan/1/AssociatedEntities').expect(200)).body.entities).toEqual([expect.objectContaining({ clientName: 'lnx01', subclientName: 'default' })]);
  });

  it('a week of virtual time: each schedule at its times, data aging at noon (CommServ)', async () => {
    const api = cv(h, await login(h));
    h.clock.advance('7d');
    expect(runs('commvault', 'fs01/defaultBackupSet/default')).toEqual([
      '01-01T02:00 Full aged',
      '01-02T02:00 Full aged',
      '01-03T02:00 Full aged',
      '01-04T02:00 Full aged',
      '01-05T02:00 Full',
      '01-06T02:00 Full',
      '01-07T02:00 Full',
    ]);
    expect(runs('commvault', 'fs01/defaultBackupSet/documents')).toEqual(['01-04T03:00 Full']);
    expect(runs('commvault', 'lnx01/defaultBackupSet/default')).toEqual([
      '01-01T01:30 Incremental',
      '01-02T01:30 Incremental',
      '01-03T01:30 Incremental',
      '01-03T04:00 Full',
      '01-04T01:30 Incremental',
      '01-05T01:30 Incremental',
      '01-06T01:30 Incremental',
      '01-07T01:30 Incremental',
    ]);
    expect(await listed(api)).toBe(7 + 1 + 8 - 4);
  });

  it('a tenant first used a week on catches up every run and every data aging, each at its own time', async () => {
    h.clock.advance('7d');
    expect(h.jobs.list({ vendor: 'commvault' })).toEqual([]); // nothing asked for the state yet
    const api = cv(h, await login(h));
    expect(runs('commvault', 'fs01/defaultBackupSet/default')).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => `01-0${d}T02:00 Full${d <= 4 ? ' aged' : ''}`));
    expect(await listed(api)).toBe(7 + 1 + 8 - 4);
  });

  it('a week of virtual time on Metallic: a nightly plan backup with 2 days retention', async () => {
    const api = cv(h, await login(h, { vendor: 'metallic' }), { vendor: 'metallic' });
    h.clock.advance('7d');
    const nights = runs('metallic', 'fileserver01/defaultBackupSet/default');
    expect(nights).toHaveLength(7);
    expect(nights.filter((n) => n.endsWith('aged'))).toEqual(['01-01', '01-02', '01-03', '01-04', '01-05'].map((d) => `${d}T02:30 Full aged`));
    expect(await listed(api)).toBe(2);
    expect((await api.get('/V2/Plan').expect(200)).body).toEqual({ plans: [{ plan: { planName: 'server-plan', planId: 1 } }] });
  });

  it('a state snapshot restored re-arms schedules and data aging from where they last ran, catching up what it missed', async () => {
    await login(h); // builds the tenant's state, which arms its triggers
    h.clock.advance('1d');
    const snapshot = h.engine.snapshot();
    h.clock.advance('2d');
    expect(runs('commvault', 'fs01/defaultBackupSet/default')).toHaveLength(3);
    h.engine.restore(snapshot);
    // The restored state last ran on Jan 1: Jan 2 and Jan 3 are caught up at their own times.
    expect(runs('commvault', 'fs01/defaultBackupSet/default')).toEqual(['01-01T02:00 Full', '01-02T02:00 Full', '01-03T02:00 Full']);
    h.clock.advance('4d');
    expect(runs('commvault', 'fs01/defaultBackupSet/default').filter((r) => r.endsWith('aged'))).toHaveLength(4);
    expect(h.clock.now()).toBe(EPOCH + 7 * DAY);
  });
});
