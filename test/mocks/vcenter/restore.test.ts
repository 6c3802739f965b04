import { apiLogin, B, client, freshEachTest, LOC, PIECE, R, SSO } from './helpers';

const SYS = 'vcsa-01.lab.local';
const NIGHT = `${LOC}/vCenter/sn_${SYS}/S_8.0.3.00300_20251231-020000_`;
const OLD = 'nfs://nas01/vcenter/vCenter/sn_vcsa-old.lab.local/M_7.0.3.01800_20251202-000000_';
/** A restore of last night's archive as the VAMI would send it. */
const RESTORE = { location_type: 'SFTP', location: NIGHT, location_user: 'backup', location_password: 'S3cret!x', backup_password: 'Passw0rd!' };

describe('vcenter restore and reconciliation (scenarios/vcenter-lifecycle.yaml), /api and /rest', () => {
  const t = freshEachTest('scenarios/vcenter-lifecycle.yaml');

  it('GET recovery says what the appliance supports', async () => {
    expect((await t.c.get(`/api${R}`)).body).toEqual({ supported: true });
    expect((await t.c.get(`/rest${R}`)).body).toEqual({ value: { supported: true } });
  });

  it('validate answers the archive metadata (the body is the RestoreRequest on /api, {piece} on /rest)', async () => {
    const metadata = {
      timestamp: '2025-12-31T02:05:00.000Z',
      parts: ['common', 'seat'],
      version: '8.0.3.00300',
      boxname: SYS,
      sso_login_required: true,
      comment: '',
      applicable: true,
      messages: [],
    };
    const api = await t.c.post(`/api${R}/restore?action=validate`, RESTORE);
    expect(api.status).toBe(200);
    expect(api.body).toEqual(metadata);
    expect((await t.c.post(`/rest${R}/restore/validate`, { piece: RESTORE })).body).toEqual({ value: metadata });
  });

  it("validate: another version is not applicable, another system name a warning; no backup there and a wrong password are ERRORs", async () => {
    const old = await t.c.post(`/api${R}/restore?action=validate`, { location_type: 'NFS', location: OLD });
    expect(old.body).toMatchObject({ applicable: false, version: '7.0.3.01800', boxname: 'vcsa-old.lab.local' });
    expect(old.body.messages.map((m: { id: string }) => m.id)).toEqual(['com.vmware.applmgmt.restore.err_version_mismatch', 'com.vmware.applmgmt.restore.warn_system_name']);
    const none = await t.c.post(`/api${R}/restore?action=validate`, { ...RESTORE, location: `${LOC}/vCenter/sn_${SYS}/S_nope_` });
    expect(none.status).toBe(500);
    expect(none.body).toEqual({ error_type: 'ERROR', messages: [expect.objectContaining({ id: 'com.vmware.applmgmt.restore.err_no_backup' })] });
    const noPassword = await t.c.post(`/rest${R}/restore/validate`, { piece: { ...RESTORE, backup_password: undefined } });
    expect(noPassword.status).toBe(500);
    expect(noPassword.body.value.messages[0].id).toBe('com.vmware.applmgmt.restore.err_decrypt');
    const mismatch = await t.c.post(`/api${R}/restore?action=validate`, { ...RESTORE, location_type: 'FTP' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.messages[0].id).toBe('com.vmware.applmgmt.backup.err_location_type_mismatch');
  });

  it('a restore runs on its timeline (NONE before, INPROGRESS, SUCCEEDED); meanwhile backups, schedules and restores answer FEATURE_IN_USE', async () => {
    expect((await t.c.get(`/api${R}/restore/job`)).body).toEqual({ state: 'NONE', messages: [], progress: 0 });
    const created = await t.c.post(`/api${R}/restore/job`, { ...RESTORE, ...SSO });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ state: 'INPROGRESS', progress: 0, messages: [expect.objectContaining({ default_message: 'Restore job started' })] });
    for (const busy of [
      await t.c.post(`/api${R}/restore/job`, { ...RESTORE, ...SSO }),
      await t.c.post(`/api${B}/job`, PIECE),
      await t.c.post(`/api${B}/schedules/default?action=run`),
      await t.c.post(`/api${B}?action=validate`, PIECE),
      await t.c.post(`/api${R}/reconciliation/job`, SSO),
    ]) {
      expect({ status: busy.status, type: busy.body.error_type }).toEqual({ status: 400, type: 'FEATURE_IN_USE' });
    }
    t.h.clock.advance('15s');
    expect((await t.c.get(`/rest${R}/restore/job`)).body.value).toMatchObject({ state: 'INPROGRESS', progress: 50 });
    t.h.clock.advance('15s');
    const done = (await t.c.get(`/api${R}/restore/job`)).body;
    expect(done).toMatchObject({ state: 'SUCCEEDED', progress: 100 });
    expect(done.messages.map((m: { default_message: string }) => m.default_message)).toEqual([
      'Restore job started',
      'Downloading backup files from the location',
      'Restoring the database',
      'Restoring configuration files',
      'Starting services',
      'Restore job completed successfully.',
    ]);
    expect((await t.c.post(`/api${B}/job`, PIECE)).status).toBe(201);
  });

  it('a running backup makes a restore FEATURE_IN_USE', async () => {
    expect((await t.c.post(`/api${B}/job`, PIECE)).status).toBe(201);
    const busy = await t.c.post(`/rest${R}/restore/job`, { piece: { ...RESTORE, ...SSO } });
    expect(busy.status).toBe(400);
    expect(busy.body.type).toBe('com.vmware.vapi.std.errors.feature_in_use');
  });

  it('cancel ends a running restore FAILED and answers OK; with none running it answers FAIL', async () => {
    expect((await t.c.post(`/api${R}/restore/job?action=cancel`)).body).toEqual({
      status: 'FAIL',
      messages: [{ id: 'com.vmware.applmgmt.restore.job.cancel.not_running', default_message: 'No restore job is in progress.', args: [] }],
    });
    await t.c.post(`/rest${R}/restore/job`, { piece: { ...RESTORE, ...SSO } });
    t.h.clock.advance('6s');
    expect((await t.c.post(`/rest${R}/restore/job/cancel`)).body.value.status).toBe('OK');
    const status = (await t.c.get(`/api${R}/restore/job`)).body;
    expect(status).toMatchObject({ state: 'FAILED', progress: 20 });
    expect(status.messages.at(-1).default_message).toBe('Restore job was canceled by administrator@vsphere.local.');
  });

  it('an archive that does not apply, or warnings without ignore_warnings, fail the restore at once with their messages', async () => {
    const old = await t.c.post(`/api${R}/restore/job`, { location_type: 'NFS', location: OLD, ...SSO, ignore_warnings: true });
    expect(old.status).toBe(201);
    expect(old.body).toMatchObject({ state: 'FAILED' });
    expect(old.body.messages[0].default_message).toContain('The backup was taken on version 7.0.3.01800');
    t.h.loadScenario({
      entities: {
        vcenter: {
          appliances: [{ id: 'vcsa-02', hostname: 'vcsa-02.lab.local' }],
          locations: [{ url: LOC, archives: [{ systemName: SYS, age: '1d', version: '8.0.3.00300' }] }],
        },
      },
    });
    t.c = client(t.h, await apiLogin(t.h));
    const location = `${LOC}/vCenter/sn_${SYS}/S_8.0.3.00300_20251231-000000_`;
    const warned = await t.c.post(`/api${R}/restore/job`, { location_type: 'SFTP', location, ...SSO });
    expect(warned.body.state).toBe('FAILED');
    expect(warned.body.messages[0].default_message).toContain('this appliance is vcsa-02.lab.local');
    const ignored = await t.c.post(`/api${R}/restore/job`, { location_type: 'SFTP', location, ...SSO, ignore_warnings: true });
    expect(ignored.body.state).toBe('INPROGRESS');
  });

  it('the SSO administrator is required and checked; an appliance past firstboot refuses restores', async () => {
    const missing = await t.c.post(`/api${R}/restore/job`, RESTORE);
    expect(missing.status).toBe(400);
    expect(missing.body.messages[0].id).toBe('com.vmware.applmgmt.restore.err_sso_required');
    const wrong = await t.c.post(`/api${R}/restore/job`, { ...RESTORE, ...SSO, sso_admin_user_password: 'nope' });
    expect(wrong.body.messages[0].id).toBe('com.vmware.applmgmt.restore.err_sso_auth');
    t.h.loadScenario({ entities: { vcenter: { appliances: [{ id: 'vcsa-01', hostname: SYS, restoreAllowed: false }] } } });
    t.c = client(t.h, await apiLogin(t.h));
    const refused = await t.c.post(`/api${R}/restore/job`, { ...RESTORE, ...SSO });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error_type: 'NOT_ALLOWED_IN_CURRENT_STATE',
      messages: [{ id: 'com.vmware.applmgmt.restore.err_not_allowed', default_message: 'Restore is allowed only after deployment and before firstboot.', args: [] }],
    });
  });

  it('reconciliation: NOT_FOUND before any, NOT_ALLOWED before a succeeded restore, then RUNNING to SUCCEEDED', async () => {
    const none = await t.c.get(`/api${R}/reconciliation/job`);
    expect(none.status).toBe(404);
    expect(none.body.messages[0].id).toBe('com.vmware.applmgmt.reconciliation.err_no_job');
    const early = await t.c.post(`/api${R}/reconciliation/job`, SSO);
    expect(early.status).toBe(400);
    expect(early.body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    await t.c.post(`/api${R}/restore/job`, { ...RESTORE, ...SSO });
    t.h.clock.advance('30s');
    const created = await t.c.post(`/api${R}/reconciliation/job`, SSO);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      description: { id: 'com.vmware.applmgmt.reconciliation.job.description', default_message: 'Reconciliation of the restored vCenter Server', args: [] },
      service: 'com.vmware.appliance.recovery.reconciliation.job',
      operation: 'create',
      status: 'RUNNING',
      cancelable: false,
      start_time: '2026-01-01T00:00:30.000Z',
      messages: [expect.objectContaining({ default_message: 'Reconciliation job started' })],
      progress: 0,
    });
    t.h.clock.advance('10s');
    const done = (await t.c.get(`/rest${R}/reconciliation/job`)).body.value;
    expect(done).toMatchObject({ status: 'SUCCEEDED', progress: 100, end_time: '2026-01-01T00:00:40.000Z' });
    const noBody = await t.c.post(`/api${R}/reconciliation/job`);
    expect(noBody.status).toBe(400);
    expect(noBody.body.messages[0].id).toBe('com.vmware.applmgmt.restore.err_sso_required');
  });
});
