/**
 * Contract: start the harness on real sockets (HTTPS with a certificate the client verifies,
 * and HTTP) and drive a whole appliance backup in each dialect the way its client does:
 * login, create, busy, poll to SUCCEEDED, list, cancel, logout, then unauthenticated.
 * JSON-RPC and /rest mirror the wire of the official Python SDK (vapi_runtime 2.44:
 * json_connector.py and rest_connector.py); /api mirrors curl against the OpenAPI file.
 */
import type { TlsMaterial } from '../../src/tls';
import { rpcClient, send, socketHarness } from './vcenter-client';

const BASIC = 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64');
const BAD = 'Basic ' + Buffer.from('administrator@vsphere.local:wrong').toString('base64');
const PIECE = { parts: ['seat'], backup_password: 'Passw0rd!', location_type: 'SFTP', location: 'sftp://10.0.0.5/backups', location_user: 'backup' };
const JOB = 'com.vmware.appliance.recovery.backup.job';

/** What a dialect client must offer the scenario below; each returns the error name or the value. */
interface Dialect {
  login(ok: boolean): Promise<string>;
  create(): Promise<{ id?: string; error?: string }>;
  get(id: string): Promise<{ state?: string; progress?: number; error?: string }>;
  list(): Promise<string[] | string>;
  cancel(id: string): Promise<string>;
  logout(): Promise<void>;
}

function apiDialect(tls: TlsMaterial, base: string): Dialect {
  let sid = '';
  const call = (method: string, path: string, body?: unknown) =>
    send(tls, base + path, method, { 'vmware-api-session-id': sid, 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));
  const B = '/api/appliance/recovery/backup';
  return {
    async login(ok) {
      const r = await send(tls, `${base}/api/session`, 'POST', { authorization: ok ? BASIC : BAD });
      if (r.status !== 201) return r.body.error_type;
      sid = r.body;
      return 'ok';
    },
    create: async () => ((r) => (r.status === 201 ? { id: r.body.id } : { error: r.body.error_type }))(await call('POST', `${B}/job`, PIECE)),
    get: async (id) => ((r) => (r.status === 200 ? r.body : { error: r.body.error_type }))(await call('GET', `${B}/job/${id}`)),
    list: async () => ((r) => (r.status === 200 ? r.body : r.body.error_type))(await call('GET', `${B}/job`)),
    cancel: async (id) => (await call('POST', `${B}/job/${id}?action=cancel`)).body.status,
    logout: async () => void (await call('DELETE', '/api/session')),
  };
}

function restDialect(tls: TlsMaterial, base: string): Dialect {
  let sid = '';
  // The SDK's rest connector: Accept json, session header, `{}` bodies even on GET.
  const call = (method: string, path: string, body: unknown = {}) =>
    send(tls, base + path, method, { accept: 'application/json', 'vmware-api-session-id': sid, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) }, JSON.stringify(body));
  const B = '/rest/appliance/recovery/backup';
  const err = (b: any) => String(b.type).split('.').pop()!.toUpperCase();
  return {
    async login(ok) {
      const r = await send(tls, `${base}/rest/session`, 'POST', { authorization: ok ? BASIC : BAD, 'content-type': 'application/json' }, '{}');
      if (r.status !== 200) return err(r.body);
      sid = r.body.value;
      return 'ok';
    },
    create: async () => ((r) => (r.status === 200 ? { id: r.body.value.id } : { error: err(r.body) }))(await call('POST', `${B}/job`, { piece: PIECE })),
    get: async (id) => ((r) => (r.status === 200 ? r.body.value : { error: err(r.body) }))(await call('GET', `${B}/job/${id}`)),
    list: async () => ((r) => (r.status === 200 ? r.body.value : err(r.body)))(await call('GET', `${B}/job`)),
    cancel: async (id) => (await call('POST', `${B}/job/${id}/cancel`)).body.value.status,
    logout: async () => void (await call('DELETE', '/rest/session')),
  };
}

function rpcDialect(tls: TlsMaterial, base: string): Dialect {
  const rpc = rpcClient(tls, base);
  const invoke = rpc.invoke;
  const status = (o: any) => o.STRUCTURE[`${JOB}.backup_job_status`];
  const piece = { STRUCTURE: { [`${JOB}.backup_request`]: { ...PIECE, backup_password: { OPTIONAL: { SECRET: PIECE.backup_password } }, location_user: { OPTIONAL: 'backup' } } } };
  return {
    async login(ok) {
      rpc.securityCtx = { schemeId: 'com.vmware.vapi.std.security.user_pass', userName: 'administrator@vsphere.local', password: ok ? 'VMware1!' : 'wrong' };
      const r = await invoke('com.vmware.cis.session', 'create');
      if (r.error) return r.error;
      rpc.securityCtx = { schemeId: 'com.vmware.vapi.std.security.session_id', sessionId: r.output.SECRET };
      return 'ok';
    },
    create: async () => ((r) => (r.error ? { error: r.error } : { id: status(r.output).id }))(await invoke(JOB, 'create', { piece })),
    get: async (id) => ((r) => (r.error ? { error: r.error } : status(r.output)))(await invoke(JOB, 'get', { id })),
    list: async () => ((r) => r.error ?? r.output)(await invoke(JOB, 'list')),
    cancel: async (id) => (await invoke(JOB, 'cancel', { id })).output.STRUCTURE[`${JOB}.return_result`].status,
    logout: async () => void (await invoke('com.vmware.cis.session', 'delete')),
  };
}

describe('vcenter contract over real sockets', () => {
  const t = socketHarness((h) => h.reset());

  const dialects: Array<[string, (tls: TlsMaterial, base: string) => Dialect, string]> = [
    ['JSON-RPC over HTTPS', rpcDialect, 'https'],
    ['/rest over HTTPS', restDialect, 'https'],
    ['/api over HTTPS', apiDialect, 'https'],
    ['JSON-RPC over HTTP', rpcDialect, 'http'],
    ['/api over HTTP on the appliance prefix', (t, b) => apiDialect(t, `${b}/appliances/vcsa-01`), 'http'],
  ];

  it.each(dialects)('%s: a whole backup', async (_name, make, listener) => {
    expect(t.h.url('vcenter', listener)).toMatch(new RegExp(`^${listener}://127\\.0\\.0\\.1:\\d+$`));
    const d = make(t.tls, t.h.url('vcenter', listener));
    expect(await d.login(false)).toBe('UNAUTHENTICATED');
    expect(await d.login(true)).toBe('ok');
    const { id, error } = await d.create();
    expect(error).toBeUndefined();
    expect((await d.create()).error).toBe('FEATURE_IN_USE');
    const seen: number[] = [];
    let job = await d.get(id!);
    for (let i = 0; i < 20 && job.state === 'INPROGRESS'; i++) {
      seen.push(job.progress!);
      t.h.clock.advance('1s');
      job = await d.get(id!);
    }
    expect(job.state).toBe('SUCCEEDED');
    expect(job.progress).toBe(100);
    expect(seen.length).toBeGreaterThan(5);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(await d.list()).toEqual([id]);
    const second = (await d.create()).id!;
    t.h.clock.advance('3s');
    expect(await d.cancel(second)).toBe('OK');
    expect((await d.get(second)).state).toBe('FAILED');
    expect((await d.get('20990101-000000-000000')).error).toBe('NOT_FOUND');
    await d.logout();
    expect(await d.list()).toBe('UNAUTHENTICATED');
  });

  it('a client that does not trust the self-signed certificate is refused (TLS is real)', async () => {
    const untrusted = { key: '', cert: undefined } as unknown as TlsMaterial;
    await expect(send(untrusted, `${t.h.url('vcenter', 'https')}/api/session`, 'POST', { authorization: BASIC })).rejects.toThrow(/self.signed|certificate/i);
  });
});
