import type { Harness } from '../../../src/harness';

/**
 * The calls the dashboard's Chromium test (and scripts/dashboard-screenshots.ts) make against the
 * default scenario, shaped as each vendor's real client sends them.
 */
const tenantHeader = (tenant?: string): Record<string, string> => (tenant ? { 'x-mock-tenant': tenant } : {});

async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** vCenter /api: a session (Basic), then a backup job; its id. */
export async function vcenterBackup(h: Harness, tenant?: string): Promise<string> {
  const base = h.url('vcenter', 'http');
  const basic = Buffer.from('administrator@vsphere.local:VMware1!').toString('base64');
  const session = await fetch(`${base}/api/session`, { method: 'POST', headers: { authorization: `Basic ${basic}`, ...tenantHeader(tenant) } });
  const sid = (await json(session)) as string;
  const job = await fetch(`${base}/api/appliance/recovery/backup/job`, {
    method: 'POST',
    headers: { 'vmware-api-session-id': sid, 'content-type': 'application/json', ...tenantHeader(tenant) },
    body: JSON.stringify({ parts: ['seat'], location_type: 'SFTP', location: 'sftp://10.0.0.5/backups', location_user: 'backup', location_password: 'S3cret!x', backup_password: 'Passw0rd!' }),
  });
  if (job.status !== 201) throw new Error(`vCenter job.create answered ${job.status}: ${await job.text()}`);
  return ((await json(job)) as { id: string }).id;
}

/** Commvault as cvpysdk logs in (base64 password, JSON) and starts a DR backup; the token and the job id. */
export async function commvaultDrBackup(h: Harness, tenant?: string): Promise<{ token: string; jobId: string }> {
  const base = `${h.url('commvault', 'http')}/webconsole/api`;
  const login = await fetch(`${base}/Login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...tenantHeader(tenant) },
    body: JSON.stringify({ mode: 4, username: 'admin', password: Buffer.from('Commvault!1').toString('base64'), clientType: 30 }),
  });
  const token = ((await json(login)) as { token: string }).token;
  const dr = await fetch(`${base}/CommServ/DRBackup`, {
    method: 'POST',
    headers: { authtoken: token, 'content-type': 'application/json', accept: 'application/json', ...tenantHeader(tenant) },
    body: JSON.stringify({ isCompressionEnabled: 'false', jobType: 1, backupType: '1' }),
  });
  const jobId = ((await json(dr)) as { jobIds: string[] }).jobIds[0];
  return { token, jobId };
}

/** cvpysdk job.py _get_job_summary: GET Job/{id} with Authtoken and JSON; jobs[0].jobSummary. */
export async function commvaultJobSummary(h: Harness, token: string, jobId: string, tenant?: string): Promise<{ status: string; percentComplete: number }> {
  const res = await fetch(`${h.url('commvault', 'http')}/webconsole/api/Job/${jobId}`, {
    headers: { authtoken: token, accept: 'application/json', 'content-type': 'application/json', ...tenantHeader(tenant) },
  });
  return ((await json(res)) as { jobs: Array<{ jobSummary: { status: string; percentComplete: number } }> }).jobs[0].jobSummary;
}

/** DDS as gophertelekomcloud does it: a Keystone token, then CreateManualBackup; the answer's status and body. */
export async function ddsBackup(h: Harness, name: string, tenant?: string): Promise<{ status: number; body: any }> {
  const base = h.url('dds');
  const domain = { name: 'OTC-EU-DE-000000000010000000001' };
  const auth = await fetch(`${base}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...tenantHeader(tenant) },
    body: JSON.stringify({
      auth: { identity: { methods: ['password'], password: { user: { name: 'backup-operator', password: 'Otc-Passw0rd', domain } } }, scope: { project: { name: 'eu-de', domain } } },
    }),
  });
  const token = auth.headers.get('x-subject-token') ?? '';
  const res = await fetch(`${base}/v3/0549b4a43100d4f32f51c01c2fe4acdb/backups`, {
    method: 'POST',
    headers: { 'x-auth-token': token, 'content-type': 'application/json', ...tenantHeader(tenant) },
    body: JSON.stringify({ backup: { instance_id: 'a89dab5e39394eccbdb77b19d57b0180in02', name } }),
  });
  return { status: res.status, body: await json(res) };
}
