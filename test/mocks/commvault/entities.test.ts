import { startTestHarness } from '../../helpers';
import { cv, IDS, login, startCv, xmlBody, type Harness } from '../families/commvault/helpers';

describe('commvault entities: what cvpysdk walks from the Commcell to a subclient', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  let xapi: ReturnType<typeof cv>;
  beforeAll(async () => {
    h = await startCv();
    const token = await login(h);
    api = cv(h, token);
    xapi = cv(h, token, { xml: true });
  });
  afterAll(() => h.stop());

  it('GET CommServ: the keys commcell.py reads', async () => {
    const res = await api.get('/CommServ').expect(200);
    expect(res.body).toMatchObject({
      commcell: { commCellName: 'cs01', commCellId: 2, csGUID: expect.any(String) },
      hostName: 'cs01.lab.local',
      csTimeZone: { TimeZoneName: expect.any(String) },
      timeZone: expect.stringContaining('(UTC'),
      currentSPVersion: 32,
      csVersionInfo: '11.32.0',
    });
    const x = xmlBody((await xapi.get('/CommServ').expect(200)).text);
    expect(x.body).toMatchObject({ hostName: 'cs01.lab.local', commcell: { commCellName: 'cs01' } });
  });

  it('GET Client lists the CommServe itself and the clients; hidden and pseudo-client variants', async () => {
    const res = await api.get('/Client').expect(200);
    const entities = res.body.clientProperties.map((c: { client: { clientEntity: Record<string, unknown> } }) => c.client.clientEntity);
    expect(entities.map((e: { clientName: string }) => e.clientName)).toEqual(['cs01', 'fs01', 'lnx01']);
    expect(entities[1]).toMatchObject({ clientId: IDS.fs01, hostName: 'fs01.lab.local', displayName: 'fs01' });
    expect((await api.get('/Client?hiddenclients=true').expect(200)).body.clientProperties).toHaveLength(3);
    expect((await api.get('/Client?PseudoClientType=VSPseudo').expect(200)).body).toEqual({ VSPseudoClientsList: [] });
    expect((await api.get('/VSAClientAndClientGroupList').expect(200)).body).toEqual({ clients: [] });
  });

  it('GET Client/{id}: the properties client.py needs; unknown ids and Client/None are 404 errors', async () => {
    const res = await api.get(`/Client/${IDS.lnx01}`).expect(200);
    const p = res.body.clientProperties[0];
    expect(p.client).toMatchObject({ cvdPort: 8400, osInfo: { Type: 'Unix', OsDisplayInfo: { ProcessorType: 'x86_64' } }, TimeZone: { TimeZoneName: expect.any(String) }, versionInfo: expect.any(Object) });
    expect(p.clientProps).toMatchObject({ EnableSnapBackups: false, activityControl: { EnableDataRecovery: true }, clientActivityControl: { activityControlOptions: expect.any(Array) } });
    for (const id of ['None', '999']) {
      const e = await api.get(`/Client/${id}`).expect(404);
      expect(e.body).toEqual({ errorCode: 4, errorMessage: `Client [${id}] does not exist.` });
    }
  });

  it('GET Agent / Instance / Backupset / Subclient by client, with their ids', async () => {
    const agents = (await api.get(`/Agent?clientId=${IDS.fs01}`).expect(200)).body.agentProperties;
    expect(agents).toEqual([expect.objectContaining({ idaEntity: { clientId: 3, clientName: 'fs01', appName: 'File System', applicationId: 33 } })]);
    const one = (await api.get(`/Agent?clientId=${IDS.lnx01}&applicationId=29&propertyLevel=30`).expect(200)).body.agentProperties;
    expect(one[0].idaEntity.applicationId).toBe(29);
    const inst = (await api.get(`/Instance?clientId=${IDS.fs01}`).expect(200)).body.instanceProperties;
    expect(inst[0].instance).toMatchObject({ instanceId: 1, instanceName: 'DefaultInstanceName', appName: 'File System' });
    const i1 = (await api.get(`/Instance/1?association/entity/clientId=${IDS.lnx01}&association/entity/applicationId=29`).expect(200)).body.instanceProperties[0];
    expect(i1.instance.clientName).toBe('lnx01');
    const sets = (await api.get(`/Backupset?clientId=${IDS.fs01}&propertyLevel=10&applicationId=33`).expect(200)).body.backupsetProperties;
    expect(sets).toEqual([
      expect.objectContaining({ backupSetEntity: expect.objectContaining({ backupsetId: 2, backupsetName: 'defaultBackupSet', instanceName: 'DefaultInstanceName' }), commonBackupSet: expect.objectContaining({ isDefaultBackupSet: true }), planEntity: {} }),
    ]);
    const subs = (await api.get(`/Subclient?clientId=${IDS.lnx01}&applicationId=29&backupsetId=${IDS.lnxBackupset}&propertyLevel=20`).expect(200)).body.subClientProperties;
    expect(subs.map((s: { subClientEntity: { subclientName: string; subclientId: number } }) => [s.subClientEntity.subclientId, s.subClientEntity.subclientName])).toEqual([
      [4, 'default'],
      [5, 'scratch'],
    ]);
    expect(subs[0].commonProperties).toMatchObject({ isDefaultSubclient: true, enableBackup: true, storageDevice: { dataBackupStoragePolicy: { storagePolicyName: 'SP-Default-Disk', storagePolicyId: 1 } } });
    expect(subs[1].commonProperties.storageDevice).toEqual({});
  });

  it('GET Backupset/{id} and Subclient/{id}, in JSON and XML; unknown ids are 404', async () => {
    expect((await api.get('/Backupset/3').expect(200)).body.backupsetProperties[0].backupSetEntity.clientName).toBe('lnx01');
    const sc = (await api.get(`/Subclient/${IDS.fsDocuments}`).expect(200)).body.subClientProperties[0];
    expect(sc.subClientEntity).toMatchObject({ subclientName: 'documents', clientName: 'fs01', backupsetName: 'defaultBackupSet', appName: 'File System' });
    expect(sc.content).toEqual([{ path: 'D:\\Documents' }]);
    const x = xmlBody((await xapi.get(`/Subclient/${IDS.fsDocuments}`).expect(200)).text);
    expect(x.root).toBe('App_GetSubClientPropertiesResponse');
    expect(x.body).toMatchObject({ subClientProperties: { subClientEntity: { subclientName: 'documents', subclientId: '3' }, content: { path: 'D:\\Documents' } } });
    await api.get('/Backupset/77').expect(404);
    await api.get('/Subclient/77').expect(404);
    await api.get('/Instance/77').expect(404);
  });

  it('requires clientId on the listings (the generic error, HTTP 400)', async () => {
    for (const path of ['/Agent', '/Instance', '/Backupset', '/Subclient']) {
      const res = await api.get(path).expect(400);
      expect(res.body).toEqual({ errorCode: 2, errorMessage: 'Invalid request: clientId is required.' });
    }
    expect((await api.get('/Agent?clientId=404').expect(404)).body.errorCode).toBe(4);
  });

  it('lists schedules ({}), storage policies, plans and events', async () => {
    expect((await api.get(`/Schedules?clientId=3&apptypeId=33&backupsetId=2&subclientId=2`).expect(200)).body).toEqual({});
    expect((await api.get('/StoragePolicy?getAll=TRUE').expect(200)).body).toEqual({ policies: [{ storagePolicyName: 'SP-Default-Disk', storagePolicyId: 1 }] });
    expect((await api.get('/V2/Plan').expect(200)).body).toEqual({ plans: [] });
    expect((await api.get('/Events?jobId=1').expect(200)).body).toEqual({ commservEvents: [] });
    const x = xmlBody((await xapi.get('/StoragePolicy').expect(200)).text);
    expect(x).toEqual({ root: 'App_GetStoragePolicyListResponse', body: { policies: { storagePolicyName: 'SP-Default-Disk', storagePolicyId: '1' } } });
  });
});

describe('commvault entities: faker-named defaults when a scenario seeds no clients', () => {
  it('seeds the same names and ids for the same seed, other names for another seed', async () => {
    const names = async (seed: number) => {
      const h = await startTestHarness({ vendors: ['commvault'], scenario: { seed } });
      try {
        const api = cv(h, await login(h)); // no credentials: the demo user admin / Commvault!1
        const clients = (await api.get('/Client').expect(200)).body.clientProperties;
        const subs = (await api.get(`/Subclient?clientId=4`).expect(200)).body.subClientProperties;
        return {
          clients: clients.map((c: { client: { clientEntity: { clientId: number; clientName: string } } }) => [c.client.clientEntity.clientId, c.client.clientEntity.clientName]),
          subclients: subs.map((s: { subClientEntity: { subclientId: number; subclientName: string } }) => [s.subClientEntity.subclientId, s.subClientEntity.subclientName]),
        };
      } finally {
        await h.stop();
      }
    };
    const a = await names(11);
    expect(a.clients).toHaveLength(3);
    expect(a.clients.map((c: [number, string]) => c[0])).toEqual([2, 3, 4]);
    expect(a.clients[1][1]).toMatch(/^[a-z0-9-]+-fs01$/);
    expect(a.clients[2][1]).toMatch(/-lnx01$/);
    expect(a.subclients).toEqual([
      [4, 'default'],
      [5, 'scratch'],
    ]);
    expect(await names(11)).toEqual(a);
    expect((await names(12)).clients).not.toEqual(a.clients);
  });
});
