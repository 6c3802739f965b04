/**
 * Virtuozzo Agent errors: `<error><code>N</code><message>text</message></error>` inside the
 * operator element (VZLProtocol.xsd operator_functionalType). Only 308 (ERROR_VZL_NO_CONFIG)
 * is public; the other codes are this emulator's, configurable per scenario
 * (`vendors.virtuozzo.errorCodes`) and listed in README.md (Virtuozzo Agent).
 */
import { ENGINE_ERRORS, EngineError, MockError, type EngineErrorCode } from '../../src/errors';
import type { VendorErrors } from '../../src/vendor';

export const DEFAULT_ERROR_CODES = {
  internal: 1,
  malformedPacket: 4,
  unknownOperator: 5,
  unknownCall: 6,
  packetTooLarge: 7,
  notLoggedIn: 9,
  badCredentials: 13,
  unknownEnv: 305,
  backupRunning: 306,
  unknownBackup: 307,
  noConfig: 308,
  backupFailed: 310,
  restoreConflict: 311,
  incompleteChain: 312,
  restoreFailed: 313,
  unknownTask: 320,
} as const;
export type ErrorName = keyof typeof DEFAULT_ERROR_CODES;
export type ErrorCodes = Record<ErrorName, number>;

export const DEFAULT_MESSAGES: Record<ErrorName, string> = {
  internal: 'Internal error',
  malformedPacket: 'Malformed packet',
  unknownOperator: 'Unknown operator',
  unknownCall: 'Unknown call',
  packetTooLarge: 'Packet is too large',
  notLoggedIn: 'Access denied: not logged in',
  badCredentials: 'Authentication failed: bad user name or password',
  unknownEnv: 'Environment does not exist',
  backupRunning: 'Another backup operation is already running for this environment',
  unknownBackup: 'Backup not found',
  noConfig: 'No configuration found',
  backupFailed: 'Backup failed',
  restoreConflict: 'The restored environment conflicts with an existing one',
  incompleteChain: 'The backup chain is incomplete',
  restoreFailed: 'Restore failed',
  unknownTask: 'Scheduler task not found',
};

export function isErrorName(name: string): name is ErrorName {
  return Object.hasOwn(DEFAULT_ERROR_CODES, name);
}

export function errorCodes(overrides?: Partial<Record<ErrorName, number | undefined>>): ErrorCodes {
  const codes: ErrorCodes = { ...DEFAULT_ERROR_CODES };
  for (const name of Object.keys(codes) as ErrorName[]) {
    const v = overrides?.[name];
    if (v !== undefined) codes[name] = v;
  }
  return codes;
}

/**
 * An agent error: `code` is one of the names above, or a numeric code (a job timeline step's
 * `error: 1602`), written as is.
 */
export class AgentError extends MockError {
  constructor(name: ErrorName | (string & {}), message?: string) {
    super(name, message ?? (isErrorName(name) ? DEFAULT_MESSAGES[name] : `Error ${name}`));
    this.name = 'AgentError';
  }
}

/** The agent's error for an engine error (a body over the limit, no such path, a bug). */
const FROM_ENGINE: Record<EngineErrorCode, ErrorName> = {
  BAD_REQUEST: 'malformedPacket',
  PAYLOAD_TOO_LARGE: 'packetTooLarge',
  NOT_FOUND: 'unknownOperator',
  OPERATION_NOT_FOUND: 'unknownCall',
  INTERNAL: 'internal',
};

/** Any error a door renders, in the agent's terms: its name (or numeric code) and message. */
export function agentError(e: unknown): { name: string; message: string } {
  if (e instanceof EngineError) {
    const name = FROM_ENGINE[e.code];
    return { name, message: e.code === 'INTERNAL' ? DEFAULT_MESSAGES.internal : e.message };
  }
  if (e instanceof MockError) return { name: e.code, message: e.message };
  return { name: 'internal', message: DEFAULT_MESSAGES.internal };
}

/** The code a name stands for under the scenario's codes; numeric names are codes themselves. */
export function codeOf(codes: ErrorCodes, name: string): number {
  if (isErrorName(name)) return codes[name];
  const n = Number(name);
  return Number.isInteger(n) ? n : codes.backupFailed;
}

const AUTH_ERRORS = new Set<string>(['notLoggedIn', 'badCredentials']);

/** The journal's status of a packet answered with this error (packets have no status of their own). */
export function packetStatus(e: unknown): number {
  const { name } = agentError(e);
  if (AUTH_ERRORS.has(name)) return 401;
  if (name === 'internal') return 500;
  if (name === 'packetTooLarge') return 413;
  return 400;
}

/** The HTTP door's status for a request it refuses before any packet runs. */
export function httpStatus(e: unknown): number {
  const { name } = agentError(e);
  if (name === 'unknownOperator') return 404;
  return packetStatus(e);
}

/** The names scenario rules may answer with (`respond: {error: backupRunning}`). */
export const errors: VendorErrors = {
  names: Object.keys(DEFAULT_ERROR_CODES),
  create: (name, message) => (isEngineError(name) ? new EngineError(name, message) : new AgentError(name, message)),
};

function isEngineError(name: string): name is EngineErrorCode {
  return (ENGINE_ERRORS as readonly string[]).includes(name);
}
