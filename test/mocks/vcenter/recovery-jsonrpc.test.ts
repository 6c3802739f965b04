/**
 * The recovery services over vAPI JSON-RPC, replaying the requests the SDK's json connector sent
 * (fixtures/vcenter/sdk/jsonrpc-*.json) against scenarios/vcenter-lifecycle.yaml under the manual
 * clock. Whole answers are golden (fixtures/vcenter/golden/jsonrpc-recovery-*.json): the typed
 * wrapping (STRUCTURE, OPTIONAL, SECRET, map-entry) is what the SDK's converter insists on.
 */
import { rpc, rpcBody, rpcErrorOf, rpcLogin, sessionCtx, startVcenter, type Harness } from './helpers';
import { golden, loadSdkRequest, replaySdk } from './sdk-fixtures';

const SCHEDULES = 'com.vmware.appliance.recovery.backup.schedules';
const INFO = `${SCHEDULES}.info`;

describe('vcenter recovery services over JSON-RPC, as the SDK sends them', () => {
  let h: Harness;
  let sid: string;
  const sdk = async (name: string) => {
    const res = await replaySdk(h.url('vcenter', 'http'), loadSdkRequest(`jsonrpc-${name}`, sid));
    expect(res.status).toBe(200);
    return res.body;
  };
  beforeAll(async () => {
    h = await startVcenter();
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.loadScenarioFiles('scenarios/vcenter-lifecycle.yaml');
    sid = await rpcLogin(h);
  });

  it('recovery get answers the Info structure', async () => {
    const body = await sdk('recovery-get');
    expect(body.result.output).toEqual({ STRUCTURE: { 'com.vmware.appliance.recovery.info': { supported: true } } });
    golden('jsonrpc-recovery-get', body);
  });

  it('schedules: create answers null, list map-entries of Info with OPTIONAL fields, get, update, run a BackupJobStatus, delete', async () => {
    expect((await sdk('schedules-create')).result).toEqual({ output: null });
    const list = await sdk('schedules-list');
    expect(list.result.output.map((e: any) => e.STRUCTURE['map-entry'].key)).toEqual(['default', 'weekly']);
    golden('jsonrpc-recovery-schedules-list', list);
    const get = await sdk('schedules-get');
    expect(get.result.output.STRUCTURE[INFO]).toMatchObject({
      enable: true,
      location_user: { OPTIONAL: 'backup' },
      retention_info: { OPTIONAL: { STRUCTURE: { [`${SCHEDULES}.retention_info`]: { max_count: 2 } } } },
      fast_backup: { OPTIONAL: true },
    });
    golden('jsonrpc-recovery-schedules-get', get);
    expect((await sdk('schedules-update')).result).toEqual({ output: null });
    expect((await sdk('schedules-get')).result.output.STRUCTURE[INFO]).toMatchObject({ enable: false });
    const run = await sdk('schedules-run');
    expect(run.result.output.STRUCTURE['com.vmware.appliance.recovery.backup.job.backup_job_status']).toMatchObject({ state: 'INPROGRESS', end_time: { OPTIONAL: null } });
    golden('jsonrpc-recovery-schedules-run', run);
    expect((await sdk('schedules-delete')).result).toEqual({ output: null });
    const gone = await sdk('schedules-delete');
    expect(rpcErrorOf(gone)[0]).toBe('com.vmware.vapi.std.errors.not_found');
  });

  it('system names are ids; archives are Summary structures with datetimes; archive get an Info', async () => {
    expect((await sdk('system-name-list')).result.output).toEqual(['vcsa-01.lab.local']);
    const list = await sdk('archive-list');
    expect(list.result.output).toEqual([
      {
        STRUCTURE: {
          'com.vmware.appliance.recovery.backup.system_name.archive.summary': {
            archive: 'M_8.0.3.00300_20251223-000000_',
            timestamp: '2025-12-23T00:00:00.000Z',
            version: '8.0.3.00300',
            comment: 'before the 8.0.3 upgrade',
          },
        },
      },
    ]);
    const get = await sdk('archive-get');
    expect(get.result.output.STRUCTURE['com.vmware.appliance.recovery.backup.system_name.archive.info']).toMatchObject({ parts: ['common', 'seat'], system_name: 'vcsa-01.lab.local' });
    golden('jsonrpc-recovery-archive-get', get);
  });

  it('restore: validate answers Metadata, job get NONE before any, create INPROGRESS, cancel OK and then FAILED', async () => {
    const validate = await sdk('restore-validate');
    expect(validate.result.output.STRUCTURE['com.vmware.appliance.recovery.restore.metadata']).toMatchObject({
      applicable: true,
      sso_login_required: { OPTIONAL: true },
      boxname: 'vcsa-01.lab.local',
      messages: [],
    });
    golden('jsonrpc-recovery-restore-validate', validate);
    const none = await sdk('restore-job-get');
    expect(none.result.output).toEqual({ STRUCTURE: { 'com.vmware.appliance.recovery.restore.job.restore_job_status': { state: 'NONE', messages: [], progress: 0 } } });
    const created = await sdk('restore-job-create');
    expect(created.result.output.STRUCTURE['com.vmware.appliance.recovery.restore.job.restore_job_status']).toMatchObject({ state: 'INPROGRESS' });
    golden('jsonrpc-recovery-restore-job-create', created);
    h.clock.advance('9s');
    const cancel = await sdk('restore-job-cancel');
    expect(cancel.result.output.STRUCTURE['com.vmware.appliance.recovery.restore.job.return_result'].status).toBe('OK');
    golden('jsonrpc-recovery-restore-job-get-cancelled', await sdk('restore-job-get'));
  });

  it('reconciliation: NOT_ALLOWED before a restore, NOT_FOUND before any; after a restore an Info with OPTIONAL times', async () => {
    expect(rpcErrorOf(await sdk('reconciliation-job-create'))[0]).toBe('com.vmware.vapi.std.errors.not_allowed_in_current_state');
    expect(rpcErrorOf(await sdk('reconciliation-job-get'))[0]).toBe('com.vmware.vapi.std.errors.not_found');
    await sdk('restore-job-create');
    h.clock.advance('30s');
    const created = await sdk('reconciliation-job-create');
    const info = created.result.output.STRUCTURE['com.vmware.appliance.recovery.reconciliation.job.info'];
    expect(info).toMatchObject({ status: 'RUNNING', start_time: { OPTIONAL: '2026-01-01T00:00:30.000Z' }, end_time: { OPTIONAL: null }, error: { OPTIONAL: null } });
    h.clock.advance('10s');
    const done = await sdk('reconciliation-job-get');
    expect(done.result.output.STRUCTURE['com.vmware.appliance.recovery.reconciliation.job.info']).toMatchObject({ status: 'SUCCEEDED', progress: 100 });
    golden('jsonrpc-recovery-reconciliation-job-get', done);
  });

  it('errors are the std ERROR structures the SDK maps to its exceptions', async () => {
    const call = (operationId: string, input: Record<string, unknown>) => rpc(h, rpcBody(SCHEDULES, operationId, input, sessionCtx(sid), '7'));
    const exists = await call('create', { schedule: 'default', spec: { STRUCTURE: { [`${SCHEDULES}.create_spec`]: { location: 'sftp://10.0.0.5/backups' } } } });
    expect(exists.headers['vapi-error']).toBe('com.vmware.vapi.std.errors.already_exists');
    golden('jsonrpc-recovery-schedules-create-exists', exists.body);
    const badDay = await call('create', {
      schedule: 'x',
      spec: { STRUCTURE: { [`${SCHEDULES}.create_spec`]: { location: 'sftp://h/p', recurrence_info: { OPTIONAL: { STRUCTURE: { r: { minute: 0, hour: 1, days: { OPTIONAL: ['FUNDAY'] } } } } } } } },
    });
    const [name, fields] = rpcErrorOf(badDay.body);
    expect(name).toBe('com.vmware.vapi.std.errors.invalid_argument');
    expect(fields.messages[0].STRUCTURE['com.vmware.vapi.std.localizable_message']).toMatchObject({
      id: 'vapi.data.structure.field.invalid',
      args: ['days', `${SCHEDULES}.recurrence_info`],
    });
    const busy = await call('run', { schedule: 'default', comment: { OPTIONAL: null } });
    expect(busy.body.result.output).toBeDefined();
    expect(rpcErrorOf((await call('run', { schedule: 'default' })).body)[0]).toBe('com.vmware.vapi.std.errors.feature_in_use');
  });
});
