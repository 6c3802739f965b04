import type { Route } from '../../src/legacy/vendor';
import {
  createManualBackup,
  deleteManualBackup,
  downloadBackupFile,
  listBackupDownloadLinks,
  listBackups,
  listInstances,
  setBackupPolicy,
  showBackupPolicy,
  showJob,
} from './handlers';
import { createToken, listVersions, revokeToken, showVersion, validateToken } from './keystone';
import type { DdsState } from './model';

/**
 * One table: Keystone v3 (Open Telekom Cloud IAM) and DDS v3 share the port, as the catalog
 * points both `identity` and `ddsv3` at it. Operation names follow the vendor's API names.
 */
export const routes: Route<DdsState>[] = [
  { method: 'GET', path: '/', operation: 'KeystoneListVersions', handler: listVersions },
  { method: 'GET', path: '/v3', operation: 'KeystoneShowVersion', handler: showVersion },
  { method: 'POST', path: '/v3/auth/tokens', operation: 'KeystoneCreateUserTokenByPassword', handler: createToken },
  { method: 'GET', path: '/v3/auth/tokens', operation: 'KeystoneValidateToken', handler: validateToken },
  { method: 'DELETE', path: '/v3/auth/tokens', operation: 'KeystoneRevokeToken', handler: revokeToken },
  { method: 'GET', path: '/v3/:project_id/instances', operation: 'ListInstances', handler: listInstances },
  { method: 'POST', path: '/v3/:project_id/backups', operation: 'CreateManualBackup', handler: createManualBackup },
  { method: 'GET', path: '/v3/:project_id/backups', operation: 'ListBackups', handler: listBackups },
  { method: 'DELETE', path: '/v3/:project_id/backups/:backup_id', operation: 'DeleteManualBackup', handler: deleteManualBackup },
  { method: 'GET', path: '/v3/:project_id/jobs', operation: 'ShowJobInfo', handler: showJob },
  { method: 'GET', path: '/v3/:project_id/instances/:instance_id/backups/policy', operation: 'ShowBackupPolicy', handler: showBackupPolicy },
  { method: 'PUT', path: '/v3/:project_id/instances/:instance_id/backups/policy', operation: 'SetBackupPolicy', handler: setBackupPolicy },
  { method: 'GET', path: '/v3/:project_id/backups/download-file', operation: 'ListBackupDownloadLinks', handler: listBackupDownloadLinks },
  { method: 'GET', path: '/dds-backup-files/:bucket/:name', operation: 'DownloadBackupFile', handler: downloadBackupFile },
];
