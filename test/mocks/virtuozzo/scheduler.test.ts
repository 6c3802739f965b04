import { b64, unb64 } from '../../../mocks/virtuozzo/messages';
import type { ScheduleTrigger } from '../../../mocks/virtuozzo/model';
import { nextRun } from '../../../mocks/virtuozzo/schedules';
import { backupIds, CT1, CT2, MISSING, vzState, withVz } from './helpers';

const T = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
/** The next `n` runs after `from`. */
function runs(t: ScheduleTrigger, from: string, n: number): Array<string | undefined> {
  const out: Array<string | undefined> = [];
  let after = T(from);
  for (let i = 0; i < n; i++) {
    const next = nextRun(t, after);
    out.push(iso(next));
    if (next === undefined) break;
    after = next;
  }
  return out;
}

describe('virtuozzo scheduler triggers (VZLScheduler.xsd)', () => {
  const start = T('2026-01-01T22:00:00Z'); // a Thursday

  it('once: at its start, then never', () => {
    expect(runs({ kind: 'once', start }, '2025-12-31T00:00:00Z', 2)).toEqual(['2026-01-01T22:00:00.000Z', undefined]);
  });

  it('daily: every N days at the start time, workdays, weekends, until end_time', () => {
    expect(runs({ kind: 'daily', start }, '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-01T22:00:00.000Z', '2026-01-02T22:00:00.000Z', '2026-01-03T22:00:00.000Z']);
    expect(runs({ kind: 'daily', start, daysInterval: 3 }, '2026-01-01T23:00:00Z', 2)).toEqual(['2026-01-04T22:00:00.000Z', '2026-01-07T22:00:00.000Z']);
    expect(runs({ kind: 'daily', start, workdays: true }, '2026-01-01T23:00:00Z', 2)).toEqual(['2026-01-02T22:00:00.000Z', '2026-01-05T22:00:00.000Z']);
    expect(runs({ kind: 'daily', start, weekends: true }, '2026-01-01T23:00:00Z', 3)).toEqual(['2026-01-03T22:00:00.000Z', '2026-01-04T22:00:00.000Z', '2026-01-10T22:00:00.000Z']);
    expect(runs({ kind: 'daily', start, end: T('2026-01-02T23:00:00Z') }, '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-01T22:00:00.000Z', '2026-01-02T22:00:00.000Z', undefined]);
  });

  it('weekly: these weekdays every N weeks', () => {
    expect(runs({ kind: 'weekly', start, daysOfWeek: [1, 5] }, '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-02T22:00:00.000Z', '2026-01-05T22:00:00.000Z', '2026-01-09T22:00:00.000Z']);
    expect(runs({ kind: 'weekly', start, weeksInterval: 2 }, '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-01T22:00:00.000Z', '2026-01-15T22:00:00.000Z']);
  });

  it('monthly: these days (32 the last) of these months; monthly_day_of_week: the Nth (6 the last) weekday', () => {
    expect(runs({ kind: 'monthly', start, daysOfMonth: [15, 32], months: [1, 2] }, '2026-01-01T00:00:00Z', 5)).toEqual([
      '2026-01-15T22:00:00.000Z',
      '2026-01-31T22:00:00.000Z',
      '2026-02-15T22:00:00.000Z',
      '2026-02-28T22:00:00.000Z',
      '2027-01-15T22:00:00.000Z',
    ]);
    expect(runs({ kind: 'monthly_day_of_week', start, daysOfWeek: [0], weekdaysOfMonth: [1, 6] }, '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-04T22:00:00.000Z', '2026-01-25T22:00:00.000Z', '2026-02-01T22:00:00.000Z']);
    expect(nextRun({ kind: 'monthly', start, daysOfMonth: [31], months: [2] }, start)).toBeUndefined();
  });
});

const TASK_ID = '5b0e6c1a-8d3f-4a2b-9c7e-1f0a2b3c4d5e';
const nightly = (extra: Record<string, unknown> = {}) => ({
  id: TASK_ID,
  title: 'Nightly backup',
  trigger: { type: 'daily', start_time: '2026-01-01T22:00:00Z' },
  backup_env: { eids: [CT1, CT2] },
  ...extra,
});

describe('virtuozzo scenario tasks on the virtual clock', () => {
  it('a week of virtual time makes a week of nightly backups, keep_max applied, in backupm list and pager2', async () => {
    await withVz({ config: { keep_max: 3 }, tasks: [nightly()] }, async (h, vz) => {
      expect(await backupIds(vz, CT2)).toEqual([]);
      h.clock.advance('7d');
      expect(await backupIds(vz, CT2)).toEqual(['20260105', '20260106', '20260107'].map((d) => `${CT2}/${d}220006`));
      expect(await backupIds(vz, CT1)).toHaveLength(3);
      expect(h.jobs.list({ vendor: 'virtuozzo', operation: 'backupm.backup_env' })).toHaveLength(14);
      const rows = await vz.call('pager2', `<select><list>vBackupUnGrouped</list><field>id</field><where><eq><field>container_eid</field><value>${CT2}</value></eq></where></select>`);
      expect(rows.findAll('row')).toHaveLength(3);
      expect(vzState(h).tasks.get(TASK_ID)).toMatchObject({ runs: 7, lastRun: T('2026-01-07T22:00:00Z') });
    });
  });

  it('catches up every missed run, in order and at its own time, when the state is first used late', async () => {
    await withVz(
      { config: { keep_max: 0 }, tasks: [nightly({ backup_env: { eids: [CT2] } })] },
      async (_h, vz) => {
        expect(await backupIds(vz, CT2)).toEqual(['20260101', '20260102', '20260103'].map((d) => `${CT2}/${d}220006`));
        const list = await vz.call('scheduler', `<list><id>${TASK_ID}</id></list>`);
        expect(list.find('task').next_start).toBe('2026-01-04T22:00:00+0000');
      },
      { advanceFirst: '3d' },
    );
  });

  it('a disabled task does not run; backups of environments that are gone are the task’s own errors', async () => {
    await withVz({ tasks: [nightly({ disabled: true }), nightly({ id: 'aaaaaaaa-8d3f-4a2b-9c7e-1f0a2b3c4d5e', backup_env: { eids: [MISSING] } })] }, async (h, vz) => {
      h.clock.advance('2d');
      expect(await backupIds(vz, CT2)).toEqual([]);
      expect(h.jobs.list({ vendor: 'virtuozzo' })).toHaveLength(0);
      expect((await vz.call('envm', '<get_list/>')).findAll('eid')).toEqual([CT1, CT2]);
    });
  });
});

const taskXml = (inner: string, packet = `<packet version="4.0.0"><target>backupm</target><data><backupm><backup_env><env_list><eid>${CT2}</eid></env_list><backup_options><type>0</type></backup_options></backup_env></backupm></data></packet>`) =>
  `<task><title>${b64('Hourly web-01')}</title><category>vz.backup.ves</category>${inner}<packet>${b64(packet)}</packet></task>`;
const hourlyTrigger = `<triggers><trigger xsi:type="ns4:daily_triggerType" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><start_time>2026-01-01T06:00:00+0000</start_time><days_interval>1</days_interval></trigger></triggers>`;

describe('virtuozzo scheduler calls', () => {
  it('add, list, update and remove a task; its runs follow the virtual clock', async () => {
    await withVz({}, async (h, vz) => {
      const added = await vz.call('scheduler', `<add>${taskXml(hourlyTrigger)}</add>`);
      expect(added.error).toBeUndefined();
      const task = added.find('task');
      expect(task).toMatchObject({ category: 'vz.backup.ves', next_start: '2026-01-01T06:00:00+0000', disabled: 'false' });
      expect(unb64(task.title)).toBe('Hourly web-01');
      expect(task.triggers.trigger.$.type).toBe('ns2:daily_triggerType'); // xsi:type, read by local name
      expect(added.raw).toContain('<ns2:trigger xsi:type="ns2:daily_triggerType">');
      expect(unb64(task.packet)).toContain(`<eid>${CT2}</eid>`);
      h.clock.advance('6h10s');
      expect(await backupIds(vz, CT2)).toEqual([`${CT2}/20260101060006`]);
      const id = String(task.id);
      const weekly = `<triggers><trigger><start_time>2026-01-01T06:00:00+0000</start_time><weeks_interval>1</weeks_interval><day_of_week>1</day_of_week></trigger></triggers>`;
      expect((await vz.call('scheduler', `<update>${taskXml(weekly).replace('<task>', `<task><id>${id}</id>`)}</update>`)).find('ok')).toBeDefined();
      const listed = await vz.call('scheduler', '<list/>');
      expect(listed.findAll('task')).toHaveLength(1);
      expect(listed.find('task').next_start).toBe('2026-01-05T06:00:00+0000');
      expect(listed.find('task').triggers.trigger.day_of_week).toBe('1');
      expect((await vz.call('scheduler', `<remove><id>${id}</id></remove>`)).find('ok')).toBeDefined();
      h.clock.advance('7d');
      expect(await backupIds(vz, CT2)).toEqual([`${CT2}/20260101060006`]);
      expect((await vz.call('scheduler', '<list/>')).findAll('task')).toHaveLength(0);
    });
  });

  it('lists a scenario task with the packet it runs', async () => {
    await withVz({ tasks: [nightly({ backup_env: { eids: [CT1], type: 1, description: 'nightly' } })] }, async (_h, vz) => {
      const t = (await vz.call('scheduler', '<list/>')).find('task');
      expect(t.id).toBe(TASK_ID);
      const packet = unb64(t.packet);
      expect(packet).toContain(`<backup_env><env_list><eid>${CT1}</eid></env_list><backup_options><type>1</type><description>${b64('nightly')}</description>`);
    });
  });

  it('refuses bad tasks with malformedPacket (4) and unknown or prototype-named ids with unknownTask (320), running nothing', async () => {
    await withVz({ tasks: [nightly()] }, async (h, vz) => {
      const code = async (call: string) => (await vz.call('scheduler', call)).error?.code;
      expect(await code('<add/>')).toBe(4);
      expect(await code(`<add>${taskXml('')}</add>`)).toBe(4); // no trigger
      expect(await code(`<add>${taskXml('<triggers><trigger><start_time>tomorrow</start_time></trigger></triggers>')}</add>`)).toBe(4);
      expect(await code(`<add>${taskXml('<triggers><trigger><start_time>2026-01-01T06:00:00+0000</start_time><days_interval>0</days_interval></trigger></triggers>')}</add>`)).toBe(4);
      expect(await code(`<add>${taskXml('<triggers><trigger><start_time>2026-01-01T06:00:00+0000</start_time><day_of_month>1</day_of_month><month_of_year>Smarch</month_of_year></trigger></triggers>')}</add>`)).toBe(4);
      expect(await code(`<add>${taskXml('<triggers><trigger xsi:type="yearly_triggerType" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><start_time>2026-01-01T06:00:00+0000</start_time></trigger></triggers>')}</add>`)).toBe(4);
      expect(await code(`<add>${taskXml(hourlyTrigger, 'not a packet')}</add>`)).toBe(4);
      expect(await code(`<add>${taskXml(hourlyTrigger, '<packet><data><envm><get_list/></envm></data></packet>')}</add>`)).toBe(4);
      expect(await code(`<add>${taskXml(hourlyTrigger).replace('<task>', `<task><id>${TASK_ID}</id>`)}</add>`)).toBe(4); // id taken
      expect(await code(`<add>${taskXml(hourlyTrigger).replace(`<title>${b64('Hourly web-01')}</title>`, '')}</add>`)).toBe(4);
      expect(await code(`<update>${taskXml(hourlyTrigger)}</update>`)).toBe(4); // no id
      expect(await code(`<update>${taskXml(hourlyTrigger).replace('<task>', `<task><id>${MISSING}</id>`)}</update>`)).toBe(320);
      expect(await code('<remove/>')).toBe(4);
      for (const id of [MISSING, 'constructor', '__proto__', 'toString']) {
        expect(await code(`<remove><id>${id}</id></remove>`)).toBe(320);
        expect(await code(`<list><id>${id}</id></list>`)).toBe(320);
      }
      expect(await code(`<update>${taskXml(hourlyTrigger).replace('<task>', '<task><id>constructor</id>')}</update>`)).toBe(4);
      expect(await code('<reschedule/>')).toBe(6);
      expect([...vzState(h).tasks.keys()]).toEqual([TASK_ID]);
      expect(h.jobs.list({ vendor: 'virtuozzo' })).toHaveLength(0);
      expect((await vz.call('scheduler', '<list/>')).findAll('task')).toHaveLength(1);
    });
  });
});
