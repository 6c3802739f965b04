/**
 * Backup schedules (com.vmware.appliance.recovery.backup.schedules): create, get, list, update,
 * delete, run, and their occurrences on the tenant's clock. An enabled schedule with recurrence
 * info is a trigger (tenant.triggers) that starts a scheduled backup at hour:minute UTC on its
 * days; an occurrence while a backup or restore runs is refused as the appliance refuses it
 * (FEATURE_IN_USE) and shows as a failed scheduled job. Retention applies as its archives land
 * (catalogue.ts).
 */
import type { Job } from '../../src/jobs/engine';
import { refuseBackup, startBackup, type BackupOrder } from './backup-jobs';
import { errors, VapiError } from './errors';
import { digest, type Appliance, type Recurrence, type Schedule, type Tenant } from './model';
import type { DayOfWeek } from './recovery-types';
import { checkScheduleId, checkScheduleSpec, locationTypeOf, type ScheduleSpec } from './validation';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAY: Record<DayOfWeek, number> = { SUNDAY: 0, MONDAY: 1, TUESDAY: 2, WEDNESDAY: 3, THURSDAY: 4, FRIDAY: 5, SATURDAY: 6 };

/** The first occurrence strictly after `after`: hour:minute UTC on one of `days` (every day when unset or empty). */
export function nextOccurrence(r: Recurrence, after: number): number {
  const d = new Date(after);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), r.hour, r.minute);
  if (t <= after) t += DAY_MS;
  const days = r.days?.length ? new Set(r.days.map((day) => WEEKDAY[day])) : undefined;
  while (days && !days.has(new Date(t).getUTCDay())) t += DAY_MS;
  return t;
}

const triggerKey = (appliance: string, schedule: string) => `schedule\0${appliance}\0${schedule}`;

/** A schedule's settings as a backup order; its secrets are digests already. */
function orderOf(schedule: Schedule, extra: Pick<BackupOrder, 'at' | 'comment' | 'user'>): BackupOrder {
  return {
    parts: schedule.parts,
    location_type: locationTypeOf(schedule.location),
    location: schedule.location,
    ...(schedule.locationUser !== undefined ? { location_user: schedule.locationUser } : {}),
    ...(schedule.locationPasswordDigest !== undefined ? { locationPasswordDigest: schedule.locationPasswordDigest } : {}),
    ...(schedule.backupPasswordDigest !== undefined ? { backupPasswordDigest: schedule.backupPasswordDigest } : {}),
    ...(schedule.fastBackup !== undefined ? { fast_backup: schedule.fastBackup } : {}),
    ...(schedule.user !== undefined ? { user: schedule.user } : {}),
    schedule: schedule.id,
    ...extra,
  };
}

/** One occurrence at `at` (maybe in the past, when caught up): the schedule as it is now decides. */
function fire(tenant: Tenant, applianceId: string, scheduleId: string, at: number): void {
  const appliance = tenant.state.appliances.find((a) => a.id === applianceId);
  const schedule = appliance?.schedules.get(scheduleId);
  if (!appliance || !schedule?.enable) return;
  schedule.lastRunAt = at;
  const order = orderOf(schedule, { at });
  try {
    startBackup(tenant, appliance, order);
  } catch (e) {
    if (!(e instanceof VapiError)) throw e;
    refuseBackup(tenant, appliance, order, e.messages[0]);
  }
}

/** (Re-)register a schedule's trigger: occurrences after `since` that are due run now, in order. */
export function armSchedule(tenant: Tenant, appliance: Appliance, schedule: Schedule, since: number): void {
  const key = triggerKey(appliance.id, schedule.id);
  const recurrence = schedule.recurrence;
  if (!schedule.enable || !recurrence) {
    tenant.triggers.cancel(key);
    return;
  }
  const applianceId = appliance.id;
  const scheduleId = schedule.id;
  tenant.triggers.register(key, { next: (after) => nextOccurrence(recurrence, after), fire: (at) => fire(tenant, applianceId, scheduleId, at) }, since);
}

/** Every schedule of the tenant's state, from `since` or from where it last fired (armState). */
export function armSchedules(tenant: Tenant, since: number): void {
  for (const appliance of tenant.state.appliances) {
    for (const schedule of appliance.schedules.values()) {
      armSchedule(tenant, appliance, schedule, Math.max(since, schedule.createdAt, schedule.lastRunAt ?? -Infinity));
    }
  }
}

export function findSchedule(appliance: Appliance, id: string): Schedule {
  const schedule = appliance.schedules.get(id);
  if (!schedule) throw errors.notFound('Schedule', id);
  return schedule;
}

function recurrenceOf(r: NonNullable<ScheduleSpec['recurrence_info']>): Recurrence {
  return { minute: r.minute, hour: r.hour, ...(r.days !== undefined ? { days: r.days } : {}) };
}

/** Schedules.create: the spec checked, the id new; enabled unless `enable: false`. */
export function createSchedule(tenant: Tenant, appliance: Appliance, id: string, spec: ScheduleSpec & { location: string }, user: string): void {
  checkScheduleId(id);
  checkScheduleSpec(spec, appliance.parts.map((p) => p.id));
  if (appliance.schedules.has(id)) throw errors.scheduleExists(id);
  const schedule: Schedule = {
    id,
    parts: spec.parts ?? [],
    location: spec.location,
    ...(spec.location_user !== undefined ? { locationUser: spec.location_user } : {}),
    ...(spec.location_password !== undefined ? { locationPasswordDigest: digest(spec.location_password) } : {}),
    ...(spec.backup_password !== undefined ? { backupPasswordDigest: digest(spec.backup_password) } : {}),
    enable: spec.enable ?? true,
    ...(spec.recurrence_info ? { recurrence: recurrenceOf(spec.recurrence_info) } : {}),
    ...(spec.retention_info ? { maxCount: spec.retention_info.max_count } : {}),
    ...(spec.fast_backup !== undefined ? { fastBackup: spec.fast_backup } : {}),
    createdAt: tenant.clock.now(),
    user,
  };
  appliance.schedules.set(id, schedule);
  armSchedule(tenant, appliance, schedule, schedule.createdAt);
}

/** Schedules.update: unset fields stay as they are; the trigger follows the new recurrence from now. */
export function updateSchedule(tenant: Tenant, appliance: Appliance, id: string, spec: ScheduleSpec): void {
  const schedule = findSchedule(appliance, id);
  checkScheduleSpec(spec, appliance.parts.map((p) => p.id));
  if (spec.parts !== undefined) schedule.parts = spec.parts;
  if (spec.location !== undefined) schedule.location = spec.location;
  if (spec.location_user !== undefined) schedule.locationUser = spec.location_user;
  if (spec.location_password !== undefined) schedule.locationPasswordDigest = digest(spec.location_password);
  if (spec.backup_password !== undefined) schedule.backupPasswordDigest = digest(spec.backup_password);
  if (spec.enable !== undefined) schedule.enable = spec.enable;
  if (spec.recurrence_info !== undefined) schedule.recurrence = recurrenceOf(spec.recurrence_info);
  if (spec.retention_info !== undefined) schedule.maxCount = spec.retention_info.max_count;
  if (spec.fast_backup !== undefined) schedule.fastBackup = spec.fast_backup;
  armSchedule(tenant, appliance, schedule, tenant.clock.now());
}

export function deleteSchedule(tenant: Tenant, appliance: Appliance, id: string): void {
  findSchedule(appliance, id);
  appliance.schedules.delete(id);
  tenant.triggers.cancel(triggerKey(appliance.id, id));
}

/** Schedules.run: a backup now with the schedule's settings (FEATURE_IN_USE while one runs). */
export function runSchedule(tenant: Tenant, appliance: Appliance, id: string, comment: string | undefined, user: string): Job {
  const schedule = findSchedule(appliance, id);
  return startBackup(tenant, appliance, orderOf(schedule, { user, ...(comment !== undefined ? { comment } : {}) }));
}

/** Schedules.Info as plain data. */
export function scheduleInfo(schedule: Schedule): Record<string, unknown> {
  return {
    parts: schedule.parts,
    location: schedule.location,
    ...(schedule.locationUser !== undefined ? { location_user: schedule.locationUser } : {}),
    enable: schedule.enable,
    ...(schedule.recurrence ? { recurrence_info: schedule.recurrence } : {}),
    ...(schedule.maxCount !== undefined ? { retention_info: { max_count: schedule.maxCount } } : {}),
    ...(schedule.fastBackup !== undefined ? { fast_backup: schedule.fastBackup } : {}),
  };
}

/** Schedules.list: schedule id -> Info, in creation order. */
export function scheduleList(appliance: Appliance): Map<string, Record<string, unknown>> {
  return new Map([...appliance.schedules].map(([id, schedule]) => [id, scheduleInfo(schedule)]));
}
