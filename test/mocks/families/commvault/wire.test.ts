import { readFileSync } from 'node:fs';
import { CvError, errorShape } from '../../../../mocks/families/commvault/errors';
import { statusOf } from '../../../../mocks/families/commvault/jobs';
import { createTaskRequest, decodePassword, drBackupRequest, jobsRequest, loginRequest } from '../../../../mocks/families/commvault/requests';
import { decode, encodeJson, encodeXml, list, normalizeXml, responseFormat, type WireObject } from '../../../../mocks/families/commvault/wire';
import { createXml, parseXml } from '../../../../src/codec/xml';
import { seededRandom } from '../../../../src/random';
import type { Job } from '../../../../src/jobs/engine';

const fixture = (vendor: string, name: string) => readFileSync(`fixtures/${vendor}/${name}`, 'utf8');

describe('commvault wire: format negotiation', () => {
  it.each([
    [undefined, 'json'],
    ['application/json', 'json'],
    ['application/xml', 'xml'],
    ['text/xml', 'xml'],
    ['*/*', 'json'],
    ['application/xml, application/json', 'xml'],
    ['application/json, application/xml', 'json'],
    ['application/json;q=0.5, application/xml', 'xml'],
  ])('Accept %s answers %s', (accept, want) => {
    expect(responseFormat(accept)).toBe(want);
  });
});

describe('commvault wire: one codec for both formats', () => {
  it('encodes the DRBackup page response: scalars as attributes, scalar lists as <x val=""/>', () => {
    expect(encodeXml('TMMsg_CreateTaskResp', { taskId: 434, jobIds: ['2142'] })).toBe('<TMMsg_CreateTaskResp taskId="434"><jobIds val="2142"/></TMMsg_CreateTaskResp>');
    expect(encodeJson({ taskId: 433, jobIds: ['2141'] })).toBe('{"taskId":433,"jobIds":["2141"]}');
  });

  it('encodes objects as children and object lists as repeated elements, escaping text', () => {
    const xml = encodeXml('R', { a: 'x<y & "z"', o: { b: 1, c: [{ d: true }, { d: false }] }, none: null, empty: [] });
    expect(xml).toBe('<R a="x&lt;y &amp; &quot;z&quot;"><o b="1"><c d="true"/><c d="false"/></o></R>');
  });

  it('decodes XML attributes and text children into the JSON tree', () => {
    const d = decode('application/xml', '<Root a="1"><b>two</b><c x="3"/><c x="4"/><jobIds val="7"/><e/></Root>')!;
    expect(d).toEqual({ format: 'xml', root: 'Root', body: { a: '1', b: 'two', c: [{ x: '3' }, { x: '4' }], jobIds: '7', e: '' } });
    expect(list(d.body.c)).toHaveLength(2);
    expect(list(d.body.jobIds)).toEqual(['7']);
    expect(list(undefined)).toEqual([]);
  });

  it('round-trips a response through XML', () => {
    const shape = { taskId: 434, jobIds: ['2142', '2143'], err: { errList: [{ errorCode: 0 }] } };
    const back = normalizeXml(parseXml(encodeXml('TMMsg_CreateTaskResp', shape)).TMMsg_CreateTaskResp);
    expect(back).toEqual({ taskId: '434', jobIds: ['2142', '2143'], err: { errList: { errorCode: '0' } } });
  });

  it('rejects malformed bodies and unsupported content types with WireError', () => {
    expect(() => decode('application/json', '{"a":')).toThrow(CvError);
    expect(() => decode('application/json', '[1,2]')).toThrow(/must be an object/);
    expect(() => decode('application/xml', '<a><b></a>')).toThrow(/Malformed XML/);
    expect(() => decode('text/plain', 'hello')).toThrow(/Unsupported Content-Type "text\/plain"/);
    expect(() => decode('', '{"a":1}')).toThrow(/\(none\)/);
    expect(decode('application/xml', '   ')).toBeUndefined();
  });

  it('builds the vendor error shapes', () => {
    expect(errorShape('NO_ELIGIBLE_SUBCLIENTS')).toEqual({
      status: 200,
      shape: { root: 'TMMsg_GenericResp', body: { errorCode: 587207178, errorMessage: 'Failed to start backups as no eligible subclients were found. ' } },
    });
    expect(errorShape('LOGIN_FAILED').shape.body).toEqual({ errList: [{ errorCode: 5, errLogMessage: 'Username or password is invalid' }] });
    expect(errorShape('JOB_NOT_FOUND', 'gone').shape.body).toEqual({ errors: [{ errList: [{ errorCode: 2, errLogMessage: 'gone' }] }] });
    expect(errorShape('SOMETHING_ELSE').status).toBe(500);
  });
});

describe('commvault requests: DRBackup forms (the DRBackup page and cvpysdk)', () => {
  const dr = (ct: string, text: string) => drBackupRequest(decode(ct, text));
  it('reads the XML attributes and the JSON forms', () => {
    expect(dr('application/xml', fixture('commvault', 'drbackup.request.xml'))).toEqual({ compression: true, backupType: 'full' });
    expect(dr('application/json', fixture('commvault', 'drbackup.request.json'))).toEqual({ compression: false, backupType: 'full' });
    expect(dr('application/json', fixture('commvault', 'sdk.drbackup.request.json'))).toEqual({ compression: true, backupType: 'full' });
    expect(dr('application/xml', fixture('commvault', 'drbackup.template.request.xml'))).toEqual({ compression: true, backupType: 'full' });
    expect(dr('application/json', fixture('commvault', 'drbackup.template.request.json'))).toEqual({ compression: true, backupType: 'full' });
    expect(dr('application/json', '{"isCompressionEnabled":"true","jobType":"1","backupType":3}')).toEqual({ compression: true, backupType: 'differential' });
    expect(dr('application/xml', '<TMMsg_CommcellDRBackupReq isCompressionEnabled="false" jobType="IMMEDIATE" backupType="differential"/>')).toEqual({
      compression: false,
      backupType: 'differential',
    });
  });

  it('refuses unknown attributes, wrong types and the wrong root', () => {
    expect(() => dr('application/json', '{"jobType":1,"backupType":2}')).toThrow(/backupType must be full \(1\) or differential \(3\)/);
    expect(() => dr('application/json', '{"jobType":2}')).toThrow(/jobType must be 1/);
    expect(() => dr('application/json', '{"isCompressionEnabled":"maybe"}')).toThrow(/expected true\/false/);
    expect(() => dr('application/json', '{"colour":"red"}')).toThrow(/colour/);
    expect(() => dr('application/xml', '<TMMsg_CommcellDRBackupReq speed="fast"/>')).toThrow(/speed/);
    expect(() => dr('application/xml', '<Other jobType="IMMEDIATE"/>')).toThrow(/expected <TMMsg_CommcellDRBackupReq>/);
    expect(() => drBackupRequest(undefined)).toThrow(/body is required/);
  });
});

describe('commvault requests: CreateTask (the Metallic CreateTask page, cvpysdk)', () => {
  it('reads the page XML and its JSON twin into the same request', () => {
    const x = createTaskRequest(decode('application/xml', fixture('metallic', 'createtask.request.xml')));
    const j = createTaskRequest(decode('application/json', fixture('metallic', 'createtask.request.json')));
    for (const r of [x, j]) {
      expect(r.associations).toEqual([
        { subclientName: 'stestgroup', backupsetName: 'defaultBackupSet', instanceName: 's-adhoc-object-storage', appName: 'Cloud Apps', clientName: 's-adhoc-object-storage' },
      ]);
      expect(r.subTasks).toHaveLength(1);
      const opts = r.subTasks[0].options!.backupOpts!;
      expect(opts.backupLevel).toBe('Incremental');
      expect(opts.adHocBackup).toBe(true);
      expect(opts.onDemandInputFile).toBe('/sk/s-directive-file-blob.txt');
      expect(opts.mediaOpt?.storagePolicy?.storagePolicyName).toBe('default-plan');
    }
  });

  it("reads cvpysdk's numeric subtask and level forms", () => {
    const r = createTaskRequest(decode('application/json', fixture('commvault', 'sdk.subclient-backup.createtask.request.json')));
    expect(r.subTasks[0].subTask).toEqual({ subTaskType: '2', operationType: '2' });
    expect(r.associations[0]).toMatchObject({ clientName: 'fs01', subclientId: 2, backupsetName: 'defaultBackupSet' });
    const dr = createTaskRequest(decode('application/json', fixture('commvault', 'sdk.advanced-drbackup.createtask.request.json')));
    expect(dr.subTasks[0].subTask).toEqual({ subTaskType: 'ADMIN', operationType: 'DRBACKUP' });
  });

  it.each([
    ['FULL', 'Full'],
    ['Synthetic_Full', 'Synthetic Full'],
    ['8', 'Synthetic Full'],
    ['DIFFERENTIAL', 'Differential'],
  ])('backupLevel %s is %s', (level, want) => {
    const r = createTaskRequest(decode('application/json', JSON.stringify({ taskInfo: { subTasks: [{ subTask: { subTaskType: 'BACKUP', operationType: 'BACKUP' }, options: { backupOpts: { backupLevel: level } } }] } })));
    expect(r.subTasks[0].options?.backupOpts?.backupLevel).toBe(want);
  });

  it('refuses unknown envelope elements, bad levels, missing subTasks and the wrong root', () => {
    const ok = { subTask: { subTaskType: 'BACKUP', operationType: 'BACKUP' } };
    const ct = (body: unknown) => () => createTaskRequest(decode('application/json', JSON.stringify(body)));
    expect(ct({ taskInfo: { subTasks: [ok], bogus: 1 } })).toThrow(/bogus/);
    expect(ct({ taskInfo: { subTasks: [{ ...ok, options: { backupOpts: { backupLevel: 'HOURLY' } } }] } })).toThrow(/backupLevel must be/);
    expect(ct({ taskInfo: { associations: [{ clientName: 'a', colour: 'red' }], subTasks: [ok] } })).toThrow(/associations\.0: .*colour/);
    expect(ct({ taskInfo: {} })).toThrow(/subTasks/);
    expect(ct({ taskInfo: { subTasks: [] } })).toThrow(/subTasks is required/);
    expect(() => createTaskRequest(decode('application/xml', '<TMMsg_CreateTask><taskInfo/></TMMsg_CreateTask>'))).toThrow(/expected <TMMsg_CreateTaskReq>/);
    // JSON may wrap the body in its XML root name
    expect(createTaskRequest(decode('application/json', JSON.stringify({ TMMsg_CreateTaskReq: { taskInfo: { subTasks: [ok] } } }))).subTasks).toHaveLength(1);
  });
});

describe('commvault requests: Login, jobs', () => {
  it('reads the cvpysdk JSON and the XML Login forms and decodes base64 passwords', () => {
    const j = loginRequest(decode('application/json', fixture('commvault', 'sdk.login.request.json')));
    const x = loginRequest(decode('application/xml', fixture('commvault', 'login.request.xml')));
    expect(j.username).toBe('admin');
    expect(decodePassword(j.password)).toBe('Commvault!1');
    expect(decodePassword(x.password)).toBe('Commvault!1');
    expect(decodePassword('Commvault!1')).toBe('Commvault!1');
    expect(() => loginRequest(decode('application/json', '{"password":"x"}'))).toThrow(/username/);
  });

  it("reads JobController's list request", () => {
    const r = jobsRequest(
      decode('application/json', '{"scope":1,"category":1,"pagingConfig":{"sortDirection":1,"offset":0,"sortField":"jobId","limit":20},"jobFilter":{"completedJobLookupTime":3600,"showAgedJobs":false,"hideAdminJobs":false,"clientList":[{"clientId":3}],"jobTypeList":["Backup"]}}'),
    );
    expect(r).toEqual({ category: 'ACTIVE', offset: 0, limit: 20, lookupSeconds: 3600, clientIds: [3], jobTypes: ['Backup'], hideAdminJobs: false });
    expect(() => jobsRequest(decode('application/json', '{"category":"SOME"}'))).toThrow(/unknown category/);
  });
});

describe('commvault jobs: neutral states in Commvault words', () => {
  const job = (state: Job['state'], status?: string) => ({ state, ...(status ? { status } : {}) }) as Job;
  it.each([
    [job('queued'), 'Waiting'],
    [job('running'), 'Running'],
    [job('suspended'), 'Suspended'],
    [job('succeeded'), 'Completed'],
    [job('failed'), 'Failed'],
    [job('cancelled'), 'Killed'],
    [job('queued', 'Pending'), 'Pending'],
    [job('running', 'Pending'), 'Running'],
    [job('succeeded', 'Completed w/ one or more errors'), 'Completed w/ one or more errors'],
    [job('failed', 'Failed to Start'), 'Failed to Start'],
    [job('succeeded', 'Pending'), 'Completed'],
    [job('cancelled', 'Completed'), 'Killed'],
  ])('%j is %s', (j, want) => {
    expect(statusOf(j)).toBe(want);
  });
});

describe('commvault wire: XML answers from element templates', () => {
  /** The answer as xmlbuilder2 builds it node by node: what the templates must reproduce exactly. */
  function reference(root: string, body: WireObject): string {
    const doc = createXml();
    type Node = ReturnType<typeof doc.ele>;
    const fill = (node: Node, obj: WireObject) => {
      for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined && typeof v !== 'object') node.att(k, String(v));
      for (const [k, v] of Object.entries(obj)) {
        if (v === null || v === undefined || typeof v !== 'object') continue;
        for (const item of Array.isArray(v) ? v : [v]) {
          if (item === null || item === undefined) continue;
          if (typeof item !== 'object') node.ele(k, { val: String(item) });
          else if (Array.isArray(item)) fill(node.ele(k), { [k]: item });
          else fill(node.ele(k), item);
        }
      }
    };
    fill(doc.ele(root), body);
    return doc.end({ headless: true });
  }

  const TEXTS = ['', 'plain', 'a&b', '<tag>', 'q"uote', "it's", 'line\nbreak\ttab', ']]>', 'é✓😀', '\u0001'];

  function tree(random: () => number, depth: number): WireObject {
    const out: WireObject = {};
    const keys = 1 + Math.floor(random() * 5);
    for (let i = 0; i < keys; i++) {
      const key = `k${Math.floor(random() * 6)}`;
      const pick = random();
      if (pick < 0.3) out[key] = TEXTS[Math.floor(random() * TEXTS.length)];
      else if (pick < 0.45) out[key] = Math.floor(random() * 1e6) - 5e5;
      else if (pick < 0.5) out[key] = random() < 0.5;
      else if (pick < 0.55) out[key] = random() < 0.5 ? null : undefined;
      else if (pick < 0.7 || depth === 0) out[key] = [TEXTS[Math.floor(random() * TEXTS.length)], 7, null, false];
      else if (pick < 0.85) out[key] = Array.from({ length: Math.floor(random() * 3) }, () => tree(random, depth - 1));
      else out[key] = depth > 1 && random() < 0.3 ? [[tree(random, depth - 2)]] : tree(random, depth - 1);
    }
    return out;
  }

  it('writes what xmlbuilder2 writes, for every shape and every character that needs escaping', () => {
    const random = seededRandom(20261201);
    for (let i = 0; i < 500; i++) {
      const body = tree(random, 3);
      expect(encodeXml('Root', body)).toBe(reference('Root', body));
    }
    expect(encodeXml('R', {})).toBe('<R/>');
    expect(encodeXml('R', { a: [], b: {}, c: [{}] })).toBe(reference('R', { a: [], b: {}, c: [{}] }));
  });
});
