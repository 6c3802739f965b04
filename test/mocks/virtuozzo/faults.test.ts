import type { Harness } from '../../helpers';
import { VirtuozzoClient } from '../../../src/clients/virtuozzo';
import { CT1, CT2, loggedIn, progressWatch, startVz } from './helpers';

const rules = (r: Record<string, unknown>[]) => ({ rules: r });

describe('virtuozzo TCP faults from scenario rules', () => {
  it('drops the connection mid-stream after N packets (dropAfterPackets)', async () => {
    const h = await startVz({}, rules([{ match: { vendor: 'virtuozzo', operation: 'backupm.backup_env' }, dropAfterPackets: 3 }]));
    const vz = await loggedIn(h);
    try {
      const w = progressWatch();
      const p = vz.backupEnv([CT1], '', w.onProgress);
      await w.first;
      h.clock.advance('10s');
      await expect(p).rejects.toThrow(/connection closed/);
      expect(w.seen).toHaveLength(3);
      // The job carries on without the client and the backup is stored.
      const again = await loggedIn(h);
      const list = await again.call('backupm', `<list><options><eid>${CT1}</eid></options></list>`);
      expect(list.findAll('backup')).toHaveLength(2);
      again.close();
    } finally {
      await h.stop();
    }
  });

  it('drops the connection at once with fault: drop, once (times: 1)', async () => {
    const h = await startVz({}, rules([{ match: { operation: 'envm.get_list' }, fault: 'drop', times: 1 }]));
    try {
      const vz = await loggedIn(h);
      await expect(vz.call('envm', '<get_list/>')).rejects.toThrow(/connection closed/);
      const vz2 = await loggedIn(h);
      expect((await vz2.call('envm', '<get_list/>')).findAll('eid')).toHaveLength(2);
      vz2.close();
      expect(h.find({ vendor: 'virtuozzo', operation: 'envm.get_list', status: 0 })).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });

  it('sends a garbage packet, then carries on', async () => {
    const h = await startVz({}, rules([{ match: { operation: 'envm.get_list' }, fault: 'garbage_packet' }]));
    try {
      const vz = await loggedIn(h);
      const r = await vz.call('envm', '<get_list/>');
      expect(r.findAll('eid')).toHaveLength(2);
      expect(vz.stray.some((s) => s.includes('garbage'))).toBe(true);
      vz.close();
    } finally {
      await h.stop();
    }
  });

  it('delays between packets in virtual time (packetDelay)', async () => {
    const h = await startVz({}, rules([{ match: { operation: 'backupm.backup_env' }, packetDelay: '30s' }]));
    const vz = await loggedIn(h);
    try {
      const w = progressWatch();
      const p = vz.backupEnv([CT2], '', w.onProgress);
      await w.first; // the first packet goes at once
      h.clock.advance('10s'); // the job ends, but every later packet waits 30 s after the previous one
      await new Promise((r) => setImmediate(r));
      expect(w.seen).toHaveLength(1);
      for (let i = 0; i < 16; i++) {
        h.clock.advance('30s');
        await w.until(Math.min(i + 2, 15));
      }
      const r = await p;
      expect(w.seen).toHaveLength(15);
      expect(r.find('backup').eid).toBe(CT2);
    } finally {
      vz.close();
      await h.stop();
    }
  });

  it('answers a named vendor error from a rule, in the error packet format', async () => {
    const h = await startVz({}, rules([{ match: { operation: 'backupm.backup_env' }, respond: { error: 'backupRunning', message: 'busy (rule)' } }]));
    const vz = await loggedIn(h);
    try {
      const r = await vz.backupEnv([CT1]);
      expect(r.error).toEqual({ code: 306, message: 'busy (rule)' });
    } finally {
      vz.close();
      await h.stop();
    }
  });

  it('delays an answer in virtual time (delay)', async () => {
    const h = await startVz({}, rules([{ match: { operation: 'backupm.get_config' }, delay: '5s' }]));
    const vz = await loggedIn(h);
    try {
      let done = false;
      const timersBefore = h.clock.pending();
      const p = vz.call('backupm', '<get_config/>').then((r) => ((done = true), r));
      // Event-loop turns (no wall-clock sleep) until the server parks the answer on the clock.
      for (let i = 0; i < 1000 && h.clock.pending() === timersBefore; i++) await new Promise((r) => setImmediate(r));
      expect(h.clock.pending()).toBeGreaterThan(timersBefore);
      expect(done).toBe(false);
      h.clock.advance('5s');
      expect((await p).find('backupm_config')).toBeDefined();
    } finally {
      vz.close();
      await h.stop();
    }
  });

  it('a client that vanishes mid-backup leaves the server working', async () => {
    const h = await startVz();
    try {
      const vz = await loggedIn(h);
      const w = progressWatch();
      const p = vz.backupEnv([CT1], '', w.onProgress).catch((e: Error) => e);
      await w.first;
      vz.socket.destroy();
      h.clock.advance('10s');
      expect(await p).toBeInstanceOf(Error);
      const other = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
      await other.login('root', 'vzadmin');
      expect((await other.call('backupm', '<list/>')).findAll('backup')).toHaveLength(2);
      other.close();
    } finally {
      await h.stop();
    }
  });
});
