import { MockError } from '../../src/legacy/vendor';
import type { DdsErrorBody } from './wire';

/**
 * The DBS error codes the emulator answers with, status and message as error_code.rst's
 * Table 2 gives them. Scenario rules and faults name them by code (e.g. `DBS.201015`).
 */
export const DBS_ERRORS = {
  'DBS.200001': { status: 400, message: 'Parameter error.' },
  'DBS.200002': { status: 404, message: 'The DB instance does not exist.' },
  'DBS.200004': { status: 400, message: 'Operation is illegal.' },
  'DBS.200019': {
    status: 403,
    message: 'Another operation is being performed on the DB instance or the DB instance is faulty.',
  },
  'DBS.200998': { status: 400, message: 'The system is busy. Try again later.' },
  'DBS.201014': { status: 403, message: 'Operation cannot be executed in current state of the DB instance.' },
  'DBS.201015': {
    status: 403,
    message:
      'This operation cannot be performed because another operation is being performed on the DB instance or the DB instance is faulty. Try again later.',
  },
  'DBS.201201': { status: 400, message: 'The backup already exists.' },
  'DBS.201214': { status: 400, message: 'The backup file does not exist.' },
  'DBS.280005': { status: 500, message: 'Server error. Try again later.' },
  'DBS.280016': { status: 400, message: 'Resource not found.' },
  'DBS.280056': { status: 401, message: 'Invalid token.' },
  'DBS.280067': { status: 400, message: 'Invalid start time.' },
  'DBS.280068': { status: 400, message: 'Invalid end time.' },
  'DBS.280127': { status: 400, message: 'Invalid backup description.' },
  'DBS.280214': { status: 400, message: 'Invalid retention period.' },
  'DBS.280215': { status: 400, message: 'Invalid backup cycle.' },
  'DBS.280216': { status: 400, message: 'Invalid backup start time.' },
  'DBS.280408': { status: 400, message: 'Invalid project id.' },
  'DBS.280439': { status: 400, message: 'Invalid limit.' },
  'DBS.280440': { status: 400, message: 'Invalid offset.' },
  'DBS.280443': { status: 429, message: 'The maximum number of connections has been reached.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type DbsCode = keyof typeof DBS_ERRORS;

export function isDbsCode(code: string): code is DbsCode {
  return Object.prototype.hasOwnProperty.call(DBS_ERRORS, code);
}

/**
 * A DDS failure a handler throws: a MockError named by its DBS code, so the engine answers it
 * through renderError as `{error_code, error_msg}`.
 */
export class DbsError extends MockError {
  readonly status: number;
  constructor(
    override readonly code: DbsCode,
    detail?: string,
  ) {
    super(code, detail ?? DBS_ERRORS[code].message);
    this.status = DBS_ERRORS[code].status;
  }

  get body(): DdsErrorBody {
    return dbsBody(this.code, this.message);
  }
}

export function dbsBody(code: DbsCode, message?: string): DdsErrorBody {
  return { error_code: code, error_msg: message ?? DBS_ERRORS[code].message };
}
