import { startTestHarness } from '../../helpers';
import { DEMO, dds, login, startDds, type Harness } from './helpers';

describe('dds with the engine: named errors, snapshots', () => {
  it.each([
    ['INTERNAL', 500, 'DBS.280005'],
    ['DBS.280443', 429, 'DBS.280443'],
    ['DBS.200019', 403, 'DBS.200019'],
    ['SOMETHING_ELSE', 400, 'DBS.200001'],
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
      const snap = JSON.parse(JSON.stringify(h.engine.snapshot())); // plain JSON, as GET /state gives it
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
