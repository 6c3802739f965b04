/**
 * Decoders of DDS requests (bodies and query strings), each throwing the DBS code its API page
 * gives for bad input.
 */
import { DbsError } from './errors';
import { parseBackupTime } from './wire';

/** A query string as the DDS door reads it: a value, repeated values (an array), or absent. */
export type Query = Readonly<Record<string, unknown>>;

export interface CreateBackupInput {
  instance_id: string;
  name: string;
  description?: string;
}

/** creating_a_manual_backup.rst Table 3: 4-64 chars, a letter first, then letters, digits, - and _. */
export const BACKUP_NAME = /^[A-Za-z][A-Za-z0-9_-]{3,63}$/;
/** "at most 256 characters and cannot contain >!<"&'=" (same table). */
export const FORBIDDEN_IN_DESCRIPTION = /[>!<"&'=]/;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Decode `POST /v3/{project_id}/backups`. A body that is not JSON, lacks the `backup` object or
 * has a bad name answers DBS.200001; a bad description DBS.280127 (error_code.rst: "Invalid
 * backup description").
 */
export function decodeCreateBackup(body: unknown): CreateBackupInput {
  if (!isObject(body) || !isObject(body.backup)) {
    throw new DbsError('DBS.200001', 'Parameter error: the request body must hold a backup object.');
  }
  const { instance_id: instanceId, name, description } = body.backup;
  if (typeof instanceId !== 'string' || instanceId.trim() === '') {
    throw new DbsError('DBS.200001', 'Parameter error: backup.instance_id is required.');
  }
  if (typeof name !== 'string' || !BACKUP_NAME.test(name)) {
    throw new DbsError(
      'DBS.200001',
      'Parameter error: backup.name must be 4 to 64 characters, start with a letter and contain only letters, digits, hyphens (-) and underscores (_).',
    );
  }
  if (description !== undefined && description !== null) {
    if (typeof description !== 'string' || [...description].length > 256 || FORBIDDEN_IN_DESCRIPTION.test(description)) {
      throw new DbsError('DBS.280127');
    }
    return { instance_id: instanceId, name, description };
  }
  return { instance_id: instanceId, name };
}

/** The last value of a query parameter, or undefined when absent or empty. */
export function queryValue(query: Query, key: string): string | undefined {
  const raw = query[key];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  return text === '' ? undefined : text;
}

export interface Page {
  offset: number;
  limit: number;
}

/** offset >= 0 (DBS.280440) and limit 1..100 (DBS.280439), defaults 0 and 100, as both list pages say. */
export function decodePage(query: Query): Page {
  const offsetText = queryValue(query, 'offset');
  const limitText = queryValue(query, 'limit');
  const offset = offsetText === undefined ? 0 : Number(offsetText);
  const limit = limitText === undefined ? 100 : Number(limitText);
  if (!Number.isInteger(offset) || offset < 0 || !/^\d+$/.test(offsetText ?? '0')) throw new DbsError('DBS.280440');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !/^\d+$/.test(limitText ?? '1')) {
    throw new DbsError('DBS.280439');
  }
  return { offset, limit };
}

export const INSTANCE_MODES = ['Sharding', 'ReplicaSet', 'Single'] as const;
export type InstanceMode = (typeof INSTANCE_MODES)[number];

function decodeMode(query: Query): InstanceMode | undefined {
  const mode = queryValue(query, 'mode');
  if (mode === undefined) return undefined;
  if (!(INSTANCE_MODES as readonly string[]).includes(mode)) {
    throw new DbsError('DBS.200001', 'Parameter error: mode must be Sharding, ReplicaSet or Single.');
  }
  return mode as InstanceMode;
}

export interface InstanceFilter extends Page {
  id?: string;
  /** Exact name, or a suffix/substring search when the doc's leading `*` is used. */
  name?: { exact: string } | { fuzzy: string };
  mode?: InstanceMode;
  datastore_type?: string;
  vpc_id?: string;
  subnet_id?: string;
  tags?: { key: string; value: string }[];
}

/** querying_instances_and_details.rst Table 1. */
export function decodeInstanceQuery(query: Query): InstanceFilter {
  const filter: InstanceFilter = { ...decodePage(query) };
  const id = queryValue(query, 'id');
  if (id !== undefined) filter.id = id;
  const name = queryValue(query, 'name');
  if (name !== undefined) {
    // "The asterisk (*) is a reserved character in the system and cannot be used alone."
    if (name === '*') throw new DbsError('DBS.200001', 'Parameter error: name cannot be * alone.');
    filter.name = name.startsWith('*') ? { fuzzy: name.slice(1) } : { exact: name };
  }
  const mode = decodeMode(query);
  if (mode) filter.mode = mode;
  for (const key of ['datastore_type', 'vpc_id', 'subnet_id'] as const) {
    const v = queryValue(query, key);
    if (v !== undefined) filter[key] = v;
  }
  const tags = queryValue(query, 'tags');
  if (tags !== undefined) {
    const pairs = tags.split(',').map((pair) => {
      const i = pair.indexOf('=');
      return i < 0 ? { key: pair, value: '' } : { key: pair.slice(0, i), value: pair.slice(i + 1) };
    });
    // "A maximum of 20 key-value pairs ... The key cannot be empty or duplicate."
    const keys = new Set(pairs.map((p) => p.key));
    if (pairs.length > 20 || pairs.some((p) => p.key === '') || keys.size !== pairs.length) {
      throw new DbsError('DBS.200001', 'Parameter error: invalid tags.');
    }
    filter.tags = pairs;
  }
  return filter;
}

export interface BackupFilter extends Page {
  instance_id?: string;
  backup_id?: string;
  backup_type?: 'Auto' | 'Manual';
  begin?: number;
  end?: number;
  mode?: InstanceMode;
}

/** querying_the_backup_list.rst Table 1; begin_time and end_time come together or not at all. */
export function decodeBackupQuery(query: Query): BackupFilter {
  const filter: BackupFilter = { ...decodePage(query) };
  const instanceId = queryValue(query, 'instance_id');
  if (instanceId !== undefined) filter.instance_id = instanceId;
  const backupId = queryValue(query, 'backup_id');
  if (backupId !== undefined) filter.backup_id = backupId;
  const type = queryValue(query, 'backup_type');
  if (type !== undefined) {
    if (type !== 'Auto' && type !== 'Manual') {
      throw new DbsError('DBS.200001', 'Parameter error: backup_type must be Auto or Manual.');
    }
    filter.backup_type = type;
  }
  const beginText = queryValue(query, 'begin_time');
  const endText = queryValue(query, 'end_time');
  if (beginText !== undefined || endText !== undefined) {
    const begin = beginText === undefined ? undefined : parseBackupTime(beginText);
    const end = endText === undefined ? undefined : parseBackupTime(endText);
    if (begin === undefined) throw new DbsError('DBS.280067');
    if (end === undefined || end < begin) throw new DbsError('DBS.280068');
    filter.begin = begin;
    filter.end = end;
  }
  const mode = decodeMode(query);
  if (mode) filter.mode = mode;
  return filter;
}

/** `GET /jobs?id=`: the id is mandatory (the job page's Table 1). */
export function decodeJobQuery(query: Query): string {
  const id = queryValue(query, 'id');
  if (id === undefined) throw new DbsError('DBS.200001', 'Parameter error: id is required.');
  return id;
}

/** `GET /backups/download-file?instance_id=&backup_id=` (dds_api_0059): both are mandatory. */
export function decodeDownloadQuery(query: Query): { instance_id: string; backup_id: string } {
  const instanceId = queryValue(query, 'instance_id');
  const backupId = queryValue(query, 'backup_id');
  if (instanceId === undefined || backupId === undefined) {
    throw new DbsError('DBS.200001', 'Parameter error: instance_id and backup_id are required.');
  }
  return { instance_id: instanceId, backup_id: backupId };
}

/** An automated backup policy (setting_an_automated_backup_policy.rst, Table 3). */
export interface BackupPolicy {
  keep_days: number;
  start_time?: string;
  period?: string;
}

const WINDOW = /^(\d\d):00-(\d\d):00$/;
const EVERY_DAY = '1,2,3,4,5,6,7';

/** "hh:mm-HH:MM": HH is hh + 1, minutes 00 on both sides (e.g. 23:00-00:00). */
export function validWindow(text: string): boolean {
  const m = WINDOW.exec(text);
  if (!m) return false;
  const [from, to] = [Number(m[1]), Number(m[2])];
  return from <= 23 && to <= 23 && (from + 1) % 24 === to;
}

/** Days of the week 1-7, comma separated, each once. */
export function validPeriod(text: string): boolean {
  const days = text.split(',');
  return days.every((d) => /^[1-7]$/.test(d)) && new Set(days).size === days.length;
}

/** Decode `PUT .../backups/policy`: keep_days 0-732 (DBS.280214), start_time (DBS.280216), period (DBS.280215). */
export function decodeBackupPolicy(body: unknown): BackupPolicy {
  if (!isObject(body) || !isObject(body.backup_policy)) {
    throw new DbsError('DBS.200001', 'Parameter error: the request body must hold a backup_policy object.');
  }
  const p = body.backup_policy;
  const keep = decodeKeepDays(p.keep_days);
  if (keep === 0) return { keep_days: 0 };
  if (typeof p.start_time !== 'string' || !validWindow(p.start_time)) {
    throw new DbsError('DBS.280216', 'Invalid backup start time.');
  }
  return { keep_days: keep, start_time: p.start_time, period: decodePeriod(p.period, keep) };
}

/** keep_days 0-732 (DBS.280214). Table 3 types it as String while the example sends a number: take both. */
export function decodeKeepDays(value: unknown): number {
  const keep = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 0 || keep > 732) {
    throw new DbsError('DBS.280214', 'Invalid retention period.');
  }
  return keep;
}

/** The backup cycle (DBS.280215); every day when absent. */
export function decodePeriod(value: unknown, keep: number): string {
  const period = value === undefined || value === null ? EVERY_DAY : value;
  // "If you set the retention period to 1 to 6 days, data is automatically backed up each day of the week."
  if (typeof period !== 'string' || !validPeriod(period) || (keep <= 6 && period !== EVERY_DAY)) {
    throw new DbsError('DBS.280215', 'Invalid backup cycle.');
  }
  return period;
}
