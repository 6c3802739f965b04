/**
 * Virtuozzo error packets: `<error><code>N</code><message>text</message></error>` inside the
 * operator element (VZLProtocol.xsd operator_functionalType). Codes are configurable per
 * scenario (`vendors.virtuozzo.errorCodes`); defaults are below and in README.md (Virtuozzo Agent).
 */
import { errorXml, type Fragment } from './wire';

/** Error codes are the agent's ints; only 308 (ERROR_VZL_NO_CONFIG) is public (vendor notes). */
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
};

export function errorCodes(overrides?: Partial<Record<ErrorName, number | undefined>>): ErrorCodes {
  const codes: ErrorCodes = { ...DEFAULT_ERROR_CODES };
  for (const [k, v] of Object.entries(overrides ?? {})) if (v !== undefined) codes[k as ErrorName] = v;
  return codes;
}

export function isErrorName(name: string): name is ErrorName {
  return name in DEFAULT_ERROR_CODES;
}

/** Thrown by a handler: the whole call answers with one error element. */
export class AgentError extends Error {
  constructor(
    readonly errorName: ErrorName,
    message?: string,
  ) {
    super(message ?? DEFAULT_MESSAGES[errorName]);
    this.name = 'AgentError';
  }
}

/** An error element by name (or by a raw numeric code, for scenario rules that name one). */
export function agentErrorXml(codes: ErrorCodes, name: string, message?: string): Fragment {
  if (isErrorName(name)) return errorXml(codes[name], message ?? DEFAULT_MESSAGES[name]);
  const numeric = Number(name);
  return errorXml(Number.isInteger(numeric) ? numeric : codes.backupFailed, message ?? name);
}
