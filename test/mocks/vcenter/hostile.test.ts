import request from 'supertest';
import { login, MAX_SESSIONS, type VcenterState } from '../../../mocks/vcenter/model';
import { apiLogin, B, basic, JOB, PIECE, rpc, rpcBody, sessionCtx, startVcenter, type Harness } from './helpers';

/** Names of Object.prototype members: ids a client may send that a plain object would "find". */
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('vcenter under hostile ids', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startVcenter();
  });
  afterAll(() => h.stop());

  it.each(PROTO_NAMES)('a session id %s authenticates nothing in any dialect and starts no job', async (sid) => {
    const http = request(h.url('vcenter', 'http'));
    await http.post(`/api${B}/job`).set('vmware-api-session-id', sid).send(PIECE).expect(401);
    await http.post(`/rest${B}/job`).set('vmware-api-session-id', sid).send({ piece: PIECE }).expect(401);
    await http.get(`/api${B}/job`).set('cookie', `vmware-api-session-id=${sid}`).expect(401);
    const res = await rpc(h, rpcBody(JOB, 'list', {}, sessionCtx(sid)));
    expect(Object.keys(res.body.result.error.ERROR)).toEqual(['com.vmware.vapi.std.errors.unauthenticated']);
    expect(h.jobs.list({ vendor: 'vcenter' })).toHaveLength(0);
  });

  it.each(PROTO_NAMES)('ids %s in paths are unknown jobs, parts and appliances', async (id) => {
    const sid = await apiLogin(h);
    const http = request(h.url('vcenter', 'http'));
    await http.get(`/api${B}/job/${encodeURIComponent(id)}`).set('vmware-api-session-id', sid).expect(404);
    await http.get(`/api${B}/parts/${encodeURIComponent(id)}`).set('vmware-api-session-id', sid).expect(404);
    await http.post(`/appliances/${encodeURIComponent(id)}/api/session`).set('Authorization', basic()).expect(404);
    await http.post('/api/session').set('Authorization', basic(id, id)).expect(401);
    // Nothing was poisoned: a normal login and backup still work.
    const fresh = await apiLogin(h);
    await http.post(`/api${B}/job`).set('vmware-api-session-id', fresh).send(PIECE).expect(201);
    h.clock.advance('1m');
  });

  it(`keeps at most ${MAX_SESSIONS} sessions per appliance, dropping the least recently used`, () => {
    const tenant = h.engine.tenancy.handle<VcenterState>('vcenter', h.engine.tenancy.defaultTenant);
    const appliance = tenant.state.appliances[0];
    const first = login(tenant, appliance, 'administrator@vsphere.local', 'VMware1!');
    for (let i = 0; i < MAX_SESSIONS + 10; i++) login(tenant, appliance, 'administrator@vsphere.local', 'VMware1!');
    expect(appliance.sessions.size).toBe(MAX_SESSIONS);
    expect(appliance.sessions.has(first.id)).toBe(false);
  });
});
