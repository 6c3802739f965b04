import { apiLogin, B, client, DAY, EPOCH, freshEachTest, HOUR, LOC, LOC_SPEC, NIGHTLY, startVcenter, type Harness } from './helpers';

const S = `${B}/schedules`;

describe('vcenter backup schedules, /api and /rest', () => {
  // A fresh scenario also puts the manual clock back at its start (Thursday 2026-01-01 00:00 UTC).
  const t = freshEachTest('scenarios/default/vcenter.yaml');

  const archives = async () =>
    (await t.c.post(`/api${B}/system-name/vcsa-01.lab.local/archives?action=list`, { loc_spec: LOC_SPEC, filter_spec: {} })).body as Array<{ archive: string; timestamp: string }>;
  const scheduledJobs = () => t.h.jobs.list({ vendor: 'vcenter', operation: 'backup' }).filter((j) => j.data.schedule !== undefined);

  it('/api: create answers 204, get and list show the Info (no secrets), enabled by default', async () => {
    const created = await t.c.post(`/api${S}`, { schedule: 'nightly', spec: NIGHTLY });
    expect(created.status).toBe(204);
    expect(created.text).toBe('');
    const info = {
      parts: ['seat'],
      location: LOC,
      location_user: 'backup',
      enable: true,
      recurrence_info: { minute: 0, hour: 2 },
      retention_info: { max_count: 3 },
    };
    expect((await t.c.get(`/api${S}/nightly`)).body).toEqual(info);
    await t.c.post(`/api${S}`, { schedule: 'bare', spec: { location: 'nfs://nas01/vcenter' } });
    const list = await t.c.get(`/api${S}`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ nightly: info, bare: { parts: [], location: 'nfs://nas01/vcenter', enable: true } });
    expect(JSON.stringify(list.body)).not.toContain('S3cret');
  });

  it('/api: PATCH changes only the fields given (no body changes nothing); DELETE removes it', async () => {
    await t.c.post(`/api${S}`, { schedule: 'nightly', spec: NIGHTLY });
    const patched = await t.c.patch(`/api${S}/nightly`, { enable: false, recurrence_info: { minute: 30, hour: 23, days: ['SUNDAY'] } });
    expect(patched.status).toBe(204);
    expect(await t.c.patch(`/api${S}/nightly`).then((r) => r.status)).toBe(204);
    expect((await t.c.get(`/api${S}/nightly`)).body).toMatchObject({ enable: false, recurrence_info: { minute: 30, hour: 23, days: ['SUNDAY'] }, retention_info: { max_count: 3 }, parts: ['seat'] });
    expect((await t.c.delete(`/api${S}/nightly`)).status).toBe(204);
    const gone = await t.c.get(`/api${S}/nightly`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error_type: 'NOT_FOUND', messages: [{ id: 'com.vmware.applmgmt.err_not_found', default_message: 'Schedule nightly does not exist.', args: ['nightly'] }] });
    expect((await t.c.delete(`/api${S}/nightly`)).status).toBe(404);
  });

  it('/api: ?action=run starts a scheduled backup now; a second run is FEATURE_IN_USE; a POST without the action names no operation', async () => {
    await t.c.post(`/api${S}`, { schedule: 'nightly', spec: NIGHTLY });
    const run = await t.c.post(`/api${S}/nightly?action=run`, { comment: 'before patching' });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ id: expect.stringMatching(/^20260101-000000-[0-9a-f]{6}$/), state: 'INPROGRESS', progress: 0 });
    const busy = await t.c.post(`/api${S}/nightly?action=run`);
    expect(busy.status).toBe(400);
    expect(busy.body.error_type).toBe('FEATURE_IN_USE');
    expect((await t.c.post(`/api${S}/nope?action=run`)).status).toBe(404);
    const noAction = await t.c.post(`/api${S}/nightly`, {});
    expect(noAction.status).toBe(404);
    expect(noAction.body.error_type).toBe('OPERATION_NOT_FOUND');
    t.h.clock.advance('12s');
    const details = (await t.c.get(`/api${B}/job/details?jobs=${run.body.id}`)).body[run.body.id];
    expect(details).toMatchObject({ type: 'SCHEDULED', status: 'SUCCEEDED', location: LOC, location_user: 'backup', user: 'administrator@vsphere.local' });
    const [archive] = await archives();
    expect(archive).toMatchObject({ archive: 'S_8.0.3.00300_20260101-000000_', comment: 'before patching' });
  });

  it('/rest: POST /schedules/{id} {spec}, GET, list as key/value, PUT /schedules/update/{id}, ?action=run, DELETE', async () => {
    const created = await t.c.post(`/rest${S}/weekly`, { spec: { ...NIGHTLY, recurrence_info: { minute: 15, hour: 1, days: ['MONDAY'] } } });
    expect(created.status).toBe(200);
    expect(created.text).toBe('');
    expect((await t.c.get(`/rest${S}/weekly`)).body.value).toMatchObject({ enable: true, recurrence_info: { minute: 15, hour: 1, days: ['MONDAY'] } });
    expect((await t.c.get(`/rest${S}`)).body).toEqual({ value: [{ key: 'weekly', value: expect.objectContaining({ location: LOC }) }] });
    expect((await t.c.put(`/rest${S}/update/weekly`, { spec: { fast_backup: true } })).status).toBe(200);
    expect((await t.c.get(`/rest${S}/weekly`)).body.value.fast_backup).toBe(true);
    const run = await t.c.post(`/rest${S}/weekly?action=run`, { comment: 'rest run' });
    expect(run.body.value).toMatchObject({ state: 'INPROGRESS' });
    expect((await t.c.put(`/rest${S}/update/nope`, { spec: {} })).body.type).toBe('com.vmware.vapi.std.errors.not_found');
    expect((await t.c.delete(`/rest${S}/weekly`)).status).toBe(200);
    expect((await t.c.get(`/rest${S}/weekly`)).status).toBe(404);
  });

  it('a week of a nightly schedule with max_count 3: seven backups at 02:00, three archives kept, the oldest pruned', async () => {
    await t.c.post(`/api${S}`, { schedule: 'nightly', spec: NIGHTLY });
    t.h.clock.advance('7d');
    const jobs = scheduledJobs();
    expect(jobs.map((j) => new Date(j.startedAt!).toISOString())).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => `2026-01-0${d}T02:00:00.000Z`));
    expect(jobs.every((j) => j.state === 'succeeded')).toBe(true);
    expect((await archives()).map((a) => a.archive)).toEqual(['S_8.0.3.00300_20260107-020000_', 'S_8.0.3.00300_20260106-020000_', 'S_8.0.3.00300_20260105-020000_']);
    const info = (await t.c.post(`/api${B}/system-name/vcsa-01.lab.local/archives/S_8.0.3.00300_20260107-020000_?action=get`, LOC_SPEC)).body;
    expect(info).toEqual({
      timestamp: '2026-01-07T02:00:12.000Z',
      location: `${LOC}/vCenter/sn_vcsa-01.lab.local/S_8.0.3.00300_20260107-020000_`,
      parts: ['common', 'seat'],
      version: '8.0.3.00300',
      system_name: 'vcsa-01.lab.local',
      comment: '',
    });
  });

  it('days limit the occurrences: a Monday schedule fires on Mondays only', async () => {
    await t.c.post(`/api${S}`, { schedule: 'monday', spec: { location: LOC, recurrence_info: { minute: 45, hour: 22, days: ['MONDAY'] } } });
    t.h.clock.advance('14d');
    expect(scheduledJobs().map((j) => new Date(j.startedAt!).toISOString())).toEqual(['2026-01-05T22:45:00.000Z', '2026-01-12T22:45:00.000Z']);
  });

  it('an occurrence while a backup runs is refused (FEATURE_IN_USE) and shows as a failed scheduled job; the running one goes on', async () => {
    t.h.loadScenarioFiles('scenarios/default/vcenter.yaml', 'scenarios/vcenter-long-backup.yaml');
    t.c = client(t.h, await apiLogin(t.h));
    await t.c.post(`/api${S}`, { schedule: 'nightly', spec: NIGHTLY });
    t.h.clock.advance('1h');
    const manual = await t.c.post(`/api${B}/job`, { parts: [], location_type: 'SFTP', location: LOC, location_user: 'backup' });
    expect(manual.status).toBe(201);
    t.h.clock.advance('90m');
    const [refused] = scheduledJobs();
    const status = (await t.c.get(`/api${B}/job/${refused.id}`)).body;
    expect(status).toMatchObject({ state: 'FAILED', start_time: '2026-01-01T02:00:00.000Z', end_time: '2026-01-01T02:00:00.000Z' });
    expect(status.messages).toEqual([{ id: 'com.vmware.applmgmt.err_backup_failed', default_message: 'A backup or restore is already in progress.', args: [] }]);
    expect((await t.c.get(`/api${B}/job/${manual.body.id}`)).body.state).toBe('INPROGRESS');
  });

  it('a disabled schedule does not fire; enabled again it follows from then on, without catching up', async () => {
    await t.c.post(`/api${S}`, { schedule: 'nightly', spec: { ...NIGHTLY, enable: false } });
    t.h.clock.advance('3d');
    expect(scheduledJobs()).toHaveLength(0);
    await t.c.patch(`/api${S}/nightly`, { enable: true });
    t.h.clock.advance('1d');
    expect(scheduledJobs().map((j) => j.startedAt)).toEqual([EPOCH + 3 * DAY + 2 * HOUR]);
    await t.c.delete(`/api${S}/nightly`);
    t.h.clock.advance('3d');
    expect(scheduledJobs()).toHaveLength(1);
  });

  it('a scheduled backup to a location whose credentials do not match fails at once with the location error', async () => {
    t.h.loadScenario({ entities: { vcenter: { appliances: [{ id: 'vcsa-01', hostname: 'vcsa-01.lab.local' }], locations: [{ url: LOC, user: 'backup', password: 'S3cret!x' }] } } });
    t.c = client(t.h, await apiLogin(t.h));
    await t.c.post(`/api${S}`, { schedule: 'nightly', spec: { ...NIGHTLY, location_password: 'wrong' } });
    t.h.clock.advance('1d');
    const [job] = scheduledJobs();
    expect(job).toMatchObject({ state: 'failed', message: expect.stringContaining('Failed to authenticate with the backup server') });
    const run = await t.c.post(`/api${S}/nightly?action=run`);
    expect(run.status).toBe(500);
    expect(run.body.messages[0].id).toBe('com.vmware.applmgmt.backup.err_location_auth');
  });
});

describe('vcenter seeded schedules and archives (scenarios/vcenter-lifecycle.yaml)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startVcenter();
  });
  afterAll(() => h.stop());
  beforeEach(() => h.loadScenarioFiles('scenarios/vcenter-lifecycle.yaml'));

  const list = async (c: ReturnType<typeof client>) =>
    (await c.post(`/api${B}/system-name/vcsa-01.lab.local/archives?action=list`, { loc_spec: LOC_SPEC, filter_spec: {} })).body as Array<{ archive: string; comment: string }>;

  it('the state built late catches up every missed night in order: three days before the first request give three backups and retention', async () => {
    h.clock.advance('3d');
    const c = client(h, await apiLogin(h));
    const jobs = h.jobs.list({ vendor: 'vcenter', operation: 'backup' });
    expect(jobs.map((j) => [new Date(j.startedAt!).toISOString(), j.state])).toEqual([
      ['2026-01-01T02:00:00.000Z', 'succeeded'],
      ['2026-01-02T02:00:00.000Z', 'succeeded'],
      ['2026-01-03T02:00:00.000Z', 'succeeded'],
    ]);
    const archives = await list(c);
    expect(archives.map((a) => a.archive)).toEqual([
      'S_8.0.3.00300_20260103-020000_',
      'S_8.0.3.00300_20260102-020000_',
      'S_8.0.3.00300_20260101-020000_',
      'M_8.0.3.00300_20251223-000000_',
    ]);
    expect(archives[3].comment).toBe('before the 8.0.3 upgrade');
  });

  it('seeded archives are dated from the tenant start; the first night prunes the oldest seeded one', async () => {
    const c = client(h, await apiLogin(h));
    expect((await list(c)).map((a) => a.archive)).toEqual([
      'S_8.0.3.00300_20251231-020000_',
      'S_8.0.3.00300_20251230-020000_',
      'S_8.0.3.00300_20251229-020000_',
      'M_8.0.3.00300_20251223-000000_',
    ]);
    h.clock.advance('3h');
    expect((await list(c)).map((a) => a.archive)).toEqual([
      'S_8.0.3.00300_20260101-020000_',
      'S_8.0.3.00300_20251231-020000_',
      'S_8.0.3.00300_20251230-020000_',
      'M_8.0.3.00300_20251223-000000_',
    ]);
  });

  it('a state snapshot restored re-arms its schedules from the night they last fired, catching up what the restored state missed', async () => {
    const c = client(h, await apiLogin(h));
    h.clock.advance('1d');
    const snapshot = h.engine.snapshot();
    h.clock.advance('2d');
    const nights = () => h.jobs.list({ vendor: 'vcenter', operation: 'backup' }).map((j) => new Date(j.startedAt!).toISOString().slice(0, 10));
    expect(nights()).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    // The clock stays on 2026-01-04; the restored state last fired on 2026-01-01.
    h.engine.restore(snapshot);
    expect(nights()).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    h.clock.advance('1d');
    expect(nights()).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
    expect((await list(c))[0].archive).toBe('S_8.0.3.00300_20260104-020000_');
  });
});
