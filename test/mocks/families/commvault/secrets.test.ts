import request from 'supertest';
import { maskSecrets } from '../../../../mocks/families/commvault/secrets';
import { B, b64, login, startCv, XML, type Harness } from './helpers';

const PASSWORD = b64('Commvault!1');
const TOKEN = `QSDK ${'ab12'.repeat(32)}`;

describe('commvault secrets in journalled bodies', () => {
  it.each([
    ['JSON Login', `{"mode":4,"username":"admin","password":"${PASSWORD}"}`],
    ['JSON password as a number, an array and an object', `{"password":12345678,"x":{"userPassword":["${PASSWORD}"],"newPassword":{"val":"${PASSWORD}"}}}`],
    ['JSON RenewLoginToken', `{"sessionId":"${TOKEN}","deviceId":"x"}`],
    ['a QSDK token in any JSON field', `{"taskInfo":{"task":{"note":"use ${TOKEN} here"}}}`],
    ['XML Login attributes', `<DM2ContentIndexing_CheckCredentialReq username="admin" password='${PASSWORD}'/>`],
    ['XML password elements', `<Req><password>${PASSWORD}</password><userPassword><val>${PASSWORD}</val></userPassword></Req>`],
    ['an XML scalar list item', `<Req><password val="${PASSWORD}"/><next a="1"/></Req>`],
    ['XML RenewLoginToken', `<DM2ContentIndexing_RenewTokenReq sessionId="${TOKEN}"/>`],
    ['a QSDK token in XML text', `<Req><note>${TOKEN}</note></Req>`],
    ['text that is neither', `password=${PASSWORD} token ${TOKEN}`],
    ['broken JSON', `{"password":"${PASSWORD}",`],
    ['an unterminated XML value', `<Req password="${PASSWORD}`],
  ])('masks %s', (_what, body) => {
    const masked = maskSecrets(body);
    expect(masked).not.toContain(PASSWORD);
    expect(masked).not.toContain(TOKEN.slice(5));
    expect(masked).toContain('***');
  });

  it('leaves other bodies as they are', () => {
    for (const body of ['<JobManager_JobDetailRequest jobId="2141"/>', '{"jobId":2141,"showAttempt":true}', '<Req><next a="1"/></Req>']) expect(maskSecrets(body)).toBe(body);
    expect(maskSecrets(`<Req><password val="x"/><next a="1"/></Req>`)).toBe('<Req><password val="***"/><next a="1"/></Req>');
  });

  it('masks hostile bodies of a megabyte in one pass (no pattern is searched again from every start)', () => {
    for (const unit of ['<password ', ' password="', '<password>', 'passpass', 'QSDK ', '"password":"', '&password=', ` ${'p'.repeat(60)}password`]) {
      const body = unit.repeat(Math.ceil(1024 ** 2 / unit.length));
      expect(maskSecrets(body).length).toBeGreaterThan(0);
    }
  });
});

describe('commvault journal over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCv();
  });
  afterAll(() => h.stop());

  it('keeps the Authtoken header, QSDK tokens and base64 passwords out of every entry', async () => {
    const token = await login(h);
    const http = request(h.url('commvault'));
    await http.post(`${B}/Login`).set('Content-Type', XML).send(`<DM2ContentIndexing_CheckCredentialReq username="admin" password="${PASSWORD}"/>`).expect(200);
    await http.post(`${B}/Login`).set('Content-Type', XML).send(`<DM2ContentIndexing_CheckCredentialReq><username>admin</username><password>${PASSWORD}</password></DM2ContentIndexing_CheckCredentialReq>`).expect(200);
    await http.post(`${B}/Login`).send({ username: 'admin', password: [PASSWORD] }).expect(400);
    await http.post(`${B}/RenewLoginToken`).set('Content-Type', XML).set('Authtoken', token).send(`<DM2ContentIndexing_RenewTokenReq sessionId="${token}"/>`).expect(200);
    await http.post(`${B}/CreateTask`).set('Authtoken', 'not-a-qsdk-token').set('Content-Type', 'text/plain').send(`password=${PASSWORD}`).expect(401);
    const entries = h.find({ vendor: 'commvault' });
    expect(entries.length).toBe(6);
    const text = entries.map((e) => `${e.body} ${JSON.stringify(e.headers)} ${JSON.stringify(e.query)}`).join('\n');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(token.slice(5));
    expect(text).not.toContain('not-a-qsdk-token');
    expect(text).toContain('DM2ContentIndexing_CheckCredentialReq');
  });
});
