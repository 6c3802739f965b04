import express from 'express';
import request from 'supertest';
import { startTestHarness, type Harness } from '../helpers';
import { vendorApp } from '../../src/vendor-app';

const B = '/api/appliance/recovery/backup';
const VC_LOGIN = 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64');
/** A valid vCenter BackupRequest. */
const PIECE = { parts: ['seat'], backup_password: 'Passw0rd!', location_type: 'SFTP', location: 'sftp://10.0.0.5/backups', location_user: 'backup', location_password: 'S3cret!x', comment: 'nightly', fast_backup: false };
const DDS_AUTH = {
  auth: {
    identity: { methods: ['password'], password: { user: { name: 'backup-operator', password: 'Otc-Passw0rd', domain: { name: 'OTC-EU-DE-000000000010000000001' } } } },
    scope: { project: { name: 'eu-de', domain: { name: 'OTC-EU-DE-000000000010000000001' } } },
  },
};

describe('vendorApp: a vendor emulator as an Express app to mount', () => {
  let h: Harness;
  let app: express.Express;
  beforeAll(async () => {
    h = await startTestHarness({ scenarioFiles: ['default'], vendors: ['vcenter', 'commvault', 'dds'], tlsEnabled: false });
    app = express();
    app.get('/health', (_req, res) => void res.json({ mine: true }));
    app.use('/vc', vendorApp('vcenter', { harness: h }));
    app.use('/cv', vendorApp('commvault', { harness: h }));
    app.use('/dds', vendorApp('dds', { harness: h }));
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());

  it("logs in to vCenter and runs a backup through the mounted app, on the harness's engine", async () => {
    const sid = (await request(app).post('/vc/api/session').set('Authorization', VC_LOGIN).expect(201)).body as string;
    expect(sid).toMatch(/^[0-9a-f]{32}$/);
    const created = await request(app).post(`/vc${B}/job`).set('vmware-api-session-id', sid).send(PIECE).expect(201);
    expect(created.body).toMatchObject({ state: 'INPROGRESS', progress: 0 });
    // The same job as the harness's own listener sees, on the same clock.
    expect(h.jobs.list({ vendor: 'vcenter' }).map((j) => j.id)).toEqual([created.body.id]);
    h.clock.advance('1h');
    const done = await request(`${h.url('vcenter', 'http')}`).get(`${B}/job/${created.body.id}`).set('vmware-api-session-id', sid).expect(200);
    expect(done.body.state).toBe('SUCCEEDED');
    expect(h.find({ vendor: 'vcenter', operation: 'job.create' })).toMatchObject([{ path: `${B}/job`, status: 201, listener: 'https' }]);
    // The rest of the Express app is untouched.
    expect((await request(app).get('/health').expect(200)).body).toEqual({ mine: true });
  });

  it('logs in to Commvault, the body read by the mounted app itself', async () => {
    const res = await request(app).post('/cv/webconsole/api/Login').set('Accept', 'application/json').send({ mode: 4, username: 'admin', password: Buffer.from('Commvault!1').toString('base64') }).expect(200);
    expect(res.body.token).toMatch(/^QSDK [0-9a-f]+$/);
    expect(h.count({ vendor: 'commvault', operation: 'Login', status: 200 })).toBe(1);
  });

  it('issues a DDS token whose catalogue points under the mount path', async () => {
    const res = await request(app).post('/dds/v3/auth/tokens').send(DDS_AUTH).expect(201);
    expect(res.headers['x-subject-token']).toMatch(/^MII/);
    const endpoints = Object.fromEntries(res.body.token.catalog.map((c: { type: string; endpoints: Array<{ url: string }> }) => [c.type, c.endpoints[0].url]));
    expect(endpoints.identity).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dds\/v3$/);
    expect(endpoints.ddsv3).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dds\/v3\/0549b4a43100d4f32f51c01c2fe4acdb$/);
  });

  it('answers bad input in the vendor’s own format, and the next request still works', async () => {
    const bad = await request(app).post('/dds/v3/auth/tokens').set('content-type', 'application/json').send('{"auth":').expect(400);
    expect(bad.text).not.toMatch(/\n\s+at /);
    const denied = await request(app).post('/vc/api/session').set('Authorization', 'Basic bm9wZTpub3Bl').expect(401);
    expect(denied.body).toMatchObject({ error_type: 'UNAUTHENTICATED' });
    await request(app).get('/vc/api/no/such/thing').expect(404);
    await request(app).post('/dds/v3/auth/tokens').send(DDS_AUTH).expect(201);
  });

  it('uses a body that a parser before it has read (parsed JSON, a raw buffer)', async () => {
    const parsed = express();
    parsed.use(express.json());
    parsed.use('/cv', vendorApp('commvault', { harness: h }));
    const res = await request(parsed).post('/cv/webconsole/api/Login').set('Accept', 'application/json').send({ username: 'admin', password: Buffer.from('Commvault!1').toString('base64') }).expect(200);
    expect(res.body.token).toMatch(/^QSDK /);
    const raw = express();
    raw.use(express.raw({ type: '*/*' }));
    raw.use('/dds', vendorApp('dds', { harness: h }));
    await request(raw).post('/dds/v3/auth/tokens').set('content-type', 'application/json').send(JSON.stringify(DDS_AUTH)).expect(201);
  });

  it('runs on a harness of its own, driven through app.harness', async () => {
    const dds = vendorApp('dds', { scenarioFiles: ['dds-demo'], clock: 'manual' });
    try {
      expect(dds.listener).toBe('http');
      const res = await request(dds).post('/v3/auth/tokens').send(DDS_AUTH).expect(201);
      expect(Date.parse(res.body.token.issued_at)).toBe(dds.harness.clock.now());
      dds.harness.verify({ vendor: 'dds', operation: 'KeystoneCreateUserTokenByPassword' }, 1);
      expect(dds.harness.urls.vendors).toEqual({});
    } finally {
      await dds.harness.stop();
    }
  });

  it('refuses what it cannot serve, saying why', () => {
    expect(() => vendorApp('nope', { harness: h })).toThrow(/no vendor nope/);
    expect(() => vendorApp('vcenter', { harness: h, listener: 'tls' })).toThrow(/vcenter has no HTTP listener tls \(it has https, http\)/);
    expect(() => vendorApp('virtuozzo', { harness: h })).toThrow(/virtuozzo is not enabled/);
    expect(() => vendorApp('vcenter', { harness: h, clock: 'manual' })).toThrow(/a harness or harness options \(clock\), not both/);
  });
});
