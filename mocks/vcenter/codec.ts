/**
 * Value encoders for the three vCenter dialects, driven by the vAPI type descriptors.
 * - JSON-RPC (vmware/vapi/data/serializers/jsonrpc.py): `{"STRUCTURE":{name:{...}}}`,
 *   `{"OPTIONAL":v|null}`, `{"SECRET":s}`, maps as lists of `map-entry` structures.
 * - `/rest` (cleanjson.py, vAPI-REST): plain JSON, unset optionals left out, maps as
 *   `[{"key":k,"value":v}]`.
 * - `/api` (the OpenAPI file): plain JSON, unset optionals left out, maps as JSON objects.
 */
import { MockError } from '../../src/errors';
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
      return Object.entries(asObject(value)).map(([k, v]) => ({
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
      const entries = Object.entries(asObject(value)).map(([k, v]) => [k, encodeClean(type.value, v, dialect)] as const);
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

/** vAPI datetimes: RFC 3339 with `T`, milliseconds and `Z` (DateTimeConverter.convert_from_datetime). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
