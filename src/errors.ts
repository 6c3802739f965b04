/**
 * Errors that cross from the engine or a vendor's model to a door. A door renders every error
 * in its vendor's own format (`RouteDoor.error`); these are the two kinds the engine knows.
 */

/** A vendor error named by code; vendors' own error classes (VapiError, DbsError...) extend it. */
export class MockError extends Error {
  constructor(
    readonly code: string,
    message?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? code);
    this.name = 'MockError';
  }
}

/**
 * What went wrong before or around an operation, in the engine's words; each door translates
 * it into its vendor's nearest error: a malformed body, a body over the limit, no such route, a
 * known path whose query values name no operation (`?action=stop`), a bug in the emulator.
 */
export const ENGINE_ERRORS = ['BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'OPERATION_NOT_FOUND', 'INTERNAL'] as const;
export type EngineErrorCode = (typeof ENGINE_ERRORS)[number];

export class EngineError extends MockError {
  constructor(
    override readonly code: EngineErrorCode,
    message?: string,
    /** OPERATION_NOT_FOUND: the operations the path does have. */
    readonly near?: readonly string[],
  ) {
    super(code, message);
    this.name = 'EngineError';
  }
}
