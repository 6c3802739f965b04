/**
 * Contract: the restore path over real sockets, as cvpysdk drives it — log in, browse and find
 * the seeded catalogue (DoBrowse), restore in place and out of place (CreateTask 3/1001), then
 * poll Job/{id} every 30 s of virtual time until both are Completed and find them in the jobs
 * list. The bodies are the ones cvpysdk 11.40.2 sent (fixtures/commvault/sdk.*).
 */
import { readFileSync } from 'node:fs';
import { startTestHarness, type Harness } from '../helpers';

const fixture = (name: string) => JSON.parse(readFileSync(`fixtures/commvault/${name}`, 'utf8')) as Record<string, any>;

describe.each([
  ['commvault', 'fs01', 'lnx01', { client: 'fs01', clientId: 3, backupsetId: 2, subclientId: 2 }, 2141],
  ['metallic', 'fileserver01', 's-adhoc-object-storage', { client: 'fileserver01', clientId: 4, backupsetId: 3, subclientId: 3 }, 5976],
] as const)('%s browse and restore lifecycle over real sockets', (vendor, source, other, ids, firstJob) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: [vendor], scenarioFiles: [`scenarios/default/${vendor}.yaml`, 'scenarios/commvault-catalogue.yaml'], tlsEnabled: false });
  });
  afterAll(() => h.stop());

  it('seeded catalogue -> browse -> find -> restore in place -> restore out of place -> jobs Completed on the clock', async () => {
    const base = `${h.url(vendor)}/webconsole/api`;
    let token = '';
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(base + path, {
        method,
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(token ? { Authtoken: token } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, text, body: (/json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : {}) as Record<string, any> };
    };
    const login = await call('POST', '/Login', fixture('sdk.login.request.json'));
    expect(login.status).toBe(200);
    token = login.body.token;

    const entity = { clientName: ids.client, clientId: ids.clientId, applicationId: 33, instanceId: 1, backupsetId: ids.backupsetId, subclientId: ids.subclientId };
    const browse = await call('POST', '/DoBrowse', { ...fixture('sdk.browse.request.json'), entity, paths: [{ path: '\\' }] });
    expect(browse.body.browseResponses[0].browseResult.dataResultSet.map((r: { path: string }) => r.path)).toEqual(['C:']);
    const find = await call('POST', '/DoBrowse', { ...fixture('sdk.find.request.json'), entity });
    const found = (find.body.browseResponses[0].browseResult.dataResultSet ?? []).map((r: { path: string }) => r.path);
    const target = vendor === 'commvault' ? 'C:\\Users\\admin\\todo.txt' : 'C:\\Shares';
    if (vendor === 'commvault') expect(found).toEqual([target]);
    else expect(found).toEqual([]); // no *.txt on fileserver01

    const association = [{ clientName: source, appName: 'File System', backupsetName: 'defaultBackupSet', subclientName: 'default', subclientId: ids.subclientId }];
    const inPlace = fixture('sdk.restore-in-place.createtask.request.json');
    inPlace.taskInfo.associations = association;
    inPlace.taskInfo.subTasks[0].options.restoreOptions.destination.destClient.clientName = source;
    inPlace.taskInfo.subTasks[0].options.restoreOptions.fileOption.sourceItem = [target];
    const first = await call('POST', '/CreateTask', inPlace);
    expect(first.body.jobIds).toEqual([String(firstJob)]);

    const outOfPlace = fixture('sdk.restore-out-of-place.createtask.request.json');
    outOfPlace.taskInfo.associations = association;
    outOfPlace.taskInfo.subTasks[0].options.restoreOptions.destination.destClient.clientName = other;
    outOfPlace.taskInfo.subTasks[0].options.restoreOptions.fileOption.sourceItem = [vendor === 'commvault' ? 'C:\\Data' : 'C:\\Shares\\finance'];
    const second = await call('POST', '/CreateTask', outOfPlace);
    expect(second.body.jobIds).toEqual([String(firstJob + 1)]);

    // job.py wait_for_completion: poll every 30 s until the status is finished
    const statuses: string[] = [];
    for (let poll = 0; poll < 10; poll++) {
      const all = await Promise.all(first.body.jobIds.concat(second.body.jobIds).map((id: string) => call('GET', `/Job/${id}`)));
      const now = all.map((r) => r.body.jobs[0].jobSummary.status as string);
      statuses.push(now.join('/'));
      if (now.every((s) => s === 'Completed')) break;
      h.clock.advance('30s');
    }
    expect(statuses[0]).toBe('Running/Running');
    expect(statuses[statuses.length - 1]).toBe('Completed/Completed');
    expect(statuses).toHaveLength(5); // 2 minutes: four polls later

    const finished = await call('POST', '/Jobs', { category: 2, pagingConfig: { offset: 0, limit: 100 }, jobFilter: { jobTypeList: ['Restore'] } });
    expect(finished.body.jobs.map((j: { jobSummary: { jobId: number; destClientName: string } }) => [j.jobSummary.jobId, j.jobSummary.destClientName])).toEqual([
      [firstJob + 1, other],
      [firstJob, source],
    ]);
    expect((await call('POST', '/Logout')).text).toBe('User logged out');
  });
});
