/**
 * The Commvault family's errors: the engine's (BAD_REQUEST, PAYLOAD_TOO_LARGE, NOT_FOUND,
 * OPERATION_NOT_FOUND, INTERNAL), Commvault's own, and the shapes each is answered in. Refusals of an operation are
 * HTTP 200 with an errorCode, as the CommServ answers them; 587207178 is from Metallic's
 * CreateTask page ("POST Run Backup Job"), errorCode 5 on Login from cvpysdk's handling of a bad password
 * (cvpysdk.py `_login`). Other codes are this emulator's choice (README lists them).
 */
import { MockError } from '../../../src/errors';
import type { VendorErrors } from '../../../src/vendor';
import type { Shape, WireObject } from './wire';

interface ErrorSpec {
  status: number;
  errorCode: number;
  message: string;
  /**
   * The answer's shape: `generic` is `TMMsg_GenericResp {errorCode, errorMessage}`; `login` the
   * errList cvpysdk's `_login` reads; `jobOp` the errors list of job control (job.py `_job_operation`);
   * `renew` the error RenewLoginToken answers (cvpysdk.py `_renew_login_token` reads `error.errLogMessage`);
   * `browse` a DoBrowse refusal (backupset.py `_process_browse_response` reads `browseResponses[0].messages[0].errorMessage`).
   */
  kind: 'generic' | 'login' | 'jobOp' | 'renew' | 'browse';
}

const CATALOG = new Map<string, ErrorSpec>([
  ['BAD_REQUEST', { status: 400, errorCode: 2, message: 'Invalid request.', kind: 'generic' }],
  ['PAYLOAD_TOO_LARGE', { status: 413, errorCode: 2, message: 'The request body is too large.', kind: 'generic' }],
  ['NOT_FOUND', { status: 404, errorCode: 4, message: 'The requested resource was not found.', kind: 'generic' }],
  ['OPERATION_NOT_FOUND', { status: 404, errorCode: 4, message: 'The requested operation was not found.', kind: 'generic' }],
  ['ENTITY_NOT_FOUND', { status: 404, errorCode: 4, message: 'The requested entity does not exist.', kind: 'generic' }],
  ['UNAUTHENTICATED', { status: 401, errorCode: 1, message: 'Access denied: the Authtoken is missing, invalid or expired.', kind: 'generic' }],
  ['INTERNAL', { status: 500, errorCode: 3, message: 'Internal server error.', kind: 'generic' }],
  ['LOGIN_FAILED', { status: 200, errorCode: 5, message: 'Username or password is invalid', kind: 'login' }],
  ['ACCOUNT_LOCKED', { status: 200, errorCode: 1116, message: 'User account is locked.', kind: 'login' }],
  ['RENEW_REFUSED', { status: 200, errorCode: 1, message: 'Invalid session: the token cannot be renewed. Log in again.', kind: 'renew' }],
  ['NO_ELIGIBLE_SUBCLIENTS', { status: 200, errorCode: 587207178, message: 'Failed to start backups as no eligible subclients were found. ', kind: 'generic' }],
  ['DR_BACKUP_RUNNING', { status: 200, errorCode: 9, message: 'A disaster recovery backup job is already running.', kind: 'generic' }],
  ['BACKUP_FAILED_TO_START', { status: 200, errorCode: 10, message: 'Failed to start the backup job.', kind: 'generic' }],
  ['INVALID_SCHEDULE_PATTERN', { status: 200, errorCode: 11, message: 'Invalid schedule pattern.', kind: 'generic' }],
  ['SCHEDULE_NOT_FOUND', { status: 200, errorCode: 12, message: 'The schedule does not exist.', kind: 'generic' }],
  ['JOB_NOT_FOUND', { status: 200, errorCode: 2, message: 'The job does not exist.', kind: 'jobOp' }],
  ['BROWSE_FAILED', { status: 200, errorCode: 1106, message: 'Browse failed: the entity does not exist.', kind: 'browse' }],
  ['RESTORE_SOURCE_NOT_FOUND', { status: 200, errorCode: 1101, message: 'The subclient or backupset to restore from does not exist.', kind: 'generic' }],
  ['RESTORE_CLIENT_NOT_FOUND', { status: 200, errorCode: 1102, message: 'The destination client does not exist.', kind: 'generic' }],
  ['RESTORE_NO_DATA', { status: 200, errorCode: 1103, message: 'No data found at the path specified.', kind: 'generic' }],
  ['JOB_OPERATION_REFUSED', { status: 200, errorCode: 1, message: 'The job is not in a state that allows this operation.', kind: 'jobOp' }],
]);

/** Every name a scenario rule may answer with (`respond: {error: NAME}`). */
const ERROR_NAMES: readonly string[] = [...CATALOG.keys()];

/**
 * A Commvault error, thrown by the model and the decoders and rendered by the door. `extra`
 * fields join the answer (a locked account's `isAccountLocked` and `remainingLockTime`).
 */
export class CvError extends MockError {
  constructor(code: string, message?: string, readonly extra: WireObject = {}) {
    super(code, message ?? (CATALOG.get(code) ?? CATALOG.get('INTERNAL')!).message);
    this.name = 'CvError';
  }
}

/** Bad input found by a codec or a request decoder: the family's BAD_REQUEST. */
export function badRequest(message: string): CvError {
  return new CvError('BAD_REQUEST', message);
}

/** The generic error every operation answers with: `TMMsg_GenericResp errorMessage errorCode`. */
function genericError(errorCode: number, errorMessage: string): Shape {
  return { root: 'TMMsg_GenericResp', body: { errorCode, errorMessage } };
}

/** Job control answer (job.py kill/pause/resume read `errors[0].errList[0]`); errorCode 0 is success. */
export function jobOpResult(errorCode: number, errLogMessage: string): Shape {
  return { root: 'JobManager_PerformJobOperationResp', body: { errors: [{ errList: [{ errorCode, errLogMessage }] }] } };
}

/** The status and shape of a named error; an unknown name is INTERNAL. */
export function errorShape(name: string, message?: string, extra: WireObject = {}): { status: number; shape: Shape } {
  const e = CATALOG.get(name) ?? CATALOG.get('INTERNAL')!;
  const text = message ?? e.message;
  switch (e.kind) {
    case 'login':
      return { status: e.status, shape: { root: 'DM2ContentIndexing_CheckCredentialResp', body: { ...extra, errList: [{ errorCode: e.errorCode, errLogMessage: text }] } } };
    case 'jobOp':
      return { status: e.status, shape: jobOpResult(e.errorCode, text) };
    case 'renew':
      return { status: e.status, shape: { root: 'DM2ContentIndexing_RenewTokenResp', body: { error: { errorCode: e.errorCode, errLogMessage: text } } } };
    case 'browse':
      return { status: e.status, shape: { root: 'databrowse_BrowseResponseList', body: { browseResponses: [{ respType: 3, messages: [{ errorCode: e.errorCode, errorMessage: text }] }] } } };
    case 'generic':
      return { status: e.status, shape: genericError(e.errorCode, text) };
  }
}

/**
 * The shape of anything thrown on the way: the family's errors and the engine's by their code.
 * A MockError made without a message carries its code as the message: the catalog's text then.
 */
export function shapeOf(error: unknown): { status: number; shape: Shape } {
  if (!(error instanceof MockError)) return errorShape('INTERNAL');
  const message = error.message === error.code ? undefined : error.message;
  return errorShape(error.code, message, error instanceof CvError ? error.extra : {});
}

export const errors: VendorErrors = {
  names: ERROR_NAMES,
  create: (name, message) => new CvError(name, message),
};
