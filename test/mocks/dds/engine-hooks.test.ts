import request from 'supertest';
import { startTestHarness } from '../../helpers';
import { DEMO, dds, login, passwordAuth, startDds, type Harness } from './helpers';

describe('dds with the engine: named errors, snapshots', () => {
  it.each([
    ['INTERNAL', 500, 'DBS.280005'],
    ['DBS.280443', 429, 'DBS.280443'],
    ['DBS.200019', 403, 'DBS.200019'],
  ])('renders a rule naming %s as %d %s', async (error, status, code) => {
    const h = await startTestHarness({
      vendors: ['dds'],
      scenarioFiles: ['scenarios/dds-demo.yaml'],
      scenario: { rules: [{ match: { vendor: 'dds', operation: 'ListBackups' }, respond: { error } }] },
    });
    try {
      const res = await dds(h, await login(h)).get('/backups');
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error_code: code, error_msg: expect.any(String) });
    } finally {
      await h.stop();
    }
  });

  it.each([
    [{ operation: 'ListBackups' }, { error: 'DBS.999999' }, /rules\.0\.respond\.error: unknown error DBS\.999999 of dds \(did you mean DBS\./],
    [{ operation: 'ListBackups' }, { error: 'SOMETHING_ELSE' }, /unknown error SOMETHING_ELSE of dds/],
    [{ operation: 'backup.create' }, { error: 'DBS.201015' }, /rules\.0\.match\.operation: unknown operation backup\.create of dds \(did you mean CreateManualBackup/],
  ])('refuses a rule naming what DDS does not have (%j %j)', async (match, respond, message) => {
    const load = startTestHarness({ vendors: ['dds'], scenario: { rules: [{ match: { vendor: 'dds', ...match }, respond }] } });
    await expect(load).rejects.toThrow(message);
  });

  it('renders a rule naming a Keystone error on the token call in Keystone shape', async () => {
    const h = await startTestHarness({
      vendors: ['dds'],
      scenarioFiles: ['scenarios/dds-demo.yaml'],
      scenario: { rules: [{ match: { vendor: 'dds', operation: 'KeystoneCreateUserTokenByPassword' }, respond: { error: 'Forbidden' }, times: 1 }] },
    });
    try {
      const res = await request(h.url('dds')).post('/v3/auth/tokens').send(passwordAuth());
      expect([res.status, res.body]).toEqual([403, { error: { code: 403, message: 'Forbidden', title: 'Forbidden' } }]);
      expect(res.headers['x-subject-token']).toBeUndefined();
      expect(typeof (await login(h))).toBe('string');
    } finally {
      await h.stop();
    }
  });

  it('hides a new job for vendors.dds.job_query_delay, as the job page warns', async () => {
    const h = await startTestHarness({
      vendors: ['dds'],
      scenarioFiles: ['scenarios/dds-demo.yaml'],
      scenario: { vendors: { dds: { job_query_delay: '3s' } } },
    });
    try {
      const api = dds(h, await login(h));
      const { job_id } = (await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'late-job' } }).expect(200)).body;
      expect((await api.get(`/jobs?id=${job_id}`)).body.error_code).toBe('DBS.280016');
      h.clock.advance('3s');
      expect((await api.get(`/jobs?id=${job_id}`)).body.job.status).toBe('Running');
    } finally {
      await h.stop();
    }
  });

  it('survives a state snapshot and restore: tokens, backups and running jobs', async () => {
    const h: Harness = await startDds();
    try {
      const token = await login(h);
      const api = dds(h, token);
      const { job_id, backup_id } = (await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'snap-me' } }).expect(200)).body;
      // An in-memory copy: the state's id-keyed tables are Maps, which GET /state's JSON codec carries.
      const snap = structuredClone(h.engine.snapshot());
      h.reset();
      expect((await api.get('/instances')).status).toBe(401);
      h.engine.restore(snap);
      expect((await api.get(`/backups?backup_id=${backup_id}`)).body.backups[0].status).toBe('BUILDING');
      h.clock.advance('6s');
      expect((await api.get(`/jobs?id=${job_id}`)).body.job.status).toBe('Completed');
      expect((await api.get(`/backups?backup_id=${backup_id}`)).body.backups[0].status).toBe('COMPLETED');
    } finally {
      await h.stop();
    }
  });
});
