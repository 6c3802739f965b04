/**
 * pager2/select over the emulator's state, the way Virtuozzo's Python connector reads it
 * (pvamn/packet_builder.py Pager2Packet): `<select><list>vEnvironments</list><field>..</field>
 * <where>..</where></select>`. Each `<row>` holds one base64 `<value>` per line, columns in
 * field-name order (the connector zips them with alphabetically sorted names and splits
 * `row.text` on newlines, an empty value making an empty line). Also backup_subscriber/reload_all.
 */
import type { CallContext, CallHandler } from './call';
import { AgentError } from './errors';
import { SYSTEM_REALM } from './model';
import { b64, child, childNames, children, fragment, OK, text, vzTime, type XmlNode } from './wire';

type Row = Record<string, string>;

/** The views the connector selects from, as rows of strings. */
const VIEWS: Record<string, (c: CallContext) => Row[]> = {
  vEnvironments: (c) => [
    ...c.state.nodes.map((n) => ({ eid: n.eid, env_type_name: 'hn', state: '6', name: n.title, title: n.title, hostname: n.title, parent_title: '', parent_eid: SYSTEM_REALM, ip_text: '' })),
    ...c.state.environments.map((e) => ({
      eid: e.eid,
      env_type_name: e.type,
      state: String(e.state),
      name: e.name,
      title: e.title,
      hostname: e.hostname,
      parent_title: e.parentTitle,
      parent_eid: e.parentEid,
      ip_text: e.ip,
    })),
  ],
  vHosts: (c) =>
    c.state.nodes.map((n) => ({
      eid: n.eid,
      hostname: n.title,
      state: '6',
      cpu: '12.5',
      disk: '41.0',
      disk_usage: '41.0',
      memory: '35.5',
      memory_usage: '35.5',
      total_envs: String(c.state.environments.filter((e) => e.parentEid === n.eid).length),
    })),
  vBackupUnGrouped: (c) =>
    c.state.backups.map((b) => ({ container_eid: b.eid, id: b.id, size: String(b.size), storage_title: c.state.storage.title, time: vzTime(b.time), type: String(b.type) })),
  vBackupGrouped: (c) => {
    const seen = new Map<string, Row>();
    for (const b of c.state.backups) seen.set(b.eid, { env_id: b.eid, env_title: b.env.title, node_title: b.env.parentTitle });
    return [...seen.values()];
  },
};

/**
 * SQL LIKE with % and _, the escape char taken literally after it; case-insensitive as in the
 * common SQL defaults: the connector matches `upper(env_title)` against a name it does not upper-case.
 */
function like(value: string, pattern: string, escape: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (escape && ch === escape && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is').test(value);
}

function operand(node: XmlNode | undefined, row: Row): string {
  const fn = child(node, 'function');
  if (fn !== undefined) {
    const v = row[text(child(fn, 'field')).trim()] ?? '';
    const name = text(child(fn, 'name')).trim().toLowerCase();
    return name === 'upper' ? v.toUpperCase() : name === 'lower' ? v.toLowerCase() : v;
  }
  return row[text(child(node, 'field')).trim()] ?? '';
}

/** Evaluate a `<where>` tree: and / or / not of eq, ne, lt, gt, like. */
function matches(cond: XmlNode, op: string, row: Row): boolean {
  const value = text(child(cond, 'value'));
  switch (op) {
    case 'and':
      return childNames(cond).every((k) => children(cond, k).every((n) => matches(n, k, row)));
    case 'or':
      return childNames(cond).some((k) => children(cond, k).some((n) => matches(n, k, row)));
    case 'not':
      return !childNames(cond).every((k) => children(cond, k).every((n) => matches(n, k, row)));
    case 'eq':
      return operand(cond, row) === value;
    case 'ne':
      return operand(cond, row) !== value;
    case 'lt':
      return Number(operand(cond, row)) < Number(value);
    case 'gt':
      return Number(operand(cond, row)) > Number(value);
    case 'like':
      return like(operand(cond, row), value, text(child(cond, 'escape_char')));
    default:
      throw new AgentError('malformedPacket', `pager2: unknown condition <${op}>`);
  }
}

export const pagerSelect: CallHandler = (body, c) => {
  const list = text(child(body, 'list')).trim();
  const view = VIEWS[list];
  if (!view) throw new AgentError('unknownCall', `pager2: unknown list ${list}`);
  const fields = children(body, 'field').map((f) => text(f).trim()).sort();
  const where = child(body, 'where');
  let rows = view(c);
  if (where !== undefined) rows = rows.filter((r) => matches(where, 'and', r));
  return fragment((parent) => {
    for (const r of rows) {
      // A newline before and after each value: the connector splits row.text on newlines.
      const row = parent.ele('ns2:row').txt('\n');
      for (const f of fields) row.ele('ns2:value').txt(r[f] ? b64(r[f]) : '').up().txt('\n');
    }
  });
};

/** backup_subscriber/reload_all: the connector refreshes the backup index; ours is always current. */
export const reloadAll: CallHandler = () => OK;
