import type { JournalInput } from '../journal';
import type { LogEvent } from '../log';
import type { HarnessEvent } from './types';

/** The line of one request, from the entry or from what the transport journalled (the same fields, unmasked: none is a secret). */
export function requestLine(r: Pick<JournalInput, 'vendor' | 'tenant' | 'operation' | 'method' | 'path' | 'status' | 'durationMs' | 'rule'>): LogEvent {
  return { kind: 'request', vendor: r.vendor, tenant: r.tenant, operation: r.operation, method: r.method, path: r.path, status: r.status, ms: r.durationMs, ...(r.rule ? { rule: r.rule } : {}) };
}

/** The line the CLI prints for an event (requests and job changes; the rest it does not print). */
export function logEventOf(e: HarnessEvent): LogEvent | undefined {
  if (e.type === 'request') return requestLine(e.data);
  if (e.type === 'job') {
    const j = e.data;
    return {
      kind: 'job',
      vendor: j.vendor,
      tenant: j.tenant,
      id: j.id,
      operation: j.operation,
      state: j.state,
      progress: j.progress,
      ...(j.phase !== undefined ? { phase: j.phase } : {}),
      ...(j.message !== undefined ? { message: j.message } : {}),
    };
  }
  return undefined;
}
