import request from 'supertest';
import type { Harness } from '../../helpers';
import { parseXml } from '../../../src/codec/xml';
import { b64 } from '../../../mocks/virtuozzo/messages';
import { CT1, CT2, jobStarted, startVz } from './helpers';

const BASIC = `Basic ${Buffer.from('root:vzadmin').toString('base64')}`;
const LOGIN = `<packet id="1" version="4.0.0"><data><system><login><name>${b64('root')}</name><realm>00000000-0000-0000-0000-000000000000</realm><password>${b64('vzadmin')}</password></login></system></data></packet>`;
const backup = (eid: string, progress = true) =>
  `<packet id="7" version="4.0.0"${progress ? ' progress="on"' : ''}><target>backupm</target><data><backupm><backup_env><env_list><eid>${eid}</eid></env_list></backup_env></backupm></data></packet>`;

/** Packets of a streamed body: each ends with \n\0. */
function packets(text: string): Array<Record<string, any>> {
  expect(text.endsWith('\n\0')).toBe(true);
  return text
    .split('\0')
    .filter((p) => p.trim())
    .map((p) => parseXml<Record<string, any>>(p, { localNames: true }).packet);
}

describe('virtuozzo HTTP door (chunked packets)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startVz();
  });
  afterAll(() => h.stop());

  it('streams progress packets then the final backup for a Basic-authenticated request', async () => {
    const started = jobStarted(h);
    const res = request(h.url('virtuozzo', 'http')).post('/').set('authorization', BASIC).set('content-type', 'application/xml').send(backup(CT1));
    const done = res.then((r) => r);
    await started;
    h.clock.advance('10s');
    const r = await done;
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/xml/);
    expect(r.headers['transfer-encoding']).toBe('chunked');
    const list = packets(r.text);
    expect(list.length).toBe(16);
    expect(list.slice(0, -1).every((p) => p.$.type === '1' && p.$.id === '7')).toBe(true);
    expect(list[list.length - 1].data.backupm.backup.eid).toBe(CT1);
  });

  it('takes a login packet and the request in one body (NUL-separated)', async () => {
    const started = jobStarted(h);
    const done = request(h.url('virtuozzo', 'http')).post('/vzl/packet').send(`${LOGIN}\0${backup(CT2, false)}\0`).then((r) => r);
    await started;
    h.clock.advance('10s');
    const r = await done;
    const [login, final] = packets(r.text);
    expect(login.data.system.token).toBeDefined();
    expect(final.data.backupm.backup.eid).toBe(CT2);
  });

  it('accepts a <session> from sessionm/login', async () => {
    const login = await request(h.url('virtuozzo', 'http'))
      .post('/')
      .send(`<packet id="1"><target>sessionm</target><data><sessionm><login><name>${b64('root')}</name><password>${b64('vzadmin')}</password></login></sessionm></data></packet>`);
    const sid = packets(login.text)[0].data.sessionm.session_id;
    const r = await request(h.url('virtuozzo', 'http')).post('/').send(`<packet id="2"><session>${sid}</session><target>envm</target><data><envm><get_list/></envm></data></packet>`);
    expect(packets(r.text)[0].data.envm.eid).toEqual([CT1, CT2]);
  });

  it('refuses bad Basic credentials with 401 and an error packet', async () => {
    const r = await request(h.url('virtuozzo', 'http')).post('/').set('authorization', `Basic ${Buffer.from('root:nope').toString('base64')}`).send(backup(CT1));
    expect(r.status).toBe(401);
    expect(packets(r.text)[0].data.system.error.code).toBe('13');
  });

  it('answers a call without login with a notLoggedIn error packet', async () => {
    const r = await request(h.url('virtuozzo', 'http')).post('/').send(backup(CT1, false));
    expect(r.status).toBe(200);
    expect(packets(r.text)[0].data.backupm.error.code).toBe('9');
  });

  it('answers malformed and empty bodies with error packets, never a stack', async () => {
    const bad = await request(h.url('virtuozzo', 'http')).post('/').set('authorization', BASIC).send('<packet id="3"><data>');
    expect(packets(bad.text)[0].data.system.error.code).toBe('4');
    const empty = await request(h.url('virtuozzo', 'http')).post('/').send('');
    expect(empty.status).toBe(400);
    expect(packets(empty.text)[0].data.system.error.code).toBe('4');
  });

  it('answers unknown paths and oversized bodies in the packet error format', async () => {
    const missing = await request(h.url('virtuozzo', 'http')).get('/nope');
    expect(missing.status).toBe(404);
    expect(packets(missing.text)[0].data.system.error.code).toBe('5');
    const big = await request(h.url('virtuozzo', 'http')).post('/').send('x'.repeat(2 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(packets(big.text)[0].data.system.error.code).toBe('7');
  });

  it('keeps state intact after bad input: the backups listed are the same', async () => {
    const r = await request(h.url('virtuozzo', 'http')).post('/').set('authorization', BASIC).send('<packet id="4"><target>backupm</target><data><backupm><list/></backupm></data></packet>');
    expect(packets(r.text)[0].data.backupm.backup).toHaveLength(3);
  });
});
