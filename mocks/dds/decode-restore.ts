/**
 * Decoders of the restore requests (restoring_data_to_the_original_db_instance.rst,
 * restoring_data_to_a_new_db_instance.rst, restoring_databases_and_tables_to_a_point_in_time.rst)
 * and of the restore lists' query strings, each throwing the DBS code for bad input: a missing
 * mandatory parameter or a wrong JSON type is DBS.200001, a present but invalid value the code
 * error_code.rst gives for it.
 */
import { decodeKeepDays, decodePage, decodePeriod, isObject, queryValue, validWindow, type Page, type Query } from './decode';
import { DbsError } from './errors';
import type { NodeType } from './instances';

/** Where a restore takes its data from: a backup, or a point in time of an instance. */
export type RestorePoint = { type: 'backup'; backupId: string; instanceId?: string } | { type: 'timestamp'; time: number; instanceId?: string };

export interface RestoreToOriginalInput {
  sourceInstanceId: string;
  targetInstanceId: string;
  point: RestorePoint;
}

export interface FlavorInput {
  type: NodeType;
  num?: number;
  storage?: string;
  size?: number;
  spec_code: string;
}

export interface BackupStrategyInput {
  start_time: string;
  keep_days: number;
  period?: string;
}

export interface RestoreToNewInput {
  name: string;
  availability_zone: string;
  vpc_id: string;
  subnet_id: string;
  security_group_id: string;
  password?: string;
  disk_encryption_id?: string;
  flavor: FlavorInput[];
  restore_point: RestorePoint;
  backup_strategy?: BackupStrategyInput;
  enterprise_project_id?: string;
  ssl_option: '0' | '1';
}

export interface CollectionRestore {
  old_name: string;
  new_name?: string;
  time: number;
}

export interface DatabaseRestore {
  database: string;
  /** Database level: the whole database at this time. */
  time?: number;
  collections: CollectionRestore[];
}

const param = (what: string): DbsError => new DbsError('DBS.200001', `Parameter error: ${what}.`);

function required(obj: Record<string, unknown>, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v.trim() === '') throw param(`${where}${key} is required`);
  return v;
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw param(`${where}${key} must be a string`);
  return v;
}

/** A UNIX time in milliseconds: the pages type it as a String or an Integer; both are read. */
export function decodeMillis(value: unknown, what: string): number {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw param(`${what} must be a UNIX timestamp in milliseconds`);
  return n;
}

/** An integer the page types as Integer or String (flavor num, size): both are read. */
function decodeCount(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d{1,6}$/.test(value)) return Number(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return undefined;
}

/** `source` / `restore_point`: type `backup` (the default) needs backup_id, `timestamp` needs restore_time. */
function decodePoint(obj: Record<string, unknown>, where: string, instanceId: string | undefined): RestorePoint {
  const type = obj.type === undefined || obj.type === null || obj.type === '' ? 'backup' : obj.type;
  if (type === 'backup') {
    const backupId = required(obj, 'backup_id', where);
    return instanceId === undefined ? { type, backupId } : { type, backupId, instanceId };
  }
  if (type !== 'timestamp') throw param(`${where}type must be backup or timestamp`);
  if (obj.restore_time === undefined || obj.restore_time === null) throw param(`${where}restore_time is required`);
  const time = decodeMillis(obj.restore_time, `${where}restore_time`);
  return instanceId === undefined ? { type, time } : { type, time, instanceId };
}

/** `POST /v3/{project_id}/instances/recovery`: source and target are mandatory objects. */
export function decodeRestoreToOriginal(body: unknown): RestoreToOriginalInput {
  if (!isObject(body) || !isObject(body.source) || !isObject(body.target)) {
    throw param('the request body must hold source and target objects');
  }
  const sourceInstanceId = required(body.source, 'instance_id', 'source.');
  const targetInstanceId = required(body.target, 'instance_id', 'target.');
  return { sourceInstanceId, targetInstanceId, point: decodePoint(body.source, 'source.', sourceInstanceId) };
}

/** "4 to 64 characters and must start with a letter ... letters, digits, hyphens (-), and underscores (_)." */
const INSTANCE_NAME = /^[A-Za-z][A-Za-z0-9_-]{3,63}$/;
/** "The string length and whether the string complying with UUID regular expression rules are verified." */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** "uppercase letters (A to Z), lowercase letters (a to z), digits (0 to 9), and special characters, such as ~!@#%^*-_=+?" */
const PASSWORD_CHARS = /^[A-Za-z0-9~!@#%^*\-_=+?]*$/;
const NODE_TYPES: readonly NodeType[] = ['replica', 'single', 'mongos', 'shard', 'config'];
/** spec_code as "Querying Database Specifications" answers it: dds.mongodb.<series>.<size>.<ratio>.<node kind>. */
export const SPEC_CODE = /^dds\.mongodb\.([a-z0-9]+)\.[a-z0-9]+\.\d+\.(repset|single|mongos|shard|config)$/;
const SPEC_KIND: Record<NodeType, string> = { replica: 'repset', single: 'single', mongos: 'mongos', shard: 'shard', config: 'config' };

function decodePassword(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw param('password must be a string');
  if (!PASSWORD_CHARS.test(value)) throw new DbsError('DBS.280200');
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[~!@#%^*\-_=+?]/].every((re) => re.test(value));
  if (value.length < 8 || value.length > 32 || !classes) throw new DbsError('DBS.200052');
  return value;
}

function decodeFlavor(value: unknown): FlavorInput[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) throw param('flavor must be a non-empty array of objects');
  return value.map((f: Record<string, unknown>) => {
    if (typeof f.type !== 'string' || !(NODE_TYPES as readonly string[]).includes(f.type)) throw new DbsError('DBS.280327');
    const type = f.type as NodeType;
    const specCode = required(f, 'spec_code', 'flavor.');
    const spec = SPEC_CODE.exec(specCode);
    if (!spec || spec[2] !== SPEC_KIND[type]) throw new DbsError('DBS.280239');
    const out: FlavorInput = { type, spec_code: specCode };
    if (f.num !== undefined && f.num !== null) {
      const num = decodeCount(f.num);
      if (num === undefined) throw new DbsError('DBS.280123');
      out.num = num;
    }
    if (f.size !== undefined && f.size !== null && f.size !== '') {
      const size = decodeCount(f.size);
      if (size === undefined) throw new DbsError('DBS.280266');
      if (size % 10 !== 0) throw new DbsError('DBS.200302');
      out.size = size;
    }
    const storage = optionalString(f, 'storage', 'flavor.');
    if (storage !== undefined) {
      // "Valid value: ULTRAHIGH, which indicates the type SSD."
      if (storage !== 'ULTRAHIGH') throw new DbsError('DBS.280241');
      out.storage = storage;
    }
    return out;
  });
}

/** backup_strategy (Table 5): start_time mandatory in it, keep_days 0-732 (default 7). */
function decodeStrategy(value: unknown): BackupStrategyInput | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw param('backup_strategy must be an object');
  if (typeof value.start_time !== 'string' || !validWindow(value.start_time)) throw new DbsError('DBS.280216');
  const keep = value.keep_days === undefined || value.keep_days === null ? 7 : decodeKeepDays(value.keep_days);
  const out: BackupStrategyInput = { start_time: value.start_time, keep_days: keep };
  if (value.period !== undefined && value.period !== null && keep > 0) out.period = decodePeriod(value.period, keep);
  return out;
}

/** `POST /v3/{project_id}/instances` with `restore_point` (Table 2), checked field by field in the page's order. */
export function decodeRestoreToNew(body: unknown): RestoreToNewInput {
  if (!isObject(body)) throw param('the request body must be an object');
  const name = body.name;
  if (name === undefined || name === null || name === '') throw param('name is required');
  if (typeof name !== 'string' || !INSTANCE_NAME.test(name)) throw new DbsError('DBS.280234');
  const az = required(body, 'availability_zone', '');
  const ids = (['vpc_id', 'subnet_id', 'security_group_id'] as const).map((key, i) => {
    const v = required(body, key, '');
    if (!UUID.test(v)) throw new DbsError((['DBS.280247', 'DBS.280248', 'DBS.280249'] as const)[i]);
    return v;
  });
  const password = decodePassword(body.password);
  const disk = optionalString(body, 'disk_encryption_id', '');
  if (disk !== undefined && !UUID.test(disk)) throw new DbsError('DBS.280438');
  const flavor = decodeFlavor(body.flavor);
  if (!isObject(body.restore_point)) throw param('restore_point is required');
  const pointInstance = optionalString(body.restore_point, 'instance_id', 'restore_point.');
  const point = decodePoint(body.restore_point, 'restore_point.', pointInstance === '' ? undefined : pointInstance);
  // "This parameter is mandatory when type is set to timestamp."
  if (point.type === 'timestamp' && point.instanceId === undefined) throw param('restore_point.instance_id is required');
  const strategy = decodeStrategy(body.backup_strategy);
  const project = optionalString(body, 'enterprise_project_id', '');
  if (project !== undefined && project !== '' && project !== '0' && !UUID.test(project)) throw new DbsError('DBS.280433');
  const ssl = body.ssl_option === undefined || body.ssl_option === null ? '1' : String(body.ssl_option);
  if (ssl !== '0' && ssl !== '1') throw new DbsError('DBS.239011');
  const out: RestoreToNewInput = {
    name,
    availability_zone: az,
    vpc_id: ids[0],
    subnet_id: ids[1],
    security_group_id: ids[2],
    flavor,
    restore_point: point,
    ssl_option: ssl,
  };
  if (password !== undefined) out.password = password;
  if (disk !== undefined) out.disk_encryption_id = disk;
  if (strategy !== undefined) out.backup_strategy = strategy;
  if (project !== undefined && project !== '') out.enterprise_project_id = project;
  return out;
}

/** `POST .../restore/collections`: database level needs restore_database_time, collection level each restore_collection_time. */
export function decodeRestoreCollections(body: unknown): DatabaseRestore[] {
  if (!isObject(body) || !Array.isArray(body.restore_collections) || body.restore_collections.length === 0) {
    throw param('restore_collections must be a non-empty array');
  }
  return body.restore_collections.map((entry: unknown, i: number) => {
    const where = `restore_collections[${i}].`;
    if (!isObject(entry)) throw param(`${where.slice(0, -1)} must be an object`);
    const database = required(entry, 'database', where);
    const list = entry.collections;
    if (list !== undefined && list !== null && (!Array.isArray(list) || !list.every(isObject))) throw param(`${where}collections must be an array of objects`);
    const collections = (Array.isArray(list) ? list : []).map((c: Record<string, unknown>, j: number) => {
      const cw = `${where}collections[${j}].`;
      const oldName = required(c, 'old_name', cw);
      const newName = optionalString(c, 'new_name', cw);
      if (c.restore_collection_time === undefined || c.restore_collection_time === null) throw param(`${cw}restore_collection_time is required`);
      const restore: CollectionRestore = { old_name: oldName, time: decodeMillis(c.restore_collection_time, `${cw}restore_collection_time`) };
      if (newName !== undefined && newName !== '') restore.new_name = newName;
      return restore;
    });
    const dbTime = entry.restore_database_time;
    if (collections.length === 0 && (dbTime === undefined || dbTime === null)) throw param(`${where}restore_database_time is required for a database-level restoration`);
    const out: DatabaseRestore = { database, collections };
    if (dbTime !== undefined && dbTime !== null) out.time = decodeMillis(dbTime, `${where}restore_database_time`);
    return out;
  });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `GET .../restore-time?date=yyyy-mm-dd`: the UTC day's midnight; a malformed date is DBS.280409. */
export function decodeRestoreTimeQuery(query: Query): number {
  const date = queryValue(query, 'date');
  if (date === undefined) throw param('date is required');
  const m = DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new DbsError('DBS.280409');
  return ms;
}

export interface RestoreListQuery extends Page {
  restoreTime: number;
}

/** `GET .../restore-database?restore_time=&offset=&limit=`. */
export function decodeRestoreDatabasesQuery(query: Query): RestoreListQuery {
  const time = queryValue(query, 'restore_time');
  if (time === undefined) throw param('restore_time is required');
  return { ...decodePage(query), restoreTime: decodeMillis(time, 'restore_time') };
}

/** `GET .../restore-collection?db_name=&restore_time=&offset=&limit=`. */
export function decodeRestoreCollectionsQuery(query: Query): RestoreListQuery & { database: string } {
  const database = queryValue(query, 'db_name');
  if (database === undefined) throw param('db_name is required');
  return { ...decodeRestoreDatabasesQuery(query), database };
}
