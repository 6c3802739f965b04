/**
 * Every operation of the DDS port, one record each: Keystone v3 (Open Telekom Cloud IAM), then
 * DDS v3 as the API reference pages name them, then the OBS download link. Names are the
 * journal's and scenario rules' (`operation: CreateManualBackup`).
 */
import { parseDuration } from '../../src/duration';
import { operationsOf, type OperationContext } from '../../src/operations/types';
import type { TenantHandle } from '../../src/vendor';
import {
  decodeBackupPolicy,
  decodeBackupQuery,
  decodeCreateBackup,
  decodeDownloadQuery,
  decodeInstanceQuery,
  decodeJobQuery,
} from './decode';
import { KeystoneError } from './errors';
import { authenticate, issueToken, liveToken, revokeToken, viewOf, type ForgetToken } from './identity';
import { decodePasswordAuth } from './keystone-wire';
import { armPolicy, readPolicy, writePolicy } from './automated';
import { backupFile, createBackup, deleteBackup, listBackups } from './backups';
import { listInstances, showJob, type DdsState } from './model';
import { restoreOperations } from './restore-operations';
import { project } from './settle';
import { backupWire, formatJobTime, jobWire, type Dds, type DdsBackupListWire, type DdsInstanceListWire } from './wire';

const operation = operationsOf<Dds>();

/** Keystone's token path: the login whose body names the tenant (see index.ts principal). */
export const TOKENS_PATH = '/v3/auth/tokens';

/** A token the identity forgets (expired, revoked) no longer routes requests to its tenant. */
export function forgetter(tenant: TenantHandle<DdsState>): ForgetToken {
  return (id) => tenant.unbind(`token:${id}`);
}

const now = (ctx: OperationContext<Dds, unknown>) => ctx.clock.now();

// --- Keystone v3 -----------------------------------------------------------------------------

export const keystoneListVersions = operation({
  name: 'KeystoneListVersions',
  summary: 'version discovery (gophertelekomcloud ChooseVersion reads versions.values; Keystone answers 300)',
  doors: { keystone: { method: 'GET', path: '/', status: 300 } },
  auth: 'none',
  run: () => undefined,
  output: 'versions',
});

export const keystoneShowVersion = operation({
  name: 'KeystoneShowVersion',
  summary: 'the v3 version document (keystoneauth discovery)',
  doors: { keystone: { method: 'GET', path: '/v3' } },
  auth: 'none',
  run: () => undefined,
  output: 'version',
});

export const keystoneCreateUserTokenByPassword = operation({
  name: 'KeystoneCreateUserTokenByPassword',
  summary: 'password token: 201, the token in X-Subject-Token, the catalog in the body',
  doors: { keystone: { method: 'POST', path: TOKENS_PATH, status: 201 } },
  auth: 'none',
  input: (raw) => decodePasswordAuth(raw.json()),
  run: (request, ctx) => {
    const identity = ctx.state.identity;
    const grant = authenticate(identity, request);
    const view = issueToken(identity, grant, ctx.tenant.faker, now(ctx), parseDuration(ctx.options.token_ttl), forgetter(ctx.tenant));
    ctx.tenant.bind(`token:${view.id}`);
    return view;
  },
  output: 'token',
});

export const keystoneValidateToken = operation({
  name: 'KeystoneValidateToken',
  summary: 'validate X-Subject-Token with X-Auth-Token (gophertelekomcloud tokens.Get)',
  doors: { keystone: { method: 'GET', path: TOKENS_PATH } },
  auth: 'keystone',
  input: (raw) => raw.header('x-subject-token'),
  run: (subject, ctx) => {
    const identity = ctx.state.identity;
    const record = liveToken(identity, subject, now(ctx), forgetter(ctx.tenant));
    if (!record || !subject) throw new KeystoneError(404, 'Could not find token.');
    return viewOf(identity, subject, record);
  },
  output: 'token',
});

export const keystoneRevokeToken = operation({
  name: 'KeystoneRevokeToken',
  summary: 'revoke X-Subject-Token: 204',
  doors: { keystone: { method: 'DELETE', path: TOKENS_PATH, status: 204 } },
  auth: 'keystone',
  input: (raw) => raw.header('x-subject-token'),
  run: (subject, ctx) => revokeToken(ctx.state.identity, subject, now(ctx), forgetter(ctx.tenant)),
  output: 'none',
});

// --- DDS v3: every call needs a project token for the project in the path ---------------------

export const ddsListInstances = operation({
  name: 'ListInstances',
  summary: 'querying_instances_and_details.rst: every filter, newest first, actions ["BACKUP"] while a backup runs',
  doors: { dds: { method: 'GET', path: '/v3/:project_id/instances' } },
  auth: 'project',
  input: (raw) => decodeInstanceQuery(raw.query),
  run: (filter, ctx): DdsInstanceListWire => {
    const listed = listInstances(project(ctx), filter, ctx.tenant.jobs);
    return { instances: listed.items, total_count: listed.total };
  },
});

export const ddsCreateManualBackup = operation({
  name: 'CreateManualBackup',
  summary: 'creating_a_manual_backup.rst: 200 {job_id, backup_id}, a job on the clock',
  doors: { dds: { method: 'POST', path: '/v3/:project_id/backups' } },
  auth: 'project',
  input: (raw) => decodeCreateBackup(raw.json()),
  run: (input, ctx) => createBackup(project(ctx), input, ctx.tenant.jobs, ctx.tenant.faker, now(ctx), ctx.options.backup_size_kb),
});

export const ddsListBackups = operation({
  name: 'ListBackups',
  summary: 'querying_the_backup_list.rst: every filter, newest first',
  doors: { dds: { method: 'GET', path: '/v3/:project_id/backups' } },
  auth: 'project',
  input: (raw) => decodeBackupQuery(raw.query),
  run: (filter, ctx): DdsBackupListWire => {
    const listed = listBackups(project(ctx), filter, ctx.tenant.jobs);
    return { backups: listed.items.map(backupWire), total_count: listed.total };
  },
});

export const ddsDeleteManualBackup = operation({
  name: 'DeleteManualBackup',
  summary: 'deleting_a_manual_backup.rst: 200 {job_id}; DISABLED until the job completes',
  doors: { dds: { method: 'DELETE', path: '/v3/:project_id/backups/:backup_id' } },
  auth: 'project',
  input: (raw) => raw.params.backup_id ?? '',
  run: (backupId, ctx) => deleteBackup(project(ctx), backupId, ctx.tenant.jobs, ctx.tenant.faker),
});

export const ddsShowJobInfo = operation({
  name: 'ShowJobInfo',
  summary: 'obtaining_information_about_a_task_with_a_specified_id.rst: Running "50%", Completed, Failed',
  doors: { dds: { method: 'GET', path: '/v3/:project_id/jobs' } },
  auth: 'project',
  input: (raw) => decodeJobQuery(raw.query),
  run: (id, ctx) => jobWire(showJob(project(ctx), id, ctx.tenant.jobs, now(ctx), parseDuration(ctx.options.job_query_delay))),
});

const POLICY_PATH = '/v3/:project_id/instances/:instance_id/backups/policy';

export const ddsShowBackupPolicy = operation({
  name: 'ShowBackupPolicy',
  summary: 'querying_an_automated_backup_policy.rst',
  doors: { dds: { method: 'GET', path: POLICY_PATH } },
  auth: 'project',
  input: (raw) => raw.params.instance_id ?? '',
  run: (instanceId, ctx) => ({ backup_policy: readPolicy(project(ctx), instanceId) }),
});

export const ddsSetBackupPolicy = operation({
  name: 'SetBackupPolicy',
  summary: 'setting_an_automated_backup_policy.rst: 200 {}; Auto backups in the window on the clock, kept keep_days',
  doors: { dds: { method: 'PUT', path: POLICY_PATH } },
  auth: 'project',
  input: (raw) => ({ instanceId: raw.params.instance_id ?? '', policy: decodeBackupPolicy(raw.json()) }),
  run: ({ instanceId, policy }, ctx) => {
    const inst = writePolicy(project(ctx), instanceId, policy, now(ctx));
    armPolicy(ctx.tenant, inst.id, now(ctx));
    return {};
  },
});

/** Download links stay valid 15 minutes (obtaining_the_link_for_downloading_a_backup_file.rst, Constraints). */
const LINK_TTL_MS = 15 * 60_000;

export const ddsListBackupDownloadLinks = operation({
  name: 'ListBackupDownloadLinks',
  summary: 'obtaining_the_link_for_downloading_a_backup_file.rst: a presigned link valid 15 minutes',
  doors: { dds: { method: 'GET', path: '/v3/:project_id/backups/download-file' } },
  auth: 'project',
  input: (raw) => ({ ...decodeDownloadQuery(raw.query), base: raw.baseUrl }),
  run: (q, ctx) => {
    const file = backupFile(project(ctx), q.instance_id, q.backup_id, ctx.tenant.jobs);
    const expires = now(ctx) + LINK_TTL_MS;
    const link = `${q.base}/dds-backup-files/${file.bucket}/${file.name}?Expires=${Math.floor(expires / 1000)}`;
    return {
      files: [{ name: file.name, size: file.backup.size, download_link: link, link_expired_time: formatJobTime(expires) }],
      bucket: file.bucket,
    };
  },
});

// --- OBS: the download link itself ------------------------------------------------------------

export const obsDownloadBackupFile = operation({
  name: 'DownloadBackupFile',
  summary: 'the presigned link: a small placeholder file until it expires, then OBS AccessDenied',
  doors: { obs: { method: 'GET', path: '/dds-backup-files/:bucket/:name' } },
  auth: 'presigned',
  run: (raw) => `backup-mocks placeholder for DDS backup file ${raw.params.name ?? ''}\n`,
});

export const operations = [
  keystoneListVersions,
  keystoneShowVersion,
  keystoneCreateUserTokenByPassword,
  keystoneValidateToken,
  keystoneRevokeToken,
  ddsListInstances,
  ddsCreateManualBackup,
  ddsListBackups,
  ddsDeleteManualBackup,
  ddsShowJobInfo,
  ddsShowBackupPolicy,
  ddsSetBackupPolicy,
  ddsListBackupDownloadLinks,
  ...restoreOperations,
  obsDownloadBackupFile,
];
