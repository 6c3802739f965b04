import { B, freshEachTest, LOC, LOC_SPEC, PIECE } from './helpers';

const SN = `${B}/system-name`;
const SYS = 'vcsa-01.lab.local';
const q = (spec: Record<string, string>, prefix: string) =>
  Object.entries(spec)
    .map(([k, v]) => `${prefix}.${k}=${encodeURIComponent(v)}`)
    .join('&');

describe('vcenter system names and archives (scenarios/vcenter-lifecycle.yaml), /api and /rest', () => {
  const t = freshEachTest('scenarios/vcenter-lifecycle.yaml');

  it('/api POST system-name?action=list (the body is the LocationSpec) and /rest GET with loc_spec.* query names', async () => {
    const api = await t.c.post(`/api${SN}?action=list`, LOC_SPEC);
    expect(api.status).toBe(200);
    expect(api.body).toEqual([SYS]);
    const rest = await t.c.get(`/rest${SN}?${q(LOC_SPEC, 'loc_spec')}`);
    expect(rest.body).toEqual({ value: [SYS] });
    expect((await t.c.post(`/api${SN}?action=list`, { location: 'nfs://nas01/vcenter/' })).body).toEqual(['vcsa-old.lab.local']);
  });

  it('a location nothing was written to is NOT_FOUND; wrong location credentials are the location ERROR', async () => {
    const missing = await t.c.post(`/api${SN}?action=list`, { location: 'sftp://10.9.9.9/none' });
    expect(missing.status).toBe(404);
    expect(missing.body.messages[0]).toEqual({
      id: 'com.vmware.applmgmt.backup.err_location_not_found',
      default_message: 'The location sftp://10.9.9.9/none does not exist on the backup server.',
      args: ['sftp://10.9.9.9/none'],
    });
    const refused = await t.c.get(`/rest${SN}?loc_spec.location=${encodeURIComponent(LOC)}&loc_spec.location_user=backup&loc_spec.location_password=nope`);
    expect(refused.status).toBe(500);
    expect(refused.body.type).toBe('com.vmware.vapi.std.errors.error');
    expect(refused.body.value.messages[0].id).toBe('com.vmware.applmgmt.backup.err_location_auth');
  });

  it('archives: most recent first, with the Summary fields; filters by time range, comment and count, in both dialects', async () => {
    const all = await t.c.post(`/api${SN}/${SYS}/archives?action=list`, { loc_spec: LOC_SPEC, filter_spec: {} });
    expect(all.status).toBe(200);
    expect(all.body).toEqual([
      { archive: 'S_8.0.3.00300_20251231-020000_', timestamp: '2025-12-31T02:00:00.000Z', version: '8.0.3.00300', comment: '' },
      { archive: 'S_8.0.3.00300_20251230-020000_', timestamp: '2025-12-30T02:00:00.000Z', version: '8.0.3.00300', comment: '' },
      { archive: 'S_8.0.3.00300_20251229-020000_', timestamp: '2025-12-29T02:00:00.000Z', version: '8.0.3.00300', comment: '' },
      { archive: 'M_8.0.3.00300_20251223-000000_', timestamp: '2025-12-23T00:00:00.000Z', version: '8.0.3.00300', comment: 'before the 8.0.3 upgrade' },
    ]);
    const ranged = await t.c.post(`/api${SN}/${SYS}/archives?action=list`, {
      loc_spec: LOC_SPEC,
      filter_spec: { start_timestamp: '2025-12-29T02:00:00Z', end_timestamp: '2025-12-30T12:00:00.000Z' },
    });
    expect(ranged.body.map((a: { archive: string }) => a.archive)).toEqual(['S_8.0.3.00300_20251230-020000_', 'S_8.0.3.00300_20251229-020000_']);
    const rest = await t.c.get(`/rest${SN}/${SYS}/archives?${q(LOC_SPEC, 'loc_spec')}&filter_spec.max_results=1`);
    expect(rest.body).toEqual({ value: [all.body[0]] });
    const comment = await t.c.get(`/rest${SN}/${SYS}/archives?${q(LOC_SPEC, 'loc_spec')}&filter_spec.comment_substring=upgrade`);
    expect(comment.body.value.map((a: { archive: string }) => a.archive)).toEqual(['M_8.0.3.00300_20251223-000000_']);
    // The SDK's rest connector sends a GET's structures as a body.
    const body = await t.c.get(`/rest${SN}/${SYS}/archives`).send({ loc_spec: LOC_SPEC, filter_spec: { max_results: 2 } });
    expect(body.body.value).toHaveLength(2);
  });

  it('archive get: completion time, parts, version, system name, comment and the folder a restore names', async () => {
    const api = await t.c.post(`/api${SN}/${SYS}/archives/M_8.0.3.00300_20251223-000000_?action=get`, LOC_SPEC);
    const info = {
      timestamp: '2025-12-23T00:05:00.000Z',
      location: `${LOC}/vCenter/sn_${SYS}/M_8.0.3.00300_20251223-000000_`,
      parts: ['common', 'seat'],
      version: '8.0.3.00300',
      system_name: SYS,
      comment: 'before the 8.0.3 upgrade',
    };
    expect(api.status).toBe(200);
    expect(api.body).toEqual(info);
    const rest = await t.c.get(`/rest${SN}/${SYS}/archives/M_8.0.3.00300_20251223-000000_?${q(LOC_SPEC, 'spec')}`);
    expect(rest.body).toEqual({ value: info });
    const unknown = await t.c.post(`/api${SN}/${SYS}/archives/S_nope_?action=get`, LOC_SPEC);
    expect(unknown.status).toBe(404);
    expect(unknown.body.messages[0].default_message).toBe('Backup archive S_nope_ does not exist.');
    const otherSystem = await t.c.post(`/api${SN}/nobody.lab.local/archives?action=list`, { loc_spec: LOC_SPEC, filter_spec: {} });
    expect(otherSystem.status).toBe(404);
    expect(otherSystem.body.messages[0].id).toBe('com.vmware.applmgmt.backup.err_system_name_not_found');
  });

  it('a manual backup to a new location makes it, with an M_ archive of the appliance once the backup succeeds', async () => {
    const location = 'smb://fileserver/vcenter';
    expect((await t.c.post(`/api${SN}?action=list`, { location })).status).toBe(404);
    const job = await t.c.post(`/api${B}/job`, { ...PIECE, location_type: 'SMB', location, comment: 'manual one' });
    expect(job.status).toBe(201);
    expect((await t.c.post(`/api${SN}?action=list`, { location })).status).toBe(404);
    t.h.clock.advance('12s');
    expect((await t.c.post(`/api${SN}?action=list`, { location })).body).toEqual([SYS]);
    const [archive] = (await t.c.post(`/api${SN}/${SYS}/archives?action=list`, { loc_spec: { location }, filter_spec: {} })).body;
    expect(archive).toEqual({ archive: 'M_8.0.3.00300_20260101-000000_', timestamp: '2026-01-01T00:00:00.000Z', version: '8.0.3.00300', comment: 'manual one' });
  });

  it('a failed or cancelled backup leaves no archive', async () => {
    const location = 'ftp://ftp01/vc';
    const job = await t.c.post(`/api${B}/job`, { ...PIECE, location_type: 'FTP', location });
    await t.c.post(`/api${B}/job/${job.body.id}?action=cancel`);
    t.h.clock.advance('1m');
    expect((await t.c.post(`/api${SN}?action=list`, { location })).status).toBe(404);
  });
});
