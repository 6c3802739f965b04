/**
 * pager2/select over the agent's state, the way Virtuozzo's Python connector reads it
 * (pvamn/packet_builder.py Pager2Packet): a list (view), its fields in name order (the connector
 * zips the values with alphabetically sorted names) and a `where` tree. Rows are Maps: field
 * names come from clients.
 */
import { AgentError } from './errors';
import { SYSTEM_REALM, type VirtuozzoState } from './model';
import { like } from './wildcards';

type Row = Map<string, string>;

const row = (o: Record<string, string>): Row => new Map(Object.entries(o));

/** The views the connector selects from. */
const VIEWS = new Map<string, (s: VirtuozzoState) => Row[]>([
  [
    'vEnvironments',
    (s) => [
      ...[...s.nodes.values()].map((n) => row({ eid: n.eid, env_type_name: 'hn', state: '6', name: n.title, title: n.title, hostname: n.title, parent_title: '', parent_eid: SYSTEM_REALM, ip_text: '' })),
      ...[...s.environments.values()].map((e) =>
        row({ eid: e.eid, env_type_name: e.type, state: String(e.state), name: e.name, title: e.title, hostname: e.hostname, parent_title: e.parentTitle, parent_eid: e.parentEid, ip_text: e.ip }),
      ),
    ],
  ],
  [
    'vHosts',
    (s) =>
      [...s.nodes.values()].map((n) =>
        row({
          eid: n.eid,
          hostname: n.title,
          state: '6',
          cpu: '12.5',
          disk: '41.0',
          disk_usage: '41.0',
          memory: '35.5',
          memory_usage: '35.5',
          total_envs: String([...s.environments.values()].filter((e) => e.parentEid === n.eid).length),
        }),
      ),
  ],
  [
    'vBackupUnGrouped',
    (s) => [...s.backups.values()].map((b) => row({ container_eid: b.eid, id: b.id, size: String(b.size), storage_title: s.storage.title, time: isoTime(b.time), type: String(b.type) })),
  ],
  [
    'vBackupGrouped',
    (s) => {
      const seen = new Map<string, Row>();
      for (const b of s.backups.values()) seen.set(b.eid, row({ env_id: b.eid, env_title: b.env.title, node_title: b.env.parentTitle }));
      return [...seen.values()];
    },
  ],
]);

/** `YYYY-MM-DDThh:mm:ss+0000`, as the agent writes times. */
function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** A field, or a function of one (`upper(env_title)`). */
export interface Operand {
  field: string;
  fn?: string;
}

export type Condition =
  | { op: 'and' | 'or' | 'not'; terms: Condition[] }
  | { op: 'eq' | 'ne' | 'lt' | 'gt'; operand: Operand; value: string }
  | { op: 'like'; operand: Operand; value: string; escape: string };

export interface SelectRequest {
  list: string;
  fields: string[];
  where?: Condition;
}

function valueOf(o: Operand, r: Row): string {
  const v = r.get(o.field) ?? '';
  const fn = o.fn?.toLowerCase();
  return fn === 'upper' ? v.toUpperCase() : fn === 'lower' ? v.toLowerCase() : v;
}

function matches(c: Condition, r: Row): boolean {
  switch (c.op) {
    case 'and':
      return c.terms.every((t) => matches(t, r));
    case 'or':
      return c.terms.some((t) => matches(t, r));
    case 'not':
      return !c.terms.every((t) => matches(t, r));
    case 'eq':
      return valueOf(c.operand, r) === c.value;
    case 'ne':
      return valueOf(c.operand, r) !== c.value;
    case 'lt':
      return Number(valueOf(c.operand, r)) < Number(c.value);
    case 'gt':
      return Number(valueOf(c.operand, r)) > Number(c.value);
    case 'like':
      return like(valueOf(c.operand, r), c.value, c.escape);
  }
}

/** The rows of a view that pass `where`, each as its values in field-name order ('' for none). */
export function select(state: VirtuozzoState, q: SelectRequest): string[][] {
  const view = VIEWS.get(q.list);
  if (!view) throw new AgentError('unknownCall', `pager2: unknown list ${q.list}`);
  const fields = [...q.fields].sort();
  const where = q.where;
  const rows = where ? view(state).filter((r) => matches(where, r)) : view(state);
  return rows.map((r) => fields.map((f) => r.get(f) ?? ''));
}
