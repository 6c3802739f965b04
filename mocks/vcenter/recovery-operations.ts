/**
 * The recovery service (appliance_client.py Recovery), system names and archives
 * (backup_client.py SystemName, backup/system_name_client.py Archive), restore
 * (recovery_client.py Restore, restore_client.py Job) and reconciliation
 * (reconciliation_client.py Job). /api reads the catalogue with POSTs (`?action=list`,
 * `?action=get`, the location in the body); /rest with GETs whose parameters are dotted query
 * names (`loc_spec.location`) or, as the SDK's rest connector sends them, a body.
 */
import { operationsOf } from '../../src/operations/types';
import { getArchive, listArchives, systemNames, type ArchiveFilter, type LocationSpec } from './catalogue';
import { readInput } from './codec';
import {
  ArchiveInfo,
  ArchiveSummary,
  INPUTS,
  ReconciliationInfo,
  RecoveryInfo,
  RestoreJobStatus,
  RestoreMetadata,
  RestoreReturnResult,
} from './recovery-types';
import { cancelRestore, checkRestore, reconciliationInfo, reconciliationOf, restoreJobStatus, restoreStatus, startReconciliation, startRestore } from './restore';
import { checkArchiveFilter, locationTypeOf, type RestoreRequest } from './validation';
import * as T from './vapi-types';
import type { Vcenter } from './wire';

const operation = operationsOf<Vcenter>();

const R = '/appliance/recovery';
const SN = `${R}/backup/system-name`;
const RECOVERY = 'com.vmware.appliance.recovery';

export const recoveryGet = operation({
  name: 'recovery.get',
  doors: {
    api: { method: 'GET', path: `/api${R}` },
    rest: { method: 'GET', path: `/rest${R}` },
    jsonrpc: { service: RECOVERY, operation: 'get' },
  },
  auth: 'session',
  run: (_input, { auth }) => ({ supported: auth.appliance.recoverySupported }),
  output: RecoveryInfo,
  summary: 'whether the appliance supports backup and restore',
});

/** A LocationSpec whose location is a URL of a supported scheme. */
function locationSpec(spec: LocationSpec): LocationSpec {
  locationTypeOf(spec.location);
  return spec;
}

export const systemNameList = operation({
  name: 'system_name.list',
  doors: {
    api: { method: 'POST', path: `/api${SN}`, action: 'list', body: 'loc_spec' },
    rest: { method: 'GET', path: `/rest${SN}` },
    jsonrpc: { service: `${RECOVERY}.backup.system_name`, operation: 'list' },
  },
  auth: 'session',
  input: (raw) => readInput(INPUTS.systemNameList, raw) as { loc_spec: LocationSpec },
  run: ({ loc_spec }, { tenant }) => systemNames(tenant, locationSpec(loc_spec)),
  output: T.list(T.str),
  summary: 'the system names with archives at a location (NOT_FOUND: nothing was ever written there)',
});

export const archiveList = operation({
  name: 'system_name.archive.list',
  doors: {
    api: { method: 'POST', path: `/api${SN}/:system_name/archives`, action: 'list' },
    rest: { method: 'GET', path: `/rest${SN}/:system_name/archives` },
    jsonrpc: { service: `${RECOVERY}.backup.system_name.archive`, operation: 'list' },
  },
  auth: 'session',
  // A /rest query with no filter_spec.* names is an empty filter (every FilterSpec field is optional).
  input: (raw, req) =>
    readInput(INPUTS.archiveList, req.door === 'rest' ? { ...raw, filter_spec: raw.filter_spec ?? {} } : raw) as { loc_spec: LocationSpec; system_name: string; filter_spec: ArchiveFilter },
  run: ({ loc_spec, system_name, filter_spec }, { tenant }) => {
    checkArchiveFilter(filter_spec);
    return listArchives(tenant, locationSpec(loc_spec), system_name, filter_spec);
  },
  output: T.list(ArchiveSummary),
  summary: 'archives of a system name at a location, most recent first (filter: start/end timestamp, comment substring, max results 128)',
});

export const archiveGet = operation({
  name: 'system_name.archive.get',
  doors: {
    api: { method: 'POST', path: `/api${SN}/:system_name/archives/:archive`, action: 'get', body: 'spec' },
    rest: { method: 'GET', path: `/rest${SN}/:system_name/archives/:archive` },
    jsonrpc: { service: `${RECOVERY}.backup.system_name.archive`, operation: 'get' },
  },
  auth: 'session',
  input: (raw) => readInput(INPUTS.archiveGet, raw) as { spec: LocationSpec; system_name: string; archive: string },
  run: ({ spec, system_name, archive }, { tenant }) => getArchive(tenant, locationSpec(spec), system_name, archive),
  output: ArchiveInfo,
  summary: "one archive: version, parts, comment, completion time, and its folder's URL (what a restore names)",
});

export const restoreValidate = operation({
  name: 'restore.validate',
  doors: {
    api: { method: 'POST', path: `/api${R}/restore`, action: 'validate', body: 'piece' },
    rest: { method: 'POST', path: `/rest${R}/restore/validate` },
    jsonrpc: { service: `${RECOVERY}.restore`, operation: 'validate' },
  },
  auth: 'session',
  input: (raw) => readInput(INPUTS.restoreValidate, raw) as { piece: RestoreRequest },
  run: ({ piece }, { tenant, auth }) => checkRestore(tenant, auth.appliance, piece).metadata,
  output: RestoreMetadata,
  summary: 'the metadata of the archive a location names: applicable, warnings (ERROR: no backup there, wrong password)',
});

export const restoreJobCreate = operation({
  name: 'restore.job.create',
  doors: {
    api: { method: 'POST', path: `/api${R}/restore/job`, status: 201, body: 'piece' },
    rest: { method: 'POST', path: `/rest${R}/restore/job` },
    jsonrpc: { service: `${RECOVERY}.restore.job`, operation: 'create' },
  },
  auth: 'session',
  input: (raw) => readInput(INPUTS.restoreJobCreate, raw) as { piece: RestoreRequest },
  run: ({ piece }, { tenant, auth }) => restoreJobStatus(startRestore(tenant, auth.appliance, piece, auth.session.user)),
  output: RestoreJobStatus,
  summary: 'start a restore (one backup or restore at a time; the SSO administrator is required)',
});

export const restoreJobGet = operation({
  name: 'restore.job.get',
  doors: {
    api: { method: 'GET', path: `/api${R}/restore/job` },
    rest: { method: 'GET', path: `/rest${R}/restore/job` },
    jsonrpc: { service: `${RECOVERY}.restore.job`, operation: 'get' },
  },
  auth: 'session',
  run: (_input, { tenant, auth }) => restoreStatus(tenant, auth.appliance),
  output: RestoreJobStatus,
  summary: 'the latest restore: state, progress, messages (NONE before any)',
});

export const restoreJobCancel = operation({
  name: 'restore.job.cancel',
  doors: {
    api: { method: 'POST', path: `/api${R}/restore/job`, action: 'cancel' },
    rest: { method: 'POST', path: `/rest${R}/restore/job/cancel` },
    jsonrpc: { service: `${RECOVERY}.restore.job`, operation: 'cancel' },
  },
  auth: 'session',
  run: (_input, { tenant, auth }) => cancelRestore(tenant, auth.appliance, auth.session.user),
  output: RestoreReturnResult,
});

export const reconciliationJobCreate = operation({
  name: 'reconciliation.job.create',
  doors: {
    api: { method: 'POST', path: `/api${R}/reconciliation/job`, status: 201, body: 'spec' },
    rest: { method: 'POST', path: `/rest${R}/reconciliation/job` },
    jsonrpc: { service: `${RECOVERY}.reconciliation.job`, operation: 'create' },
  },
  auth: 'session',
  // The /api body is optional (every CreateSpec field is): no body is an empty spec.
  input: (raw, req) =>
    readInput(INPUTS.reconciliationCreate, req.door === 'api' ? { ...raw, spec: raw.spec ?? {} } : raw) as { spec: Parameters<typeof startReconciliation>[2] },
  run: ({ spec }, { tenant, auth }) => reconciliationInfo(startReconciliation(tenant, auth.appliance, spec, auth.session.user)),
  output: ReconciliationInfo,
  summary: 'reconcile after a succeeded restore (NOT_ALLOWED_IN_CURRENT_STATE otherwise)',
});

export const reconciliationJobGet = operation({
  name: 'reconciliation.job.get',
  doors: {
    api: { method: 'GET', path: `/api${R}/reconciliation/job` },
    rest: { method: 'GET', path: `/rest${R}/reconciliation/job` },
    jsonrpc: { service: `${RECOVERY}.reconciliation.job`, operation: 'get' },
  },
  auth: 'session',
  run: (_input, { tenant, auth }) => reconciliationInfo(reconciliationOf(tenant, auth.appliance)),
  output: ReconciliationInfo,
  summary: 'the latest reconciliation (NOT_FOUND before any)',
});

export const recoveryOperations = [
  recoveryGet,
  systemNameList,
  archiveList,
  archiveGet,
  restoreValidate,
  restoreJobCreate,
  restoreJobGet,
  restoreJobCancel,
  reconciliationJobCreate,
  reconciliationJobGet,
];
