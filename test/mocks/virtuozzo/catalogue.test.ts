import type { Harness } from '../../helpers';
import type { VirtuozzoClient } from '../../../src/clients/virtuozzo';
import { backupIds, CT1, CT2, GONE, loggedIn, MISSING, progressWatch, SEEDED_BACKUP, startVzWith, withVz } from './helpers';

/** One backup of `eid` run to its end (the default timeline takes 6 s). */
async function backUp(h: Harness, vz: VirtuozzoClient, eid: string, options = ''): Promise<{ id: string; type: string; count: string }> {
  const w = progressWatch();
  const p = vz.backupEnv([eid], options, w.onProgress);
  await w.first;
  h.clock.advance('10s');
  const r = await p;
  expect(r.error).toBeUndefined();
  const b = r.find('backup');
  return { id: String(b.id), type: String(b.type), count: String(b.count) };
}

const backups = (eid: string, times: string[], type = 0) => times.map((time) => ({ eid, time, type }));

describe('virtuozzo catalogue: retention as backups complete', () => {
  it('keeps keep_max backups per environment: making one more removes the oldest, the others untouched', async () => {
    await withVz({ config: { keep_max: 2 }, backups: [...backups(CT1, ['2025-12-29T22:00:00Z', '2025-12-30T22:00:00Z']), ...backups(CT2, ['2025-12-28T22:00:00Z'])] }, async (h, vz) => {
      expect((await vz.call('backupm', '<get_config/>')).find('backupm_config').keep_max).toBe('2');
      const made = await backUp(h, vz, CT1);
      expect(await backupIds(vz, CT1)).toEqual([`${CT1}/20251230220000`, made.id]);
      expect(made.count).toBe('2');
      expect(await backupIds(vz, CT2)).toEqual([`${CT2}/20251228220000`]);
      // Lowered through set_config, the limit applies at the next backup.
      await vz.call('backupm', '<set_config><backupm_config><keep_max>1</keep_max></backupm_config></set_config>');
      expect(await backupIds(vz, CT1)).toHaveLength(2);
      const last = await backUp(h, vz, CT1);
      expect(await backupIds(vz, CT1)).toEqual([last.id]);
    });
  });

  it('keeps every backup with keep_max 0, and counts each environment’s total in every backup', async () => {
    await withVz({ config: { keep_max: 0 } }, async (h, vz) => {
      for (let i = 0; i < 3; i++) await backUp(h, vz, CT1);
      const list = await vz.call('backupm', `<list><options><eid>${CT1}</eid></options></list>`);
      expect(list.findAll('backup').map((b: { count: string }) => b.count)).toEqual(['4', '4', '4', '4']);
      await vz.call('backupm', `<remove><backup_id>${SEEDED_BACKUP}</backup_id></remove>`);
      const after = await vz.call('backupm', `<list><options><eid>${CT1}</eid><latest/></options></list>`);
      expect(after.find('backup').count).toBe('3');
    });
  });

  it('<remove/> in backup_options removes the oldest backup, <remove><backup>ID</backup></remove> that one', async () => {
    await withVz({ backups: backups(CT1, ['2025-12-29T22:00:00Z', '2025-12-30T22:00:00Z', '2025-12-31T22:00:00Z']) }, async (h, vz) => {
      const a = await backUp(h, vz, CT1, '<remove/>');
      expect(await backupIds(vz, CT1)).toEqual([`${CT1}/20251230220000`, SEEDED_BACKUP, a.id]);
      const b = await backUp(h, vz, CT1, `<remove><backup>${SEEDED_BACKUP}</backup></remove>`);
      expect(await backupIds(vz, CT1)).toEqual([`${CT1}/20251230220000`, a.id, b.id]);
    });
  });

  it('makes an incremental backup full after chain_length backups or chain_days since the last full one', async () => {
    await withVz({ config: { chain_length: 2, chain_days: 3 } }, async (h, vz) => {
      // The seeded full backup is from 2025-12-31T22:00; incrementals build on it.
      expect((await backUp(h, vz, CT1, '<type>1</type>')).type).toBe('1');
      expect((await backUp(h, vz, CT1, '<type>1</type>')).type).toBe('1');
      const third = progressWatch();
      const p = vz.backupEnv([CT1], '<type>1</type>', third.onProgress);
      await third.first;
      h.clock.advance('10s');
      expect((await p).find('backup').type).toBe('0');
      expect(third.seen.map((s) => s.text)).toContain('Adjusting backup type (full)');
      expect((await backUp(h, vz, CT1, '<type>2</type>')).type).toBe('2');
      h.clock.advance('3d');
      expect((await backUp(h, vz, CT1, '<type>1</type>')).type).toBe('0');
    });
  });
});

describe('virtuozzo catalogue: the age limit on the virtual clock', () => {
  it('removes backups as they reach retention.maxAge, in the listings, as the clock moves', async () => {
    const seeded = [...backups(CT1, ['2025-12-29T12:00:00Z', '2025-12-31T00:00:00Z']), ...backups(CT2, ['2025-12-25T00:00:00Z'])];
    await withVz({ retention: { maxAge: '3d' }, backups: seeded, config: { keep_max: 0 } }, async (h, vz) => {
      // Built at 2026-01-01T00:00: CT2's backup (7 days old) is gone already.
      expect(await backupIds(vz)).toEqual([`${CT1}/20251229120000`, `${CT1}/20251231000000`]);
      h.clock.advance('12h');
      expect(await backupIds(vz)).toEqual([`${CT1}/20251231000000`]);
      h.clock.advance('12h');
      expect(await backupIds(vz)).toEqual([`${CT1}/20251231000000`]);
      const made = await backUp(h, vz, CT2); // at 2026-01-02T00:00:06
      h.clock.advance('23h');
      expect(await backupIds(vz)).toEqual([`${CT1}/20251231000000`, made.id]);
      h.clock.advance('1h');
      expect(await backupIds(vz)).toEqual([made.id]);
      h.clock.advance('2d');
      expect(await backupIds(vz)).toEqual([]);
      // With nothing left the trigger keeps running: a new backup ages out too.
      const later = await backUp(h, vz, CT1);
      expect(await backupIds(vz)).toEqual([later.id]);
      h.clock.advance('3d');
      expect(await backupIds(vz)).toEqual([]);
    });
  });

  it('prunes what aged out before the state was first used (the clock moved first)', async () => {
    await withVz({ retention: { maxAge: '2d' } }, async (_h, vz) => {
      expect(await backupIds(vz)).toEqual([SEEDED_BACKUP]);
    });
    const h = await startVzWith({ retention: { maxAge: '2d' } });
    try {
      h.clock.advance('3d');
      const vz = await loggedIn(h);
      expect(await backupIds(vz)).toEqual([]);
      vz.close();
    } finally {
      await h.stop();
    }
  });
});

describe('virtuozzo catalogue seeded from the scenario', () => {
  it('seeds backups per environment (times, "ago" times, types), and backups of a deleted environment', async () => {
    const environments = [
      { eid: CT1, name: 'Test-VE6', size: 1_000_000, backups: ['2d ago', { time: '1d ago', type: 1, compression: 0, size: 5000, description: 'incr' }] },
      { eid: CT2, name: 'web-01', backups: ['2025-12-20T10:00:00Z'] },
      { eid: GONE, name: 'old-web', removed: true, backups: ['2025-12-01T00:00:00Z'] },
    ];
    await withVz({ environments, backups: [] }, async (_h, vz) => {
      expect(await backupIds(vz, CT1)).toEqual([`${CT1}/20251230000000`, `${CT1}/20251231000000`]);
      const list = await vz.call('backupm', `<list><options><eid>${CT1}</eid><latest/><info/></options></list>`);
      expect(list.find('backup')).toMatchObject({ type: '1', size: '5000', count: '2' });
      expect(await backupIds(vz, CT2)).toEqual([`${CT2}/20251220100000`]);
      expect(await backupIds(vz, GONE)).toEqual([`${GONE}/20251201000000`]);
      expect((await vz.call('envm', '<get_list/>')).findAll('eid')).toEqual([CT1, CT2]);
      const info = await vz.call('backupm', `<get_info><backup_id>${GONE}/20251201000000</backup_id><options/></get_info>`);
      expect(info.find('info').env.virtual_config.name).toBe('old-web');
    });
  });
});

describe('virtuozzo catalogue: listing and removal by environment and by date', () => {
  const seeded = [...backups(CT1, ['2025-12-27T22:00:00Z', '2025-12-28T22:00:00Z', '2025-12-29T22:00:00Z']), ...backups(CT2, ['2025-12-28T10:00:00Z'])];

  it('removes a backup and the older ones of its environment with <prev/>, and all of an environment with options/eid', async () => {
    await withVz({ backups: seeded }, async (_h, vz) => {
      expect((await vz.call('backupm', `<remove><backup_id>${CT1}/20251228220000</backup_id><options><prev/></options></remove>`)).find('ok')).toBeDefined();
      expect(await backupIds(vz, CT1)).toEqual([`${CT1}/20251229220000`]);
      expect(await backupIds(vz, CT2)).toEqual([`${CT2}/20251228100000`]);
      expect((await vz.call('backupm', `<remove><options><eid>${CT2}</eid></options></remove>`)).find('ok')).toBeDefined();
      expect(await backupIds(vz)).toEqual([`${CT1}/20251229220000`]);
    });
  });

  it('searches by creation dates and by hostname and ip wildcards', async () => {
    await withVz({ backups: seeded }, async (_h, vz) => {
      const ids = async (options: string) => (await vz.call('backupm', `<search><options>${options}</options></search>`)).findAll('backup').map((b: { id: string }) => b.id);
      expect(await ids('<start_date>2025-12-28</start_date><end_date>2025-12-28</end_date>')).toEqual([`${CT2}/20251228100000`, `${CT1}/20251228220000`]);
      expect(await ids('<hostname>HOST-1*</hostname>')).toHaveLength(3);
      expect(await ids('<hostname>web-??.example.test</hostname>')).toEqual([`${CT2}/20251228100000`]);
      expect(await ids('<ip>10.130.1.*</ip><start_date>2025-12-29</start_date>')).toEqual([`${CT1}/20251229220000`]);
      expect(await ids(`<hostname>${'*'.repeat(200)}x</hostname>`)).toEqual([]);
    });
  });

  it('refuses bad dates and config values with malformedPacket (4), leaving the catalogue and configuration as they were', async () => {
    await withVz({ backups: seeded }, async (_h, vz) => {
      for (const d of ['yesterday', '2025-13-01', '2025-02-30', '<x/>']) {
        const r = await vz.call('backupm', `<search><options><start_date>${d.replace(/[<>]/g, '')}</start_date></options></search>`);
        expect(r.error?.code).toBe(4);
      }
      const before = (await vz.call('backupm', '<get_config/>')).find('backupm_config');
      for (const bad of ['<keep_max>-1</keep_max>', '<chain_length>x</chain_length>', '<compression>4</compression>', '<type>3</type>', '<backup_server><address>a</address><port>70000</port></backup_server>']) {
        expect((await vz.call('backupm', `<set_config><backupm_config>${bad}</backupm_config></set_config>`)).error?.code).toBe(4);
      }
      expect((await vz.call('backupm', '<get_config/>')).find('backupm_config')).toEqual(before);
      expect((await vz.call('backupm', `<remove><options><eid>${MISSING}</eid></options></remove>`)).error?.code).toBe(305);
      expect(await backupIds(vz)).toHaveLength(4);
    });
  });
});
