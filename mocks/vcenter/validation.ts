/**
 * Input rules for a backup request (Job.BackupRequest / Backup.BackupRequest), shared by the
 * three dialects once their envelopes are unwrapped. Type and presence checks come first, as
 * the vAPI runtime does them before the appliance sees the call (message ids from the SDK's
 * settings/runtime.properties); then the appliance's own rules from the vSphere Automation API
 * reference's "Create Recovery Backup Job" page. Unknown fields are ignored like the real API.
 * Schedules, archive filters and restore requests are type-checked by `readInput` (codec.ts);
 * their appliance rules follow at the end.
 */
import { errors, VapiError } from './errors';
import type { DayOfWeek } from './recovery-types';

export const BACKUP_REQUEST = 'com.vmware.appliance.recovery.backup.job.backup_request';

/** Job.LocationType (the Create Recovery Backup Job page). */
export const LOCATION_TYPES = ['FTP', 'HTTP', 'FTPS', 'HTTPS', 'SCP', 'SFTP', 'NFS', 'SMB'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

export interface BackupRequest {
  parts: string[];
  backup_password?: string;
  location_type: LocationType;
  location: string;
  location_user?: string;
  location_password?: string;
  comment?: string;
  fast_backup?: boolean;
}

const MSG = 'com.vmware.applmgmt.backup';

/**
 * Validate a decoded backup request against the appliance's known part ids.
 * `null` counts as unset, which is how the JSON-RPC dialect sends unset optionals.
 */
export function validateBackupRequest(raw: unknown, knownParts: string[], structure = BACKUP_REQUEST): BackupRequest {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw errors.missingField('operation-input', 'piece');
  }
  const piece = raw as Record<string, unknown>;
  const present = (k: string) => piece[k] !== undefined && piece[k] !== null;
  const invalidField = (k: string) =>
    new VapiError('INVALID_ARGUMENT', [
      { id: 'vapi.data.structure.field.invalid', default_message: `Found invalid field "${k}" in structure "${structure}".`, args: [k, structure] },
    ]);

  for (const k of ['parts', 'location_type', 'location']) if (!present(k)) throw errors.missingField(structure, k);
  if (!Array.isArray(piece.parts) || piece.parts.some((p) => typeof p !== 'string')) throw invalidField('parts');
  for (const k of ['location_type', 'location']) if (typeof piece[k] !== 'string') throw invalidField(k);
  for (const k of ['backup_password', 'location_user', 'location_password', 'comment']) {
    if (present(k) && typeof piece[k] !== 'string') throw invalidField(k);
  }
  if (present('fast_backup') && typeof piece.fast_backup !== 'boolean') throw invalidField('fast_backup');

  const parts = piece.parts as string[];
  checkParts(parts, knownParts);
  const locationType = piece.location_type as string;
  if (!(LOCATION_TYPES as readonly string[]).includes(locationType)) {
    throw errors.invalidArgument(
      `${MSG}.err_invalid_location_type`,
      `Invalid location type '${locationType}'. It must be one of ${LOCATION_TYPES.join(' ')}.`,
      [locationType],
    );
  }
  const location = piece.location as string;
  checkLocation(location, locationType as LocationType);

  if (present('backup_password')) checkBackupPassword(piece.backup_password as string);

  return {
    parts,
    location_type: locationType as LocationType,
    location,
    ...(present('backup_password') ? { backup_password: piece.backup_password as string } : {}),
    ...(present('location_user') ? { location_user: piece.location_user as string } : {}),
    ...(present('location_password') ? { location_password: piece.location_password as string } : {}),
    ...(present('comment') ? { comment: piece.comment as string } : {}),
    ...(present('fast_backup') ? { fast_backup: piece.fast_backup as boolean } : {}),
  };
}

export function checkParts(parts: readonly string[], knownParts: readonly string[]): void {
  for (const part of parts) {
    if (!knownParts.includes(part)) {
      throw errors.invalidArgument(`${MSG}.err_unknown_part`, `Unknown backup part '${part}'. Known parts: ${knownParts.join(', ')}.`, [part]);
    }
  }
}

const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/[^/\s]+/;

/** The scheme of a location URL, upper-cased; INVALID_ARGUMENT when the location is empty or no URL. */
function schemeOf(location: string, example: string): string {
  if (location.trim() === '') throw errors.invalidArgument(`${MSG}.err_location_required`, 'The backup location is required.');
  const scheme = URL_SCHEME.exec(location)?.[1];
  if (!scheme) {
    throw errors.invalidArgument(`${MSG}.err_invalid_location`, `Invalid backup location '${location}'. Expected a URL such as ${example}://host/path.`, [location]);
  }
  return scheme.toUpperCase();
}

/** The location type a location URL's scheme names (schedules carry no location type). */
export function locationTypeOf(location: string): LocationType {
  const scheme = schemeOf(location, 'sftp');
  if (!(LOCATION_TYPES as readonly string[]).includes(scheme)) {
    throw errors.invalidArgument(`${MSG}.err_invalid_location`, `Invalid backup location '${location}'. Its scheme must be one of ${LOCATION_TYPES.join(' ')}.`, [location]);
  }
  return scheme as LocationType;
}

/** The location is a URL whose scheme is the location type. */
export function checkLocation(location: string, locationType: LocationType): void {
  if (schemeOf(location, locationType.toLowerCase()) !== locationType) {
    throw errors.invalidArgument(`${MSG}.err_location_type_mismatch`, `The location '${location}' does not match the location type ${locationType}.`, [location, locationType]);
  }
}

/** The Create Recovery Backup Job page's backupPassword rules, each with its own message so the caller knows which failed. */
const PASSWORD_RULES: [RegExp | ((p: string) => boolean), string, string][] = [
  [(p) => p.length >= 8 && p.length <= 20, 'length', 'The backup password must be 8 to 20 characters long.'],
  [/^[\x21-\x7e]*$/, 'charset', 'The backup password may only contain visible ASCII characters (no spaces).'],
  [/[A-Z]/, 'uppercase', 'The backup password must contain at least one uppercase letter.'],
  [/[a-z]/, 'lowercase', 'The backup password must contain at least one lowercase letter.'],
  [/[0-9]/, 'digit', 'The backup password must contain at least one numeric digit.'],
  [/[^0-9a-zA-Z]/, 'special', 'The backup password must contain at least one special character (not 0-9, a-z, A-Z).'],
];

export function checkBackupPassword(password: string): void {
  for (const [rule, name, text] of PASSWORD_RULES) {
    const ok = typeof rule === 'function' ? rule(password) : rule.test(password);
    if (!ok) throw errors.invalidArgument(`${MSG}.err_password_${name}`, text);
  }
}

// ---- schedules, catalogue and restore: the appliance's rules once readInput checked the types ----

/** Schedules.CreateSpec / UpdateSpec as read (every field of an update is optional). */
export interface ScheduleSpec {
  parts?: string[];
  backup_password?: string;
  location?: string;
  location_user?: string;
  location_password?: string;
  enable?: boolean;
  recurrence_info?: { minute: number; hour: number; days?: DayOfWeek[] };
  retention_info?: { max_count: number };
  fast_backup?: boolean;
}

const SCHEDULES = `${MSG}.schedules`;

export function checkScheduleId(id: string): void {
  if (id.trim() === '') throw errors.invalidArgument(`${SCHEDULES}.err_invalid_id`, 'The schedule identifier must not be empty.');
}

/** Parts known, location a URL of a supported scheme, the password rules, a time of day, a positive retention. */
export function checkScheduleSpec(spec: ScheduleSpec, knownParts: readonly string[]): void {
  if (spec.parts) checkParts(spec.parts, knownParts);
  if (spec.location !== undefined) locationTypeOf(spec.location);
  if (spec.backup_password !== undefined) checkBackupPassword(spec.backup_password);
  const r = spec.recurrence_info;
  if (r && (r.minute < 0 || r.minute > 59)) {
    throw errors.invalidArgument(`${SCHEDULES}.err_invalid_minute`, `Invalid minute ${r.minute}: it must be 0 to 59.`, [String(r.minute)]);
  }
  if (r && (r.hour < 0 || r.hour > 23)) {
    throw errors.invalidArgument(`${SCHEDULES}.err_invalid_hour`, `Invalid hour ${r.hour}: it must be 0 to 23 (24-hour clock).`, [String(r.hour)]);
  }
  const max = spec.retention_info?.max_count;
  if (max !== undefined && max < 1) {
    throw errors.invalidArgument(`${SCHEDULES}.err_invalid_retention`, `Invalid retention count ${max}: at least one backup must be retained.`, [String(max)]);
  }
}

/** Restore.RestoreRequest / restore.Job.RestoreRequest as read. */
export interface RestoreRequest {
  backup_password?: string;
  location_type: LocationType;
  location: string;
  location_user?: string;
  location_password?: string;
  sso_admin_user_name?: string;
  sso_admin_user_password?: string;
  ignore_warnings?: boolean;
}

export function checkRestoreRequest(piece: RestoreRequest): void {
  checkLocation(piece.location, piece.location_type);
}

/** Archive.FilterSpec: a count that is not negative, a time range that is not reversed. */
export function checkArchiveFilter(filter: { start_timestamp?: number; end_timestamp?: number; max_results?: number }): void {
  if (filter.max_results !== undefined && filter.max_results < 0) {
    throw errors.invalidArgument(`${MSG}.archive.err_invalid_max_results`, `Invalid max_results ${filter.max_results}: it must not be negative.`, [String(filter.max_results)]);
  }
  if (filter.start_timestamp !== undefined && filter.end_timestamp !== undefined && filter.start_timestamp > filter.end_timestamp) {
    throw errors.invalidArgument(`${MSG}.archive.err_invalid_range`, 'The filter start_timestamp is after its end_timestamp.');
  }
}
