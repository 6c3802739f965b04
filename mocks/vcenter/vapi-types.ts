/**
 * vAPI type descriptors of the values the backup services answer with. The JSON-RPC dialect
 * needs them: it wraps structures, optionals and secrets by type (vmware/vapi/data/serializers/
 * jsonrpc.py), and the SDK's converter rejects a bare value where an OPTIONAL is declared.
 * Names and fields are copied from the vcenter bindings (com/vmware/appliance/recovery/
 * backup_client.py, backup/job_client.py, com/vmware/cis_client.py, vapi/std/errors_client.py).
 */

export type VType =
  | { k: 'string' }
  | { k: 'int' }
  | { k: 'bool' }
  | { k: 'secret' }
  | { k: 'datetime' }
  | { k: 'enum'; values?: readonly string[] }
  | { k: 'void' }
  | { k: 'dynamic' }
  | { k: 'optional'; of: VType }
  | { k: 'list'; of: VType }
  | { k: 'map'; key: VType; value: VType }
  | { k: 'struct'; name: string; fields: Record<string, VType> };

export const str: VType = { k: 'string' };
export const int: VType = { k: 'int' };
export const bool: VType = { k: 'bool' };
export const secret: VType = { k: 'secret' };
export const datetime: VType = { k: 'datetime' };
export const enumeration: VType = { k: 'enum' };
/** An enumeration whose values an input is checked against. */
export const oneOf = (values: readonly string[]): VType => ({ k: 'enum', values });
export const voidType: VType = { k: 'void' };
export const dynamic: VType = { k: 'dynamic' };
export const opt = (of: VType): VType => ({ k: 'optional', of });
export const list = (of: VType): VType => ({ k: 'list', of });
export const map = (key: VType, value: VType): VType => ({ k: 'map', key, value });
export const struct = (name: string, fields: Record<string, VType>): Extract<VType, { k: 'struct' }> => ({
  k: 'struct',
  name,
  fields,
});

const JOB = 'com.vmware.appliance.recovery.backup.job';

/** Each service answers messages with its own copy of LocalizableMessage (same fields, own name). */
const message = (name: string) => struct(name, { id: str, default_message: str, args: list(str) });

export const StdLocalizableMessage = struct('com.vmware.vapi.std.localizable_message', {
  id: str,
  default_message: str,
  args: list(str),
  params: opt(map(str, dynamic)),
  localized: opt(str),
});

export const BackupJobStatus = struct(`${JOB}.backup_job_status`, {
  id: str,
  state: enumeration,
  messages: list(message(`${JOB}.localizable_message`)),
  progress: int,
  start_time: datetime,
  end_time: opt(datetime),
});

export const JobReturnResult = struct(`${JOB}.return_result`, {
  status: enumeration,
  messages: list(message(`${JOB}.localizable_message`)),
});

export const BackupReturnResult = struct('com.vmware.appliance.recovery.backup.return_result', {
  status: enumeration,
  messages: list(message('com.vmware.appliance.recovery.backup.localizable_message')),
});

export const PartMessage = message('com.vmware.appliance.recovery.backup.parts.localizable_message');
export const Part = struct('com.vmware.appliance.recovery.backup.parts.part', {
  id: str,
  name: PartMessage,
  description: PartMessage,
  selected_by_default: bool,
  optional: bool,
});

export const TaskProgress = struct('com.vmware.cis.task.progress', {
  total: int,
  completed: int,
  message: StdLocalizableMessage,
});

/** The fields job infos take from cis.task.Info (Details.Info, reconciliation Job.Info), in its order. */
export const TASK_FIELDS = {
  description: StdLocalizableMessage,
  service: str,
  operation: str,
  parent: opt(str),
  target: opt(dynamic),
  status: enumeration,
};

export const DetailsInfo = struct(`${JOB}.details.info`, {
  location: str,
  duration: opt(int),
  size: opt(int),
  progress: opt(TaskProgress),
  location_user: str,
  type: enumeration,
  messages: list(StdLocalizableMessage),
  build: opt(struct(`${JOB}.details.build_info`, { version_name: str, version: str, build_number: str })),
  fast_backup: opt(bool),
  ...TASK_FIELDS,
  cancelable: bool,
  error: opt(dynamic),
  start_time: opt(datetime),
  end_time: opt(datetime),
  user: opt(str),
});

export const SessionInfo = struct('com.vmware.cis.session.info', {
  user: str,
  created_time: datetime,
  last_accessed_time: datetime,
});

/** The standard error structure; every std error has these fields (Unauthenticated adds challenge). */
export const stdErrorType = (name: string) =>
  struct(name, {
    messages: list(StdLocalizableMessage),
    data: opt(dynamic),
    error_type: opt(enumeration),
  });

/** Output types by JSON-RPC service and operation. */
export const OUTPUTS: Record<string, VType> = {
  'com.vmware.cis.session.create': secret,
  'com.vmware.cis.session.delete': voidType,
  'com.vmware.cis.session.get': SessionInfo,
  [`${JOB}.create`]: BackupJobStatus,
  [`${JOB}.get`]: BackupJobStatus,
  [`${JOB}.list`]: list(str),
  [`${JOB}.cancel`]: JobReturnResult,
  [`${JOB}.details.list`]: map(str, DetailsInfo),
  'com.vmware.appliance.recovery.backup.parts.list': list(Part),
  'com.vmware.appliance.recovery.backup.parts.get': int,
  'com.vmware.appliance.recovery.backup.validate': BackupReturnResult,
};
