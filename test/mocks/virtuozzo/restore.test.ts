import type { Harness } from '../../helpers';
import type { VirtuozzoClient } from '../../../src/clients/virtuozzo';
import { b64 } from '../../../mocks/virtuozzo/messages';
import { backupIds, CT1, CT2, envsIn, GONE, jobStarted, MISSING, NODE, NODE2, progressWatch, SEEDED_BACKUP, vzState, withVz } from './helpers';

const restoreEnv = (inner: string) => `<restore_env>${inner}</restore_env>`;
const GONE_BACKUP = `${GONE}/20251230220000`;
/** old-web: deleted since, on the backup_env page's node, with one full backup. */
const oldWeb = (extra: Record<string, unknown> = {}) => ({ eid: GONE, name: 'old-web', hostname: 'old-web.example.test', ip: '10.130.1.9', removed: true, backups: ['2025-12-30T22:00:00Z'], ...extra });

/** Send a restore_env with progress, wait for its job to start, advance the clock, return the reply and progress texts. */
async function restoreWithProgress(h: Harness, vz: VirtuozzoClient, inner: string, during?: () => Promise<void>) {
  const w = progressWatch();
  const p = vz.call('backupm', restoreEnv(inner), { progress: true, onProgress: w.onProgress });
  await w.first;
  await during?.();
  h.clock.advance('10s');
  const r = await p;
  return { r, texts: w.seen.map((x) => x.text), seen: w.seen };
}

const ENVIRONMENTS = [
  { eid: CT1, name: 'Test-VE6', hostname: 'Host-106', ip: '10.130.1.6', size: 21182125 },
  { eid: CT2, name: 'web-01', hostname: 'web-01.example.test', ip: '10.130.1.7', size: 1000000 },
];

describe('virtuozzo restore_env into its own environment', () => {
  it('streams progress, keeps the environment down while it runs, and brings it back running', async () => {
    await withVz({}, async (h, vz) => {
      let during: string[] = [];
      const { r, texts, seen } = await restoreWithProgress(h, vz, `<backup_id>${SEEDED_BACKUP}</backup_id>`, async () => {
        during = await envsIn(vz, 3);
      });
      expect(r.find('ok')).toBeDefined();
      expect(r.error).toBeUndefined();
      expect(during).toEqual([CT1]);
      expect(await envsIn(vz, 6)).toEqual([CT1, CT2]);
      expect(texts).toEqual([
        'Operation restore_env is started',
        'Checking parameters',
        'Backup storage: preparing to restore',
        'Restoring private area.',
        'Percent: 50',
        'Percent: 90',
        'Restoring quota',
      ]);
      expect(seen[0]).toMatchObject({ op: 'backupm.restore_env', status: 1 });
      expect(seen[3]).toMatchObject({ status: 2, percent: 10 });
      expect(vzState(h).environments.get(CT1)?.transition).toBeUndefined();
      expect(h.find({ vendor: 'virtuozzo', operation: 'backupm.restore_env' }).map((e) => e.status)).toEqual([200]);
    });
  });

  it('leaves a stopped environment stopped, and answers <ok/> without progress packets when none were asked for', async () => {
    await withVz({ environments: [{ ...ENVIRONMENTS[0], state: 3 }, ENVIRONMENTS[1]] }, async (h, vz) => {
      const started = jobStarted(h);
      const p = vz.call('backupm', restoreEnv(`<backup_id>${SEEDED_BACKUP}</backup_id><restore_options><force/></restore_options>`));
      await started;
      h.clock.advance('10s');
      const r = await p;
      expect(r.progress).toEqual([]);
      expect(r.find('ok')).toBeDefined();
      expect(await envsIn(vz, 3)).toEqual([CT1]);
    });
  });

  it('refuses a second operation on the environment while a restore runs, and a restore while a backup runs', async () => {
    await withVz({}, async (h, vz) => {
      const w = progressWatch();
      const restoring = vz.call('backupm', restoreEnv(`<backup_id>${SEEDED_BACKUP}</backup_id>`), { progress: true, onProgress: w.onProgress });
      await w.first;
      expect((await vz.call('backupm', restoreEnv(`<backup_id>${SEEDED_BACKUP}</backup_id>`))).error?.code).toBe(306);
      expect((await vz.backupEnv([CT1])).error?.code).toBe(306);
      h.clock.advance('10s');
      expect((await restoring).find('ok')).toBeDefined();
      const b = progressWatch();
      const backingUp = vz.backupEnv([CT1], '', b.onProgress);
      await b.first;
      expect((await vz.call('backupm', restoreEnv(`<backup_id>${SEEDED_BACKUP}</backup_id>`))).error?.code).toBe(306);
      h.clock.advance('10s');
      expect((await backingUp).find('backup')).toBeDefined();
    });
  });

  it('refuses an incremental backup whose full backup was removed (312), and restores one whose chain is whole', async () => {
    const backups = [
      { eid: CT2, time: '2025-12-29T22:00:00Z', type: 0 },
      { eid: CT2, time: '2025-12-30T22:00:00Z', type: 1 },
    ];
    await withVz({ backups }, async (h, vz) => {
      const incremental = `${CT2}/20251230220000`;
      const { r } = await restoreWithProgress(h, vz, `<backup_id>${incremental}</backup_id>`);
      expect(r.find('ok')).toBeDefined();
      await vz.call('backupm', `<remove><backup_id>${CT2}/20251229220000</backup_id></remove>`);
      const broken = await vz.call('backupm', restoreEnv(`<backup_id>${incremental}</backup_id>`));
      expect(broken.error?.code).toBe(312);
      expect(broken.error?.message).toMatch(/full backup/);
      expect(await envsIn(vz, 6)).toEqual([CT1, CT2]);
    });
  });
});

describe('virtuozzo restore_env into another environment (the backed-up one was removed)', () => {
  it('creates the environment again from the backup, down while it restores, then running, on its node', async () => {
    await withVz({ environments: [...ENVIRONMENTS, oldWeb()] }, async (h, vz) => {
      expect((await vz.call('envm', '<get_list/>')).findAll('eid')).toEqual([CT1, CT2]);
      let during: string[] = [];
      const { r } = await restoreWithProgress(h, vz, `<backup_id>${GONE_BACKUP}</backup_id>`, async () => {
        during = await envsIn(vz, 3);
      });
      expect(r.find('ok')).toBeDefined();
      expect(during).toEqual([GONE]);
      expect(await envsIn(vz, 6)).toEqual([CT1, CT2, GONE]);
      const rows = await vz.call('pager2', `<select><list>vEnvironments</list><field>name</field><field>parent_eid</field><field>ip_text</field><where><eq><field>eid</field><value>${GONE}</value></eq></where></select>`);
      expect(rows.findAll('row')).toHaveLength(1);
      for (const v of ['old-web', NODE, '10.130.1.9']) expect(rows.raw).toContain(b64(v));
    });
  });

  it("restores onto parent_eid when the backup's node is no longer registered, and says which node is missing otherwise", async () => {
    const nodes = [{ eid: NODE2, title: 'hn2.example.test' }];
    await withVz({ nodes, environments: [ENVIRONMENTS[0], oldWeb({ parent: NODE })] }, async (h, vz) => {
      // old-web's backup names the backup_env page's node, which this scenario does not have.
      const none = await vz.call('backupm', restoreEnv(`<backup_id>${GONE_BACKUP}</backup_id>`));
      expect(none.error?.code).toBe(305);
      expect(none.error?.message).toMatch(/parent_eid/);
      const unknown = await vz.call('backupm', restoreEnv(`<backup_id>${GONE_BACKUP}</backup_id><parent_eid>${MISSING}</parent_eid>`));
      expect(unknown.error?.code).toBe(305);
      expect(await envsIn(vz, 3)).toEqual([]);
      const { r } = await restoreWithProgress(h, vz, `<backup_id>${GONE_BACKUP}</backup_id><parent_eid>${NODE2.toUpperCase()}</parent_eid>`);
      expect(r.find('ok')).toBeDefined();
      expect(vzState(h).environments.get(GONE)).toMatchObject({ parentEid: NODE2, parentTitle: 'hn2.example.test', state: 6 });
    });
  });

  it('ignores parent_eid when the original node exists', async () => {
    await withVz({ environments: [...ENVIRONMENTS, oldWeb()] }, async (h, vz) => {
      const { r } = await restoreWithProgress(h, vz, `<backup_id>${GONE_BACKUP}</backup_id><parent_eid>${MISSING}</parent_eid>`);
      expect(r.find('ok')).toBeDefined();
      expect(vzState(h).environments.get(GONE)?.parentEid).toBe(NODE);
    });
  });

  it('refuses a name or IP address in use (311) unless <force/>, which leaves the clashing address off', async () => {
    const clash = oldWeb({ name: 'web-01', ip: '10.130.1.6' });
    await withVz({ environments: [...ENVIRONMENTS, clash] }, async (h, vz) => {
      const refused = await vz.call('backupm', restoreEnv(`<backup_id>${GONE_BACKUP}</backup_id>`));
      expect(refused.error?.code).toBe(311);
      expect(refused.error?.message).toMatch(/web-01|10\.130\.1\.6/);
      expect(vzState(h).environments.has(GONE)).toBe(false);
      const { r } = await restoreWithProgress(h, vz, `<backup_id>${GONE_BACKUP}</backup_id><restore_options><force/></restore_options>`);
      expect(r.find('ok')).toBeDefined();
      expect(vzState(h).environments.get(GONE)).toMatchObject({ name: 'web-01', ip: '' });
    });
  });
});

describe('virtuozzo restore_env failing on the scenario timeline', () => {
  const failing = (target: string) => ({
    jobs: [
      {
        match: { vendor: 'virtuozzo', operation: 'backupm.restore_env', target },
        timeline: { duration: '4s', outcome: 'failed', failAt: 40, phases: ['Checking parameters', 'Restoring private area.'], message: 'Backup storage: the backup archive is corrupted' },
      },
    ],
  });

  it('answers restoreFailed (313) with the step message, reports status 4 last, and leaves the environment down', async () => {
    await withVz(
      {},
      async (h, vz) => {
        const { r, seen } = await restoreWithProgress(h, vz, `<backup_id>${SEEDED_BACKUP}</backup_id>`);
        expect(r.error).toEqual({ code: 313, message: 'Backup storage: the backup archive is corrupted' });
        expect(seen[seen.length - 1]).toMatchObject({ status: 4, text: 'Backup storage: the backup archive is corrupted' });
        expect(Math.max(...seen.map((s) => s.percent ?? 0))).toBeLessThanOrEqual(40);
        expect(await envsIn(vz, 3)).toEqual([CT1]);
        expect(h.find({ vendor: 'virtuozzo', operation: 'backupm.restore_env' }).map((e) => e.status)).toEqual([400]);
        // The catalogue is as it was; a later backup of the environment works.
        expect(await backupIds(vz)).toEqual([SEEDED_BACKUP]);
      },
      { extra: failing(CT1) },
    );
  });

  it('takes away an environment it was creating when it fails', async () => {
    await withVz(
      { environments: [...ENVIRONMENTS, oldWeb()] },
      async (h, vz) => {
        const { r } = await restoreWithProgress(h, vz, `<backup_id>${GONE_BACKUP}</backup_id>`);
        expect(r.error?.code).toBe(313);
        expect((await vz.call('envm', '<get_list/>')).findAll('eid')).toEqual([CT1, CT2]);
        expect(await backupIds(vz, GONE)).toEqual([GONE_BACKUP]);
      },
      { extra: failing(GONE) },
    );
  });

  it('uses a timeline step error code when one is given', async () => {
    const jobs = [{ match: { operation: 'backupm.restore_env' }, timeline: [{ after: '0s', state: 'running' }, { after: '1s', state: 'failed', error: '1602', message: 'no space' }] }];
    await withVz({}, async (h, vz) => {
      const { r } = await restoreWithProgress(h, vz, `<backup_id>${SEEDED_BACKUP}</backup_id>`);
      expect(r.error).toEqual({ code: 1602, message: 'no space' });
    }, { extra: { jobs } });
  });
});

describe('virtuozzo restore calls refuse bad input with agent errors, state intact, the connection in sync', () => {
  it('restore_env: no backup_id (4), unknown and prototype-named backups (307)', async () => {
    await withVz({}, async (h, vz) => {
      expect((await vz.call('backupm', restoreEnv(''))).error?.code).toBe(4);
      expect((await vz.call('backupm', '<restore_env/>')).error?.code).toBe(4);
      expect((await vz.call('backupm', restoreEnv(`<backup_id>${CT1}/19990101000000</backup_id>`))).error?.code).toBe(307);
      for (const id of ['constructor', '__proto__', 'toString']) expect((await vz.call('backupm', restoreEnv(`<backup_id>${id}</backup_id>`))).error?.code).toBe(307);
      expect(h.jobs.list({ vendor: 'virtuozzo' })).toHaveLength(0);
      expect(await envsIn(vz, 6)).toEqual([CT1, CT2]);
      expect(await backupIds(vz)).toEqual([SEEDED_BACKUP]);
    });
  });

  it('selective_restore_env: restores paths with progress; no eid or path (4), unknown environment (305) or backup (307), busy (306)', async () => {
    await withVz({}, async (h, vz) => {
      const w = progressWatch();
      const body = `<eid>${CT2}</eid><backup_id>${SEEDED_BACKUP}</backup_id><path>${b64('/etc/hosts')}</path><selective_restore_options><skip_locked/></selective_restore_options>`;
      const p = vz.call('backupm', `<selective_restore_env>${body}</selective_restore_env>`, { progress: true, onProgress: w.onProgress });
      await w.first;
      expect(await envsIn(vz, 6)).toEqual([CT1, CT2]); // files are restored into a running environment
      expect((await vz.call('backupm', `<selective_restore_env>${body}</selective_restore_env>`)).error?.code).toBe(306);
      h.clock.advance('5s');
      expect((await p).find('ok')).toBeDefined();
      expect(w.seen[0].text).toBe('Operation selective_restore_env is started');
      expect(h.jobs.list({ vendor: 'virtuozzo', operation: 'backupm.selective_restore_env' })[0].data).toMatchObject({ paths: ['/etc/hosts'], skipLocked: true });
      const bad = async (inner: string) => (await vz.call('backupm', `<selective_restore_env>${inner}</selective_restore_env>`)).error?.code;
      expect(await bad(`<backup_id>${SEEDED_BACKUP}</backup_id><path>${b64('/etc')}</path>`)).toBe(4);
      expect(await bad(`<eid>${CT1}</eid><backup_id>${SEEDED_BACKUP}</backup_id>`)).toBe(4);
      expect(await bad(`<eid>${CT1}</eid><backup_id>${SEEDED_BACKUP}</backup_id><path></path>`)).toBe(4);
      expect(await bad(`<eid>${CT1}</eid><path>${b64('/etc')}</path>`)).toBe(4);
      expect(await bad(`<eid>${MISSING}</eid><backup_id>${SEEDED_BACKUP}</backup_id><path>${b64('/etc')}</path>`)).toBe(305);
      expect(await bad(`<eid>constructor</eid><backup_id>${SEEDED_BACKUP}</backup_id><path>${b64('/etc')}</path>`)).toBe(305);
      expect(await bad(`<eid>${CT1}</eid><backup_id>__proto__</backup_id><path>${b64('/etc')}</path>`)).toBe(307);
      expect(h.jobs.list({ vendor: 'virtuozzo' })).toHaveLength(1);
      expect((await vz.call('envm', '<get_list/>')).findAll('eid')).toEqual([CT1, CT2]);
    });
  });
});
