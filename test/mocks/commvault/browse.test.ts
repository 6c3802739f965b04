import { readFileSync } from 'node:fs';
import request from 'supertest';
import { B, cv, IDS, JSON_TYPE, login, startCv, xmlBody, XML, type Harness } from '../families/commvault/helpers';

const fixture = (name: string) => readFileSync(`fixtures/commvault/${name}`, 'utf8');
const sdkBrowse = () => JSON.parse(fixture('sdk.browse.request.json')) as Record<string, unknown>;

/** A DoBrowse body as cvpysdk's _prepare_browse_json builds it, with what a test changes. */
function browseBody(over: { opType?: number; path?: string | string[]; subclientId?: number; backupsetId?: number; options?: object; timeRange?: object; queries?: unknown; advOptions?: object } = {}) {
  const body = sdkBrowse();
  const paths = over.path === undefined ? ['C:\\Data'] : Array.isArray(over.path) ? over.path : [over.path];
  return {
    ...body,
    opType: over.opType ?? 0,
    paths: paths.map((path) => ({ path })),
    entity: { ...(body.entity as object), backupsetId: over.backupsetId ?? IDS.fsBackupset, subclientId: over.subclientId ?? IDS.fsDefault },
    options: { ...(body.options as object), ...over.options },
    ...(over.timeRange ? { timeRange: over.timeRange } : {}),
    ...(over.queries ? { queries: over.queries } : {}),
    ...(over.advOptions ? { advOptions: over.advOptions } : {}),
  };
}

const results = (res: request.Response) => (res.body.browseResponses[0].browseResult.dataResultSet ?? []) as Array<Record<string, any>>;
const pathsOf = (res: request.Response) => results(res).map((r) => r.path);
const nameFilter = (...values: string[]) => [{ type: 0, queryId: 'dataQuery', whereClause: values.map((v) => ({ connector: 0, criteria: { field: 'FileName', values: [v] } })) }];

/** The seeded catalogue (scenarios/commvault-catalogue.yaml): fs01/default jobs 2137 Full (3 d ago), 2138 Incr (2 d), 2139 Incr (1 d); lnx01/default 2140 Full. */
describe('commvault DoBrowse over a seeded catalogue: browse, find, versions, time range, deleted files', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  beforeAll(async () => {
    h = await startCv({ include: ['scenarios/commvault-catalogue.yaml'] });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    api = cv(h, await login(h));
  });

  it("answers cvpysdk's browse of C:\\Data with the golden answer (newest versions, folders first, deleted files hidden)", async () => {
    const res = await api.post('/DoBrowse', sdkBrowse()).expect(200);
    expect(res.body).toEqual(JSON.parse(fixture('browse-data.response.json')));
  });

  it('lists the drive at the root and the folders under it', async () => {
    expect(pathsOf(await api.post('/DoBrowse', browseBody({ path: '\\' })).expect(200))).toEqual(['C:']);
    expect(pathsOf(await api.post('/DoBrowse', browseBody({ path: 'C:' })).expect(200))).toEqual(['C:\\Data', 'C:\\Users']);
    // either separator, any case
    expect(pathsOf(await api.post('/DoBrowse', browseBody({ path: 'c:/data/PHOTOS' })).expect(200))).toEqual(['C:\\Data\\photos\\team.jpg']);
  });

  it('shows deleted files (and a folder of only deleted files) with show_deleted, flagged deleted', async () => {
    const res = await api.post('/DoBrowse', browseBody({ options: { showDeletedFiles: true } })).expect(200);
    expect(pathsOf(res)).toEqual(['C:\\Data\\old', 'C:\\Data\\photos', 'C:\\Data\\budget.xlsx', 'C:\\Data\\report.docx']);
    expect(results(res)[0].flags).toEqual({ directory: true, deleted: true });
    const old = await api.post('/DoBrowse', browseBody({ path: 'C:\\Data\\old', options: { showDeletedFiles: true } })).expect(200);
    expect(results(old)[0]).toMatchObject({ path: 'C:\\Data\\old\\notes.txt', size: 912, flags: { file: true, deleted: true } });
  });

  it('browses as of a time range: before the first incremental, the Full versions and the file deleted since', async () => {
    const endOfFull = 1767225600 - 3 * 86400 + 600;
    const res = await api.post('/DoBrowse', browseBody({ timeRange: { fromTime: 0, toTime: endOfFull } })).expect(200);
    expect(pathsOf(res)).toEqual(['C:\\Data\\old', 'C:\\Data\\budget.xlsx', 'C:\\Data\\report.docx']);
    expect(results(res).find((r) => r.name === 'report.docx')).toMatchObject({ size: 48213, advancedData: expect.objectContaining({ jobId: 2137 }) });
    // from after the Full: only what the incrementals hold
    const later = await api.post('/DoBrowse', browseBody({ timeRange: { fromTime: endOfFull + 1, toTime: 0 }, options: { showDeletedFiles: true } })).expect(200);
    expect(pathsOf(later)).toEqual(['C:\\Data\\old', 'C:\\Data\\photos', 'C:\\Data\\report.docx']);
  });

  it('browses what one job holds (advOptions.advConfig.browseAdvancedConfigBrowseByJob)', async () => {
    const res = await api.post('/DoBrowse', browseBody({ path: 'C:\\', advOptions: { copyPrecedence: 0, advConfig: { browseAdvancedConfigBrowseByJob: { commcellId: 2, jobId: 2139 } } } })).expect(200);
    expect(pathsOf(res)).toEqual(['C:\\Data']);
    expect(results(res)[0]).toMatchObject({ size: 2400321, flags: { directory: true } });
  });

  it("finds as cvpysdk's find() sends it: FileName patterns, FileSize GTE/LTE/EQUALSBLAH, a folder prefix", async () => {
    const find = (queries: unknown, path = '\\**\\*') => api.post('/DoBrowse', browseBody({ opType: 1, path, queries })).expect(200);
    expect(await find(nameFilter('*.txt')).then(pathsOf)).toEqual(['C:\\Users\\admin\\todo.txt']);
    expect(await find(nameFilter('REPORT.*')).then(pathsOf)).toEqual(['C:\\Data\\report.docx']);
    const size = (value: number, op: string) => [{ whereClause: [{ connector: 0, criteria: { field: 'FileSize', values: [String(value)], dataOperator: op } }] }];
    expect(await find(size(100000, 'GTE')).then(pathsOf)).toEqual(['C:\\Data\\budget.xlsx', 'C:\\Data\\photos\\team.jpg']);
    expect(await find(size(310, 'LTE')).then(pathsOf)).toEqual(['C:\\Users\\admin\\todo.txt']);
    expect(await find(size(51007, 'EQUALSBLAH')).then(pathsOf)).toEqual(['C:\\Data\\report.docx']);
    expect(await find(undefined, 'C:\\Data\\**\\*').then(pathsOf)).toEqual(['C:\\Data\\photos', 'C:\\Data\\budget.xlsx', 'C:\\Data\\photos\\team.jpg', 'C:\\Data\\report.docx']);
    expect(JSON.parse(fixture('sdk.find.request.json')).opType).toBe(1);
    expect(await api.post('/DoBrowse', JSON.parse(fixture('sdk.find.request.json'))).expect(200).then(pathsOf)).toEqual(['C:\\Users\\admin\\todo.txt']);
  });

  it('answers no dataResultSet when nothing is there (cvpysdk: "No data found" / "No File/Folder matched")', async () => {
    const res = await api.post('/DoBrowse', browseBody({ path: 'C:\\nowhere' })).expect(200);
    expect(res.body).toEqual({ browseResponses: [{ respType: 0, workflowCount: 0, browseResult: { totalItemsFound: 0, aggrResultSet: [{ aggrType: 4, count: 0 }] } }] });
    expect(results(await api.post('/DoBrowse', browseBody({ opType: 1, path: '\\**\\*', queries: nameFilter('*.nothing') })).expect(200))).toEqual([]);
    // documents has no backups at all
    expect(results(await api.post('/DoBrowse', browseBody({ path: '\\', subclientId: IDS.fsDocuments })).expect(200))).toEqual([]);
  });

  it('lists every version of a file, newest first (opType 2, find_all_versions)', async () => {
    const res = await api.post('/DoBrowse', browseBody({ opType: 2, path: 'C:\\Data\\report.docx' })).expect(200);
    expect(results(res).map((r) => [r.version, r.size, r.advancedData.jobId])).toEqual([
      [2, 51007, 2138],
      [1, 48213, 2137],
    ]);
  });

  it('pages (pageSize, skipNode) and browses a whole backupset (subclientId 0)', async () => {
    const page = (skipNode: number) => [{ type: 0, queryId: 'dataQuery', dataParam: { paging: { pageSize: 2, skipNode, firstNode: 0 } } }];
    const first = await api.post('/DoBrowse', browseBody({ queries: page(0) })).expect(200);
    expect(pathsOf(first)).toEqual(['C:\\Data\\photos', 'C:\\Data\\budget.xlsx']);
    expect(first.body.browseResponses[0].browseResult.totalItemsFound).toBe(3);
    expect(pathsOf(await api.post('/DoBrowse', browseBody({ queries: page(2) })).expect(200))).toEqual(['C:\\Data\\report.docx']);
    expect(pathsOf(await api.post('/DoBrowse', browseBody({ path: 'C:', subclientId: 0 })).expect(200))).toEqual(['C:\\Data', 'C:\\Users']);
  });

  it('browses Linux paths with slashes', async () => {
    const res = await api.post('/DoBrowse', browseBody({ path: '/etc', backupsetId: IDS.lnxBackupset, subclientId: IDS.lnxDefault })).expect(200);
    expect(pathsOf(res)).toEqual(['/etc/nginx', '/etc/hosts']);
  });

  it('takes an XML databrowse_BrowseRequest and answers XML when asked', async () => {
    const x = cv(h, (await login(h)) as string, { xml: true });
    const res = await x
      .post(
        '/DoBrowse',
        `<databrowse_BrowseRequest opType="0"><paths path="C:\\Data\\photos"/><entity clientName="fs01" backupsetId="${IDS.fsBackupset}" subclientId="${IDS.fsDefault}"/><options showDeletedFiles="0"/></databrowse_BrowseRequest>`,
      )
      .expect(200);
    expect(res.text).toMatch(/^<databrowse_BrowseResponseList><browseResponses respType="0" workflowCount="0"><browseResult totalItemsFound="1">/);
    const tree = xmlBody(res.text);
    expect(tree.root).toBe('databrowse_BrowseResponseList');
    expect(JSON.stringify(tree.body)).toContain('C:\\\\Data\\\\photos\\\\team.jpg');
  });
});

describe('commvault DoBrowse after live backups and with aged-out jobs', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  beforeAll(async () => {
    h = await startCv({ vendors: { commvault: { tokenLifetime: '24h' } } });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    api = cv(h, await login(h));
  });

  it('holds the subclient files once a backup completes; an incremental with nothing changed holds nothing; an aged-out job is left out', async () => {
    const browseDocs = (extra: object = {}) => api.post('/DoBrowse', browseBody({ path: 'D:\\Documents', subclientId: IDS.fsDocuments, ...extra })).expect(200);
    expect(results(await browseDocs())).toEqual([]);
    const full = (await api.post(`/Subclient/${IDS.fsDocuments}/action/backup?backupLevel=full`).expect(200)).body.jobIds[0];
    // still running: nothing to browse yet
    expect(results(await browseDocs())).toEqual([]);
    h.clock.advance('12s');
    const listed = await browseDocs();
    expect(pathsOf(listed)).toEqual(['D:\\Documents\\Documents', 'D:\\Documents\\Projects', 'D:\\Documents\\notes.txt']);
    expect(results(listed).every((r) => r.advancedData.jobId === Number(full))).toBe(true);
    const incr = (await api.post(`/Subclient/${IDS.fsDocuments}/action/backup?backupLevel=incremental`).expect(200)).body.jobIds[0];
    h.clock.advance('12s');
    const byJob = (jobId: string) => browseDocs({ advOptions: { advConfig: { browseAdvancedConfigBrowseByJob: { commcellId: 2, jobId: Number(jobId) } } } });
    expect(results(await byJob(incr))).toEqual([]);
    expect(pathsOf(await byJob(full))).toHaveLength(3);
    // retention marks the Full aged out: the browse no longer sees it, unless includeAgedData
    const job = h.jobs.get('commvault', full)!;
    job.data.agedOut = true;
    expect(results(await browseDocs())).toEqual([]);
    expect(pathsOf(await browseDocs({ options: { includeAgedData: true } }))).toHaveLength(3);
  });
});

describe('commvault DoBrowse bad input: vendor errors, never a crash, state intact', () => {
  let h: Harness;
  let api: ReturnType<typeof cv>;
  let token: string;
  beforeAll(async () => {
    h = await startCv({ include: ['scenarios/commvault-catalogue.yaml'] });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    token = await login(h);
    api = cv(h, token);
  });
  const browseError = (errorMessage: string) => ({ browseResponses: [{ respType: 3, messages: [{ errorCode: 1106, errorMessage }] }] });

  it('answers an unknown backupset or subclient with the browse message cvpysdk reports', async () => {
    expect((await api.post('/DoBrowse', browseBody({ backupsetId: 999 })).expect(200)).body).toEqual(browseError('Backupset [999] does not exist.'));
    expect((await api.post('/DoBrowse', browseBody({ subclientId: IDS.lnxDefault })).expect(200)).body).toEqual(browseError('Subclient [4] does not exist in backupset [defaultBackupSet].'));
    const x = await cv(h, token, { xml: true }).post('/DoBrowse', '<databrowse_BrowseRequest><entity backupsetId="999"/></databrowse_BrowseRequest>').expect(200);
    expect(x.text).toBe('<databrowse_BrowseResponseList><browseResponses respType="3"><messages errorCode="1106" errorMessage="Backupset [999] does not exist."/></browseResponses></databrowse_BrowseResponseList>');
  });

  it.each([
    ['malformed JSON', '{"opType": 0,', JSON_TYPE, /^Malformed JSON/],
    ['malformed XML', '<databrowse_BrowseRequest><paths>', XML, /^Malformed XML/],
    ['the wrong XML root', '<TMMsg_CreateTaskReq/>', XML, /expected <databrowse_BrowseRequest>/],
    ['no entity', '{"opType":0,"paths":[{"path":"\\\\"}]}', JSON_TYPE, /entity/],
    ['no backupset id', '{"opType":0,"entity":{"subclientId":2}}', JSON_TYPE, /entity.backupsetId is required/],
    ['an opType not emulated', '{"opType":7,"entity":{"backupsetId":2}}', JSON_TYPE, /opType 7 is not emulated/],
    ['an unknown envelope element', '{"opType":0,"entity":{"backupsetId":2},"bogus":1}', JSON_TYPE, /bogus/],
    ['a path that is not text', '{"opType":0,"entity":{"backupsetId":2},"paths":[{"path":{"a":1}}]}', JSON_TYPE, /paths.0.path/],
    ['a size filter without a number', '{"opType":1,"entity":{"backupsetId":2},"queries":[{"whereClause":[{"criteria":{"field":"FileSize","values":["big"],"dataOperator":"GT"}}]}]}', JSON_TYPE, /FileSize/],
    ['a wrong type', '{"opType":0,"entity":{"backupsetId":"two"}}', JSON_TYPE, /backupsetId/],
    ['text/plain', 'hello', 'text/plain', /Unsupported Content-Type/],
  ])('answers %s with 400 errorCode 2', async (_what, body, type, message) => {
    const res = await request(h.url('commvault')).post(`${B}/DoBrowse`).set('Authtoken', token).set('Accept', JSON_TYPE).set('Content-Type', type).send(body).expect(400);
    expect(res.body.errorCode).toBe(2);
    expect(res.body.errorMessage).toMatch(message);
  });

  it('answers no body with 400, no or a bad Authtoken with 401, and a GET with 404; the catalogue is unchanged afterwards', async () => {
    const before = (await api.post('/DoBrowse', sdkBrowse()).expect(200)).body;
    expect((await api.post('/DoBrowse').expect(400)).body.errorCode).toBe(2);
    await request(h.url('commvault')).post(`${B}/DoBrowse`).set('Accept', JSON_TYPE).send(sdkBrowse()).expect(401);
    await request(h.url('commvault')).post(`${B}/DoBrowse`).set('Authtoken', 'QSDK bogus').set('Accept', JSON_TYPE).send(sdkBrowse()).expect(401);
    expect((await api.get('/DoBrowse').expect(404)).body.errorCode).toBe(4);
    expect((await api.post('/DoBrowse', sdkBrowse()).expect(200)).body).toEqual(before);
  });
});
