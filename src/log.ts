import { EventEmitter } from 'node:events';

/** Structured events the CLI prints (readable or --json); the library is silent unless asked. */
export type LogEvent =
  | { kind: 'request'; vendor: string; tenant: string; operation: string; method: string; path: string; status: number; ms: number; rule?: string }
  | { kind: 'job'; vendor: string; tenant: string; id: string; operation: string; state: string; progress: number; phase?: string; message?: string }
  | { kind: 'info'; message: string; fields?: Record<string, unknown> }
  | { kind: 'error'; message: string; fields?: Record<string, unknown> };

export class Logger extends EventEmitter<{ event: [LogEvent] }> {
  emitEvent(event: LogEvent): void {
    if (this.listenerCount('event') > 0) this.emit('event', event);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.emitEvent({ kind: 'info', message, ...(fields ? { fields } : {}) });
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.emitEvent({ kind: 'error', message, ...(fields ? { fields } : {}) });
  }
}
