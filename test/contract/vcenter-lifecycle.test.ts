/**
 * Contract: the whole backup lifecycle of an appliance over real sockets (HTTPS with a
 * certificate the client verifies, and HTTP), in each dialect the way its client sends it:
 * schedule -> a week of nightly backups on the manual clock -> the catalogue (system names,
 * archives, one archive) -> restore (validate, job, FEATURE_IN_USE meanwhile) -> reconciliation ->
 * the next night prunes the oldest archive. JSON-RPC and /rest mirror the wire of the official
 * Python SDK (fixtures/vcenter/sdk/); /api mirrors curl against the OpenAPI file.
 */
import type { TlsMaterial } from '../../src/tls';
import { rpcClient, send, socketHarness } from './vcenter-client';

const BASIC = 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64');
const LOC = 'sftp://10.0.0.5/backups';
const LOC_SPEC = { location: LOC, location_user: 'backup', location_password: 'S3cret!x' };
const SPEC = { ...LOC_SPEC, backup_password: 'Passw0rd!', parts: ['seat'], recurrence_info: { minute: 0, hour: 2 }, retention_info: { max_count: 3 } };
const SSO = { sso_admin_user_name: 'administrator@vsphere.local', sso_admin_user_password: 'VMware1!' };
const SYS = 'vcsa-01.lab.local';
const REC = 'com.vmware.appliance.recovery';

/** What a dialect client must offer the lifecycle; errors come back as the std error's type. */
interface Dialect {
  login(): Promise<void>;
  createSchedule(): Promise<void>;
  deleteSchedule(): Promise<void>;
  runSchedule(): Promise<string>;
  systemNames(): Promise<string[]>;
  archives(): Promise<Array<{ archive: string; timestamp: string }>>;
  archive(id: string): Promise<{ location: string; comment: string; parts: string[] }>;
  validate(location: string): Promise<{ applicable: boolean; boxname: string }>;
  restore(location: string): Promise<string>;
  restoreState(): Promise<{ state: string; progress: number }>;
  reconcile(): Promise<string>;
  reconciliation(): Promise<string>;
}

const errorOf = (type: string) => type.split('.').pop()!.toUpperCase();
/** A field of an answer, or the error type a dialect answered instead. */
const fieldOf = (answer: unknown, field: string): string => (typeof answer === 'string' ? answer : (answer as Record<string, string>)[field]);

function apiDialect(tls: TlsMaterial, base: string): Dialect {
  let sid = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await send(tls, base + path, method, { 'vmware-api-session-id': sid, 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));
    return r.status < 300 ? r.body : r.body.error_type;
  };
  const a = '/api/appliance/recovery';
  const restoreBody = (location: string) => ({ ...LOC_SPEC, location_type: 'SFTP', location, backup_password: 'Passw0rd!' });
  return {
    async login() {
      sid = (await send(tls, `${base}/api/session`, 'POST', { authorization: BASIC })).body;
    },
    createSchedule: () => call('POST', `${a}/backup/schedules`, { schedule: 'nightly', spec: SPEC }),
    deleteSchedule: () => call('DELETE', `${a}/backup/schedules/nightly`),
    runSchedule: async () => fieldOf(await call('POST', `${a}/backup/schedules/nightly?action=run`, { comment: 'now' }), 'state'),
    systemNames: () => call('POST', `${a}/backup/system-name?action=list`, LOC_SPEC),
    archives: () => call('POST', `${a}/backup/system-name/${SYS}/archives?action=list`, { loc_spec: LOC_SPEC, filter_spec: {} }),
    archive: (id) => call('POST', `${a}/backup/system-name/${SYS}/archives/${id}?action=get`, LOC_SPEC),
    validate: (location) => call('POST', `${a}/restore?action=validate`, restoreBody(location)),
    restore: async (location) => fieldOf(await call('POST', `${a}/restore/job`, { ...restoreBody(location), ...SSO }), 'state'),
    restoreState: () => call('GET', `${a}/restore/job`),
    reconcile: async () => fieldOf(await call('POST', `${a}/reconciliation/job`, SSO), 'status'),
    reconciliation: async () => fieldOf(await call('GET', `${a}/reconciliation/job`), 'status'),
  };
}

function restDialect(tls: TlsMaterial, base: string): Dialect {
  let sid = '';
  // The SDK's rest connector: Accept json, the session header, GET structures as a body.
  const call = async (method: string, path: string, body: unknown = {}) => {
    const headers = { accept: 'application/json', 'vmware-api-session-id': sid, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) };
    const r = await send(tls, base + path, method, headers, JSON.stringify(body));
    return r.status === 200 ? r.body?.value : errorOf(r.body.type);
  };
  const a = '/rest/appliance/recovery';
  const piece = (location: string) => ({ ...LOC_SPEC, location_type: 'SFTP', location, backup_password: 'Passw0rd!' });
  return {
    async login() {
      sid = (await send(tls, `${base}/rest/com/vmware/cis/session`, 'POST', { authorization: BASIC, 'content-type': 'application/json' }, '{}')).body.value;
    },
    createSchedule: () => call('POST', `${a}/backup/schedules/nightly`, { spec: SPEC }),
    deleteSchedule: () => call('DELETE', `${a}/backup/schedules/nightly`),
    runSchedule: async () => fieldOf(await call('POST', `${a}/backup/schedules/nightly?action=run`, { comment: 'now' }), 'state'),
    systemNames: () => call('GET', `${a}/backup/system-name`, { loc_spec: LOC_SPEC }),
    archives: () => call('GET', `${a}/backup/system-name/${SYS}/archives`, { loc_spec: LOC_SPEC, filter_spec: {} }),
    archive: (id) => call('GET', `${a}/backup/system-name/${SYS}/archives/${id}`, { spec: LOC_SPEC }),
    validate: (location) => call('POST', `${a}/restore/validate`, { piece: piece(location) }),
    restore: async (location) => fieldOf(await call('POST', `${a}/restore/job`, { piece: { ...piece(location), ...SSO } }), 'state'),
    restoreState: () => call('GET', `${a}/restore/job`),
    reconcile: async () => fieldOf(await call('POST', `${a}/reconciliation/job`, { spec: SSO }), 'status'),
    reconciliation: async () => fieldOf(await call('GET', `${a}/reconciliation/job`), 'status'),
  };
}

/** Unwrap a JSON-RPC data value the way the SDK's converter reads it. */
function plain(v: any): any {
  if (Array.isArray(v)) return v.map(plain);
  if (v === null || typeof v !== 'object') return v;
  if ('OPTIONAL' in v) return plain(v.OPTIONAL);
  if ('SECRET' in v) return v.SECRET;
  if ('STRUCTURE' in v) return Object.fromEntries(Object.entries(Object.values(v.STRUCTURE)[0] as object).map(([k, x]) => [k, plain(x)]));
  return v;
}

function rpcDialect(tls: TlsMaterial, base: string): Dialect {
  const rpc = rpcClient(tls, base, { schemeId: 'com.vmware.vapi.std.security.user_pass', userName: 'administrator@vsphere.local', password: 'VMware1!' });
  const invoke = async (serviceId: string, operationId: string, input: Record<string, unknown> = {}) =>
    ((r) => r.error ?? plain(r.output))(await rpc.invoke(serviceId, operationId, input));
  const s = (name: string, fields: Record<string, unknown>) => ({ STRUCTURE: { [name]: fields } });
  const opt = (v: unknown) => ({ OPTIONAL: v });
  const loc = s(`${REC}.backup.location_spec`, { location: LOC, location_user: opt('backup'), location_password: opt({ SECRET: 'S3cret!x' }) });
  const piece = (name: string, location: string, extra: Record<string, unknown> = {}) =>
    s(name, { location_type: 'SFTP', location, location_user: opt('backup'), location_password: opt({ SECRET: 'S3cret!x' }), backup_password: opt({ SECRET: 'Passw0rd!' }), ...extra });
  const sso = { sso_admin_user_name: opt(SSO.sso_admin_user_name), sso_admin_user_password: opt({ SECRET: SSO.sso_admin_user_password }) };
  const SCHEDULES = `${REC}.backup.schedules`;
  return {
    async login() {
      rpc.securityCtx = { schemeId: 'com.vmware.vapi.std.security.session_id', sessionId: await invoke('com.vmware.cis.session', 'create') };
    },
    createSchedule: () =>
      invoke(SCHEDULES, 'create', {
        schedule: 'nightly',
        spec: s(`${SCHEDULES}.create_spec`, {
          location: LOC,
          location_user: opt('backup'),
          location_password: opt({ SECRET: 'S3cret!x' }),
          backup_password: opt({ SECRET: 'Passw0rd!' }),
          parts: opt(['seat']),
          enable: opt(null),
          recurrence_info: opt(s(`${SCHEDULES}.recurrence_info`, { minute: 0, hour: 2, days: opt(null) })),
          retention_info: opt(s(`${SCHEDULES}.retention_info`, { max_count: 3 })),
          fast_backup: opt(null),
        }),
      }),
    deleteSchedule: () => invoke(SCHEDULES, 'delete', { schedule: 'nightly' }),
    runSchedule: async () => fieldOf(await invoke(SCHEDULES, 'run', { schedule: 'nightly', comment: opt('now') }), 'state'),
    systemNames: () => invoke(`${REC}.backup.system_name`, 'list', { loc_spec: loc }),
    archives: () => invoke(`${REC}.backup.system_name.archive`, 'list', { loc_spec: loc, system_name: SYS, filter_spec: s(`${REC}.backup.system_name.archive.filter_spec`, {}) }),
    archive: (id) => invoke(`${REC}.backup.system_name.archive`, 'get', { spec: loc, system_name: SYS, archive: id }),
    validate: (location) => invoke(`${REC}.restore`, 'validate', { piece: piece(`${REC}.restore.restore_request`, location) }),
    restore: async (location) => fieldOf(await invoke(`${REC}.restore.job`, 'create', { piece: piece(`${REC}.restore.job.restore_request`, location, sso) }), 'state'),
    restoreState: () => invoke(`${REC}.restore.job`, 'get'),
    reconcile: async () => fieldOf(await invoke(`${REC}.reconciliation.job`, 'create', { spec: s(`${REC}.reconciliation.job.create_spec`, sso) }), 'status'),
    reconciliation: async () => fieldOf(await invoke(`${REC}.reconciliation.job`, 'get'), 'status'),
  };
}

describe('vcenter backup lifecycle over real sockets', () => {
  // A fresh scenario puts the manual clock back at Thursday 2026-01-01 00:00 UTC.
  const t = socketHarness((h) => h.loadScenarioFiles('scenarios/default/vcenter.yaml'));

  const dialects: Array<[string, (tls: TlsMaterial, base: string) => Dialect, string]> = [
    ['JSON-RPC over HTTPS', rpcDialect, 'https'],
    ['/rest over HTTPS', restDialect, 'https'],
    ['/api over HTTPS', apiDialect, 'https'],
    ['/api over HTTP', apiDialect, 'http'],
  ];

  it.each(dialects)('%s: schedule, a week of backups, catalogue, restore, reconcile, prune', async (_name, make, listener) => {
    const d = make(t.tls, t.h.url('vcenter', listener));
    await d.login();
    expect(await d.createSchedule()).toBeFalsy();
    expect(await d.systemNames()).toBe('NOT_FOUND');

    t.h.clock.advance('7d');
    expect(await d.systemNames()).toEqual([SYS]);
    const week = await d.archives();
    expect(week.map((a) => a.timestamp)).toEqual(['2026-01-07T02:00:00.000Z', '2026-01-06T02:00:00.000Z', '2026-01-05T02:00:00.000Z']);
    const newest = await d.archive(week[0].archive);
    expect(newest).toMatchObject({ location: `${LOC}/vCenter/sn_${SYS}/${week[0].archive}`, comment: '', parts: ['common', 'seat'] });

    expect(await d.validate(newest.location)).toMatchObject({ applicable: true, boxname: SYS });
    expect(await d.reconciliation()).toBe('NOT_FOUND');
    expect(await d.restore(newest.location)).toBe('INPROGRESS');
    expect(await d.runSchedule()).toBe('FEATURE_IN_USE');
    expect(await d.restore(newest.location)).toBe('FEATURE_IN_USE');
    t.h.clock.advance('15s');
    expect(await d.restoreState()).toMatchObject({ state: 'INPROGRESS', progress: 50 });
    t.h.clock.advance('15s');
    expect(await d.restoreState()).toMatchObject({ state: 'SUCCEEDED', progress: 100 });
    expect(await d.reconcile()).toBe('RUNNING');
    t.h.clock.advance('10s');
    expect(await d.reconciliation()).toBe('SUCCEEDED');

    t.h.clock.advance('1d');
    const pruned = await d.archives();
    expect(pruned.map((a) => a.timestamp)).toEqual(['2026-01-08T02:00:00.000Z', '2026-01-07T02:00:00.000Z', '2026-01-06T02:00:00.000Z']);
    expect(await d.deleteSchedule()).toBeFalsy();
    t.h.clock.advance('2d');
    expect((await d.archives()).map((a) => a.archive)).toEqual(pruned.map((a) => a.archive));
  });
});
