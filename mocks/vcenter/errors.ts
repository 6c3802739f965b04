/**
 * vCenter's errors: the vAPI standard errors (Std_Errors_Error in the OpenAPI files, the
 * error_type enum; vapi/std/errors_client.py in the SDK) and the message ids the appliance and
 * the vAPI runtime use (the SDK's settings/runtime.properties). Every door renders a VapiError in
 * its own dialect (wire.ts).
 */
import { ENGINE_ERRORS, EngineError, MockError } from '../../src/errors';
import type { VendorErrors } from '../../src/vendor';

export interface LocalizableMessage {
  id: string;
  default_message: string;
  args: string[];
}

export function msg(id: string, defaultMessage: string, args: string[] = []): LocalizableMessage {
  return { id, default_message: defaultMessage, args };
}

/** Std_Errors_Error.error_type, the discriminator of every standard error. */
export const ERROR_TYPES = [
  'ERROR', 'ALREADY_EXISTS', 'ALREADY_IN_DESIRED_STATE', 'CANCELED', 'CONCURRENT_CHANGE', 'FEATURE_IN_USE',
  'INTERNAL_SERVER_ERROR', 'INVALID_ARGUMENT', 'INVALID_ELEMENT_CONFIGURATION', 'INVALID_ELEMENT_TYPE',
  'INVALID_REQUEST', 'NOT_ALLOWED_IN_CURRENT_STATE', 'NOT_FOUND', 'OPERATION_NOT_FOUND', 'RESOURCE_BUSY',
  'RESOURCE_IN_USE', 'RESOURCE_INACCESSIBLE', 'SERVICE_UNAVAILABLE', 'TIMED_OUT', 'UNABLE_TO_ALLOCATE_RESOURCE',
  'UNAUTHENTICATED', 'UNAUTHORIZED', 'UNEXPECTED_INPUT', 'UNSUPPORTED', 'UNVERIFIED_PEER',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

const STD_PREFIX = 'com.vmware.vapi.std.errors.';

/** `FEATURE_IN_USE` -> `com.vmware.vapi.std.errors.feature_in_use`. */
export function vapiErrorName(type: ErrorType): string {
  return STD_PREFIX + type.toLowerCase();
}

/** The engine's error codes in vAPI terms. */
const FROM_ENGINE: Record<string, ErrorType> = {
  BAD_REQUEST: 'INVALID_REQUEST',
  PAYLOAD_TOO_LARGE: 'INVALID_REQUEST',
  INTERNAL: 'ERROR',
  NOT_FOUND: 'NOT_FOUND',
  OPERATION_NOT_FOUND: 'OPERATION_NOT_FOUND',
};

/** Accepts `FEATURE_IN_USE`, `feature_in_use`, `com.vmware.vapi.std.errors.feature_in_use` or an engine code. */
export function errorTypeOf(name: string): ErrorType | undefined {
  const bare = name.startsWith(STD_PREFIX) ? name.slice(STD_PREFIX.length) : name;
  const upper = bare.toUpperCase() as ErrorType;
  if ((ERROR_TYPES as readonly string[]).includes(upper)) return upper;
  return FROM_ENGINE[name];
}

/** HTTP status of a std error on /api and /rest (rest/lib.py vapi_to_http_error_map; the rest 500). */
export function httpStatusOf(type: ErrorType): number {
  switch (type) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'UNAUTHORIZED':
      return 403;
    case 'NOT_FOUND':
    case 'OPERATION_NOT_FOUND':
      return 404;
    case 'CONCURRENT_CHANGE':
      return 409;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'TIMED_OUT':
      return 504;
    case 'ERROR':
    case 'INTERNAL_SERVER_ERROR':
    case 'CANCELED':
    case 'UNEXPECTED_INPUT':
    case 'UNVERIFIED_PEER':
      return 500;
    default:
      return 400;
  }
}

/** A standard vAPI error: its type and message stack. Every dialect draws it in its own envelope. */
export class VapiError extends MockError {
  override name = 'VapiError';
  constructor(
    readonly type: ErrorType,
    readonly messages: LocalizableMessage[],
    /** Only for `/api` and `/rest`: a status other than the standard mapping (e.g. 413). */
    readonly status?: number,
  ) {
    super(type, messages[0]?.default_message ?? type);
  }
}

export const errors = {
  unauthenticated: () =>
    new VapiError('UNAUTHENTICATED', [msg('com.vmware.vapi.endpoint.method.authentication.required', 'Authentication required.')]),
  badCredentials: () => new VapiError('UNAUTHENTICATED', [msg('vapi.security.authentication.invalid', 'Unable to authenticate user')]),
  notFound: (what: string, id: string) =>
    new VapiError('NOT_FOUND', [msg('com.vmware.applmgmt.err_not_found', `${what} ${id} does not exist.`, [id])]),
  invalidArgument: (id: string, text: string, args: string[] = []) => new VapiError('INVALID_ARGUMENT', [msg(id, text, args)]),
  missingField: (structure: string, field: string) =>
    new VapiError('INVALID_ARGUMENT', [
      msg('vapi.data.structure.field.missing', `Structure ${structure} is missing a field "${field}"`, [structure, field]),
    ]),
  invalidField: (structure: string, field: string) =>
    new VapiError('INVALID_ARGUMENT', [
      msg('vapi.data.structure.field.invalid', `Found invalid field "${field}" in structure "${structure}".`, [field, structure]),
    ]),
  invalidDateTime: (text: string) =>
    new VapiError('INVALID_ARGUMENT', [
      msg(
        'vapi.bindings.typeconverter.datetime.deserialize.invalid.format',
        `Datetime string "${text}" does not match expected pattern "YYYY-MM-DDThh:mm:ss.sssZ"`,
        [text, 'YYYY-MM-DDThh:mm:ss.sssZ'],
      ),
    ]),
  invalidRequest: (text: string) => new VapiError('INVALID_REQUEST', [msg('vapi.method.input.invalid', text)]),
  unsupportedMediaType: (contentType: string) =>
    new VapiError('INVALID_REQUEST', [msg('com.vmware.vapi.rest.unsupportedMediaType', `Unsupported content type ${contentType}; send application/json.`)], 415),
  operationNotFound: (service: string, operation: string) =>
    new VapiError('OPERATION_NOT_FOUND', [
      msg('vapi.introspection.operation.not_found', `Operation ${operation} is not found in Service ${service}`, [operation, service]),
    ]),
  noAppliance: (id: string) => new VapiError('NOT_FOUND', [msg('com.vmware.vapi.rest.httpNotFound', `No appliance named ${id}.`, [id])]),
  locationNotFound: (url: string) =>
    new VapiError('NOT_FOUND', [msg('com.vmware.applmgmt.backup.err_location_not_found', `The location ${url} does not exist on the backup server.`, [url])]),
  locationAccess: (url: string) =>
    new VapiError('ERROR', [msg('com.vmware.applmgmt.backup.err_location_auth', `Failed to authenticate with the backup server at ${url}: check the location user and password.`, [url])]),
  systemNameNotFound: (name: string, url: string) =>
    new VapiError('NOT_FOUND', [msg('com.vmware.applmgmt.backup.err_system_name_not_found', `No backups of system ${name} exist at ${url}.`, [name, url])]),
  scheduleExists: (id: string) =>
    new VapiError('ALREADY_EXISTS', [msg('com.vmware.applmgmt.backup.schedules.err_already_exists', `A schedule with id ${id} already exists.`, [id])]),
  noBackupAt: (url: string) =>
    new VapiError('ERROR', [msg('com.vmware.applmgmt.restore.err_no_backup', `No backup was found at ${url}.`, [url])]),
  wrongBackupPassword: () =>
    new VapiError('ERROR', [msg('com.vmware.applmgmt.restore.err_decrypt', 'The backup is encrypted and the backup password given does not decrypt it.')]),
  restoreNotAllowed: () =>
    new VapiError('NOT_ALLOWED_IN_CURRENT_STATE', [msg('com.vmware.applmgmt.restore.err_not_allowed', 'Restore is allowed only after deployment and before firstboot.')]),
  reconciliationNotAllowed: () =>
    new VapiError('NOT_ALLOWED_IN_CURRENT_STATE', [
      msg('com.vmware.applmgmt.reconciliation.err_not_allowed', 'Reconciliation is allowed only after restore has finished successfully.'),
    ]),
  noReconciliation: () => new VapiError('NOT_FOUND', [msg('com.vmware.applmgmt.reconciliation.err_no_job', 'There is no reconciliation job.')]),
  ssoRequired: () =>
    new VapiError('INVALID_ARGUMENT', [
      msg('com.vmware.applmgmt.restore.err_sso_required', 'The SSO administrator user name and password are required for an embedded vCenter Server.'),
    ]),
  ssoRejected: (user: string) =>
    new VapiError('INVALID_ARGUMENT', [msg('com.vmware.applmgmt.restore.err_sso_auth', `The SSO administrator credentials for ${user} are not valid.`, [user])]),
  /** The appliance's message for a backup or restore already running (as vCenter 7 and 8 answer it). */
  featureInUse: () =>
    new VapiError('FEATURE_IN_USE', [msg('com.vmware.applmgmt.err_backup_in_progress', 'A backup or restore is already in progress.')]),
};

/** The VapiError for an engine error or a name a scenario rule gives (`respond: {error: FEATURE_IN_USE}`). */
export function vapiErrorFor(name: string, message?: string): VapiError {
  const type: ErrorType = errorTypeOf(name) ?? 'ERROR';
  if (name === 'PAYLOAD_TOO_LARGE') return new VapiError(type, [msg('com.vmware.vapi.rest.requestTooLarge', message ?? 'Request entity too large.')], 413);
  if (name === 'NOT_FOUND') return new VapiError(type, [msg('com.vmware.vapi.rest.httpNotFound', message ?? 'Not found.')]);
  if (type === 'FEATURE_IN_USE' && message === undefined) return errors.featureInUse();
  if (type === 'UNAUTHENTICATED' && message === undefined) return errors.unauthenticated();
  const text = message ?? `${type.toLowerCase().replace(/_/g, ' ')} (scenario rule)`;
  return new VapiError(type, [msg(`com.vmware.vapi.std.errors.${type.toLowerCase()}`, text)]);
}

/** Any error on the way to a vCenter answer, as the VapiError it is or stands for. */
export function asVapiError(e: unknown): VapiError {
  if (e instanceof VapiError) return e;
  if (e instanceof EngineError) return vapiErrorFor(e.code, e.message);
  if (e instanceof MockError) return vapiErrorFor(e.code, e.message === e.code ? undefined : e.message);
  return vapiErrorFor('INTERNAL', 'An internal error occurred.');
}

/** The names scenario rules may answer with. */
export const catalog: VendorErrors = {
  names: [...ERROR_TYPES, ...ERROR_TYPES.map(vapiErrorName), ...ENGINE_ERRORS],
  create: (name, message) => vapiErrorFor(name, message),
};
