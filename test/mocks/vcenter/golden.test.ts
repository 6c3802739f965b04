/**
 * Golden files. `seed/` holds the seed page's examples (vendor-docs/vcenter-recovery-backup-job.txt):
 * our answers must have their shape. `golden/` holds complete answers for a fixed scenario and
 * clock; run with UPDATE_GOLDEN=1 to rewrite them after a deliberate wire change.
 */
import { startTestHarness } from '../../helpers';
import { apiLogin, B, JOB, PIECE, rpc, rpcBody, rpcLogin, sessionCtx, type Harness } from './helpers';
import { expectShape, golden, loadFixture, loadSdkRequest, rawRequest, replaySdk } from './sdk-fixtures';

describe('vcenter golden answers', () => {
  let h: Harness;
  let base: string;
  let sid: string;
  beforeAll(async () => {
    h = await startTestHarness({
      vendors: ['vcenter'],
      scenarioFiles: ['scenarios/default/vcenter.yaml'],
      clock: { mode: 'manual', start: '2026-11-23T06:17:47Z' },
    });
    base = h.url('vcenter', 'http');
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    // The golden answers were recorded with the clock running on from test to test.
    h.reset({ keep: ['clock'] });
    sid = await apiLogin(h);
  });

  const api = (method: string, path: string, body?: unknown) =>
    rawRequest(base + path, method, { 'content-type': 'application/json', 'vmware-api-session-id': sid }, body === undefined ? undefined : JSON.stringify(body));

  it('the seed page example request, sent as is, fails validation with a seed-shaped std error', async () => {
    const res = await api('POST', `/api${B}/job`, loadFixture('seed/backup-request.json'));
    expect(res.status).toBe(400);
    const seed = loadFixture('seed/std-error.400.json');
    expectShape(res.body, seed, ['localized']);
    golden('api-create-seed-example.400', { status: res.status, body: res.body });
  });

  it('a created and finished job have the seed BackupJobStatus shape', async () => {
    const created = await api('POST', `/api${B}/job`, PIECE);
    expect(created.status).toBe(201);
    const seed = loadFixture('seed/backup-job-status.201.json');
    expectShape(created.body, seed, ['end_time']);
    golden('api-create.201', { status: created.status, body: created.body });
    const busy = await api('POST', `/api${B}/job`, PIECE);
    expect(busy.status).toBe(400);
    golden('api-create-busy.400', busy.body);
    h.clock.advance('12s');
    const done = await api('GET', `/api${B}/job/${created.body.id}`);
    expectShape(done.body, seed);
    expect(done.body).toHaveProperty('end_time');
    golden('api-get-succeeded.200', done.body);
  });

  it('parts in the three dialects', async () => {
    golden('api-parts.200', (await api('GET', `/api${B}/parts`)).body);
    const restSid = (await replaySdk(base, loadSdkRequest('rest-session-create'))).body.value;
    golden('rest-parts.200', (await replaySdk(base, loadSdkRequest('rest-parts-list', restSid))).body);
    const rpcSid = await rpcLogin(h);
    golden('jsonrpc-parts.200', (await replaySdk(base, loadSdkRequest('jsonrpc-parts-list', rpcSid))).body);
  });

  it('a backup in JSON-RPC: create, feature_in_use, get after the end, details', async () => {
    const rpcSid = await rpcLogin(h);
    const created = (await replaySdk(base, loadSdkRequest('jsonrpc-job-create', rpcSid))).body;
    golden('jsonrpc-create', created);
    golden('jsonrpc-create-busy', (await replaySdk(base, loadSdkRequest('jsonrpc-job-create', rpcSid))).body);
    const id = created.result.output.STRUCTURE[`${JOB}.backup_job_status`].id;
    h.clock.advance('12s');
    golden('jsonrpc-get-succeeded', (await rpc(h, rpcBody(JOB, 'get', { id }, sessionCtx(rpcSid), '4'))).body);
    golden('jsonrpc-details', (await replaySdk(base, loadSdkRequest('jsonrpc-details-list', rpcSid))).body);
  });

  it('/rest create, not found and details', async () => {
    const restSid = (await replaySdk(base, loadSdkRequest('rest-session-create'))).body.value;
    golden('rest-create', (await replaySdk(base, loadSdkRequest('rest-job-create', restSid))).body);
    golden('rest-get-not-found.404', (await replaySdk(base, loadSdkRequest('rest-job-get', restSid))).body);
    h.clock.advance('6s');
    golden('rest-details', (await replaySdk(base, loadSdkRequest('rest-details-list', restSid))).body);
  });
});
