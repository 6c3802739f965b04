/**
 * Restore (com.vmware.appliance.recovery.restore validate, restore.job create/get/cancel) and
 * reconciliation (reconciliation.job create/get) of one appliance, as jobs in the shared engine
 * (operations `restore` and `reconciliation`, target = appliance id). A restore names an
 * archive's folder (`<location>/vCenter/sn_<system name>/<archive>`); one backup, restore or
 * reconciliation runs at a time; reconciliation follows a succeeded restore.
 */
import type { Job } from '../../src/jobs/engine';
import { isBusy, jobMessages, newJobId, processState, type JobVocabulary } from './backup-jobs';
import { archiveAt, archiveUrl, checkLocationAccess } from './catalogue';
import { formatDateTime } from './codec';
import { errors, msg, type LocalizableMessage } from './errors';
import { digest, type Appliance, type Tenant } from './model';
import { checkRestoreRequest, type RestoreRequest } from './validation';

const RESTORE_WORDS: JobVocabulary = {
  prefix: 'com.vmware.applmgmt.restore.job',
  failed: 'com.vmware.applmgmt.err_restore_failed',
  canceled: 'Restore job canceled by user.',
  failedText: 'Restore job failed.',
};

const RECONCILIATION_WORDS: JobVocabulary = {
  prefix: 'com.vmware.applmgmt.reconciliation.job',
  failed: 'com.vmware.applmgmt.err_reconciliation_failed',
  canceled: 'Reconciliation job canceled.',
  failedText: 'Reconciliation job failed.',
};

const RESTORE = 'com.vmware.applmgmt.restore';

/** Restore.Metadata of the archive a request names, and its folder's URL. */
export interface RestoreCheck {
  url: string;
  metadata: {
    timestamp: string;
    parts: string[];
    version: string;
    boxname: string;
    sso_login_required: boolean;
    comment: string;
    applicable: boolean;
    messages: LocalizableMessage[];
  };
}

/**
 * Restore.validate: the archive the location names (ERROR when there is none), readable with the
 * credentials and backup password given (ERROR otherwise); applicable only to the version it was
 * taken on; a backup of another system name is a warning (the appliance takes its identity).
 */
export function checkRestore(tenant: Tenant, appliance: Appliance, piece: RestoreRequest): RestoreCheck {
  checkRestoreRequest(piece);
  const found = archiveAt(tenant, piece.location);
  if (!found) throw errors.noBackupAt(piece.location);
  const { location, archive } = found;
  checkLocationAccess(tenant.state, location.url, piece.location_user, piece.location_password === undefined ? undefined : digest(piece.location_password));
  if (archive.passwordDigest !== undefined && (piece.backup_password === undefined || digest(piece.backup_password) !== archive.passwordDigest)) {
    throw errors.wrongBackupPassword();
  }
  const messages: LocalizableMessage[] = [];
  const applicable = archive.version === appliance.version;
  if (!applicable) {
    messages.push(
      msg(`${RESTORE}.err_version_mismatch`, `The backup was taken on version ${archive.version}; this appliance runs ${appliance.version}.`, [archive.version, appliance.version]),
    );
  }
  if (archive.systemName !== appliance.hostname) {
    messages.push(
      msg(`${RESTORE}.warn_system_name`, `The backup is of ${archive.systemName}; this appliance is ${appliance.hostname} and takes the backup's identity.`, [
        archive.systemName,
        appliance.hostname,
      ]),
    );
  }
  return {
    url: archiveUrl(location.url, archive.systemName, archive.id),
    metadata: {
      timestamp: formatDateTime(archive.completedAt),
      parts: archive.parts,
      version: archive.version,
      boxname: archive.systemName,
      // An embedded vCenter Server: a restore needs the SSO administrator.
      sso_login_required: true,
      comment: archive.comment,
      applicable,
      messages,
    },
  };
}

/** The SSO administrator of an embedded vCenter Server: required, and one of the appliance's users. */
function checkSso(appliance: Appliance, user: string | undefined, password: string | undefined): void {
  if (user === undefined || password === undefined) throw errors.ssoRequired();
  const found = appliance.users.find((u) => u.username.toLowerCase() === user.toLowerCase());
  if (!found || found.password !== password) throw errors.ssoRejected(user);
}

function latest(tenant: Tenant, appliance: Appliance, operation: 'restore' | 'reconciliation'): Job | undefined {
  return tenant.jobs.list({ operation }).filter((j) => j.target === appliance.id).at(-1);
}

/**
 * restore.Job.create: allowed on this appliance, nothing else running, the archive readable and
 * the SSO administrator valid. A backup that does not apply, or warnings without
 * `ignore_warnings`, fail the restore at once with their messages.
 */
export function startRestore(tenant: Tenant, appliance: Appliance, piece: RestoreRequest, user: string): Job {
  if (!appliance.restoreAllowed) throw errors.restoreNotAllowed();
  if (isBusy(tenant, appliance)) throw errors.featureInUse();
  const { url, metadata } = checkRestore(tenant, appliance, piece);
  checkSso(appliance, piece.sso_admin_user_name, piece.sso_admin_user_password);
  const fails = !metadata.applicable || (metadata.messages.length > 0 && piece.ignore_warnings !== true);
  return tenant.jobs.start({
    id: newJobId(tenant, tenant.clock.now()),
    operation: 'restore',
    target: appliance.id,
    data: { archive: url, user },
    ...(fails ? { timeline: [{ after: 0, state: 'failed', message: metadata.messages.map((m) => m.default_message).join(' ') }] } : {}),
  });
}

/** restore.Job.RestoreJobStatus of a restore job. */
export function restoreJobStatus(job: Job): Record<string, unknown> {
  return { state: processState(job), messages: jobMessages(job, RESTORE_WORDS), progress: Math.round(job.progress) };
}

/** restore.Job.get: the latest restore of this appliance, or NONE before any. */
export function restoreStatus(tenant: Tenant, appliance: Appliance): Record<string, unknown> {
  const job = latest(tenant, appliance, 'restore');
  return job ? restoreJobStatus(job) : { state: 'NONE', messages: [], progress: 0 };
}

/** restore.Job.cancel: a running restore ends FAILED and answers OK; otherwise FAIL. */
export function cancelRestore(tenant: Tenant, appliance: Appliance, user: string): { status: 'OK' | 'FAIL'; messages: LocalizableMessage[] } {
  const job = latest(tenant, appliance, 'restore');
  if (job && tenant.jobs.cancel(job.id, `Restore job was canceled by ${user}.`)) {
    return { status: 'OK', messages: [msg(`${RESTORE_WORDS.prefix}.cancel.success`, 'Restore job canceled.')] };
  }
  return { status: 'FAIL', messages: [msg(`${RESTORE_WORDS.prefix}.cancel.not_running`, 'No restore job is in progress.')] };
}

/** reconciliation.Job.Status for the engine's states. */
function reconciliationStatus(job: Job): 'NONE' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' {
  switch (job.state) {
    case 'queued':
      return 'NONE';
    case 'running':
    case 'suspended':
      return 'RUNNING';
    case 'succeeded':
      return 'SUCCEEDED';
    default:
      return 'FAILED';
  }
}

/** reconciliation.Job.Info; the SDK's UnionValidator wants start_time once it runs and end_time once it ends. */
export function reconciliationInfo(job: Job): Record<string, unknown> {
  const status = reconciliationStatus(job);
  return {
    description: msg(`${RECONCILIATION_WORDS.prefix}.description`, 'Reconciliation of the restored vCenter Server'),
    service: 'com.vmware.appliance.recovery.reconciliation.job',
    operation: 'create',
    status,
    cancelable: false,
    ...(status !== 'NONE' ? { start_time: formatDateTime(job.startedAt ?? job.createdAt) } : {}),
    ...((status === 'SUCCEEDED' || status === 'FAILED') && job.endedAt !== undefined ? { end_time: formatDateTime(job.endedAt) } : {}),
    messages: jobMessages(job, RECONCILIATION_WORDS),
    progress: Math.round(job.progress),
  };
}

/** reconciliation.Job.create: after a succeeded restore, nothing else running, the SSO administrator valid. */
export function startReconciliation(
  tenant: Tenant,
  appliance: Appliance,
  spec: { sso_admin_user_name?: string; sso_admin_user_password?: string; ignore_warnings?: boolean },
  user: string,
): Job {
  if (isBusy(tenant, appliance)) throw errors.featureInUse();
  if (latest(tenant, appliance, 'restore')?.state !== 'succeeded') throw errors.reconciliationNotAllowed();
  checkSso(appliance, spec.sso_admin_user_name, spec.sso_admin_user_password);
  return tenant.jobs.start({
    id: newJobId(tenant, tenant.clock.now()),
    operation: 'reconciliation',
    target: appliance.id,
    data: { user, ...(spec.ignore_warnings !== undefined ? { ignoreWarnings: spec.ignore_warnings } : {}) },
  });
}

/** reconciliation.Job.get: the latest reconciliation, NOT_FOUND before any. */
export function reconciliationOf(tenant: Tenant, appliance: Appliance): Job {
  const job = latest(tenant, appliance, 'reconciliation');
  if (!job) throw errors.noReconciliation();
  return job;
}
