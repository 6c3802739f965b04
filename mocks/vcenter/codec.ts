/**
 * Value encoders for the three vCenter dialects, driven by the vAPI type descriptors.
 * - JSON-RPC (vmware/vapi/data/serializers/jsonrpc.py): `{"STRUCTURE":{name:{...}}}`,
 *   `{"OPTIONAL":v|null}`, `{"SECRET":s}`, maps as lists of `map-entry` structures.
 * - `/rest` (cleanjson.py, vAPI-REST): plain JSON, unset optionals left out, maps as
 *   `[{"key":k,"value":v}]`.
 * - `/api` (the OpenAPI file): plain JSON, unset optionals left out, maps as JSON objects.
 */
import { MockError } from '../../src/errors';
import { errors } from './errors';
import type { VType } from './vapi-types';

export type Dialect = 'api' | 'rest' | 'jsonrpc';

/** Encode a plain value (undefined/null = unset optional) for one dialect. */
export function encodeValue(type: VType, value: unknown, dialect: Dialect): unknown {
  return dialect === 'jsonrpc' ? encodeRpc(type, value) : encodeClean(type, value, dialect);
}

function encodeRpc(type: VType, value: unknown): unknown {
  switch (type.k) {
    case 'optional':
      return { OPTIONAL: value === undefined || value === null ? null : encodeRpc(type.of, value) };
    case 'secret':
      return { SECRET: String(value) };
    case 'void':
      return null;
    case 'list':
      return asArray(value).map((v) => encodeRpc(type.of, v));
    case 'map':
      return entriesOf(value).map(([k, v]) => ({
        STRUCTURE: { 'map-entry': { key: encodeRpc(type.key, k), value: encodeRpc(type.value, v) } },
      }));
    case 'struct':
      return { STRUCTURE: { [type.name]: encodeFieldsRpc(type.fields, asObject(value)) } };
    case 'dynamic':
      return value ?? null;
    default:
      return value;
  }
}

/** Every declared field is sent, unset optionals as `{"OPTIONAL":null}`, as the vAPI server does. */
export function encodeFieldsRpc(fields: Record<string, VType>, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(fields)) {
    if (t.k !== 'optional' && value[name] === undefined) continue;
    out[name] = encodeRpc(t, value[name]);
  }
  return out;
}

function encodeClean(type: VType, value: unknown, dialect: 'api' | 'rest'): unknown {
  switch (type.k) {
    case 'optional':
      return value === undefined || value === null ? undefined : encodeClean(type.of, value, dialect);
    case 'void':
      return undefined;
    case 'list':
      return asArray(value).map((v) => encodeClean(type.of, v, dialect));
    case 'map': {
      const entries = entriesOf(value).map(([k, v]) => [k, encodeClean(type.value, v, dialect)] as const);
      return dialect === 'api' ? Object.fromEntries(entries) : entries.map(([key, v]) => ({ key, value: v }));
    }
    case 'struct': {
      const obj = asObject(value);
      const out: Record<string, unknown> = {};
      for (const [name, t] of Object.entries(type.fields)) {
        const v = encodeClean(t, obj[name], dialect);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    default:
      return value;
  }
}

/**
 * Decode a JSON-RPC data value into plain JSON: structures become objects, optionals their
 * value or null, secrets and binaries their string. Like JsonRpcDictToVapi.data_value, a
 * wrapper object must have exactly one key; anything else is an invalid parameter.
 */
export function decodeRpc(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeRpc);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) throw new RpcDecodeError('a typed value must have exactly one key');
  const [tag, inner] = entries[0];
  switch (tag) {
    case 'OPTIONAL':
      return inner === null ? null : decodeRpc(inner);
    case 'SECRET':
    case 'BINARY':
      if (typeof inner !== 'string') throw new RpcDecodeError(`${tag} must hold a string`);
      return inner;
    case 'STRUCTURE':
    case 'ERROR': {
      if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) throw new RpcDecodeError(`${tag} must hold an object`);
      const named = Object.entries(inner as Record<string, unknown>);
      if (named.length !== 1) throw new RpcDecodeError(`${tag} must name exactly one structure`);
      const fields = named[0][1];
      if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new RpcDecodeError('structure fields must be an object');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(fields as Record<string, unknown>)) out[k] = decodeRpc(v);
      return out;
    }
    default:
      throw new RpcDecodeError(`unknown type tag ${tag}`);
  }
}

/** A JSON-RPC input that is not a vAPI data value: the door answers INVALID_PARAMS. */
export class RpcDecodeError extends MockError {
  override name = 'RpcDecodeError';
  constructor(message: string) {
    super('INVALID_PARAMS', message);
  }
}

type StructType = Extract<VType, { k: 'struct' }>;

/** RFC 3339 as the vAPI runtime reads datetimes (DateTimeConverter): `2026-01-01T02:00:00.000Z`, offset or Z. */
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Read an operation's input against its vAPI type, as the vAPI runtime checks it before the
 * appliance sees the call: a required field that is absent is `vapi.data.structure.field.missing`,
 * a value of another type `vapi.data.structure.field.invalid` (runtime.properties), a datetime
 * that is not RFC 3339 the runtime's datetime message. Unset optionals (absent or null, which is
 * how JSON-RPC sends them) read as undefined; strings from a query string are read as the integers
 * and booleans the type declares (`filter_spec.max_results=5`); datetimes become epoch ms.
 * Unknown fields are left out, as the real API ignores them.
 */
export function readInput(type: StructType, value: unknown): Record<string, unknown> {
  return readStruct(type, value === undefined || value === null ? {} : value, 'operation-input', type.name);
}

function readStruct(type: StructType, value: unknown, parent: string, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw errors.invalidField(parent, field);
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(type.fields)) {
    const v = readValue(t, Object.hasOwn(obj, name) ? obj[name] : undefined, type.name, name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function readValue(type: VType, value: unknown, structure: string, field: string): unknown {
  if (type.k === 'optional') return value === undefined || value === null ? undefined : readValue(type.of, value, structure, field);
  if (value === undefined || value === null) throw errors.missingField(structure, field);
  const invalid = () => errors.invalidField(structure, field);
  switch (type.k) {
    case 'string':
    case 'secret':
      if (typeof value !== 'string') throw invalid();
      return value;
    case 'enum':
      if (typeof value !== 'string' || (type.values && !type.values.includes(value))) throw invalid();
      return value;
    case 'int': {
      const n = typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid();
      return n;
    }
    case 'bool':
      if (value === 'true' || value === 'false') return value === 'true';
      if (typeof value !== 'boolean') throw invalid();
      return value;
    case 'datetime': {
      if (typeof value !== 'string') throw invalid();
      const ms = DATETIME.test(value) ? Date.parse(value) : NaN;
      if (Number.isNaN(ms)) throw errors.invalidDateTime(value);
      return ms;
    }
    case 'list':
      if (!Array.isArray(value)) throw invalid();
      return value.map((v) => readValue(type.of, v, structure, field));
    case 'struct':
      return readStruct(type, value, structure, field);
    default:
      return value;
  }
}

/** vAPI datetimes: RFC 3339 with `T`, milliseconds and `Z` (DateTimeConverter.convert_from_datetime). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A map value's entries: a Map (ids from clients, such as `__proto__`, stay data) or a record. */
function entriesOf(value: unknown): [string, unknown][] {
  if (value instanceof Map) return [...value].map(([k, v]) => [String(k), v]);
  return Object.entries(asObject(value));
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
