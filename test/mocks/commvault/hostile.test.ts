import request from 'supertest';
import { startTestHarness } from '../../helpers';
import { B, b64, cv, login, XML, type Harness } from '../families/commvault/helpers';

/** Names of Object.prototype members: ids a client may send that a plain object would "find". */
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

describe('commvault and metallic under ids named after Object.prototype members', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['commvault', 'metallic'], scenarioFiles: ['scenarios/default/commvault.yaml', 'scenarios/default/metallic.yaml'] });
  });
  afterAll(() => h.stop());

  it.each(PROTO_NAMES)('Authtoken %s authenticates nothing, on any route, with or without the QSDK prefix', async (name) => {
    for (const vendor of ['commvault', 'metallic'] as const) {
      const http = request(h.url(vendor));
      for (const token of [name, `QSDK ${name}`]) {
        await http.get(`${B}/CommServ`).set('Authtoken', token).expect(401);
        await http.post(`${B}/CommServ/DRBackup`).set('Authtoken', token).send({ jobType: 1 }).expect(401);
        await http.get(`${B}/Job/1`).set('Authtoken', token).expect(401);
        await http.post(`${B}/Logout`).set('Authtoken', token).expect(401);
        const renew = await http.post(`${B}/RenewLoginToken`).set('Authtoken', token).send({ sessionId: token }).expect(200);
        expect(renew.body.token).toBeUndefined();
      }
    }
    expect(h.jobs.list({})).toHaveLength(0);
  });

  it.each(PROTO_NAMES)('%s in paths, queries and bodies names no entity, job or user', async (name) => {
    const token = await login(h);
    const api = cv(h, token);
    const id = encodeURIComponent(name);
    for (const path of [`/Client/${id}`, `/Backupset/${id}`, `/Subclient/${id}`, `/Instance/${id}`]) await api.get(path).expect(404);
    await api.get(`/Agent?clientId=${id}`).expect(404);
    await api.get(`/Subclient?clientId=3&backupsetId=${id}`).expect(404);
    expect((await api.get(`/Job/${id}`).expect(200)).body).toEqual({ totalRecordsWithoutPaging: 0 });
    expect((await api.post(`/Job/${id}/action/kill`).expect(200)).body.errors[0].errList[0].errorCode).toBe(2);
    await api.post(`/Subclient/${id}/action/backup?backupLevel=full`).expect(404);
    await api.post(`/Subclient/2/action/backup?backupLevel=${id}`).expect(400);
    await api.post('/JobDetails', { jobId: name }).expect(400);
    await api.post('/CreateTask', { taskInfo: { associations: [{ clientName: name, subclientName: name }], subTasks: [{ subTask: { subTaskType: 'BACKUP', operationType: 'BACKUP' } }] } }).expect(200, {
      errorCode: 587207178,
      errorMessage: 'Failed to start backups as no eligible subclients were found. ',
    });
    // Element and key names too: each is an unknown element of a strict envelope.
    await api.post('/CommServ/DRBackup', `<TMMsg_CommcellDRBackupReq><${name} a="1"/></TMMsg_CommcellDRBackupReq>`).expect(400);
    await api.post('/CommServ/DRBackup', JSON.parse(`{"${name}": {"jobType": 1}}`)).expect(400);
    for (const vendor of ['commvault', 'metallic'] as const) {
      const http = request(h.url(vendor));
      const j = await http.post(`${B}/Login`).send({ username: name, password: b64(name) }).expect(200);
      expect(j.body.errList[0].errorCode).toBe(5);
      const x = await http.post(`${B}/Login`).set('Content-Type', XML).send(`<DM2ContentIndexing_CheckCredentialReq username="${name}" password="${b64(name)}"/>`).expect(200);
      expect(x.body.errList[0].errorCode).toBe(5);
      await http.get(`${B}/CommServ`).set('Authtoken', token).set('x-mock-tenant', name).expect(401);
    }
    expect(h.jobs.list({})).toHaveLength(0);
  });

  it('is not poisoned afterwards: Object.prototype is untouched and both vendors log in and back up', async () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
    expect(({} as Record<string, unknown>).expiresAt).toBeUndefined();
    expect(({} as Record<string, unknown>).user).toBeUndefined();
    for (const vendor of ['commvault', 'metallic'] as const) {
      const api = cv(h, await login(h, { vendor }), { vendor });
      expect((await api.get('/CommServ').expect(200)).body.commcell.commCellName).toBe(vendor === 'commvault' ? 'cs01' : 'm6');
      expect((await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200)).body.jobIds).toHaveLength(1);
      await api.post('/Logout').expect(200);
    }
  });
});
