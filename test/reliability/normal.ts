/**
 * "Still answers normally": per vendor, what a real client does first (log in, read, start a
 * backup) on every listener the server serves, answered with success. Run after the hostile
 * corpus to show that state is intact. HTTP vendors work in a tenant of their own
 * (`x-mock-tenant`), so the checks run on a shared server without disturbing it.
 */
import { VirtuozzoClient } from '../../src/clients/virtuozzo';
import type { Problems } from './shapes';
import { urlOf, type Targets } from './targets';
import { exchange, type Seen } from './wire';

export interface NormalOptions {
  /** The tenant HTTP checks run in (made on the fly: a fresh one per check keeps DR backups from overlapping). */
  tenant: string;
  /** Move virtual time (a manual clock): Virtuozzo's backup replies when its job ends. */
  advance?: (ms: number) => void | Promise<void>;
}

const PIECE = { parts: ['seat'], location_type: 'SFTP', location: 'sftp://10.0.0.5/backups', location_user: 'backup', location_password: 'S3cret!x' };
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function expectStatus(what: string, seen: Seen, want: number): Problems {
  return seen.status === want ? [] : [`${what}: ${seen.status ?? seen.ended} (wanted ${want}) ${seen.text.slice(0, 160)}`];
}

function parse(seen: Seen): any {
  try {
    return JSON.parse(seen.text);
  } catch {
    return undefined;
  }
}

async function vcenter(t: Targets, o: NormalOptions): Promise<Problems> {
  const login = t.logins.vcenter;
  if (!login) return ['vcenter: no login in GET /vendors'];
  const problems: Problems = [];
  const auth = `Basic ${b64(`${login.username}:${login.password}`)}`;
  for (const listener of ['http', 'https']) {
    const base = urlOf(t, 'vcenter', listener);
    if (!base) continue;
    const tenant = { 'x-mock-tenant': `${o.tenant}-${listener}` };
    const session = await exchange(base, { method: 'POST', path: '/api/session', headers: { authorization: auth, ...tenant } });
    problems.push(...expectStatus(`vcenter ${listener} POST /api/session`, session, 201));
    const sid = parse(session);
    if (typeof sid !== 'string') continue;
    const h = { 'vmware-api-session-id': sid, 'content-type': 'application/json', ...tenant };
    const job = await exchange(base, { method: 'POST', path: '/api/appliance/recovery/backup/job', headers: h, body: JSON.stringify(PIECE) });
    problems.push(...expectStatus(`vcenter ${listener} backup job create`, job, 201));
    const id = parse(job)?.id;
    if (typeof id === 'string') problems.push(...expectStatus(`vcenter ${listener} job get`, await exchange(base, { path: `/api/appliance/recovery/backup/job/${id}`, headers: h }), 200));
    const rest = await exchange(base, { method: 'POST', path: '/rest/com/vmware/cis/session', headers: { authorization: auth, ...tenant } });
    problems.push(...expectStatus(`vcenter ${listener} POST /rest/com/vmware/cis/session`, rest, 200));
    const rpc = {
      jsonrpc: '2.0',
      method: 'invoke',
      id: '1',
      params: { serviceId: 'com.vmware.appliance.recovery.backup.job', operationId: 'list', input: { STRUCTURE: { 'operation-input': {} } }, ctx: { securityCtx: { schemeId: 'com.vmware.vapi.std.security.session_id', sessionId: sid } } },
    };
    const list = await exchange(base, { method: 'POST', path: '/api', headers: { 'content-type': 'application/json', ...tenant }, body: JSON.stringify(rpc) });
    const ids = parse(list)?.result?.output;
    if (list.status !== 200 || !Array.isArray(ids) || (typeof id === 'string' && !ids.includes(id))) problems.push(`vcenter ${listener} JSON-RPC job list: ${list.status} ${list.text.slice(0, 160)}`);
  }
  return problems;
}

async function commvault(t: Targets, vendor: 'commvault' | 'metallic', o: NormalOptions): Promise<Problems> {
  const login = t.logins[vendor];
  if (!login) return [`${vendor}: no login in GET /vendors`];
  const problems: Problems = [];
  for (const listener of ['http', 'https']) {
    const base = urlOf(t, vendor, listener);
    if (!base) continue;
    const tenant = { 'x-mock-tenant': `${o.tenant}-${vendor}-${listener}` };
    const json = { 'content-type': 'application/json', accept: 'application/json', ...tenant };
    const res = await exchange(base, { method: 'POST', path: '/webconsole/api/Login', headers: json, body: JSON.stringify({ username: login.username, password: b64(login.password) }) });
    const token = parse(res)?.token;
    if (res.status !== 200 || typeof token !== 'string') {
      problems.push(`${vendor} ${listener} Login: ${res.status} ${res.text.slice(0, 160)}`);
      continue;
    }
    for (const prefix of ['/webconsole/api', '/commandcenter/api', '/SearchSvc/CVWebService.svc']) {
      problems.push(...expectStatus(`${vendor} ${listener} GET ${prefix}/CommServ`, await exchange(base, { path: `${prefix}/CommServ`, headers: { ...json, authtoken: token } }), 200));
    }
    const xml = await exchange(base, { path: '/webconsole/api/Client', headers: { ...tenant, authtoken: token, accept: 'application/xml' } });
    if (xml.status !== 200 || !xml.text.startsWith('<')) problems.push(`${vendor} ${listener} GET Client as XML: ${xml.status} ${xml.text.slice(0, 120)}`);
    const dr = await exchange(base, { method: 'POST', path: '/webconsole/api/CommServ/DRBackup', headers: { ...json, authtoken: token }, body: JSON.stringify({ jobType: 1 }) });
    if (dr.status !== 200 || !Array.isArray(parse(dr)?.jobIds)) problems.push(`${vendor} ${listener} DRBackup: ${dr.status} ${dr.text.slice(0, 160)}`);
  }
  return problems;
}

async function dds(t: Targets, o: NormalOptions): Promise<Problems> {
  const login = t.logins.dds;
  const base = urlOf(t, 'dds', 'http');
  if (!login || !base) return ['dds: no login or listener in GET /vendors'];
  const tenant = { 'x-mock-tenant': `${o.tenant}-dds` };
  const auth = {
    auth: {
      identity: { methods: ['password'], password: { user: { name: login.user, password: login.password, domain: { name: login.domain } } } },
      scope: { project: { name: login.project, domain: { name: login.domain } } },
    },
  };
  const res = await exchange(base, { method: 'POST', path: '/v3/auth/tokens', headers: { 'content-type': 'application/json', ...tenant }, body: JSON.stringify(auth) });
  const token = res.headers['x-subject-token'];
  const project = parse(res)?.token?.project?.id;
  if (res.status !== 201 || typeof token !== 'string' || typeof project !== 'string') return [`dds Keystone token: ${res.status} ${res.text.slice(0, 160)}`];
  const h = { 'x-auth-token': token, 'content-type': 'application/json', ...tenant };
  const list = await exchange(base, { path: `/v3/${project}/instances`, headers: h });
  const instance = parse(list)?.instances?.[0]?.id;
  if (list.status !== 200 || typeof instance !== 'string') return [`dds instances: ${list.status} ${list.text.slice(0, 160)}`];
  const backup = await exchange(base, { method: 'POST', path: `/v3/${project}/backups`, headers: h, body: JSON.stringify({ backup: { instance_id: instance, name: `normal-${Date.now()}-${Math.floor(Math.random() * 1e6)}` } }) });
  return backup.status === 200 && typeof parse(backup)?.job_id === 'string' ? [] : [`dds backup: ${backup.status} ${backup.text.slice(0, 160)}`];
}

async function virtuozzo(t: Targets, o: NormalOptions): Promise<Problems> {
  const login = t.logins.virtuozzo;
  if (!login) return ['virtuozzo: no login in GET /vendors'];
  const problems: Problems = [];
  for (const listener of ['tcp', 'tls']) {
    const url = urlOf(t, 'virtuozzo', listener);
    if (!url) continue;
    let vz: VirtuozzoClient | undefined;
    try {
      vz = await VirtuozzoClient.connect(url, { timeoutMs: 15_000 });
      await vz.login(login.name, login.password);
      const eids = (await vz.call('envm', '<get_list/>')).findAll('eid').map(String);
      if (eids.length === 0) problems.push(`virtuozzo ${listener}: envm get_list found no environment`);
      else if (listener === 'tcp') {
        // A backup answers when its job ends: on a manual clock, move time once it has started.
        let started!: () => void;
        const first = new Promise<void>((r) => (started = r));
        const backup = vz.backupEnv([eids[eids.length - 1]], '', () => started());
        await Promise.race([first, backup.then(() => undefined, () => undefined)]);
        await o.advance?.(60_000);
        const reply = await backup;
        if (reply.error) problems.push(`virtuozzo ${listener} backup_env: error ${reply.error.code} ${reply.error.message}`);
      }
    } catch (e) {
      problems.push(`virtuozzo ${listener}: ${(e as Error).message}`);
    } finally {
      vz?.close();
    }
  }
  const http = urlOf(t, 'virtuozzo', 'http');
  if (http) {
    const res = await exchange(http, {
      method: 'POST',
      path: '/',
      headers: { authorization: `Basic ${b64(`${login.name}:${login.password}`)}`, 'content-type': 'application/xml' },
      body: '<packet id="n1"><target>envm</target><data><envm><get_list/></envm></data></packet>',
    });
    if (res.status !== 200 || !/<(?:\w+:)?eid>/.test(res.text)) problems.push(`virtuozzo http door: ${res.status} ${res.text.slice(0, 160)}`);
  }
  return problems;
}

async function admin(t: Targets): Promise<Problems> {
  const problems: Problems = [];
  for (const path of ['/health', '/vendors', '/journal?limit=1&brief=true', '/jobs', '/clock']) {
    problems.push(...expectStatus(`admin GET ${path}`, await exchange(t.admin, { path }), 200));
  }
  const state = await exchange(t.admin, { path: '/state', timeoutMs: 30_000 });
  if (state.status !== 200 || parse(state)?.format === undefined) problems.push(`admin GET /state: ${state.status} ${state.text.slice(0, 120)}`);
  return problems;
}

/** One vendor's (or the admin API's) normal work; [] when it all answered as it should. */
export function checkNormal(t: Targets, vendor: string, o: NormalOptions): Promise<Problems> {
  switch (vendor) {
    case 'vcenter':
      return vcenter(t, o);
    case 'commvault':
    case 'metallic':
      return commvault(t, vendor, o);
    case 'dds':
      return dds(t, o);
    case 'virtuozzo':
      return virtuozzo(t, o);
    case 'admin':
      return admin(t);
    default:
      return Promise.resolve([`no normal check for ${vendor}`]);
  }
}

/** Every served vendor and the admin API. */
export async function checkEveryVendor(t: Targets, o: NormalOptions): Promise<Record<string, Problems>> {
  const out: Record<string, Problems> = {};
  for (const v of [...Object.keys(t.vendors), 'admin']) out[v] = await checkNormal(t, v, { ...o, tenant: `${o.tenant}-${v}` });
  return out;
}
