import request from 'supertest';
import policyDisabled from '../../../fixtures/dds/backup-policy-disabled-response.json';
import policyExample from '../../../fixtures/dds/backup-policy-response.json';
import downloadExample from '../../../fixtures/dds/download-file-response.json';
import disableRequest from '../../../fixtures/dds/set-backup-policy-disable-request.json';
import setRequest from '../../../fixtures/dds/set-backup-policy-request.json';
import setResponse from '../../../fixtures/dds/set-backup-policy-response.json';
import { DEMO, dds, login, startDds, type Harness } from './helpers';

describe('dds automated backup policy and download links', () => {
  let h: Harness;
  let api: ReturnType<typeof dds>;
  const policyPath = `/instances/${DEMO.orders}/backups/policy`;
  beforeAll(async () => {
    h = await startDds();
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    api = dds(h, await login(h));
  });

  it('answers the seeded policy in the doc shape', async () => {
    const res = await api.get(policyPath).expect(200);
    expect(res.body).toEqual({ backup_policy: { keep_days: 7, start_time: '16:00-17:00', period: '1,2,3,4,5,6,7' } });
    expect(Object.keys(res.body.backup_policy).sort()).toEqual(Object.keys(policyExample.backup_policy).sort());
  });

  it('sets the doc example policy (200 {}), reflected by GET and the instance backup_strategy', async () => {
    const put = await api.put(policyPath, setRequest);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(setResponse);
    expect((await api.get(policyPath)).body).toEqual(setRequest);
    const inst = (await api.get(`/instances?id=${DEMO.orders}`)).body.instances[0];
    expect(inst.backup_strategy).toEqual({ start_time: '23:00-00:00', keep_days: 9 });
  });

  it('disables the policy with keep_days 0', async () => {
    await api.put(policyPath, disableRequest).expect(200);
    expect((await api.get(policyPath)).body).toEqual(policyDisabled);
  });

  it.each([
    ['keep_days 733', { keep_days: 733, start_time: '01:00-02:00' }, 'DBS.280214'],
    ['keep_days missing', { start_time: '01:00-02:00' }, 'DBS.280214'],
    ['no start_time', { keep_days: 7 }, 'DBS.280216'],
    ['a two-hour window', { keep_days: 7, start_time: '01:00-03:00' }, 'DBS.280216'],
    ['minutes not 00', { keep_days: 7, start_time: '01:30-02:30' }, 'DBS.280216'],
    ['day 8', { keep_days: 7, start_time: '01:00-02:00', period: '1,8' }, 'DBS.280215'],
    ['a partial week with 3 days kept', { keep_days: 3, start_time: '01:00-02:00', period: '1,2' }, 'DBS.280215'],
  ])('refuses %s with %s', async (_what, backupPolicy, code) => {
    const res = await api.put(policyPath, { backup_policy: backupPolicy });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe(code);
    expect((await api.get(policyPath)).body.backup_policy.keep_days).toBe(7); // unchanged
  });

  it('answers DBS.200001 without a backup_policy object and DBS.200002 for an unknown instance', async () => {
    expect((await api.put(policyPath, { keep_days: 7 })).body.error_code).toBe('DBS.200001');
    const unknown = await api.get('/instances/ffffffffffffffffffffffffffffffffin02/backups/policy');
    expect([unknown.status, unknown.body.error_code]).toEqual([404, 'DBS.200002']);
  });

  it('gives a 15-minute download link for a completed backup', async () => {
    const { backup_id } = (await api.post('/backups', { backup: { instance_id: DEMO.orders, name: 'to-download' } }).expect(200)).body;
    const early = await api.get(`/backups/download-file?instance_id=${DEMO.orders}&backup_id=${backup_id}`);
    expect([early.status, early.body.error_code]).toEqual([400, 'DBS.201214']); // still BUILDING
    h.clock.advance('6s');
    const res = await api.get(`/backups/download-file?instance_id=${DEMO.orders}&backup_id=${backup_id}`).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(downloadExample).sort());
    expect(Object.keys(res.body.files[0]).sort()).toEqual(Object.keys(downloadExample.files[0]).sort());
    const file = res.body.files[0];
    expect(file.name).toBe(`${backup_id}.tar.gz`);
    expect(file.link_expired_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const link = new URL(file.download_link);
    const got = await request(h.url('dds'))
      .get(link.pathname + link.search)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done(null, text));
      });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.body).toContain(file.name);
    h.clock.advance('15m1s');
    const expired = await request(h.url('dds')).get(link.pathname + link.search);
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('<Code>AccessDenied</Code>');
  });

  it('refuses download links: missing ids DBS.200001, unknown instance DBS.200002, other instance DBS.201214', async () => {
    expect((await api.get(`/backups/download-file?instance_id=${DEMO.orders}`)).body.error_code).toBe('DBS.200001');
    const unknown = await api.get('/backups/download-file?instance_id=ffffffffffffffffffffffffffffffffin02&backup_id=x');
    expect([unknown.status, unknown.body.error_code]).toEqual([404, 'DBS.200002']);
    const auto = (await api.get('/backups?backup_type=Auto')).body.backups.find((b: { instance_id: string }) => b.instance_id !== DEMO.orders);
    const wrong = await api.get(`/backups/download-file?instance_id=${DEMO.orders}&backup_id=${auto.id}`);
    expect(wrong.body.error_code).toBe('DBS.201214');
  });
});
