import request from 'supertest';
import { startTestHarness, type Harness } from '../../helpers';

export const ADMIN = { username: 'administrator@vsphere.local', password: 'VMware1!' };
export const B = '/appliance/recovery/backup';

/** A valid backup request (the BackupRequest of the Create Recovery Backup Job page, with real values). */
export const PIECE = {
  parts: ['seat'],
  backup_password: 'Passw0rd!',
  location_type: 'SFTP',
  location: 'sftp://10.0.0.5/backups',
  location_user: 'backup',
  location_password: 'S3cret!x',
  comment: 'nightly',
  fast_backup: false,
};

export function startVcenter(...scenario: Array<string | Record<string, unknown>>): Promise<Harness> {
  return startTestHarness({ vendors: ['vcenter'], scenarioFiles: ['scenarios/default/vcenter.yaml'], scenario });
}

export function basic(user = ADMIN.username, password = ADMIN.password): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

/** POST /api/session -> the session id. */
export async function apiLogin(h: Harness, prefix = '', user = ADMIN.username, password = ADMIN.password): Promise<string> {
  const res = await request(h.url('vcenter', 'http')).post(`${prefix}/api/session`).set('Authorization', basic(user, password));
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body as string;
}

/** supertest with the session header, for /api and /rest. */
export function client(h: Harness, sid: string) {
  const agent = request(h.url('vcenter', 'http'));
  return {
    get: (path: string) => agent.get(path).set('vmware-api-session-id', sid),
    post: (path: string, body?: unknown) => {
      const r = agent.post(path).set('vmware-api-session-id', sid);
      return body === undefined ? r : r.send(body as object);
    },
    delete: (path: string) => agent.delete(path).set('vmware-api-session-id', sid),
    put: (path: string, body: unknown) => agent.put(path).set('vmware-api-session-id', sid).send(body as object),
    patch: (path: string, body?: unknown) => {
      const r = agent.patch(path).set('vmware-api-session-id', sid);
      return body === undefined ? r : r.send(body as object);
    },
  };
}

/**
 * One vCenter harness for a describe block; before each test the scenario files load afresh
 * (new state, and the manual clock back at its start) and an /api session opens as `c`.
 */
export function freshEachTest(...files: string[]): { h: Harness; c: ReturnType<typeof client> } {
  const t = {} as { h: Harness; c: ReturnType<typeof client> };
  beforeAll(async () => {
    t.h = await startVcenter();
  });
  afterAll(() => t.h.stop());
  beforeEach(async () => {
    t.h.loadScenarioFiles(...files);
    t.c = client(t.h, await apiLogin(t.h));
  });
  return t;
}

/** The recovery API's paths and the values the lifecycle tests use. */
export const R = '/appliance/recovery';
export const LOC = 'sftp://10.0.0.5/backups';
export const LOC_SPEC = { location: LOC, location_user: 'backup', location_password: 'S3cret!x' };
export const SSO = { sso_admin_user_name: ADMIN.username, sso_admin_user_password: ADMIN.password };
/** A nightly schedule at 02:00 UTC keeping three archives. */
export const NIGHTLY = {
  location: LOC,
  location_user: 'backup',
  location_password: 'S3cret!x',
  backup_password: 'Passw0rd!',
  parts: ['seat'],
  recurrence_info: { minute: 0, hour: 2 },
  retention_info: { max_count: 3 },
};
/** The manual clock's start: Thursday 2026-01-01T00:00:00Z. */
export const EPOCH = Date.parse('2026-01-01T00:00:00Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A JSON-RPC invoke as the SDK's json connector sends it. */
export function rpcBody(serviceId: string, operationId: string, input: Record<string, unknown>, securityCtx?: Record<string, unknown>, id = '1') {
  return {
    jsonrpc: '2.0',
    method: 'invoke',
    params: {
      serviceId,
      operationId,
      input: { STRUCTURE: { 'operation-input': input } },
      ctx: { appCtx: { opId: 'opid-test' }, ...(securityCtx ? { securityCtx } : {}) },
    },
    id,
  };
}

export const sessionCtx = (sessionId: string) => ({ schemeId: 'com.vmware.vapi.std.security.session_id', sessionId });
export const userCtx = (userName = ADMIN.username, password = ADMIN.password) => ({
  schemeId: 'com.vmware.vapi.std.security.user_pass',
  userName,
  password,
});

export function rpc(h: Harness, body: ReturnType<typeof rpcBody>, prefix = '') {
  return request(h.url('vcenter', 'http'))
    .post(`${prefix}/api`)
    .set('Content-Type', 'application/json')
    .set('vapi-service', body.params.serviceId)
    .set('vapi-operation', body.params.operationId)
    .send(JSON.stringify(body));
}

export async function rpcLogin(h: Harness, prefix = ''): Promise<string> {
  const res = await rpc(h, rpcBody('com.vmware.cis.session', 'create', {}, userCtx()), prefix);
  const sid = res.body?.result?.output?.SECRET;
  if (typeof sid !== 'string') throw new Error(`rpc login failed: ${res.text}`);
  return sid;
}

/** The error struct of a JSON-RPC error answer: [name, fields]. */
export function rpcErrorOf(body: any): [string, any] {
  const entries = Object.entries(body.result.error.ERROR);
  return entries[0] as [string, any];
}

export const JOB = 'com.vmware.appliance.recovery.backup.job';
export const STATUS = `${JOB}.backup_job_status`;

export type { Harness };
