/**
 * Each door's own answer shapes, as checks that return what is wrong ([] when the answer is
 * the vendor's). Used by the bad-input corpus (an error in the vendor's format and status) and
 * by the fuzzers (the vendor's error or a success, never the engine's last-resort 500).
 */
import { parseXml } from '../../src/codec/xml';
import type { Seen } from './wire';

export type Problems = string[];

/** What a stack trace or the engine's bare last-resort answer looks like. */
const STACK = /\n\s+at\s+\S.*[(:]\d+|\bat (?:Object|Module|process|new |async )\S*\s*\(|node_modules[\\/]|\.ts:\d+:\d+/;

export function noStack(seen: Seen): Problems {
  const m = STACK.exec(seen.text);
  return m ? [`the answer carries a stack trace (${JSON.stringify(m[0])}): ${seen.text.slice(Math.max(0, m.index - 80), m.index + 120)}`] : [];
}

function json(seen: Seen): { value?: unknown; problem?: string } {
  try {
    return { value: JSON.parse(seen.text) };
  } catch {
    return { problem: `not JSON: ${JSON.stringify(seen.text.slice(0, 120))}` };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A status in `want` (one status or a list). */
export function status(seen: Seen, want: number | readonly number[]): Problems {
  const list = typeof want === 'number' ? [want] : want;
  if (seen.status === undefined) return [`no answer (${seen.ended ?? 'nothing'}), wanted ${list.join('/')}`];
  return list.includes(seen.status) ? [] : [`status ${seen.status}, wanted ${list.join('/')}: ${seen.text.slice(0, 160)}`];
}

// ---- vCenter -----------------------------------------------------------------------------

const VAPI_TYPES = /^[A-Z_]+$/;

/** /api: `{"error_type": "NOT_FOUND", "messages": [{id, default_message, args}]}`. */
export function vcenterApiError(seen: Seen): Problems {
  const { value, problem } = json(seen);
  if (problem) return [`/api error ${problem}`];
  if (!isObject(value) || typeof value.error_type !== 'string' || !VAPI_TYPES.test(value.error_type) || !Array.isArray(value.messages)) {
    return [`/api error not in Std_Errors_Error shape: ${seen.text.slice(0, 160)}`];
  }
  return [];
}

/** /rest: `{"type": "com.vmware.vapi.std.errors.<name>", "value": {"messages": [...]}}`. */
export function vcenterRestError(seen: Seen): Problems {
  const { value, problem } = json(seen);
  if (problem) return [`/rest error ${problem}`];
  if (!isObject(value) || typeof value.type !== 'string' || !value.type.startsWith('com.vmware.vapi.std.errors.') || !isObject(value.value)) {
    return [`/rest error not in vAPI-REST shape: ${seen.text.slice(0, 160)}`];
  }
  return [];
}

/** JSON-RPC: a protocol error (`error: {code, message}`) or a vAPI error result (`result.error.ERROR`). */
export function vcenterRpcError(seen: Seen): Problems {
  const { value, problem } = json(seen);
  if (problem) return [`JSON-RPC error ${problem}`];
  if (!isObject(value) || value.jsonrpc !== '2.0') return [`not a JSON-RPC 2.0 answer: ${seen.text.slice(0, 160)}`];
  if (isObject(value.error)) return typeof value.error.code === 'number' ? [] : ['JSON-RPC error without a numeric code'];
  const result = value.result;
  if (isObject(result) && isObject(result.error) && isObject(result.error.ERROR)) {
    const names = Object.keys(result.error.ERROR);
    return names.length === 1 && names[0].startsWith('com.vmware.vapi.std.errors.') ? [] : [`vAPI error result names ${names.join(',')}`];
  }
  return [`JSON-RPC answer is neither an error nor an error result: ${seen.text.slice(0, 160)}`];
}

/** A JSON-RPC answer of any kind: an output, a vAPI error result or a protocol error. */
export function vcenterRpcAnswer(seen: Seen): Problems {
  const { value } = json(seen);
  if (isObject(value) && value.jsonrpc === '2.0' && isObject(value.result) && 'output' in value.result) return [];
  return vcenterRpcError(seen);
}

// ---- Commvault / Metallic ------------------------------------------------------------------

const CV_ROOTS = new Set(['TMMsg_GenericResp', 'DM2ContentIndexing_CheckCredentialResp', 'JobManager_PerformJobOperationResp', 'DM2ContentIndexing_RenewTokenResp']);

function cvErrorBody(body: Record<string, unknown>): boolean {
  if (typeof body.errorCode === 'number' || typeof body.errorCode === 'string') return typeof body.errorMessage === 'string';
  if (Array.isArray(body.errList)) return true;
  if (Array.isArray(body.errors)) return true;
  if (isObject(body.error)) return true;
  return false;
}

/** Commvault's error answer in the format Accept asks for: JSON, or XML with the family's roots. */
export function commvaultError(seen: Seen, format: 'json' | 'xml'): Problems {
  const type = String(seen.headers['content-type'] ?? '');
  if (format === 'json') {
    if (!type.startsWith('application/json')) return [`Commvault JSON error with content-type ${type}: ${seen.text.slice(0, 120)}`];
    const { value, problem } = json(seen);
    if (problem) return [`Commvault error ${problem}`];
    return isObject(value) && cvErrorBody(value) ? [] : [`Commvault error not in the family's shape: ${seen.text.slice(0, 160)}`];
  }
  if (!type.startsWith('application/xml')) return [`Commvault XML error with content-type ${type}: ${seen.text.slice(0, 120)}`];
  try {
    const doc = parseXml<Record<string, unknown>>(seen.text);
    const root = Object.keys(doc)[0];
    return CV_ROOTS.has(root) ? [] : [`Commvault XML error with root <${root}>`];
  } catch {
    return [`Commvault XML error that is not XML: ${seen.text.slice(0, 120)}`];
  }
}

/** A Commvault answer of any kind in the asked format (fuzzing: success or the family's error). */
export function commvaultAnswer(seen: Seen, format: 'json' | 'xml'): Problems {
  const type = String(seen.headers['content-type'] ?? '');
  if (type.startsWith('text/plain')) return [];
  if (format === 'json') return json(seen).problem ? [`Commvault answer ${json(seen).problem}`] : [];
  try {
    parseXml(seen.text);
    return [];
  } catch {
    return [`Commvault XML answer that is not XML: ${seen.text.slice(0, 120)}`];
  }
}

// ---- DDS, Keystone, OBS --------------------------------------------------------------------

/** DDS: `{"error_code": "DBS.280056", "error_msg": "..."}` (or the API gateway's APIGW code). */
export function ddsError(seen: Seen): Problems {
  const { value, problem } = json(seen);
  if (problem) return [`DDS error ${problem}`];
  if (!isObject(value) || typeof value.error_code !== 'string' || !/^(DBS|APIGW)\.\d+$/.test(value.error_code) || typeof value.error_msg !== 'string') {
    return [`DDS error not in {error_code, error_msg} shape: ${seen.text.slice(0, 160)}`];
  }
  return [];
}

/** Keystone: `{"error": {"code": 401, "message": "...", "title": "Unauthorized"}}`. */
export function keystoneError(seen: Seen): Problems {
  const { value, problem } = json(seen);
  if (problem) return [`Keystone error ${problem}`];
  if (!isObject(value) || !isObject(value.error) || typeof value.error.code !== 'number' || typeof value.error.title !== 'string') {
    return [`Keystone error not in {error: {code, message, title}} shape: ${seen.text.slice(0, 160)}`];
  }
  return value.error.code === seen.status ? [] : [`Keystone error code ${value.error.code} under status ${seen.status}`];
}

/** OBS: S3's `<Error><Code>NoSuchKey</Code><Message>...</Message></Error>`. */
export function obsError(seen: Seen): Problems {
  return /^<\?xml[^>]*\?><Error><Code>\w+<\/Code><Message>[^<]*<\/Message><\/Error>$/.test(seen.text) ? [] : [`OBS error not in S3's shape: ${seen.text.slice(0, 160)}`];
}

// ---- Virtuozzo ------------------------------------------------------------------------------

/** The agent's error code in a reply packet (`<ns1:code>9</ns1:code>` or any prefix), if any. */
export function agentCode(packet: string): string | undefined {
  return /<(?:\w+:)?error>\s*<(?:\w+:)?code>(\d+)<\/(?:\w+:)?code>/.exec(packet)?.[1];
}

/** A reply packet of the agent: XML with a `packet` root from `system` or an operator. */
export function agentPacket(packet: string): Problems {
  try {
    const doc = parseXml<Record<string, unknown>>(packet, { localNames: true });
    return 'packet' in doc ? [] : [`a reply whose root is not <packet>: ${packet.slice(0, 120)}`];
  } catch {
    return [`a reply that is not XML: ${JSON.stringify(packet.slice(0, 120))}`];
  }
}

/** An error packet of the agent with one of these codes (any code when none is given). */
export function agentError(packet: string | undefined, codes?: readonly string[]): Problems {
  if (packet === undefined) return ['no reply packet'];
  const p = agentPacket(packet);
  if (p.length) return p;
  const code = agentCode(packet);
  if (code === undefined) return [`not an error packet: ${packet.slice(0, 160)}`];
  return !codes || codes.includes(code) ? [] : [`agent error code ${code}, wanted ${codes.join('/')}`];
}

/** The HTTP door's refusal: a framed error packet as the body. */
export function agentHttpError(seen: Seen, codes?: readonly string[]): Problems {
  const type = String(seen.headers['content-type'] ?? '');
  if (!type.startsWith('application/xml')) return [`Virtuozzo HTTP refusal with content-type ${type}`];
  return agentError(seen.text.replace(/\s*\0$/, ''), codes);
}

// ---- admin API ------------------------------------------------------------------------------

/** `{"error": "..."}` with a 4xx status. */
export function adminError(seen: Seen): Problems {
  const { value, problem } = json(seen);
  if (problem) return [`admin error ${problem}`];
  if (!isObject(value) || typeof value.error !== 'string') return [`admin error not {error}: ${seen.text.slice(0, 160)}`];
  return seen.status !== undefined && seen.status >= 400 && seen.status < 500 ? [] : [`admin error with status ${seen.status}`];
}
