/**
 * Backup schedules (com.vmware.appliance.recovery.backup.schedules; backup_client.py Schedules
 * and _SchedulesStub). /api creates with `POST …/schedules {schedule, spec}` and updates with
 * `PATCH …/schedules/{schedule}` (the spec is the body); /rest creates with
 * `POST …/schedules/{schedule} {spec}` and updates with `PUT …/schedules/update/{schedule}`.
 */
import { operationsOf } from '../../src/operations/types';
import { backupJobStatus } from './backup-jobs';
import { readInput } from './codec';
import { INPUTS, ScheduleInfo } from './recovery-types';
import { createSchedule, deleteSchedule, findSchedule, runSchedule, scheduleInfo, scheduleList, updateSchedule } from './schedules';
import type { ScheduleSpec } from './validation';
import * as T from './vapi-types';
import type { Vcenter } from './wire';

const operation = operationsOf<Vcenter>();

const S = '/appliance/recovery/backup/schedules';
const SERVICE = 'com.vmware.appliance.recovery.backup.schedules';

export const schedulesList = operation({
  name: 'schedules.list',
  doors: {
    api: { method: 'GET', path: `/api${S}` },
    rest: { method: 'GET', path: `/rest${S}` },
    jsonrpc: { service: SERVICE, operation: 'list' },
  },
  auth: 'session',
  run: (_input, { auth }) => scheduleList(auth.appliance),
  output: T.map(T.str, ScheduleInfo),
  summary: 'schedule id -> Info',
});

export const schedulesCreate = operation({
  name: 'schedules.create',
  doors: {
    api: { method: 'POST', path: `/api${S}`, status: 204 },
    rest: { method: 'POST', path: `/rest${S}/:schedule` },
    jsonrpc: { service: SERVICE, operation: 'create' },
  },
  auth: 'session',
  input: (raw) => readInput(INPUTS.schedulesCreate, raw) as { schedule: string; spec: ScheduleSpec & { location: string } },
  run: ({ schedule, spec }, { tenant, auth }) => createSchedule(tenant, auth.appliance, schedule, spec, auth.session.user),
  output: T.voidType,
  summary: 'a schedule: recurrence (days, hour, minute UTC), retention (max_count), location, parts; enabled unless enable=false',
});

export const schedulesGet = operation({
  name: 'schedules.get',
  doors: {
    api: { method: 'GET', path: `/api${S}/:schedule` },
    rest: { method: 'GET', path: `/rest${S}/:schedule` },
    jsonrpc: { service: SERVICE, operation: 'get' },
  },
  auth: 'session',
  input: (raw) => readInput(INPUTS.schedule, raw) as { schedule: string },
  run: ({ schedule }, { auth }) => scheduleInfo(findSchedule(auth.appliance, schedule)),
  output: ScheduleInfo,
});

export const schedulesUpdate = operation({
  name: 'schedules.update',
  doors: {
    api: { method: 'PATCH', path: `/api${S}/:schedule`, status: 204, body: 'spec' },
    rest: { method: 'PUT', path: `/rest${S}/update/:schedule` },
    jsonrpc: { service: SERVICE, operation: 'update' },
  },
  auth: 'session',
  // The /api body is optional (every UpdateSpec field is): no body changes nothing.
  input: (raw, req) => readInput(INPUTS.schedulesUpdate, req.door === 'api' ? { ...raw, spec: raw.spec ?? {} } : raw) as { schedule: string; spec: ScheduleSpec },
  run: ({ schedule, spec }, { tenant, auth }) => updateSchedule(tenant, auth.appliance, schedule, spec),
  output: T.voidType,
  summary: 'unset fields keep their values; the next occurrence follows the new recurrence',
});

export const schedulesDelete = operation({
  name: 'schedules.delete',
  doors: {
    api: { method: 'DELETE', path: `/api${S}/:schedule`, status: 204 },
    rest: { method: 'DELETE', path: `/rest${S}/:schedule` },
    jsonrpc: { service: SERVICE, operation: 'delete' },
  },
  auth: 'session',
  input: (raw) => readInput(INPUTS.schedule, raw) as { schedule: string },
  run: ({ schedule }, { tenant, auth }) => deleteSchedule(tenant, auth.appliance, schedule),
  output: T.voidType,
});

export const schedulesRun = operation({
  name: 'schedules.run',
  doors: {
    api: { method: 'POST', path: `/api${S}/:schedule`, action: 'run' },
    rest: { method: 'POST', path: `/rest${S}/:schedule`, query: { action: 'run' } },
    jsonrpc: { service: SERVICE, operation: 'run' },
  },
  auth: 'session',
  input: (raw) => readInput(INPUTS.schedulesRun, raw) as { schedule: string; comment?: string },
  run: ({ schedule, comment }, { tenant, auth }) => backupJobStatus(runSchedule(tenant, auth.appliance, schedule, comment, auth.session.user)),
  output: T.BackupJobStatus,
  summary: "a backup now with the schedule's settings (FEATURE_IN_USE while a backup or restore runs)",
});

export const scheduleOperations = [schedulesList, schedulesCreate, schedulesGet, schedulesUpdate, schedulesDelete, schedulesRun];
