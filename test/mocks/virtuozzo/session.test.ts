import { connect, type Socket } from 'node:net';
import { startTestHarness, type Harness } from '../../helpers';
import { VirtuozzoClient } from '../../../src/clients/virtuozzo';
import { b64 } from '../../../mocks/virtuozzo/messages';
import { collectPackets, loggedIn, startVz } from './helpers';

const LOGIN = `<packet version="4.0.0" id="1"><data><system><login><name>${b64('root')}</name><realm>00000000-0000-0000-0000-000000000000</realm><password>${b64('vzadmin')}</password></login></system></data></packet>`;

function open(h: Harness): Promise<Socket> {
  const u = new URL(h.url('virtuozzo', 'tcp'));
  return new Promise((resolve) => {
    const s: Socket = connect({ host: u.hostname, port: Number(u.port) }, () => resolve(s));
  });
}

describe('virtuozzo TCP sessions and framing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startVz({ maxPacketBytes: 4096 });
  });
  afterAll(() => h.stop());

  it('answers a login split byte-group by byte-group, reply ending in \\n\\0', async () => {
    const s = await open(h);
    const c = collectPackets(s);
    const data = Buffer.from(LOGIN + '\0');
    for (let i = 0; i < data.length; i += 7) s.write(data.subarray(i, i + 7));
    const [reply] = await c.next(1);
    expect(reply).toMatch(/<ns2:token>/);
    expect(reply.endsWith('</ns1:packet>\n')).toBe(true);
    s.destroy();
  });

  it('answers coalesced packets each in turn (login then list in one write)', async () => {
    const s = await open(h);
    const c = collectPackets(s);
    s.write(`${LOGIN}\0<packet id="2"><target>envm</target><data><envm><get_list/></envm></data></packet>\0`);
    const [login, list] = await c.next(2);
    expect(login).toMatch(/id="1"/);
    expect(list).toMatch(/id="2"/);
    expect(list).toMatch(/57c2cd6c-c02b-4645-bdb5-e883ea005896/);
    s.destroy();
  });

  it('answers garbage and oversized packets with errors and keeps the connection', async () => {
    const s = await open(h);
    const c = collectPackets(s);
    s.write('\u0001garbage<<\0');
    s.write(`<packet id="9">${'x'.repeat(5000)}</packet>\0`);
    s.write(LOGIN + '\0');
    const [garbage, big, login] = await c.next(3);
    expect(garbage).toMatch(/<ns1:code>4<\/ns1:code>/);
    expect(big).toMatch(/<ns1:code>7<\/ns1:code>/);
    expect(login).toMatch(/<ns2:token>/);
    s.destroy();
  });

  it('refuses calls before login and bad passwords with error packets', async () => {
    const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
    const before = await vz.call('backupm', '<list/>');
    expect(before.error).toEqual({ code: 9, message: expect.stringMatching(/not logged in/) });
    await expect(vz.login('root', 'wrong')).rejects.toThrow(/login failed: 13/);
    const bad = await vz.call('system', `<login><name>${b64('nobody')}</name><password>${b64('x')}</password></login>`);
    expect(bad.error?.code).toBe(13);
    vz.close();
  });

  it('logs in with system/login and echoes id and cookie, fills origin, target, time', async () => {
    const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
    const r = await vz.login('root', 'vzadmin');
    expect(r.packet.origin).toBe('system');
    expect(String(r.packet.target)).toMatch(/^vzclient\d+$/);
    expect(r.packet.$.time).toBe('2026-01-01T00:00:00+0000');
    const list = await vz.call('envm', '<get_list/>', { cookie: 'my-cookie' });
    expect(list.packet.cookie).toBe('my-cookie');
    expect(list.packet.origin).toBe('envm');
    vz.close();
  });

  it('gives a session_id with sessionm/login and ends the connection on logout', async () => {
    const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
    const sid = await vz.sessionLogin('root', 'vzadmin');
    expect(sid).toMatch(/^vzl\.40000\.4\.[0-9a-f-]+\.\.[0-9a-f]+$/);
    const closed = new Promise((r) => vz.socket.once('end', r));
    const out = await vz.call('sessionm', `<logout><session_id>${sid}</session_id></logout>`);
    expect(out.find('ok')).toBeDefined();
    await closed;
  });

  it('accepts a <session> header from another connection (SOAP-style session)', async () => {
    const a = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
    const sid = await a.sessionLogin('root', 'vzadmin');
    a.close();
    const s = await open(h);
    const c = collectPackets(s);
    s.write(`<packet id="5"><session>${sid}</session><target>backupm</target><data><backupm><get_config/></backupm></data></packet>\0`);
    const [reply] = await c.next(1);
    expect(reply).toMatch(/<ns2:backupm_config>/);
    s.destroy();
  });

  it('names unknown operators and calls in error packets', async () => {
    const vz = await loggedIn(h);
    expect((await vz.call('nosuchm', '<get/>')).error?.code).toBe(5);
    expect((await vz.call('backupm', '<explode/>')).error?.code).toBe(6);
    vz.close();
  });

  it('serves the TLS listener with the same protocol', async () => {
    const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tls'));
    await vz.login('root', 'vzadmin');
    const list = await vz.call('vzaenvm', '<get_list/>');
    expect(list.findAll('eid')).toHaveLength(2);
    vz.close();
  });

  it('journals packets with the base64 password masked', async () => {
    const entries = h.find({ vendor: 'virtuozzo', operation: 'system.login' });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.map((e) => e.body).join('\n')).not.toContain(b64('vzadmin'));
  });
});

describe('virtuozzo greeting modes', () => {
  it.each([
    ['on', true],
    ['off', false],
  ])('greeting %s', async (mode, greets) => {
    const h = await startVz({ greeting: mode });
    try {
      const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
      await vz.login('root', 'vzadmin'); // a reply after any greeting: the greeting came first
      expect(vz.greeting !== undefined).toBe(greets);
      if (greets) expect(vz.greeting!.error).toBeUndefined();
      vz.close();
    } finally {
      await h.stop();
    }
  });

  it('sets the mode per listener: {tcp: off, tls: on}', async () => {
    const h = await startVz({ greeting: { tcp: 'off', tls: 'on' } });
    try {
      const plain = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
      const tls = await VirtuozzoClient.connect(h.url('virtuozzo', 'tls'));
      await plain.login('root', 'vzadmin');
      await tls.login('root', 'vzadmin');
      expect(plain.greeting).toBeUndefined();
      expect(tls.greeting).toBeDefined();
      plain.close();
      tls.close();
    } finally {
      await h.stop();
    }
  });

  it('auto greets a silent client and not one that writes first', async () => {
    const h = await startVz({ greeting: 'auto', greetingWindow: '50ms' });
    try {
      const silent = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'), { greetingWaitMs: 2000 });
      expect(silent.greeting?.packet.origin).toBe('system');
      silent.close();
      const eager = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
      await eager.login('root', 'vzadmin');
      expect(eager.greeting).toBeUndefined();
      eager.close();
    } finally {
      await h.stop();
    }
  });
});

describe('virtuozzo tenants', () => {
  it('puts each login in the tenant that owns the user; tenants never see each other', async () => {
    const h = await startTestHarness({
      vendors: ['virtuozzo'],
      scenario: {
        vendors: { virtuozzo: { greeting: 'off', writeGap: 0 } },
        tenants: [
          { id: 'alpha', credentials: { virtuozzo: { name: 'alice', password: 'a' } }, entities: { virtuozzo: { environments: [{ eid: '11111111-1111-4111-8111-111111111111', name: 'a1' }] } } },
          { id: 'beta', credentials: { virtuozzo: { name: 'bob', password: 'b' } }, entities: { virtuozzo: { environments: [{ eid: '22222222-2222-4222-8222-222222222222', name: 'b1' }] } } },
        ],
      },
    });
    try {
      const a = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
      await a.login('alice', 'a');
      const b = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
      await b.login('bob', 'b');
      expect((await a.call('envm', '<get_list/>')).findAll('eid')).toEqual(['11111111-1111-4111-8111-111111111111']);
      expect((await b.call('envm', '<get_list/>')).findAll('eid')).toEqual(['22222222-2222-4222-8222-222222222222']);
      const cross = await b.call('backupm', '<backup_env><env_list><eid>11111111-1111-4111-8111-111111111111</eid></env_list></backup_env>');
      expect(cross.error?.code).toBe(305);
      await expect(a.login('bob', 'a')).rejects.toThrow(/13/);
      expect(h.find({ vendor: 'virtuozzo', tenant: 'beta', operation: 'backupm.backup_env' })).toHaveLength(1);
      a.close();
      b.close();
    } finally {
      await h.stop();
    }
  });
});
