/**
 * vAPI type descriptors of the recovery services beyond backup jobs: schedules, system names and
 * archives, restore, reconciliation and the recovery service itself, inputs and outputs. Names
 * and fields are copied from the vcenter bindings (com/vmware/appliance/recovery/backup_client.py
 * Schedules and LocationSpec, backup/system_name_client.py Archive, recovery_client.py Restore,
 * restore_client.py Job, reconciliation_client.py Job, com/vmware/appliance_client.py Recovery).
 * Inputs are read with `readInput` (codec.ts) as the vAPI runtime checks them.
 */
import { bool, datetime, dynamic, enumeration, int, list, oneOf, opt, secret, str, StdLocalizableMessage, struct, TASK_FIELDS } from './vapi-types';

const BACKUP = 'com.vmware.appliance.recovery.backup';
const SCHEDULES = `${BACKUP}.schedules`;
const ARCHIVE = `${BACKUP}.system_name.archive`;
const RESTORE = 'com.vmware.appliance.recovery.restore';
const RECONCILIATION = 'com.vmware.appliance.recovery.reconciliation.job';

/** Schedules.DayOfWeek. */
export const DAYS_OF_WEEK = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/** Restore.LocationType and restore.Job.LocationType (the backup job's list). */
const LOCATION_TYPE = oneOf(['FTP', 'HTTP', 'FTPS', 'HTTPS', 'SCP', 'SFTP', 'NFS', 'SMB']);

const message = (name: string) => struct(name, { id: str, default_message: str, args: list(str) });

// ---- com.vmware.appliance.recovery ------------------------------------------------------------

export const RecoveryInfo = struct('com.vmware.appliance.recovery.info', { supported: bool });

// ---- schedules --------------------------------------------------------------------------------

export const RecurrenceInfo = struct(`${SCHEDULES}.recurrence_info`, { minute: int, hour: int, days: opt(list(oneOf(DAYS_OF_WEEK))) });
export const RetentionInfo = struct(`${SCHEDULES}.retention_info`, { max_count: int });

export const ScheduleCreateSpec = struct(`${SCHEDULES}.create_spec`, {
  parts: opt(list(str)),
  backup_password: opt(secret),
  location: str,
  location_user: opt(str),
  location_password: opt(secret),
  enable: opt(bool),
  recurrence_info: opt(RecurrenceInfo),
  retention_info: opt(RetentionInfo),
  fast_backup: opt(bool),
});

/** Schedules.UpdateSpec: the CreateSpec's fields, every one optional ("if unset the value will not be changed"). */
export const ScheduleUpdateSpec = struct(
  `${SCHEDULES}.update_spec`,
  Object.fromEntries(Object.entries(ScheduleCreateSpec.fields).map(([name, t]) => [name, t.k === 'optional' ? t : opt(t)])),
);

export const ScheduleInfo = struct(`${SCHEDULES}.info`, {
  parts: list(str),
  location: str,
  location_user: opt(str),
  enable: bool,
  recurrence_info: opt(RecurrenceInfo),
  retention_info: opt(RetentionInfo),
  fast_backup: opt(bool),
});

// ---- system names and archives ----------------------------------------------------------------

export const LocationSpec = struct(`${BACKUP}.location_spec`, { location: str, location_user: opt(str), location_password: opt(secret) });

export const ArchiveFilterSpec = struct(`${ARCHIVE}.filter_spec`, {
  start_timestamp: opt(datetime),
  end_timestamp: opt(datetime),
  comment_substring: opt(str),
  max_results: opt(int),
});

export const ArchiveInfo = struct(`${ARCHIVE}.info`, {
  timestamp: datetime,
  location: str,
  parts: list(str),
  version: str,
  system_name: str,
  comment: str,
});

export const ArchiveSummary = struct(`${ARCHIVE}.summary`, { archive: str, timestamp: datetime, version: str, comment: str });

// ---- restore ----------------------------------------------------------------------------------

/** Restore.RestoreRequest (validate). */
export const RestoreRequest = struct(`${RESTORE}.restore_request`, {
  backup_password: opt(secret),
  location_type: LOCATION_TYPE,
  location: str,
  location_user: opt(str),
  location_password: opt(secret),
  sso_admin_user_name: opt(str),
  sso_admin_user_password: opt(secret),
});

/** restore.Job.RestoreRequest (create): the same, and ignore_warnings. */
export const RestoreJobRequest = struct(`${RESTORE}.job.restore_request`, { ...RestoreRequest.fields, ignore_warnings: opt(bool) });

export const RestoreMetadata = struct(`${RESTORE}.metadata`, {
  timestamp: datetime,
  parts: list(str),
  version: str,
  boxname: str,
  sso_login_required: opt(bool),
  comment: str,
  applicable: bool,
  messages: list(message(`${RESTORE}.localizable_message`)),
});

const RestoreJobMessage = message(`${RESTORE}.job.localizable_message`);

export const RestoreJobStatus = struct(`${RESTORE}.job.restore_job_status`, { state: enumeration, messages: list(RestoreJobMessage), progress: int });

export const RestoreReturnResult = struct(`${RESTORE}.job.return_result`, { status: enumeration, messages: list(RestoreJobMessage) });

// ---- reconciliation ---------------------------------------------------------------------------

export const ReconciliationCreateSpec = struct(`${RECONCILIATION}.create_spec`, {
  sso_admin_user_name: opt(str),
  sso_admin_user_password: opt(secret),
  ignore_warnings: opt(bool),
});

export const ReconciliationInfo = struct(`${RECONCILIATION}.info`, {
  ...TASK_FIELDS,
  cancelable: opt(bool),
  error: opt(dynamic),
  start_time: opt(datetime),
  end_time: opt(datetime),
  messages: list(StdLocalizableMessage),
  progress: int,
});

// ---- operation inputs -------------------------------------------------------------------------

const input = (fields: Parameters<typeof struct>[1]) => struct('operation-input', fields);

export const INPUTS = {
  schedulesCreate: input({ schedule: str, spec: ScheduleCreateSpec }),
  schedulesUpdate: input({ schedule: str, spec: ScheduleUpdateSpec }),
  schedulesRun: input({ schedule: str, comment: opt(str) }),
  schedule: input({ schedule: str }),
  systemNameList: input({ loc_spec: LocationSpec }),
  archiveList: input({ loc_spec: LocationSpec, system_name: str, filter_spec: ArchiveFilterSpec }),
  archiveGet: input({ spec: LocationSpec, system_name: str, archive: str }),
  restoreValidate: input({ piece: RestoreRequest }),
  restoreJobCreate: input({ piece: RestoreJobRequest }),
  reconciliationCreate: input({ spec: ReconciliationCreateSpec }),
};
