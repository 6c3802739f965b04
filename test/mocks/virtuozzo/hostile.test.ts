import { connect, type Socket } from 'node:net';
import request from 'supertest';
import type { Harness } from '../../helpers';
import { parseXml } from '../../../src/codec/xml';
import { VirtuozzoClient } from '../../../src/clients/virtuozzo';
import { b64 } from '../../../mocks/virtuozzo/messages';
import type { VirtuozzoState } from '../../../mocks/virtuozzo/model';
import { collectPackets, CT1, GONE, loggedIn, SEEDED_BACKUP, startVz, startVzWith } from './helpers';

const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

function open(h: Harness): Promise<Socket> {
  const u = new URL(h.url('virtuozzo', 'tcp'));
  return new Promise((resolve) => {
    const s: Socket = connect({ host: u.hostname, port: Number(u.port) }, () => resolve(s));
  });
}

const errorCode = (packet: string) => /<ns1:code>(\d+)<\/ns1:code>/.exec(packet)?.[1];
const backupEnv = (id: string, session: string) =>
  `<packet id="${id}"><session>${session}</session><target>backupm</target><data><backupm><backup_env><env_list><eid>${CT1}</eid></env_list></backup_env></backupm></data></packet>\0`;

describe('virtuozzo: prototype names, malformed credentials, sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startVz();
  });
  afterAll(() => h.stop());

  it('refuses prototype names as session ids: no call runs, no backup starts', async () => {
    const s = await open(h);
    const c = collectPackets(s);
    PROTO.forEach((sid, i) => s.write(backupEnv(String(i + 1), sid)));
    const replies = await c.next(PROTO.length);
    expect(replies.map(errorCode)).toEqual(PROTO.map(() => '9'));
    expect(h.jobs.list({ vendor: 'virtuozzo' })).toHaveLength(0);
    s.destroy();
  });

  it('refuses prototype names as user names with code 13, and logs the real user in after', async () => {
    const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
    for (const name of PROTO) {
      expect((await vz.call('system', `<login><name>${b64(name)}</name><password>${b64('x')}</password></login>`)).error?.code).toBe(13);
      expect((await vz.call('sessionm', `<login><name>${b64(name)}</name><password>${b64('x')}</password></login>`)).error?.code).toBe(13);
    }
    await vz.login('root', 'vzadmin');
    expect((await vz.call('envm', '<get_list/>')).findAll('eid')).toHaveLength(2);
    vz.close();
  });

  it("answers prototype names as environment, backup, view, field, operator and call names with the agent's errors, state intact", async () => {
    const vz = await loggedIn(h);
    for (const name of PROTO) {
      expect((await vz.call('backupm', `<backup_env><env_list><eid>${name}</eid></env_list></backup_env>`)).error?.code).toBe(305);
      expect((await vz.call('backupm', `<get_info><backup_id>${name}</backup_id></get_info>`)).error?.code).toBe(307);
      expect((await vz.call('backupm', `<list><backup_id>${name}</backup_id></list>`)).error?.code).toBe(307);
      expect((await vz.call('backupm', `<remove><backup_id>${name}</backup_id></remove>`)).error?.code).toBe(307);
      expect((await vz.call('backupm', `<remove><options><eid>${name}</eid></options></remove>`)).error?.code).toBe(305);
      expect((await vz.call('pager2', `<select><list>${name}</list><field>eid</field></select>`)).error?.code).toBe(6);
      expect((await vz.call('envm', `<get_list><type>${name}</type></get_list>`)).findAll('eid')).toEqual([]);
    }
    // Fields named after prototype members are unknown fields: empty values, no error.
    const rows = await vz.call('pager2', '<select><list>vHosts</list><field>constructor</field><field>__proto__</field><where><eq><field>toString</field><value></value></eq></where></select>');
    expect(rows.error).toBeUndefined();
    expect(rows.findAll('row')).toHaveLength(1);
    expect((await vz.call('constructor', '<get_list/>')).error?.code).toBe(5);
    expect((await vz.call('toString', '<get_list/>')).error?.code).toBe(5);
    expect((await vz.call('backupm', '<constructor/>')).error?.code).toBe(6);
    expect((await vz.call('backupm', '<hasOwnProperty/>')).error?.code).toBe(6);
    const list = await vz.call('backupm', '<list/>');
    expect(list.findAll('backup').map((b: { id: string }) => b.id)).toEqual([SEEDED_BACKUP]);
    vz.close();
  });

  it("answers prototype names in the lifecycle calls (restore, selective restore, scheduler tasks, parent_eid) with the agent's errors, running nothing", async () => {
    const vz = await loggedIn(h);
    for (const name of PROTO) {
      expect((await vz.call('backupm', `<restore_env><backup_id>${name}</backup_id><parent_eid>${name}</parent_eid></restore_env>`)).error?.code).toBe(307);
      expect((await vz.call('backupm', `<selective_restore_env><eid>${name}</eid><backup_id>${SEEDED_BACKUP}</backup_id><path>${b64('/etc')}</path></selective_restore_env>`)).error?.code).toBe(305);
      expect((await vz.call('backupm', `<selective_restore_env><eid>${CT1}</eid><backup_id>${name}</backup_id><path>${b64('/etc')}</path></selective_restore_env>`)).error?.code).toBe(307);
      expect((await vz.call('scheduler', `<list><id>${name}</id></list>`)).error?.code).toBe(320);
      expect((await vz.call('scheduler', `<remove><id>${name}</id></remove>`)).error?.code).toBe(320);
      expect((await vz.call('backupm', `<search><options><hostname>${name}</hostname></options></search>`)).findAll('backup')).toEqual([]);
    }
    expect((await vz.call('scheduler', '<constructor/>')).error?.code).toBe(6);
    expect(h.jobs.list({ vendor: 'virtuozzo' })).toHaveLength(0);
    expect((await vz.call('scheduler', '<list/>')).findAll('task')).toEqual([]);
    expect((await vz.call('envm', '<get_list/>')).findAll('eid')).toHaveLength(2);
    vz.close();
  });

  it('restores a removed environment whose node is gone only onto a real node: a prototype-named parent_eid is an unknown node', async () => {
    const h2 = await startVzWith({ environments: [{ eid: GONE, name: 'old-web', parent: '99e27960-97b8-461f-902f-557b4b16784b', removed: true, backups: ['2025-12-30T22:00:00Z'] }] });
    const vz = await loggedIn(h2);
    try {
      for (const name of PROTO) expect((await vz.call('backupm', `<restore_env><backup_id>${GONE}/20251230220000</backup_id><parent_eid>${name}</parent_eid></restore_env>`)).error?.code).toBe(305);
      expect(h2.jobs.list({ vendor: 'virtuozzo' })).toHaveLength(0);
      expect((await vz.call('envm', '<get_list/>')).findAll('eid')).toEqual([]);
    } finally {
      vz.close();
      await h2.stop();
    }
  });

  it('answers a malformed Basic header on the HTTP door with 401 in the agent error format, running nothing', async () => {
    const packet = `<packet id="8"><target>backupm</target><data><backupm><backup_env><env_list><eid>${CT1}</eid></env_list></backup_env></backupm></data></packet>`;
    for (const header of ['Basic', 'Basic !!!', `Basic ${b64('no-colon')}`, `Basic ${b64(':no-name')}`, 'Bearer abc']) {
      const r = await request(h.url('virtuozzo', 'http')).post('/').set('authorization', header).send(packet);
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Basic/);
      const reply = parseXml<Record<string, any>>(r.text.replace(/\0$/, ''), { localNames: true }).packet;
      expect(reply.$.id).toBe('8');
      expect(reply.data.system.error.code).toBe('13');
    }
    expect(h.jobs.list({ vendor: 'virtuozzo' })).toHaveLength(0);
  });

  it('masks session ids in journalled packets', async () => {
    const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
    const sid = await vz.sessionLogin('root', 'vzadmin');
    vz.close();
    const s = await open(h);
    const c = collectPackets(s);
    s.write(`<packet id="5"><session>${sid}</session><target>backupm</target><data><backupm><get_config/></backupm></data></packet>\0`);
    await c.next(1);
    s.destroy();
    const bodies = h.find({ vendor: 'virtuozzo' }).map((e) => e.body).join('\n');
    expect(bodies).toContain('<session>***</session>');
    expect(bodies).not.toContain(sid);
  });

  it('answers every packet of a client that half-closes after writing them', async () => {
    const s = await open(h);
    const c = collectPackets(s);
    const login = `<packet id="1"><data><system><login><name>${b64('root')}</name><password>${b64('vzadmin')}</password></login></system></data></packet>\0`;
    s.end(`${login}<packet id="2"><target>envm</target><data><envm><get_list/></envm></data></packet>\0`);
    const ended = new Promise((r) => s.once('end', r));
    const [first, second] = await c.next(2);
    expect(first).toMatch(/<ns2:token>/);
    expect(second).toMatch(new RegExp(CT1));
    await ended;
  });
});

describe('virtuozzo sessions on the virtual clock', () => {
  it('forgets a session unused for sessionTimeout and purges expired ones; one in use stays', async () => {
    const h = await startVz({ sessionTimeout: '30m' });
    const state = () => h.engine.tenancy.handle<VirtuozzoState>('virtuozzo', 'default').state;
    const getConfig = async (sid: string) => {
      const s = await open(h);
      const c = collectPackets(s);
      s.write(`<packet id="1"><session>${sid}</session><target>backupm</target><data><backupm><get_config/></backupm></data></packet>\0`);
      const [reply] = await c.next(1);
      s.destroy();
      return errorCode(reply);
    };
    const login = async () => {
      const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
      const sid = await vz.sessionLogin('root', 'vzadmin');
      vz.close();
      return sid;
    };
    try {
      const old = await login();
      const kept = await login();
      h.clock.advance('20m');
      expect(await getConfig(kept)).toBeUndefined();
      h.clock.advance('20m'); // old: 40 min unused; kept: 20 min
      expect(await getConfig(old)).toBe('9');
      expect(await getConfig(kept)).toBeUndefined();
      const third = await login();
      h.clock.advance('31m');
      await login(); // purges the two that expired meanwhile
      expect([...state().sessions.keys()]).not.toContain(third);
      expect(state().sessions.size).toBe(1);
    } finally {
      await h.stop();
    }
  });
});
