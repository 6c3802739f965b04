/**
 * The backupm, pager2 and scheduler call bodies as the agent reads them, by local name (VZLBackupm.xsd,
 * VZLScheduler.xsd), into the model's requests. A value the schema does not allow is the
 * agent's malformedPacket error, naming the element; nothing is read past what the call needs.
 */
import { AgentError } from './errors';
import type { BackupRequest, ConfigChange, ScheduledTask, ScheduleTrigger } from './model';
import type { FileRestoreRequest, RestoreRequest } from './restores';
import { child, childNames, children, has, text, unb64, type XmlNode } from './messages';
import type { Condition, Operand, SelectRequest } from './pager';
import { decodePacket } from './wire';

export const str = (node: unknown, name: string) => text(child(node, name)).trim();
export const eid = (node: unknown, name: string) => str(node, name).toLowerCase();

const malformed = (message: string) => new AgentError('malformedPacket', message);

/** An xs:int element within bounds, or undefined when it is absent or empty. */
function int(node: unknown, name: string, min: number, max: number, where: string): number | undefined {
  const raw = str(node, name);
  if (raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw malformed(`${where}/${name} must be an integer ${min}..${max}, got "${raw.slice(0, 64)}"`);
  return n;
}

const paths = (node: unknown) => children(node, 'path').map((p) => unb64(text(p)));

/** A backupid_type element the call cannot do without. */
function backupId(body: XmlNode, call: string): string {
  const id = str(body, 'backup_id');
  if (!id) throw malformed(`${call} needs a backup_id`);
  return id;
}

// ---------------------------------------------------------------- backupm

/** backup_env (VZLBackupm.xsd backup_optionsType), with or without xsi:type; an empty `<backup_options/>` means the defaults. */
export function readBackupRequest(body: XmlNode): BackupRequest {
  const o = child(body, 'backup_options');
  const policy = child(o, 'policy');
  const include = child(o, 'include_list');
  const exclude = child(o, 'exclude_list');
  const type = int(o, 'type', 0, 2, 'backup_options');
  const compression = int(o, 'compression', 0, 3, 'backup_options');
  const replace = str(child(o, 'remove'), 'backup');
  const server = child(body, 'backup_server');
  return {
    eids: children(child(body, 'env_list'), 'eid').map((e) => text(e).trim().toLowerCase()),
    ...(type !== undefined ? { type } : {}),
    ...(compression !== undefined ? { compression } : {}),
    ...(has(o, 'description') ? { description: unb64(text(child(o, 'description'))) } : {}),
    ignoreError: has(policy, 'ignore_error'),
    ignoreUnexistent: has(policy, 'ignore_unexistent'),
    remove: has(o, 'remove'),
    ...(replace ? { replace } : {}),
    ...(include ? { include: paths(include) } : {}),
    ...(exclude ? { exclude: [...paths(exclude), ...(has(exclude, 'hidden') ? ['<hidden>'] : []), ...(has(exclude, 'system') ? ['<system>'] : [])] } : {}),
    ...(server ? { server: text(child(server, 'address')) } : {}),
  };
}

/** restore_env: backup_id, restore_options{force}?, backup_server?, parent_eid?. */
export function readRestoreRequest(body: XmlNode): RestoreRequest {
  const parent = eid(body, 'parent_eid');
  const server = str(child(body, 'backup_server'), 'address');
  return {
    backupId: backupId(body, 'restore_env'),
    force: has(child(body, 'restore_options'), 'force'),
    ...(parent ? { parentEid: parent } : {}),
    ...(server ? { server } : {}),
  };
}

/** selective_restore_env: eid, backup_id, path+ (base64), selective_restore_options{skip_locked}?. */
export function readFileRestoreRequest(body: XmlNode): FileRestoreRequest {
  const target = eid(body, 'eid');
  if (!target) throw malformed('selective_restore_env needs an eid');
  const id = backupId(body, 'selective_restore_env');
  const list = paths(body).filter((p) => p.trim() !== '');
  if (list.length === 0) throw malformed('selective_restore_env needs at least one path');
  return { backupId: id, eid: target, paths: list, skipLocked: has(child(body, 'selective_restore_options'), 'skip_locked') };
}

export function readListRequest(body: XmlNode) {
  const o = child(body, 'options');
  return { ids: children(body, 'backup_id').map((n) => text(n).trim()), eid: eid(o, 'eid'), storageEid: eid(o, 'storage_eid'), latest: has(o, 'latest'), withInfo: has(o, 'info') };
}

export function readRemoveRequest(body: XmlNode) {
  const o = child(body, 'options');
  return { id: str(body, 'backup_id'), eid: eid(o, 'eid'), prev: has(o, 'prev') };
}

/** An xs:date (`YYYY-MM-DD`, an optional zone after it is ignored). */
function date(node: unknown, name: string): string | undefined {
  const raw = str(node, name);
  if (raw === '') return undefined;
  const day = raw.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)) || new Date(day).toISOString().slice(0, 10) !== day) {
    throw malformed(`search options/${name} must be a date YYYY-MM-DD, got "${raw.slice(0, 64)}"`);
  }
  return day;
}

export function readSearchRequest(body: XmlNode) {
  const o = child(body, 'options');
  const startDate = date(o, 'start_date');
  const endDate = date(o, 'end_date');
  return { hostname: str(o, 'hostname'), ip: str(o, 'ip'), ...(startDate ? { startDate } : {}), ...(endDate ? { endDate } : {}) };
}

/** VZLBackupm.xsd backupm_configType; fields left out keep their values. */
export function readConfig(body: XmlNode): ConfigChange {
  const cfg = child(body, 'backupm_config');
  if (cfg === undefined) throw new AgentError('noConfig', 'set_config holds no backupm_config');
  const server = child(cfg, 'backup_server');
  const field = (name: string, min: number, max: number) => int(cfg, name, min, max, 'backupm_config');
  const big = 2 ** 31 - 1;
  return {
    ...(server !== undefined ? { backupServer: { address: str(server, 'address'), port: int(server, 'port', 1, 65535, 'backup_server'), protocol: str(server, 'protocol') } } : {}),
    chainLength: field('chain_length', 0, big),
    chainDays: field('chain_days', 0, big),
    keepMax: field('keep_max', 0, big),
    compression: field('compression', 0, 3),
    type: field('type', 0, 2),
    peBackupsLimit: field('pe_backups_limit', 0, big),
  };
}

// ---------------------------------------------------------------- pager2

/** A `<where>` deeper than this is refused (a hostile packet must not exhaust the stack). */
const MAX_WHERE_DEPTH = 32;

function operand(node: XmlNode): Operand {
  const fn = child(node, 'function');
  return fn !== undefined ? { field: str(fn, 'field'), fn: str(fn, 'name') } : { field: str(node, 'field') };
}

/** A pager2 `<where>` tree: and / or / not of eq, ne, lt, gt, like. */
function condition(node: XmlNode, op: string, depth: number): Condition {
  if (depth > MAX_WHERE_DEPTH) throw new AgentError('malformedPacket', `pager2: <where> deeper than ${MAX_WHERE_DEPTH}`);
  switch (op) {
    case 'and':
    case 'or':
    case 'not':
      return { op, terms: childNames(node).flatMap((k) => children(node, k).map((n) => condition(n, k, depth + 1))) };
    case 'eq':
    case 'ne':
    case 'lt':
    case 'gt':
      return { op, operand: operand(node), value: text(child(node, 'value')) };
    case 'like':
      return { op, operand: operand(node), value: text(child(node, 'value')), escape: text(child(node, 'escape_char')) };
    default:
      throw new AgentError('malformedPacket', `pager2: unknown condition <${op}>`);
  }
}

/** pager2 select: a list (view), its fields and a `where` tree (pvamn/packet_builder.py Pager2Packet). */
export function readSelectRequest(body: XmlNode): SelectRequest {
  const where = child(body, 'where');
  return { list: str(body, 'list'), fields: children(body, 'field').map((f) => text(f).trim()), ...(where !== undefined ? { where: condition(where, 'and', 0) } : {}) };
}

// ---------------------------------------------------------------- scheduler

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'last'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Repeated elements holding numbers or (months, weekdays of month) their names. */
function list(node: unknown, name: string, min: number, max: number, names?: string[]): number[] {
  return children(node, name).map((n) => {
    const raw = text(n).trim();
    const named = names?.indexOf(raw.toLowerCase()) ?? -1;
    const v = named >= 0 ? named + min : Number(raw);
    if (!Number.isInteger(v) || v < min || v > max) throw malformed(`trigger/${name} must be ${names ? `${names[0]}..${names[names.length - 1]} or ` : ''}${min}..${max}, got "${raw.slice(0, 64)}"`);
    return v;
  });
}

function datetime(node: unknown, name: string, required: boolean): number | undefined {
  const raw = str(node, name);
  if (raw === '' && !required) return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(raw) || !Number.isFinite(ms)) throw malformed(`trigger/${name} must be a time YYYY-MM-DDThh:mm:ss+0000, got "${raw.slice(0, 64)}"`);
  return ms;
}

const KINDS = ['once', 'daily', 'weekly', 'monthly', 'monthly_day_of_week'] as const;

/** triggerType: its kind from xsi:type (`daily_triggerType`), else from the elements it has. */
function readTrigger(task: XmlNode): ScheduleTrigger {
  const t = child(child(task, 'triggers'), 'trigger');
  if (t === undefined) throw malformed('task needs triggers/trigger');
  const declared = (typeof t === 'object' ? (t.$?.type ?? '') : '').replace(/^.*:/, '').replace(/_triggerType$/, '');
  const inferred = has(t, 'weekday_of_month') ? 'monthly_day_of_week' : has(t, 'day_of_month') ? 'monthly' : has(t, 'weeks_interval') ? 'weekly' : has(t, 'days_interval') || has(t, 'workdays') || has(t, 'weekends') ? 'daily' : 'once';
  const kind = KINDS.find((k) => k === (declared || inferred));
  if (!kind) throw malformed(`unknown trigger type ${declared.slice(0, 64)}`);
  const end = datetime(t, 'end_time', false);
  const daysInterval = int(t, 'days_interval', 1, 365, 'trigger');
  const weeksInterval = int(t, 'weeks_interval', 1, 52, 'trigger');
  const daysOfWeek = list(t, 'day_of_week', 0, 6);
  const daysOfMonth = list(t, 'day_of_month', 1, 32);
  const months = list(t, 'month_of_year', 1, 12, MONTHS);
  const weekdaysOfMonth = list(t, 'weekday_of_month', 1, 6, ORDINALS);
  return {
    kind,
    start: datetime(t, 'start_time', true) ?? 0,
    ...(end !== undefined ? { end } : {}),
    ...(daysInterval !== undefined ? { daysInterval } : {}),
    ...(has(t, 'workdays') ? { workdays: true } : {}),
    ...(has(t, 'weekends') ? { weekends: true } : {}),
    ...(weeksInterval !== undefined ? { weeksInterval } : {}),
    ...(daysOfWeek.length ? { daysOfWeek } : {}),
    ...(daysOfMonth.length ? { daysOfMonth } : {}),
    ...(months.length ? { months } : {}),
    ...(weekdaysOfMonth.length ? { weekdaysOfMonth } : {}),
  };
}

/** The task's agent packet (base64): its backup_env calls are what a run does. */
function readTaskPacket(task: XmlNode, category: string): { packet: string; backups: BackupRequest[] } {
  const encoded = str(task, 'packet');
  if (!encoded) throw malformed('task needs a packet');
  const packet = unb64(encoded);
  let calls;
  try {
    calls = decodePacket(packet).calls;
  } catch (e) {
    throw malformed(`task packet: ${(e as Error).message}`);
  }
  const backups = calls.filter((c) => c.operator === 'backupm' && c.name === 'backup_env').map((c) => readBackupRequest(c.body));
  if (category === 'vz.backup.ves' && backups.length === 0) throw malformed('a vz.backup.ves task packet holds no backupm/backup_env call');
  if (backups.some((b) => b.eids.length === 0)) throw malformed('task packet: backup_env env_list holds no eid');
  return { packet, backups };
}

/** VZLScheduler.xsd taskType (add, update); `id` only when the task names one. */
export function readTask(body: XmlNode, needsId: boolean): Omit<ScheduledTask, 'id' | 'runs'> & { id?: string } {
  const task = child(body, 'task');
  if (task === undefined) throw malformed('the call needs a task');
  const id = str(task, 'id').toLowerCase();
  if (needsId && !id) throw malformed('update needs the task id');
  if (id && !GUID.test(id)) throw malformed(`task id ${id.slice(0, 64)} is not a GUID`);
  const title = unb64(str(task, 'title'));
  if (!title) throw malformed('task needs a title');
  const category = str(task, 'category');
  if (!category) throw malformed('task needs a category');
  const disabled = str(task, 'disabled').toLowerCase();
  return {
    ...(id ? { id } : {}),
    title,
    ...(has(task, 'description') ? { description: unb64(str(task, 'description')) } : {}),
    category,
    trigger: readTrigger(task),
    ...readTaskPacket(task, category),
    disabled: disabled === 'true' || disabled === '1',
  };
}

/** remove and list: a task id (guid_type); list may leave it out. */
export function readTaskId(body: XmlNode, required: boolean): string | undefined {
  const id = str(body, 'id').toLowerCase();
  if (!id && required) throw malformed('remove needs the task id');
  return id || undefined;
}
