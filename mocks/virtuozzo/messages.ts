/**
 * The content of Virtuozzo packets: reading call bodies by local name, and writing each
 * operation's answer (backups, tokens, sessions, environment lists, pager2 rows, the backupm
 * configuration, errors) in the shapes of the backup_env page (the Agent XML API reference's backupm/backup_env
 * page) and the v4 XSDs (VZLBackupm.xsd, VZLCommonTypes.xsd). The packet around them is wire.ts's.
 */
import { createXml } from '../../src/codec/xml';
import { agentError, codeOf, type ErrorCodes } from './errors';
import type { InfoParam } from './jobs';
import type { BackupmConfig, BackupRecord, BackupRequest, EnvInfo, ScheduledTask, ScheduleTrigger, StoredBackup } from './model';

// ---------------------------------------------------------------- reading

/** An xml2js node with prefixes stripped: a string, or children by local name plus `$` / `_`. */
export type XmlNode = string | { $?: Record<string, string>; _?: string; [child: string]: unknown };

export function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && Object.hasOwn(node, '_')) return String((node as { _: unknown })._ ?? '');
  return '';
}

/** Children with this local name (own properties only: `<constructor>` is an element like any other). */
export function children(node: unknown, name: string): XmlNode[] {
  if (!node || typeof node !== 'object' || !Object.hasOwn(node, name)) return [];
  const v = (node as Record<string, XmlNode | XmlNode[]>)[name];
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}
export function child(node: unknown, name: string): XmlNode | undefined {
  return children(node, name)[0];
}
export function has(node: unknown, name: string): boolean {
  return children(node, name).length > 0;
}
/** Child element names in document order of first appearance (attributes and text left out). */
export function childNames(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  return Object.keys(node).filter((k) => k !== '$' && k !== '_');
}

export function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}
export function unb64(s: string): string {
  return Buffer.from(s.trim(), 'base64').toString('utf8');
}

// ---------------------------------------------------------------- writing
// Replies are built with the project's one XML builder (xmlbuilder2 through createXml), which
// escapes text and attributes. It writes an element without children as `<a/>` and one with an
// empty text node (`.txt('')`) as `<a></a>`, the two forms the backup_env page's packets use.

/** An xmlbuilder2 element builder. */
export type XmlBuilder = ReturnType<typeof createXml>;

/** Content of an element: writes its children into `parent`. */
export type Fragment = (parent: XmlBuilder) => void;

export function fragments(parts: Fragment[]): Fragment {
  return (parent) => parts.forEach((part) => part(parent));
}

/** A child element holding `value` as text (an empty value still writes `<name></name>`). */
export function leaf(parent: XmlBuilder, name: string, value: string | number): XmlBuilder {
  return parent.ele(name).txt(String(value)).up();
}

/** `YYYY-MM-DDThh:mm:ss+0000` (VZLCommonTypes datetime_type as the backup_env page writes it). */
export function vzTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** `<ns1:ok/>`: the call succeeded and has nothing to say. */
export const OK: Fragment = (parent) => void parent.ele('ns1:ok');

/** No content: the operator element is written empty (`<ns2:backupm/>`). */
export const EMPTY: Fragment = () => undefined;

/** The error element of VZLProtocol.xsd operator_functionalType: code first, then message. */
export function errorXml(code: number, message: string): Fragment {
  return (parent) => {
    const e = parent.ele('ns1:error');
    leaf(e, 'ns1:code', code);
    leaf(e, 'ns1:message', message);
  };
}

/** Any error (the agent's, an engine error, a bug) as the agent's error element. */
export function agentErrorXml(codes: ErrorCodes, error: unknown): Fragment {
  const { name, message } = agentError(error);
  return errorXml(codeOf(codes, name), message);
}

/** `<p:tag>`: message (base64), name, translate flag, then the parameters, nested alike. */
export function infoXml(p: string, tag: string, info: InfoParam): Fragment {
  return (parent) => {
    const e = parent.ele(`${p}:${tag}`);
    leaf(e, `${p}:message`, info.message === '' ? '' : b64(info.message));
    leaf(e, `${p}:name`, info.name);
    if (info.translate) e.ele(`${p}:translate`);
    for (const x of info.parameters ?? []) infoXml(p, 'parameter', x)(e);
  };
}

// ---------------------------------------------------------------- backups

/** The `info` of a backup: the backup_env page's parameter list, in its order and translate flags. */
function backupInfo(env: EnvInfo): InfoParam {
  return {
    name: '',
    message: '',
    translate: true,
    parameters: [
      { name: 'hostname', message: env.hostname, translate: true },
      { name: 'ip', message: env.ip, translate: true },
      { name: 'name', message: env.name, translate: true },
      { name: 'os', message: '', parameters: [{ name: 'platform', message: env.platform }] },
      { name: 'parent_eid', message: env.parentEid, translate: true },
      { name: 'parent_env_title', message: env.parentTitle, translate: true },
      { name: 'title', message: env.title, translate: true },
      { name: 'type', message: env.type },
    ],
  };
}

/** The `info` of a listed backup without `<options><info/>`: empty message and name. */
const NO_INFO: InfoParam = { name: '', message: '' };

/** VZLBackupm.xsd backupType; `withInfo` false leaves its info empty (backupm list without `<info/>`). */
export function backupXml(b: BackupRecord, withInfo = true): Fragment {
  return (parent) => {
    const e = parent.ele('ns2:backup');
    leaf(e, 'ns2:eid', b.eid);
    if (b.description !== undefined) leaf(e, 'ns2:description', b64(b.description));
    leaf(e, 'ns2:count', b.count);
    leaf(e, 'ns2:id', b.id);
    leaf(e, 'ns2:time', vzTime(b.time));
    leaf(e, 'ns2:size', b.size);
    leaf(e, 'ns2:type', b.type);
    leaf(e, 'ns2:storage_eid', b.storageEid);
    infoXml('ns2', 'info', withInfo ? backupInfo(b.env) : NO_INFO)(e);
  };
}

/** backupm get_info: `info` of env_backup_dataType (the environment as backed up). */
function backupDataXml(b: StoredBackup): Fragment {
  const env = b.env;
  return (parent) => {
    const e = parent.ele('ns2:info').ele('ns2:env');
    leaf(e, 'ns3:eid', env.eid);
    leaf(e, 'ns3:parent_eid', env.parentEid);
    const config = e.ele('ns3:virtual_config');
    leaf(config, 'ns3:hostname', env.hostname);
    leaf(config, 'ns3:name', env.name);
    leaf(config, 'ns3:title', env.title);
  };
}

function configXml(c: BackupmConfig): Fragment {
  const server = c.backupServer;
  return (parent) => {
    const e = parent.ele('ns2:backupm_config');
    const s = e.ele('ns2:backup_server');
    if (server.protocol) leaf(s, 'ns3:protocol', server.protocol);
    leaf(s, 'ns3:address', server.address);
    if (server.port !== undefined) leaf(s, 'ns3:port', server.port);
    leaf(e, 'ns2:chain_length', c.chainLength);
    leaf(e, 'ns2:chain_days', c.chainDays);
    leaf(e, 'ns2:keep_max', c.keepMax);
    leaf(e, 'ns2:compression', c.compression);
    leaf(e, 'ns2:type', c.type);
    leaf(e, 'ns2:pe_backups_limit', c.peBackupsLimit);
  };
}

// ---------------------------------------------------------------- sessions

/** sidType is base64Binary; a Windows-style SID text stands in for the agent's binary SID. */
function userSid(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `S-1-5-21-4000-${h % 100000}-${name === 'root' ? 0 : 1000}`;
}

/** vzlt:tokenType: user SID and group SIDs, base64 (VZLCommonTypes.xsd sidType). */
function tokenXml(user: string): Fragment {
  return (parent) => {
    const e = parent.ele('ns2:token');
    leaf(e, 'ns3:user', b64(userSid(user)));
    leaf(e.ele('ns3:groups'), 'ns3:sid', b64(user === 'root' ? 'S-1-5-32-544' : 'S-1-5-32-545'));
  };
}

// ---------------------------------------------------------------- scheduler

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ORDINALS = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Last'];

/** triggerType with its xsi:type (VZLScheduler.xsd), in the schema's element order. */
function triggerXml(t: ScheduleTrigger): Fragment {
  return (parent) => {
    const e = parent.ele('ns2:trigger').att('xsi:type', `ns2:${t.kind}_triggerType`);
    leaf(e, 'ns2:start_time', vzTime(t.start));
    if (t.end !== undefined) leaf(e, 'ns2:end_time', vzTime(t.end));
    if (t.kind === 'daily') {
      if (t.workdays) e.ele('ns2:workdays');
      else if (t.weekends) e.ele('ns2:weekends');
      else leaf(e, 'ns2:days_interval', t.daysInterval ?? 1);
    }
    if (t.kind === 'weekly') leaf(e, 'ns2:weeks_interval', t.weeksInterval ?? 1);
    if (t.kind === 'weekly' || t.kind === 'monthly_day_of_week') for (const d of t.daysOfWeek ?? [new Date(t.start).getUTCDay()]) leaf(e, 'ns2:day_of_week', d);
    if (t.kind === 'monthly') for (const d of t.daysOfMonth ?? [new Date(t.start).getUTCDate()]) leaf(e, 'ns2:day_of_month', d);
    if (t.kind === 'monthly_day_of_week') for (const n of t.weekdaysOfMonth ?? [1]) leaf(e, 'ns2:weekday_of_month', ORDINALS[n - 1]);
    if (t.kind === 'monthly' || t.kind === 'monthly_day_of_week') for (const m of t.months ?? MONTHS.map((_, i) => i + 1)) leaf(e, 'ns2:month_of_year', MONTHS[m - 1]);
  };
}

/** The packet a task made from a scenario runs: its backup_env calls, as a client would write them. */
export function backupPacket(requests: BackupRequest[]): string {
  const doc = createXml();
  const packet = doc.ele('packet').att('version', '4.0.0');
  leaf(packet, 'target', 'backupm');
  const op = packet.ele('data').ele('backupm');
  for (const r of requests) {
    const call = op.ele('backup_env');
    const envs = call.ele('env_list');
    for (const eid of r.eids) leaf(envs, 'eid', eid);
    const o = call.ele('backup_options');
    if (r.type !== undefined) leaf(o, 'type', r.type);
    if (r.compression !== undefined) leaf(o, 'compression', r.compression);
    if (r.description !== undefined) leaf(o, 'description', b64(r.description));
  }
  return doc.end({ headless: true });
}

/** VZLScheduler.xsd taskType, next_start when it will run again. */
function taskXml(task: ScheduledTask, nextStart: number | undefined): Fragment {
  return (parent) => {
    const e = parent.ele('ns2:task');
    leaf(e, 'ns2:id', task.id);
    leaf(e, 'ns2:title', b64(task.title));
    if (task.description !== undefined) leaf(e, 'ns2:description', b64(task.description));
    leaf(e, 'ns2:category', task.category);
    triggerXml(task.trigger)(e.ele('ns2:triggers'));
    if (nextStart !== undefined) leaf(e, 'ns2:next_start', vzTime(nextStart));
    leaf(e, 'ns2:packet', b64(task.packet ?? backupPacket(task.backups)));
    leaf(e, 'ns2:disabled', task.disabled ? 'true' : 'false');
  };
}

// ---------------------------------------------------------------- answers

/** What an operation answers, in the agent's terms; `answerXml` writes it. */
export type Answer =
  | { kind: 'ok' }
  | { kind: 'token'; user: string }
  | { kind: 'session'; sessionId: string; user: string }
  /** Errors first (the connector reads the packet's first `<code>`); `<ok/>` when `okWhenNone` and nothing to say. */
  | { kind: 'backups'; backups: StoredBackup[]; errors: unknown[]; withInfo: boolean; okWhenNone?: boolean }
  | { kind: 'backupData'; backup: StoredBackup }
  | { kind: 'config'; config: BackupmConfig }
  | { kind: 'eids'; eids: string[] }
  | { kind: 'tasks'; tasks: Array<{ task: ScheduledTask; nextStart: number | undefined }> }
  /** pager2 rows: each row's values in field-name order. */
  | { kind: 'rows'; rows: string[][] };

export function answerXml(a: Answer, codes: ErrorCodes): Fragment {
  switch (a.kind) {
    case 'ok':
      return OK;
    case 'token':
      return tokenXml(a.user);
    case 'session':
      return fragments([(parent) => void leaf(parent, 'ns2:session_id', a.sessionId), tokenXml(a.user)]);
    case 'backups': {
      const parts = [...a.errors.map((e) => agentErrorXml(codes, e)), ...a.backups.map((b) => backupXml(b, a.withInfo))];
      return parts.length === 0 && a.okWhenNone ? OK : fragments(parts);
    }
    case 'backupData':
      return backupDataXml(a.backup);
    case 'config':
      return configXml(a.config);
    case 'tasks':
      return fragments(a.tasks.map((t) => taskXml(t.task, t.nextStart)));
    case 'eids':
      return (parent) => a.eids.forEach((eid) => leaf(parent, 'ns2:eid', eid));
    case 'rows':
      return (parent) => {
        for (const values of a.rows) {
          // A newline before and after each value: the connector splits row.text on newlines.
          const row = parent.ele('ns2:row').txt('\n');
          for (const v of values) row.ele('ns2:value').txt(v ? b64(v) : '').up().txt('\n');
        }
      };
  }
}

/** Whether an answer carries an error element (the journal then says 400). */
export function answerHasError(a: Answer): boolean {
  return a.kind === 'backups' && a.errors.length > 0;
}
