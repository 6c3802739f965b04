import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHarness, type Harness } from '../../helpers';
import { VirtuozzoClient } from '../../../src/clients/virtuozzo';
import { backupIds, CT1, CT2, envsIn, progressWatch } from './helpers';

const DIR = join(__dirname, '../../../scenarios');
const shipped = readdirSync(DIR).filter((f) => /^virtuozzo-.*\.yaml$/.test(f));

async function start(file: string, override?: Record<string, unknown>): Promise<{ h: Harness; vz: VirtuozzoClient }> {
  const h = await startTestHarness({ vendors: ['virtuozzo'], scenarioFiles: [join(DIR, file)], ...(override ? { scenario: override } : {}) });
  const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'), { timeoutMs: 10_000 });
  await vz.login('root', 'vzadmin');
  return { h, vz };
}

describe('virtuozzo shipped scenarios', () => {
  it('ships several scenarios', () => expect(shipped.length).toBeGreaterThanOrEqual(4));

  it.each(shipped)('%s loads and serves a login', async (file) => {
    const { h, vz } = await start(file);
    vz.close();
    await h.stop();
  });

  it('virtuozzo-backup-fails: the first Test-VE6 backup fails at 54% with code 1602, web-01 hangs', async () => {
    const { h, vz } = await start('virtuozzo-backup-fails.yaml');
    try {
      const w = progressWatch();
      const p = vz.backupEnv([CT1], '', w.onProgress);
      await w.first;
      h.clock.advance('1m');
      const r = await p;
      expect(r.error).toEqual({ code: 1602, message: 'Backup storage: not enough free space' });
      expect(Math.max(...w.seen.map((s) => s.percent ?? 0))).toBeLessThanOrEqual(54);
      const hang = progressWatch();
      let answered = false;
      void vz.backupEnv([CT2], '', hang.onProgress).then(() => (answered = true), () => undefined);
      await hang.first;
      h.clock.advance('1h');
      await hang.until(3);
      expect(answered).toBe(false);
      expect(h.jobs.list({ vendor: 'virtuozzo', operation: 'backupm.backup_env' }).some((j) => j.target === CT2 && j.state === 'running')).toBe(true);
    } finally {
      vz.close();
      await h.stop();
    }
  });

  it('virtuozzo-flaky-tcp: the first backup drops after 5 packets, the second paces packets 1 s apart', async () => {
    const { h, vz } = await start('virtuozzo-flaky-tcp.yaml', { vendors: { virtuozzo: { writeGap: 0 } } });
    try {
      const w = progressWatch();
      const p = vz.backupEnv([CT1], '', w.onProgress);
      await w.first;
      h.clock.advance('10s');
      await expect(p).rejects.toThrow(/closed/);
      expect(w.seen).toHaveLength(5);
      const vz2 = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
      await vz2.login('root', 'vzadmin');
      const w2 = progressWatch();
      const p2 = vz2.backupEnv([CT2], '', w2.onProgress);
      await w2.first;
      h.clock.advance('10s'); // the job ends; its packets then wait 1 s (virtual) each
      let settled = false;
      const reply = p2.then((x) => ((settled = true), x));
      let seconds = 0;
      while (!settled && seconds < 40) {
        // Event-loop turns (no wall-clock sleep) until the next packet is parked on the clock.
        for (let i = 0; i < 10_000 && !settled && h.clock.pending() === 0; i++) await new Promise((r) => setImmediate(r));
        if (settled) break;
        h.clock.advance('1s');
        seconds++;
      }
      const r = await reply;
      expect(w2.seen).toHaveLength(15);
      expect(seconds).toBeGreaterThanOrEqual(14); // one virtual second between packets
      expect(r.find('backup').eid).toBe(CT2);
      vz2.close();
    } finally {
      vz.close();
      await h.stop();
    }
  });

  it('virtuozzo-lifecycle: a seeded catalogue, nightly backups with keep_max 3, the 30-day limit, a deleted container to restore, db-01 restores fail', async () => {
    const { h, vz } = await start('virtuozzo-lifecycle.yaml');
    const OLD_WEB = '3c9f0b7e-1d2a-4e8b-9f60-7a5b4c3d2e1f';
    const DB01 = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    try {
      expect(await backupIds(vz, CT1)).toHaveLength(3);
      expect(await backupIds(vz, OLD_WEB)).toEqual([`${OLD_WEB}/20251212000000`, `${OLD_WEB}/20251222000000`]);
      expect((await vz.call('envm', '<get_list/>')).findAll('eid')).not.toContain(OLD_WEB);
      h.clock.advance('7d');
      expect(await backupIds(vz, CT2)).toEqual(['20260105', '20260106', '20260107'].map((d) => `${CT2}/${d}220006`));
      expect((await vz.call('scheduler', '<list/>')).find('task').next_start).toBe('2026-01-08T22:00:00+0000');
      h.clock.advance('3d'); // old-web's oldest backup is 30 days old now
      expect(await backupIds(vz, OLD_WEB)).toEqual([`${OLD_WEB}/20251222000000`]);
      const w = progressWatch();
      const p = vz.call('backupm', `<restore_env><backup_id>${(await backupIds(vz, DB01))[0]}</backup_id></restore_env>`, { progress: true, onProgress: w.onProgress });
      await w.first;
      h.clock.advance('10s');
      expect((await p).error).toEqual({ code: 313, message: 'Backup storage: the backup archive is corrupted' });
      expect(await envsIn(vz, 3)).toEqual([DB01]);
    } finally {
      vz.close();
      await h.stop();
    }
  });
});
