import type { Harness } from '../../helpers';
import type { VirtuozzoClient } from '../../../src/clients/virtuozzo';
import { b64, unb64 } from '../../../mocks/virtuozzo/messages';
import { CT1, CT2, jobStarted, loggedIn, MISSING, progressWatch, SEEDED_BACKUP, startVz } from './helpers';

describe('virtuozzo backupm', () => {
  let h: Harness;
  let vz: VirtuozzoClient;
  beforeEach(async () => {
    h = await startVz();
    vz = await loggedIn(h);
  });
  afterEach(async () => {
    vz.close();
    await h.stop();
  });

  it('backs up one container with the backup_env page progress, then the final backup', async () => {
    const w = progressWatch();
    const done = vz.backupEnv([CT1], `<type>0</type><compression>2</compression><description>${b64('Full backup 2007-01-12')}</description>`, w.onProgress);
    await w.first;
    h.clock.advance('10s');
    const r = await done;
    expect(r.id).toBe(r.packet.$.id);
    expect(w.seen.map((p) => p.text)).toEqual([
      'Operation backup_env is started',
      'Checking parameters',
      'Dumping quota',
      'Backup storage: preparing to backup',
      'Adjusting backup type (full)',
      'Backup storage: receiving backup file',
      'Backing up private area.',
      'Percent: 20',
      'Percent: 37',
      'Percent: 54',
      'Percent: 71',
      'Percent: 88',
      'Percent: 99',
      'Backup storage: storing private backup data',
      'Backup storage: filling resultant backup info',
    ]);
    expect(w.seen[0].status).toBe(1);
    expect(w.seen[9]).toMatchObject({ status: 2, percent: 54, op: 'backupm.backup_env' });
    const b = r.find('backup');
    expect(b).toMatchObject({ eid: CT1, id: `${CT1}/20260101000006`, time: '2026-01-01T00:00:06+0000', type: '0', count: '2', size: '12709275' });
    expect(unb64(b.description)).toBe('Full backup 2007-01-12');
    const params = Object.fromEntries(b.info.parameter.map((p: any) => [p.name, p.message ? unb64(p.message) : '']));
    expect(params).toMatchObject({ hostname: 'Host-106', ip: '10.130.1.6', name: 'Test-VE6', title: 'Test-VE6', type: 'virtuozzo', parent_env_title: 'dhcp0-40.sw.ru' });
  });

  it('sends no progress packets unless the request asked for them', async () => {
    const started = jobStarted(h);
    const done = vz.call('backupm', `<backup_env><env_list><eid>${CT2}</eid></env_list><backup_options/></backup_env>`);
    await started;
    h.clock.advance('10s');
    const r = await done;
    expect(r.progress).toEqual([]);
    expect(r.find('backup').eid).toBe(CT2);
  });

  it('mixes errors (first) and backups for many eids: unknown and busy environments', async () => {
    const first = progressWatch();
    const running = vz.backupEnv([CT2], '', first.onProgress);
    await first.first;
    const started = jobStarted(h);
    const mixed = vz.call('backupm', `<backup_env><env_list><eid>${CT1}</eid><eid>${MISSING}</eid><eid>${CT2}</eid></env_list></backup_env>`);
    await started;
    h.clock.advance('10s');
    const [r] = await Promise.all([mixed, running]);
    expect(r.raw.indexOf('<ns1:error>')).toBeLessThan(r.raw.indexOf('<ns2:backup>'));
    const codes = r.findAll('error').map((e: any) => Number(e.code));
    expect(codes.sort()).toEqual([305, 306]);
    expect(r.findAll('backup').map((b: any) => b.eid)).toEqual([CT1]);
  });

  it('honours ignore_unexistent, incremental adjusted to full, compression and remove', async () => {
    // CT2 has no full backup: an incremental is adjusted to full (the backup_env page's "Adjusting backup type").
    const w = progressWatch();
    const p1 = vz.backupEnv([CT2, MISSING], '<type>1</type><compression>0</compression><policy><ignore_unexistent/></policy>', w.onProgress);
    await w.first;
    h.clock.advance('10s');
    const r1 = await p1;
    expect(r1.error).toBeUndefined();
    expect(w.seen.map((p) => p.text)).toContain('Adjusting backup type (full)');
    expect(r1.find('backup')).toMatchObject({ type: '0', size: '1000000' });
    // Now incremental stays incremental, and <remove/> replaces the previous archive.
    const started = jobStarted(h);
    const p2 = vz.call('backupm', `<backup_env><env_list><eid>${CT2}</eid></env_list><backup_options xsi:type="ns3:backup_optionsType" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><type>1</type><remove/></backup_options></backup_env>`);
    await started;
    h.clock.advance('10s');
    const r2 = await p2;
    expect(r2.find('backup').type).toBe('1');
    const list = await vz.call('backupm', `<list><options><eid>${CT2}</eid></options></list>`);
    expect(list.findAll('backup').map((b: any) => b.id)).toEqual([r2.find('backup').id]);
  });

  it('rejects bad option values with an error packet', async () => {
    const r = await vz.call('backupm', `<backup_env><env_list><eid>${CT1}</eid></env_list><backup_options><compression>9</compression></backup_options></backup_env>`);
    expect(r.error?.code).toBe(4);
    expect(r.error?.message).toMatch(/compression/);
  });

  it('lists backups with eid, latest and info options, and by id', async () => {
    const all = await vz.call('backupm', '<list/>');
    expect(all.findAll('backup').map((b: any) => b.id)).toEqual([SEEDED_BACKUP]);
    expect(all.find('backup').info.parameter).toBeUndefined();
    const withInfo = await vz.call('backupm', `<list><backup_id>${SEEDED_BACKUP}</backup_id><options><info/><latest/></options></list>`);
    expect(withInfo.find('backup').info.parameter.length).toBe(8);
    const unknown = await vz.call('backupm', `<list><backup_id>${CT1}/19990101000000</backup_id></list>`);
    expect(unknown.error?.code).toBe(307);
  });

  it('answers get_info for a backup and an error for an unknown one', async () => {
    const r = await vz.call('backupm', `<get_info><backup_id>${SEEDED_BACKUP}</backup_id><options/></get_info>`);
    expect(r.find('info').env.eid).toBe(CT1);
    expect((await vz.call('backupm', `<get_info><backup_id>nope</backup_id><options/></get_info>`)).error?.code).toBe(307);
  });

  it('removes several backups with several <remove> calls in one backupm (the connector)', async () => {
    const w = progressWatch();
    const p = vz.backupEnv([CT1], '', w.onProgress);
    await w.first;
    h.clock.advance('10s');
    const made = (await p).find('backup').id;
    const r = await vz.call('backupm', `<remove><backup_id>${SEEDED_BACKUP}</backup_id><options/></remove><remove><backup_id>${made}</backup_id><options/></remove>`);
    expect(r.findAll('ok')).toHaveLength(1);
    expect((await vz.call('backupm', '<list/>')).findAll('backup')).toHaveLength(0);
    const again = await vz.call('backupm', `<remove><backup_id>${made}</backup_id></remove>`);
    expect(again.error?.code).toBe(307);
  });

  it('removes all backups of an environment with options/eid', async () => {
    const r = await vz.call('backupm', `<remove><options><eid>${CT1}</eid></options></remove>`);
    expect(r.find('ok')).toBeDefined();
    expect((await vz.call('backupm', '<list/>')).findAll('backup')).toHaveLength(0);
  });

  it('restores a backup with progress, and refuses unknown backups', async () => {
    const w = progressWatch();
    const p = vz.call('backupm', `<restore_env><backup_id>${SEEDED_BACKUP}</backup_id><restore_options><force/></restore_options></restore_env>`, { progress: true, onProgress: w.onProgress });
    await w.first;
    h.clock.advance('5s');
    const r = await p;
    expect(r.find('ok')).toBeDefined();
    expect(w.seen[0].text).toBe('Operation restore_env is started');
    expect(w.seen.map((x) => x.text)).toContain('Restoring private area.');
    expect((await vz.call('backupm', `<restore_env><backup_id>${CT1}/1</backup_id></restore_env>`)).error?.code).toBe(307);
  });

  it('restores selected files', async () => {
    const started = jobStarted(h);
    const p = vz.call('backupm', `<selective_restore_env><eid>${CT1}</eid><backup_id>${SEEDED_BACKUP}</backup_id><path>${b64('/etc/hosts')}</path></selective_restore_env>`);
    await started;
    h.clock.advance('5s');
    expect((await p).find('ok')).toBeDefined();
  });

  it('searches backups by hostname, ip and dates', async () => {
    expect((await vz.call('backupm', '<search><options><hostname>host-106</hostname></options></search>')).findAll('backup')).toHaveLength(1);
    expect((await vz.call('backupm', '<search><options><ip>10.130.1.7</ip></options></search>')).findAll('backup')).toHaveLength(0);
    expect((await vz.call('backupm', '<search><options><start_date>2025-12-31</start_date><end_date>2025-12-31</end_date></options></search>')).findAll('backup')).toHaveLength(1);
    expect((await vz.call('backupm', '<search><options><start_date>2026-01-01</start_date></options></search>')).findAll('backup')).toHaveLength(0);
  });

  it('reads and changes the backupm configuration', async () => {
    const before = await vz.call('backupm', '<get_config/>');
    expect(before.find('backupm_config')).toMatchObject({ compression: '1', type: '0' });
    const set = await vz.call('backupm', '<set_config><backupm_config><backup_server><address>10.0.0.9</address><port>4433</port></backup_server><keep_max>3</keep_max><compression>3</compression></backupm_config></set_config>');
    expect(set.find('ok')).toBeDefined();
    const after = await vz.call('backupm', '<get_config><local/></get_config>');
    expect(after.find('backupm_config')).toMatchObject({ keep_max: '3', compression: '3', backup_server: { address: '10.0.0.9', port: '4433' } });
    expect((await vz.call('backupm', '<set_config/>')).error?.code).toBe(308);
  });

  it('lists environments with envm/get_list and vzaenvm/get_list', async () => {
    const envm = await vz.call('envm', '<get_list/>');
    expect(envm.findAll('eid')).toEqual([CT1, CT2]);
    const one = await vz.call('vzaenvm', '<get_list><count>1</count></get_list>');
    expect(one.findAll('eid')).toEqual([CT1]);
    const stopped = await vz.call('envm', '<get_list><status><state>3</state></status></get_list>');
    expect(stopped.findAll('eid')).toEqual([]);
  });
});

describe('virtuozzo scenario timelines and error codes', () => {
  it('fails a backup at 54% with the scenario message and a configured error code', async () => {
    const h = await startVz(
      { errorCodes: { backupFailed: 4242 } },
      { jobs: [{ match: { vendor: 'virtuozzo', operation: 'backupm.backup_env' }, timeline: { duration: '1m', outcome: 'failed', failAt: 54, message: 'Not enough space on backup storage' } }] },
    );
    const vz = await loggedIn(h);
    try {
      const w = progressWatch();
      const p = vz.backupEnv([CT1], '', w.onProgress);
      await w.first;
      h.clock.advance('2m');
      const r = await p;
      expect(r.error).toEqual({ code: 4242, message: 'Not enough space on backup storage' });
      const last = w.seen[w.seen.length - 1];
      expect(last).toMatchObject({ status: 4, text: 'Not enough space on backup storage' });
      expect(Math.max(...w.seen.map((s) => s.percent ?? 0))).toBeLessThanOrEqual(54);
      const list = await vz.call('backupm', `<list><options><eid>${CT1}</eid></options></list>`);
      expect(list.findAll('backup')).toHaveLength(1); // the seeded one only
    } finally {
      vz.close();
      await h.stop();
    }
  });

  it('runs a 2 h backup to completion under the manual clock', async () => {
    const h = await startVz({}, { jobs: [{ match: { operation: 'backupm.backup_env' }, timeline: { duration: '2h', steps: 4 } }] });
    const vz = await loggedIn(h);
    try {
      const w = progressWatch();
      const p = vz.backupEnv([CT2], '', w.onProgress);
      await w.first;
      h.clock.advance('1h');
      await w.until(3);
      expect(w.seen.map((s) => s.percent).filter(Boolean)).toEqual([25, 50]);
      h.clock.advance('1h');
      const r = await p;
      expect(r.find('backup').time).toBe('2026-01-01T02:00:00+0000');
    } finally {
      vz.close();
      await h.stop();
    }
  });
});
