import {
  BACKUP_NAME,
  decodeBackupQuery,
  decodeCreateBackup,
  decodeInstanceQuery,
  decodeJobQuery,
  decodePage,
} from '../../../mocks/dds/decode';
import { DbsError, DBS_ERRORS, dbsBody, isDbsCode, KeystoneError, keystoneError } from '../../../mocks/dds/errors';
import {
  buildCatalog,
  decodePasswordAuth,
  formatKeystoneTime,
  versionDocument,
  versionsDocument,
} from '../../../mocks/dds/keystone-wire';
import {
  formatBackupTime,
  formatInstanceTime,
  formatJobTime,
  formatProgress,
  parseBackupTime,
} from '../../../mocks/dds/wire';
import createRequest from '../../../fixtures/dds/create-backup-request.json';
import authRequest from '../../../fixtures/dds/auth-token-request.json';
import errorExample from '../../../fixtures/dds/error-response.json';
import keystone401 from '../../../fixtures/dds/keystone-unauthorized-response.json';
import versionExample from '../../../fixtures/dds/keystone-version-response.json';

/** The DBS code a call throws, or 'none'. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'none';
  } catch (e) {
    if (e instanceof DbsError) return e.code;
    throw e;
  }
}

const T = Date.UTC(2026, 10, 23, 7, 1, 3);

describe('dds wire: time formats from the API pages', () => {
  it('formats job, backup and instance times', () => {
    expect(formatJobTime(T)).toBe('2026-11-23T07:01:03+0000');
    expect(formatBackupTime(T)).toBe('2026-11-23 07:01:03');
    expect(formatInstanceTime(T)).toBe('2026-11-23T07:01:03');
    expect(formatKeystoneTime(T)).toBe('2026-11-23T07:01:03.000000Z');
  });

  it('parses backup query times and rejects impossible dates', () => {
    expect(parseBackupTime('2018-08-06 10:41:14')).toBe(Date.UTC(2018, 7, 6, 10, 41, 14));
    expect(parseBackupTime('2018-02-31 10:41:14')).toBeUndefined();
    expect(parseBackupTime('2018-08-06T10:41:14')).toBeUndefined();
    expect(parseBackupTime('2018-08-06 24:00:00')).toBeUndefined();
  });

  it('shows progress only while running', () => {
    expect(formatProgress('Running', 50)).toBe('50%');
    expect(formatProgress('Completed', 100)).toBe('');
    expect(formatProgress('Failed', 60)).toBe('');
  });
});

describe('dds errors: error_code.rst', () => {
  it('builds the documented body and statuses', () => {
    expect(dbsBody('DBS.200001', 'Parameter error')).toEqual(errorExample);
    expect(new DbsError('DBS.200002').status).toBe(404);
    expect(new DbsError('DBS.201015').status).toBe(403);
    expect(new DbsError('DBS.280056').body).toEqual({ error_code: 'DBS.280056', error_msg: 'Invalid token.' });
    expect(DBS_ERRORS['DBS.201201'].status).toBe(400);
    expect(isDbsCode('DBS.280016')).toBe(true);
    expect(isDbsCode('DBS.999999')).toBe(false);
  });
});

describe('dds decode: create backup (creating_a_manual_backup.rst)', () => {
  it('accepts the doc example', () => {
    expect(decodeCreateBackup(createRequest)).toEqual(createRequest.backup);
  });

  it.each([
    ['abc', 'DBS.200001'],
    ['abcd', 'none'],
    ['a'.repeat(64), 'none'],
    ['a'.repeat(65), 'DBS.200001'],
    ['1backup', 'DBS.200001'],
    ['_backup', 'DBS.200001'],
    ['back up', 'DBS.200001'],
    ['back.up', 'DBS.200001'],
    ['Back-up_2', 'none'],
  ])('name %j -> %s', (name, code) => {
    expect(codeOf(() => decodeCreateBackup({ backup: { instance_id: 'i', name } }))).toBe(code);
    expect(BACKUP_NAME.test(name)).toBe(code === 'none');
  });

  it.each<[unknown, string]>([
    ['x'.repeat(256), 'none'],
    ['x'.repeat(257), 'DBS.280127'],
    ...['>', '!', '<', '"', '&', "'", '='].map((c): [unknown, string] => [`a${c}b`, 'DBS.280127']),
    [42, 'DBS.280127'],
    [null, 'none'],
  ])('description #%# -> %s', (description, code) => {
    expect(codeOf(() => decodeCreateBackup({ backup: { instance_id: 'i', name: 'good', description } }))).toBe(code);
  });

  it('answers DBS.200001 when the backup object or instance id is missing', () => {
    expect(codeOf(() => decodeCreateBackup(undefined))).toBe('DBS.200001');
    expect(codeOf(() => decodeCreateBackup({}))).toBe('DBS.200001');
    expect(codeOf(() => decodeCreateBackup({ backup: [] }))).toBe('DBS.200001');
    expect(codeOf(() => decodeCreateBackup({ backup: { name: 'good' } }))).toBe('DBS.200001');
    expect(codeOf(() => decodeCreateBackup({ backup: { instance_id: 7, name: 'good' } }))).toBe('DBS.200001');
  });
});

describe('dds decode: list queries', () => {
  it('pages with defaults 0/100 and rejects bad offset and limit', () => {
    expect(decodePage({})).toEqual({ offset: 0, limit: 100 });
    expect(decodePage({ offset: '5', limit: '10' })).toEqual({ offset: 5, limit: 10 });
    expect(codeOf(() => decodePage({ offset: '-1' }))).toBe('DBS.280440');
    expect(codeOf(() => decodePage({ offset: 'x' }))).toBe('DBS.280440');
    expect(codeOf(() => decodePage({ limit: '0' }))).toBe('DBS.280439');
    expect(codeOf(() => decodePage({ limit: '101' }))).toBe('DBS.280439');
    expect(codeOf(() => decodePage({ limit: '1.5' }))).toBe('DBS.280439');
  });

  it('decodes every instance filter of querying_instances_and_details.rst', () => {
    expect(
      decodeInstanceQuery({
        offset: '0',
        limit: '10',
        id: 'ed7cc6166ec24360a5ed5c5c9c2ed726in02',
        name: 'hy',
        mode: 'ReplicaSet',
        datastore_type: 'DDS-Community',
        vpc_id: 'v',
        subnet_id: 's',
        tags: 'key1=value1,key2=value2',
      }),
    ).toEqual({
      offset: 0,
      limit: 10,
      id: 'ed7cc6166ec24360a5ed5c5c9c2ed726in02',
      name: { exact: 'hy' },
      mode: 'ReplicaSet',
      datastore_type: 'DDS-Community',
      vpc_id: 'v',
      subnet_id: 's',
      tags: [
        { key: 'key1', value: 'value1' },
        { key: 'key2', value: 'value2' },
      ],
    });
    expect(decodeInstanceQuery({ name: '*efa' }).name).toEqual({ fuzzy: 'efa' });
    expect(codeOf(() => decodeInstanceQuery({ name: '*' }))).toBe('DBS.200001');
    expect(codeOf(() => decodeInstanceQuery({ mode: 'Cluster' }))).toBe('DBS.200001');
    expect(codeOf(() => decodeInstanceQuery({ tags: 'a=1,a=2' }))).toBe('DBS.200001');
  });

  it('decodes every backup filter of querying_the_backup_list.rst', () => {
    const f = decodeBackupQuery({
      instance_id: 'c0c9f155c7b7423a9d30f0175998b63bin01',
      backup_id: 'b',
      backup_type: 'Manual',
      offset: '0',
      limit: '10',
      begin_time: '2018-08-06 10:41:14',
      end_time: '2018-08-16 10:41:14',
      mode: 'Single',
    });
    expect(f).toEqual({
      instance_id: 'c0c9f155c7b7423a9d30f0175998b63bin01',
      backup_id: 'b',
      backup_type: 'Manual',
      offset: 0,
      limit: 10,
      begin: Date.UTC(2018, 7, 6, 10, 41, 14),
      end: Date.UTC(2018, 7, 16, 10, 41, 14),
      mode: 'Single',
    });
    expect(codeOf(() => decodeBackupQuery({ backup_type: 'auto' }))).toBe('DBS.200001');
    expect(codeOf(() => decodeBackupQuery({ end_time: '2018-08-16 10:41:14' }))).toBe('DBS.280067');
    expect(codeOf(() => decodeBackupQuery({ begin_time: '2018-08-16 10:41:14' }))).toBe('DBS.280068');
    expect(codeOf(() => decodeBackupQuery({ begin_time: '2018-08-16', end_time: '2018-08-17 00:00:00' }))).toBe(
      'DBS.280067',
    );
    expect(
      codeOf(() => decodeBackupQuery({ begin_time: '2018-08-16 10:41:14', end_time: '2018-08-06 10:41:14' })),
    ).toBe('DBS.280068');
  });

  it('requires the job id', () => {
    expect(decodeJobQuery({ id: 'j1' })).toBe('j1');
    expect(codeOf(() => decodeJobQuery({}))).toBe('DBS.200001');
  });
});

describe('keystone wire', () => {
  it('decodes the authentication page example', () => {
    expect(decodePasswordAuth(authRequest)).toEqual({
      user: { name: 'username', domain: { name: 'domainname' } },
      password: 'password',
      scope: { project: { name: 'xxxxxxxx' } },
    });
  });

  it('decodes the Go SDK shape: project by name with its domain, or by id', () => {
    const base = { identity: { methods: ['password'], password: { user: { name: 'u', password: 'p', domain: { id: 'd1' } } } } };
    expect(decodePasswordAuth({ auth: { ...base, scope: { project: { name: 'eu-de', domain: { name: 'D' } } } } }).scope).toEqual({
      project: { name: 'eu-de', domain: { name: 'D' } },
    });
    expect(decodePasswordAuth({ auth: { ...base, scope: { project: { id: 'p1' } } } }).scope).toEqual({
      project: { id: 'p1' },
    });
  });

  it.each([
    [null, 400],
    [{ auth: {} }, 400],
    [{ auth: { identity: { methods: [] } } }, 400],
    [{ auth: { identity: { methods: ['token'], token: { id: 'x' } } } }, 401],
    [{ auth: { identity: { methods: ['password'], password: { user: { name: 'u' } } } } }, 400],
    [{ auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'p' } } } } }, 400],
    [{ auth: { identity: { methods: ['password'], password: { user: { id: 'u', password: 'p' } } }, scope: {} } }, 400],
  ])('rejects %j with %d', (body, status) => {
    expect(() => decodePasswordAuth(body)).toThrow(KeystoneError);
    try {
      decodePasswordAuth(body);
    } catch (e) {
      expect((e as KeystoneError).status).toBe(status);
    }
  });

  it('renders the 401 shape of the notes and the version documents', () => {
    expect(keystoneError(401, 'Unauthorized.')).toEqual(keystone401);
    const doc = versionDocument('https://iam.eu-de.otc.t-systems.com');
    expect(doc).toEqual(versionExample);
    expect(versionsDocument('http://h').versions.values[0].links[0].href).toBe('http://h/v3/');
  });

  it('builds a catalog with identity and ddsv3 <base>/v3/<project_id>', () => {
    const catalog = buildCatalog('http://127.0.0.1:8402', 'eu-de', 'p1');
    expect(catalog.map((c) => c.type)).toEqual(['identity', 'ddsv3']);
    expect(catalog[1].endpoints[0]).toMatchObject({ interface: 'public', region: 'eu-de', url: 'http://127.0.0.1:8402/v3/p1' });
    expect(buildCatalog('http://h', 'eu-de', undefined).map((c) => c.type)).toEqual(['identity']);
  });
});
