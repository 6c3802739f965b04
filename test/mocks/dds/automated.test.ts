import type { DdsState } from '../../../mocks/dds/model';
import { nextWindow } from '../../../mocks/dds/automated';
import { DEMO, dds, login, startDds, type Harness } from './helpers';

type Backup = { id: string; name: string; type: string; status: string; begin_time: string; end_time: string; instance_id: string; size: number };

const DAY = 86_400_000;
/** The manual clock's start (src/clock.ts MANUAL_EPOCH), a Thursday: DDS weekday 4. */
const EPOCH = Date.parse('2026-01-01T00:00:00Z');
const at = (text: string) => Date.parse(text.replace(' ', 'T') + 'Z');

describe('dds automated backups on the virtual clock', () => {
  let h: Harness;
  // Each test its own harness: the manual clock starts at EPOCH and only moves forward.
  beforeEach(async () => {
    h = await startDds();
  });
  afterEach(() => h.stop());

  /** A fresh token each time: a week of virtual time outlives the 24 h ones. */
  const api = async () => dds(h, await login(h));
  const autos = async (instanceId = DEMO.orders): Promise<Backup[]> =>
    (await (await api()).get(`/backups?backup_type=Auto&instance_id=${instanceId}`).expect(200)).body.backups;

  it('starts at the epoch the dates below count from', () => {
    expect(h.clock.now()).toBe(EPOCH);
  });

  it('computes the next window on the days of the period (1 Monday .. 7 Sunday), in UTC', () => {
    const thu = Date.parse('2026-01-01T00:00:00Z');
    expect(new Date(nextWindow('16:00-17:00', '1,2,3,4,5,6,7', thu)!).toISOString()).toBe('2026-01-01T16:00:00.000Z');
    expect(new Date(nextWindow('16:00-17:00', '1,2,3,4,5,6,7', thu + 16 * 3_600_000)!).toISOString()).toBe('2026-01-02T16:00:00.000Z');
    expect(new Date(nextWindow('23:00-00:00', '1,3,5', thu)!).toISOString()).toBe('2026-01-02T23:00:00.000Z'); // Friday
    expect(new Date(nextWindow('23:00-00:00', '1', thu)!).toISOString()).toBe('2026-01-05T23:00:00.000Z'); // Monday
    expect(new Date(nextWindow('08:15-09:15', '7', thu)!).toISOString()).toBe('2026-01-04T08:15:00.000Z'); // Sunday, a seeded window's minutes
  });

  it('a week of the default policy (16:00-17:00, 7 days) gives a week of Auto backups per instance, the seeded ones expired', async () => {
    const seeded = await autos();
    expect(seeded.map((b) => b.begin_time)).toEqual(['2025-12-31 16:05:00', '2025-12-30 16:05:00', '2025-12-29 16:05:00']);
    h.clock.advance('7d');
    const week = await autos();
    expect(week.map((b) => b.begin_time)).toEqual([7, 6, 5, 4, 3, 2, 1].map((d) => `2026-01-0${d} 16:00:00`));
    expect(week.every((b) => b.type === 'Auto' && b.status === 'COMPLETED' && b.size > 0)).toBe(true);
    expect(week[0]).toMatchObject({ name: 'dds-orders-auto-20260107', end_time: '2026-01-07 16:00:06' });
    // every instance of the project has its own week
    const all = (await (await api()).get('/backups?backup_type=Auto').expect(200)).body;
    expect(all.total_count).toBe(21);
    // one more day: the oldest (7 days old) expires as the newest arrives
    h.clock.advance('1d');
    const next = await autos();
    expect(next).toHaveLength(7);
    expect([next[0].begin_time, next[6].begin_time]).toEqual(['2026-01-08 16:00:00', '2026-01-02 16:00:00']);
  });

  it('catches up the windows missed before the state was first read, each at its own time', async () => {
    h.clock.advance('3d'); // nothing has read the project yet: its state is built on the next request
    const caught = await autos();
    expect(caught.map((b) => b.begin_time)).toEqual(['2026-01-03 16:00:00', '2026-01-02 16:00:00', '2026-01-01 16:00:00', '2025-12-31 16:05:00', '2025-12-30 16:05:00', '2025-12-29 16:05:00']);
    const job = h.jobs.list({ vendor: 'dds', operation: 'AutomatedBackup' })[0];
    expect([job.createdAt, job.endedAt, job.state]).toEqual([at('2026-01-01 16:00:00'), at('2026-01-01 16:00:06'), 'succeeded']);
  });

  it('shows BACKUP while an automated backup runs, and a manual one waits (DBS.201015)', async () => {
    await autos(); // build the state at the start
    h.clock.advance('16h1s');
    const a = await api();
    expect((await a.get(`/instances?id=${DEMO.orders}`)).body.instances[0].actions).toEqual(['BACKUP']);
    const busy = await a.post('/backups', { backup: { instance_id: DEMO.orders, name: 'during-auto' } });
    expect([busy.status, busy.body.error_code]).toEqual([403, 'DBS.201015']);
    expect((await autos())[0]).toMatchObject({ status: 'BUILDING', end_time: '', size: 0 });
    h.clock.advance('5s');
    expect((await a.get(`/instances?id=${DEMO.orders}`)).body.instances[0].actions).toEqual([]);
    expect((await autos())[0].status).toBe('COMPLETED');
  });

  it('follows a new window and period from when the policy is set', async () => {
    const a = await api();
    await a.put(`/instances/${DEMO.orders}/backups/policy`, { backup_policy: { keep_days: 9, start_time: '23:00-00:00', period: '1,3,5' } }).expect(200);
    h.clock.advance('7d'); // Thu 1st .. Thu 8th: Fri 2nd, Mon 5th, Wed 7th
    const made = (await autos()).filter((b) => b.begin_time >= '2026-01-01');
    expect(made.map((b) => b.begin_time)).toEqual(['2026-01-07 23:00:00', '2026-01-05 23:00:00', '2026-01-02 23:00:00']);
  });

  it('disabling the policy stops new Auto backups; the ones taken expire as they would have', async () => {
    h.clock.advance('3d');
    expect(await autos()).toHaveLength(6);
    await (await api()).put(`/instances/${DEMO.orders}/backups/policy`, { backup_policy: { keep_days: 0 } }).expect(200);
    expect((await (await api()).get(`/instances/${DEMO.orders}/backups/policy`)).body).toEqual({ backup_policy: { keep_days: 0 } });
    h.clock.advance('3d17h');
    // no new ones; the seeded 29th..31st expired (7 days), the 1st..3rd stay until the 8th..10th
    expect((await autos()).map((b) => b.begin_time)).toEqual(['2026-01-03 16:00:00', '2026-01-02 16:00:00', '2026-01-01 16:00:00']);
    h.clock.advance('4d');
    expect(await autos()).toEqual([]);
    // the other instances go on
    expect((await autos((await (await api()).get('/instances?name=dds-catalog')).body.instances[0].id)).length).toBe(7);
  });

  it('a shorter retention removes the Auto backups already older than it at once', async () => {
    h.clock.advance('5d');
    expect(await autos()).toHaveLength(7); // 1st..5th and the seeded 30th, 31st
    await (await api()).put(`/instances/${DEMO.orders}/backups/policy`, { backup_policy: { keep_days: 2, start_time: '16:00-17:00' } }).expect(200);
    expect((await autos()).map((b) => b.begin_time)).toEqual(['2026-01-05 16:00:00', '2026-01-04 16:00:00']);
  });

  it('a restored snapshot goes on taking backups, without taking the past ones again', async () => {
    h.clock.advance('2d');
    expect(await autos()).toHaveLength(5);
    const snap = h.engine.snapshot();
    h.engine.restore(JSON.parse(JSON.stringify(snap)));
    expect(await autos()).toHaveLength(5);
    h.clock.advance('1d');
    const after = await autos();
    expect(after.map((b) => b.begin_time).slice(0, 3)).toEqual(['2026-01-03 16:00:00', '2026-01-02 16:00:00', '2026-01-01 16:00:00']);
    expect(new Set(after.map((b) => b.id)).size).toBe(after.length);
    const state = h.engine.tenancy.handle<DdsState>('dds', 'eu-de').state;
    expect(state.autoBackupFrom.get(DEMO.orders)).toBe(at('2026-01-03 16:00:00'));
  });
});
