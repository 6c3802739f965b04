import request from 'supertest';
import { B, cv, IDS, JSON_TYPE, login, startCv, xmlBody, XML, type Harness } from '../families/commvault/helpers';

describe('commvault bad input: the generic errorCode/errorMessage in the format asked, never a crash', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startCv({ limits: { maxBodyBytes: 4096 } });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    token = await login(h);
  });
  const raw = (path: string, contentType: string, body: string, accept = JSON_TYPE) =>
    request(h.url('commvault')).post(B + path).set('Authtoken', token).set('Accept', accept).set('Content-Type', contentType).send(body);

  it.each([
    ['/CommServ/DRBackup', 'application/json', '{"jobType":1,', /Malformed JSON/],
    ['/CommServ/DRBackup', 'application/xml', '<TMMsg_CommcellDRBackupReq jobType="IMMEDIATE">', /Malformed XML/],
    ['/CreateTask', 'application/xml', '<TMMsg_CreateTaskReq><taskInfo></TMMsg_CreateTaskReq>', /Malformed XML/],
    ['/CreateTask', 'application/json', '[]', /must be an object/],
    ['/CommServ/DRBackup', 'text/plain', 'jobType=1', /Unsupported Content-Type "text\/plain"/],
    ['/CommServ/DRBackup', 'application/x-www-form-urlencoded', 'jobType=1', /Unsupported Content-Type/],
    ['/CommServ/DRBackup', 'application/json', '{"jobType":1,"priority":5}', /priority/],
    ['/CommServ/DRBackup', 'application/xml', '<TMMsg_CommcellDRBackupReq jobType="LATER"/>', /jobType must be 1/],
    ['/CommServ/DRBackup', 'application/json', '{"isCompressionEnabled":[true]}', /isCompressionEnabled/],
    ['/CommServ/DRBackup', 'application/json', '', /body is required/],
    ['/CreateTask', 'application/json', '{"taskInfo":{"subTasks":[{"subTask":{"subTaskType":"BACKUP"}}]}}', /operationType/],
    ['/CreateTask', 'application/xml', '<TMMsg_CreateTaskReq><taskInfo><subTasks><subTask subTaskType="BACKUP" operationType="BACKUP"/></subTasks></taskInfo><extra/></TMMsg_CreateTaskReq>', /extra/],
    ['/CreateTask', 'application/json', '{"taskInfo":{"associations":[{"clientId":"three"}],"subTasks":[{"subTask":{"subTaskType":2,"operationType":2}}]}}', /clientId: expected an integer/],
    ['/JobDetails', 'application/json', '{"jobId":"x"}', /jobId/],
    ['/JobDetails', 'application/json', '{}', /jobId/],
    ['/Jobs', 'application/json', '{"pagingConfig":{"limit":"ten"}}', /limit/],
    ['/Login', 'application/json', '{"username":1}', /username/],
  ])('POST %s (%s) %s -> 400', async (path, ct, body, message) => {
    const res = await raw(path, ct, body).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ errorCode: 2, errorMessage: expect.stringMatching(message) });
    expect(res.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('renders bad input as TMMsg_GenericResp XML when XML is asked', async () => {
    const res = await raw('/CreateTask', 'application/json', '{"taskInfo":', XML).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(xmlBody(res.text)).toEqual({ root: 'TMMsg_GenericResp', body: { errorCode: '2', errorMessage: expect.stringMatching(/^Malformed JSON/) } });
  });

  it('answers oversized bodies with 413 in the vendor format', async () => {
    const res = await raw('/CreateTask', 'application/json', JSON.stringify({ taskInfo: { pad: 'x'.repeat(5000) } })).expect(413);
    expect(res.body).toEqual({ errorCode: 2, errorMessage: expect.stringMatching(/exceeds 4096 bytes/) });
  });

  it('answers unknown routes and methods with 404 in the vendor format', async () => {
    const api = cv(h, token);
    expect((await api.get('/NoSuchThing').expect(404)).body).toEqual({ errorCode: 4, errorMessage: expect.stringMatching(/No such resource/) });
    const x = await cv(h, token, { xml: true }).post('/Client').expect(404);
    expect(xmlBody(x.text).root).toBe('TMMsg_GenericResp');
    await request(h.url('commvault')).get('/elsewhere/api/CommServ').expect(404);
  });

  it('keeps state intact after a burst of bad requests', async () => {
    const api = cv(h, token);
    await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200);
    for (const body of ['{', '<x', '{"jobType":9}', '']) await raw('/CommServ/DRBackup', 'application/json', body).expect(400);
    await raw('/CreateTask', 'application/xml', '<<<').expect(400);
    expect(h.jobs.list({ vendor: 'commvault' })).toHaveLength(1);
    expect((await api.get('/Job/2141').expect(200)).body.jobs[0].jobSummary.status).toBe('Running');
    expect((await api.get(`/Subclient/${IDS.fsDefault}`).expect(200)).body.subClientProperties).toHaveLength(1);
    expect((await api.post('/CommServ/DRBackup', { jobType: 1 }).expect(200)).body.errorCode).toBe(9);
  });
});
