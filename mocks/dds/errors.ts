import { EngineError, ENGINE_ERRORS, MockError, type EngineErrorCode } from '../../src/errors';
import type { VendorErrors } from '../../src/vendor';

/**
 * The errors of the two APIs on the DDS port: DBS codes (`{error_code, error_msg}`) and
 * Keystone's (`{"error":{code,message,title}}`), and the catalog scenario rules name them from.
 */

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
  'DBS.200052': { status: 400, message: 'Invalid password.' },
  'DBS.200302': { status: 400, message: 'The storage space must be a multiple of 10.' },
  'DBS.200823': { status: 400, message: 'The database does not exist.' },
  'DBS.200998': { status: 400, message: 'The system is busy. Try again later.' },
  'DBS.201014': { status: 403, message: 'Operation cannot be executed in current state of the DB instance.' },
  'DBS.201015': {
    status: 403,
    message:
      'This operation cannot be performed because another operation is being performed on the DB instance or the DB instance is faulty. Try again later.',
  },
  'DBS.201201': { status: 400, message: 'The backup already exists.' },
  'DBS.201214': { status: 400, message: 'The backup file does not exist.' },
  'DBS.201319': {
    status: 400,
    message: 'Deleting backup file is not allowed because a restoration task is currently in progress. Please wait.',
  },
  'DBS.239011': { status: 400, message: 'Invalid SSL option.' },
  'DBS.280005': { status: 500, message: 'Server error. Try again later.' },
  'DBS.280016': { status: 400, message: 'Resource not found.' },
  'DBS.280056': { status: 401, message: 'Invalid token.' },
  'DBS.280067': { status: 400, message: 'Invalid start time.' },
  'DBS.280068': { status: 400, message: 'Invalid end time.' },
  'DBS.280123': { status: 400, message: 'Invalid node number.' },
  'DBS.280124': { status: 400, message: 'Invalid backup.' },
  'DBS.280127': { status: 400, message: 'Invalid backup description.' },
  'DBS.280200': { status: 400, message: 'The password contains invalid characters.' },
  'DBS.280214': { status: 400, message: 'Invalid retention period.' },
  'DBS.280215': { status: 400, message: 'Invalid backup cycle.' },
  'DBS.280216': { status: 400, message: 'Invalid backup start time.' },
  'DBS.280234': { status: 400, message: 'Invalid DB instance name.' },
  'DBS.280236': { status: 400, message: 'Invalid database version.' },
  'DBS.280239': { status: 400, message: 'Invalid specifications.' },
  'DBS.280241': { status: 400, message: 'Invalid storage type' },
  'DBS.280242': { status: 400, message: 'The storage space is out of range.' },
  'DBS.280244': { status: 400, message: 'Invalid AZ.' },
  'DBS.280247': { status: 400, message: 'Invalid VPC.' },
  'DBS.280248': { status: 400, message: 'Invalid subnet.' },
  'DBS.280249': { status: 400, message: 'Invalid security group.' },
  'DBS.280266': { status: 400, message: 'Invalid storage space.' },
  'DBS.280267': { status: 400, message: 'Specifications not match.' },
  'DBS.280327': { status: 400, message: 'Invalid node type.' },
  'DBS.280342': { status: 400, message: 'Invalid DB instance mode.' },
  'DBS.280343': { status: 400, message: 'Unsupported operation.' },
  'DBS.280406': { status: 403, message: 'The DB instance cannot be deleted.' },
  'DBS.280408': { status: 400, message: 'Invalid project id.' },
  'DBS.280409': { status: 400, message: 'Invalid date.' },
  'DBS.280433': { status: 403, message: 'Invalid enterprise project ID.' },
  'DBS.280438': { status: 400, message: 'Invalid encryption key.' },
  'DBS.280439': { status: 400, message: 'Invalid limit.' },
  'DBS.280440': { status: 400, message: 'Invalid offset.' },
  'DBS.280443': { status: 429, message: 'The maximum number of connections has been reached.' },
  'DBS.280446': { status: 400, message: 'The database information does not exist.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type DbsCode = keyof typeof DBS_ERRORS;

export function isDbsCode(code: string): code is DbsCode {
  return Object.prototype.hasOwnProperty.call(DBS_ERRORS, code);
}

export interface DdsErrorBody {
  error_code: string;
  error_msg: string;
}

/** A DDS failure: a MockError named by its DBS code, answered as `{error_code, error_msg}`. */
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

/**
 * Open Telekom Cloud's API gateway answers URLs no service publishes itself, in the same
 * two-field shape as DBS errors.
 */
export const GATEWAY_NOT_FOUND: DdsErrorBody = {
  error_code: 'APIGW.0101',
  error_msg: 'The API does not exist or has not been published in the environment',
};

/**
 * Keystone's errors by the names of its exception classes (keystone/exception.py:
 * ValidationError 400, Unauthorized 401, Forbidden 403, NotFound 404), which is also how
 * scenario rules name them.
 */
export const KEYSTONE_ERRORS = {
  ValidationError: { status: 400, title: 'Bad Request' },
  Unauthorized: { status: 401, title: 'Unauthorized' },
  Forbidden: { status: 403, title: 'Forbidden' },
  NotFound: { status: 404, title: 'Not Found' },
} as const satisfies Record<string, { status: number; title: string }>;

export type KeystoneErrorName = keyof typeof KEYSTONE_ERRORS;

const KEYSTONE_NAME_OF_STATUS: Record<number, KeystoneErrorName> = { 400: 'ValidationError', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound' };

export interface KeystoneErrorBody {
  error: { code: number; message: string; title: string };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
};

/** `{"error":{"code":401,"message":"Unauthorized.","title":"Unauthorized"}}` (Keystone's JSON error body). */
export function keystoneError(code: number, message: string): KeystoneErrorBody {
  return { error: { code, message, title: TITLES[code] ?? 'Error' } };
}

/** A Keystone failure, answered in Keystone's shape. */
export class KeystoneError extends MockError {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(KEYSTONE_NAME_OF_STATUS[status], message);
  }

  get body(): KeystoneErrorBody {
    return keystoneError(this.status, this.message);
  }
}

/** OBS's answer to a presigned link past its `Expires` (the download link of a backup file). */
export class ObsError extends MockError {
  constructor(
    override readonly code: 'AccessDenied' | 'NoSuchKey',
    message: string,
    readonly status: 403 | 404,
  ) {
    super(code, message);
  }
}

const ENGINE_STATUS: Record<EngineErrorCode, number> = { BAD_REQUEST: 400, PAYLOAD_TOO_LARGE: 413, NOT_FOUND: 404, OPERATION_NOT_FOUND: 404, INTERNAL: 500 };

/** The HTTP status of any error a door may be handed; 400 for a MockError of no known kind. */
export function statusOf(e: MockError): number {
  if (e instanceof DbsError || e instanceof KeystoneError || e instanceof ObsError) return e.status;
  if (e instanceof EngineError) return ENGINE_STATUS[e.code];
  return 400;
}

/** Every name a scenario rule may answer with (`respond: {error: DBS.201015}`); the engine adds its own. */
export const errors: VendorErrors = {
  names: [...Object.keys(DBS_ERRORS), ...Object.keys(KEYSTONE_ERRORS)],
  create(name, message) {
    if (isDbsCode(name)) return new DbsError(name, message);
    if (Object.prototype.hasOwnProperty.call(KEYSTONE_ERRORS, name)) {
      const k = KEYSTONE_ERRORS[name as KeystoneErrorName];
      return new KeystoneError(k.status, message ?? k.title);
    }
    const engine = (ENGINE_ERRORS as readonly string[]).includes(name) ? (name as EngineErrorCode) : 'INTERNAL';
    return new EngineError(engine, message);
  },
};
