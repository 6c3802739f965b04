/**
 * Invariants under concurrent clients (loopback, bounded): each check a vendor makes before it
 * starts something (the appliance is busy, the name is taken, a DR backup runs, the environment
 * is being backed up) is decided atomically, so N concurrent creates start exactly one; and many
 * concurrent packet connections each get their own session and only their own answers.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { VirtuozzoClient } from '../../src/clients/virtuozzo';
import type { VirtuozzoState } from '../../mocks/virtuozzo/model';
import { startTestHarness, type Harness } from '../helpers';
import { apiLogin, B, basic, client, JOB, PIECE, rpc, rpcBody, rpcLogin, sessionCtx, startVcenter } from '../mocks/vcenter/helpers';
import { dds, login as ddsLogin, startDds } from '../mocks/dds/helpers';
import { cv, login as cvLogin } from '../mocks/families/commvault/helpers';
import { PREFIXES } from './corpus/commvault';

const rpcPiece = {
  STRUCTURE: { [`${JOB}.backup_request`]: { parts: ['seat'], location_type: 'SFTP', location: 'sftp://10.0.0.5/backups' } },
};

describe('vcenter FEATURE_IN_USE is decided atomically', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startVcenter();
  });
  afterAll(() => h.stop());

  it('30 concurrent creates over the three dialects start exactly one backup', async () => {
    const apiSid = await apiLogin(h);
    const restSid = (await request(h.url('vcenter', 'http')).post('/rest/session').set('Authorization', basic())).body.value;
    const rpcSid = await rpcLogin(h);
    const calls = Array.from({ length: 30 }, (_, i) => {
      if (i % 3 === 0) return client(h, apiSid).post(`/api${B}/job`, PIECE).then((r) => r.status === 201);
      if (i % 3 === 1) return client(h, restSid).post(`/rest${B}/job`, { piece: PIECE }).then((r) => r.status === 200);
      return rpc(h, rpcBody(JOB, 'create', { piece: rpcPiece }, sessionCtx(rpcSid))).then((r) => r.body.result.output !== undefined);
    });
    const started = (await Promise.all(calls)).filter(Boolean);
    expect(started).toHaveLength(1);
    expect(h.jobs.list({ vendor: 'vcenter' })).toHaveLength(1);
    expect(h.find({ vendor: 'vcenter', operation: 'job.create' })).toHaveLength(30);
  });
});

describe('vcenter: one backup per appliance under 300 concurrent creates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['vcenter'], scenarioFiles: ['scenarios/vcenter-demo.yaml'] });
  });
  afterAll(() => h.stop());

  it('starts exactly one backup on each of two appliances, over the three dialects and both listeners, and refuses the rest with FEATURE_IN_USE', async () => {
    const appliances = [
      { prefix: '/appliances/vcsa-01', password: 'VMware1!' },
      { prefix: '/appliances/vcsa-02', password: 'Vc2-Admin!' },
    ];
    const sessions = await Promise.all(appliances.map((a) => apiLogin(h, a.prefix, 'administrator@vsphere.local', a.password)));
    const calls = Array.from({ length: 300 }, async (_, i) => {
      const a = i % 2;
      const { prefix } = appliances[a];
      const base = request(h.url('vcenter', i % 4 < 2 ? 'http' : 'https'));
      const http = { post: (path: string) => base.post(path).disableTLSCerts() };
      const sid = sessions[a];
      const dialect = Math.floor(i / 2) % 3;
      if (dialect === 0) {
        const r = await http.post(`${prefix}/api${B}/job`).set('vmware-api-session-id', sid).send(PIECE);
        return { a, started: r.status === 201, busy: r.status === 400 && r.body.error_type === 'FEATURE_IN_USE' };
      }
      if (dialect === 1) {
        const r = await http.post(`${prefix}/rest${B}/job`).set('vmware-api-session-id', sid).send({ piece: PIECE });
        return { a, started: r.status === 200, busy: r.status === 400 && r.body.type === 'com.vmware.vapi.std.errors.feature_in_use' };
      }
      const body = rpcBody(JOB, 'create', { piece: rpcPiece }, sessionCtx(sid));
      const r = await http.post(`${prefix}/api`).set('content-type', 'application/json').send(JSON.stringify(body));
      return { a, started: r.body.result?.output !== undefined, busy: r.body.result?.error?.ERROR?.['com.vmware.vapi.std.errors.feature_in_use'] !== undefined };
    });
    const results = await Promise.all(calls);
    for (const a of [0, 1]) {
      const mine = results.filter((r) => r.a === a);
      expect({ a, started: mine.filter((r) => r.started).length, busy: mine.filter((r) => r.busy).length }).toEqual({ a, started: 1, busy: 149 });
    }
    expect(h.jobs.list({ vendor: 'vcenter' }).map((j) => j.target).sort()).toEqual(['vcsa-01', 'vcsa-02']);
    expect(h.find({ vendor: 'vcenter', operation: 'job.create' })).toHaveLength(300);
  });
});

describe('dds: one backup name under concurrent creates', () => {
  let h: Harness;
  let api: ReturnType<typeof dds>;
  beforeAll(async () => {
    h = await startDds();
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    api = dds(h, await ddsLogin(h));
  });
  const list = async (query = '') => (await api.get(`/backups${query}`).expect(200)).body as { backups: Array<{ name: string }>; total_count: number };

  it('decides the unique name atomically under concurrent creates', async () => {
    const instances = (await api.get('/instances').expect(200)).body.instances as { id: string }[];
    const results = await Promise.all(
      instances.map((i) => api.post('/backups', { backup: { instance_id: i.id, name: 'race-name' } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400, 400]);
    expect(results.filter((r) => r.status === 400).every((r) => r.body.error_code === 'DBS.201201')).toBe(true);
    expect((await list('?backup_type=Manual')).backups.filter((b) => b.name === 'race-name')).toHaveLength(1);
  });

  it('keeps one backup of a name under 200 concurrent creates from 20 tokens over every instance: the rest are the name taken (DBS.201201) or the instance busy (DBS.201015)', async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, () => ddsLogin(h)));
    const instances = ((await api.get('/instances').expect(200)).body.instances as { id: string }[]).map((i) => i.id);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => dds(h, tokens[i % 20]).post('/backups', { backup: { instance_id: instances[i % instances.length], name: 'storm' } })));
    const codes = results.map((r) => (r.status === 200 ? 'ok' : r.body.error_code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'ok' && c !== 'DBS.201201' && c !== 'DBS.201015')).toEqual([]);
    expect((await list()).backups.filter((b) => b.name === 'storm')).toHaveLength(1);
    expect(h.jobs.list({ vendor: 'dds', operation: 'CreateManualBackup' })).toHaveLength(1);
  });
});

describe('commvault and metallic: one DR backup job under concurrent requests', () => {
  let h: Harness;
  const fixture = (name: string) => readFileSync(`fixtures/commvault/${name}`, 'utf8');
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['commvault', 'metallic'], scenarioFiles: ['scenarios/default/commvault.yaml', 'scenarios/default/metallic.yaml'] });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.reset());

  it('starts exactly one DR backup under 100 concurrent requests, in both forms', async () => {
    const api = cv(h, await cvLogin(h));
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? api.post('/CommServ/DRBackup', { jobType: 1 }) : api.post('/CreateTask', JSON.parse(fixture('sdk.advanced-drbackup.createtask.request.json'))))),
    );
    expect(answers.filter((r) => r.body.jobIds).map((r) => r.body.jobIds)).toEqual([['2141']]);
    expect(answers.filter((r) => r.body.errorCode === 9)).toHaveLength(99);
    expect(h.jobs.list({ vendor: 'commvault' })).toHaveLength(1);
  });

  it('starts one DR backup per vendor under 300 concurrent requests: JSON, XML and CreateTask, under the three URL prefixes, from ten tokens each', async () => {
    const xml = fixture('drbackup.request.xml');
    const task = fixture('sdk.advanced-drbackup.createtask.request.json');
    const tokens = { commvault: await Promise.all(Array.from({ length: 10 }, () => cvLogin(h))), metallic: await Promise.all(Array.from({ length: 10 }, () => cvLogin(h, { vendor: 'metallic' }))) };
    const calls = Array.from({ length: 300 }, async (_, i) => {
      const vendor = i % 2 ? 'commvault' : 'metallic';
      const prefix = PREFIXES[Math.floor(i / 2) % 3];
      const http = request(h.url(vendor)).post(`${prefix}${['/CommServ/DRBackup', '/CommServ/DRBackup', '/CreateTask'][i % 3]}`).set('Authtoken', tokens[vendor][i % 10]).set('Accept', 'application/json');
      const form = i % 3;
      const r = await (form === 0 ? http.set('Content-Type', 'application/json').send({ jobType: 1 }) : form === 1 ? http.set('Content-Type', 'application/xml').send(xml) : http.set('Content-Type', 'application/json').send(task));
      return { vendor, jobIds: r.body.jobIds as string[] | undefined, running: r.body.errorCode === 9 };
    });
    const results = await Promise.all(calls);
    for (const vendor of ['commvault', 'metallic'] as const) {
      const mine = results.filter((r) => r.vendor === vendor);
      expect({ vendor, started: mine.filter((r) => r.jobIds).length, running: mine.filter((r) => r.running).length }).toEqual({ vendor, started: 1, running: 149 });
      expect(h.jobs.list({ vendor })).toHaveLength(1);
    }
  });
});

describe('virtuozzo: sessions and backups under many concurrent connections', () => {
  let h: Harness;
  const CT = '57c2cd6c-c02b-4645-bdb5-e883ea005896';
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['virtuozzo'], scenarioFiles: ['scenarios/default/virtuozzo.yaml'], scenario: { vendors: { virtuozzo: { greeting: 'off', writeGap: '0' } } } });
  });
  afterAll(() => h.stop());
  const state = () => h.engine.tenancy.handle<VirtuozzoState>('virtuozzo', 'default').state;

  it('gives 300 concurrent connections (TCP and TLS) a session each, and each connection only its own answers', async () => {
    const before = state().sessions.size;
    const clients = await Promise.all(Array.from({ length: 300 }, (_, i) => VirtuozzoClient.connect(h.url('virtuozzo', i % 3 === 2 ? 'tls' : 'tcp'), { timeoutMs: 20_000 })));
    try {
      const sids = await Promise.all(clients.map((c) => c.sessionLogin('root', 'vzadmin')));
      expect(new Set(sids).size).toBe(300);
      const lists = await Promise.all(clients.map((c) => c.call('envm', '<get_list/>')));
      expect(lists.every((r) => r.error === undefined && r.findAll('eid').length === 3)).toBe(true);
      // Every reply matched a request of its own connection: nothing stray, nothing crossed.
      expect(clients.flatMap((c) => c.stray)).toEqual([]);
      expect(state().sessions.size).toBe(before + 300);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('starts one backup of an environment under 100 concurrent backup_env calls from 100 connections; the rest are backupRunning (306)', async () => {
    const clients = await Promise.all(Array.from({ length: 100 }, () => VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'), { timeoutMs: 20_000 })));
    try {
      await Promise.all(clients.map((c) => c.login('root', 'vzadmin')));
      let started = 0;
      const count = (c: { cause: string; job: { vendor: string } }) => void (c.cause === 'start' && c.job.vendor === 'virtuozzo' && started++);
      h.engine.jobs.events.on('change', count);
      // The refusals answer at once; the one backup answers when its job ends on the (manual) clock.
      let answered = 0;
      let refusalsIn!: () => void;
      const refusals = new Promise<void>((r) => (refusalsIn = r));
      const replies = clients.map((c) => c.backupEnv([CT]).then((r) => (++answered === 99 && refusalsIn(), r)));
      await refusals;
      h.clock.advance('1m');
      const codes = (await Promise.all(replies)).map((r) => r.error?.code);
      h.engine.jobs.events.off('change', count);
      expect(codes.filter((c) => c === undefined)).toHaveLength(1);
      expect(codes.filter((c) => c === 306)).toHaveLength(99);
      expect(started).toBe(1);
    } finally {
      for (const c of clients) c.close();
    }
  });
});
