import type { Job } from './jobs/engine';

/**
 * State snapshots (`GET /state`, `PUT /state`, Engine.snapshot/restore): a value codec for vendor
 * state and job data, here; the envelope's schemas, checked before anything is applied, in
 * src/snapshot-schema.ts (loaded only by a restore, so that serving never loads zod).
 *
 * The codec is JSON plus what id-keyed tables need: `Map`, `Set`, `Date` and null-prototype
 * objects round-trip (a table keyed by client-chosen ids such as `__proto__` must not be a plain
 * object). Tagged values are one-key objects: {"$map": [[k, v], ...]}, {"$set": [...]},
 * {"$date": "ISO"}, {"$null": {...}}; a plain object that happens to look like a tag is
 * wrapped as {"$object": {...}}, so every value decodes to what was encoded.
 */
export const SNAPSHOT_FORMAT = 'backup-mocks/state@1';

/** A snapshot as JSON carries it: vendor states and job data encoded with encodeValue. */
export interface StateSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  clock: { now: number; mode: 'real' | 'scaled' | 'manual'; scale: number };
  /** tenant id -> vendor -> encoded state */
  tenancy: { tenants: Record<string, Record<string, unknown>>; principals: Array<[string, string]> };
  jobs: { jobs: Job[]; counters: Record<string, number>; seq: number };
  rules: Array<{ id: number; seen: number; fired: number }>;
  jobRuleUses: number[];
}

const TAGS = new Set(['$map', '$set', '$date', '$null', '$object']);
/** Deeper vendor state is refused: a snapshot is data, and both walks below recurse. */
const MAX_DEPTH = 200;

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export function define(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a key named `__proto__` stays an ordinary own key.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function looksTagged(keys: string[]): boolean {
  return keys.length === 1 && TAGS.has(keys[0]);
}

/** A JSON-safe copy of a value, with Map, Set, Date and null-prototype objects tagged. */
export function encodeValue(value: unknown, depth = 0, seen = new Set<object>()): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') throw new SnapshotError(`cannot snapshot a ${typeof value}`);
    return value;
  }
  if (depth > MAX_DEPTH) throw new SnapshotError(`state nested deeper than ${MAX_DEPTH} levels`);
  if (seen.has(value)) throw new SnapshotError('state has a cycle');
  seen.add(value);
  try {
    const next = (v: unknown) => encodeValue(v, depth + 1, seen);
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : next(v)));
    if (value instanceof Map) return { $map: [...value].map(([k, v]) => [next(k), next(v)]) };
    if (value instanceof Set) return { $set: [...value].map(next) };
    if (value instanceof Date) return { $date: value.toISOString() };
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (const k of keys) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined && typeof v !== 'function') define(out, k, next(v));
    }
    if (Object.getPrototypeOf(value) === null) return { $null: out };
    return looksTagged(keys) ? { $object: out } : out;
  } finally {
    seen.delete(value);
  }
}

/** The inverse of encodeValue, for JSON-parsed input. */
export function decodeValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) throw new SnapshotError(`state nested deeper than ${MAX_DEPTH} levels`);
  const next = (v: unknown) => decodeValue(v, depth + 1);
  if (Array.isArray(value)) return value.map(next);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (looksTagged(keys)) {
    const [tag] = keys;
    const body = record[tag];
    if (tag === '$map' && Array.isArray(body)) {
      return new Map(
        body.map((pair) => {
          if (!Array.isArray(pair) || pair.length !== 2) throw new SnapshotError('a $map entry is a [key, value] pair');
          return [next(pair[0]), next(pair[1])] as const;
        }),
      );
    }
    if (tag === '$set' && Array.isArray(body)) return new Set(body.map(next));
    if (tag === '$date' && typeof body === 'string' && Number.isFinite(Date.parse(body))) return new Date(body);
    if ((tag === '$null' || tag === '$object') && body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const out: Record<string, unknown> = tag === '$null' ? Object.create(null) : {};
      for (const k of Object.keys(body)) define(out, k, next((body as Record<string, unknown>)[k]));
      return out;
    }
    throw new SnapshotError(`malformed ${tag} value`);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) define(out, k, next(record[k]));
  return out;
}
