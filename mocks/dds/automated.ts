import type { TenantHandle } from '../../src/vendor';
import type { BackupPolicy } from './decode';
import { AUTO_BACKUP_OPERATION, ddsId, findInstance, instanceStatus, type BackupRecord, type DdsState, type InstanceRecord } from './model';

/**
 * The automated backup policy of an instance (setting_an_automated_backup_policy.rst,
 * querying_an_automated_backup_policy.rst): every day of its `period` an `Auto` backup starts at
 * the beginning of its `start_time` window (UTC) on the tenant's clock, and each is kept
 * `keep_days` days. Registered as a trigger, so a week of virtual time gives a week of backups
 * whenever the state is first read (missed windows are caught up in order, each at its own time).
 */

export const DAY_MS = 86_400_000;
export const EVERY_DAY = '1,2,3,4,5,6,7';
/** Sizes of automated backups (KB), as the seeded ones. */
const AUTO_SIZE_KB = { min: 2048, max: 65536 };

type Tenant = TenantHandle<DdsState>;

/** The automated backup policy (querying_an_automated_backup_policy.rst): no window when disabled. */
export function readPolicy(state: DdsState, instanceId: string): BackupPolicy {
  const inst = findInstance(state, instanceId);
  const keep = inst.backup_strategy.keep_days;
  if (keep === 0) return { keep_days: 0 };
  return { keep_days: keep, start_time: inst.backup_strategy.start_time, period: state.periods.get(inst.id) ?? EVERY_DAY };
}

/**
 * Set (or disable, keep_days 0) the policy at `now`. Windows count from now on. The DDS user
 * guide ("Setting Automated Backup Policy", Precautions): "DDS checks existing automated backup
 * files. If the retention period of a file exceeds the backup retention period you set, DDS will
 * delete the file", and "the retention period of the previously generated automated backups
 * remains unchanged": a shorter retention shortens existing ones, a longer one or disabling
 * leaves them to expire as they would have.
 */
export function writePolicy(state: DdsState, instanceId: string, policy: BackupPolicy, now: number): InstanceRecord {
  const inst = findInstance(state, instanceId);
  inst.backup_strategy = { start_time: policy.start_time ?? inst.backup_strategy.start_time, keep_days: policy.keep_days };
  if (policy.period !== undefined) state.periods.set(inst.id, policy.period);
  state.autoBackupFrom.set(inst.id, now);
  if (policy.keep_days > 0) {
    for (const b of state.backups.values()) {
      if (b.instance_id === inst.id && b.type === 'Auto') b.expires = Math.min(b.expires ?? Infinity, b.begin + policy.keep_days * DAY_MS);
    }
  }
  return inst;
}

/** Minutes after midnight UTC of a "hh:mm-HH:MM" window's start. */
function windowStart(window: string): number {
  const [hh, mm] = window.split('-')[0].split(':').map(Number);
  return hh * 60 + mm;
}

/** DDS numbers the days of the week 1 (Monday) to 7 (Sunday). */
function ddsWeekday(ms: number): number {
  return new Date(ms).getUTCDay() || 7;
}

/** The first window start strictly after `after` on a day of `period`, or undefined when there is none. */
export function nextWindow(window: string, period: string, after: number): number | undefined {
  const days = new Set(period.split(',').map(Number));
  const minutes = windowStart(window);
  const midnight = Math.floor(after / DAY_MS) * DAY_MS;
  for (let d = 0; d <= 7; d++) {
    const at = midnight + d * DAY_MS + minutes * 60_000;
    if (at > after && days.has(ddsWeekday(at))) return at;
  }
  return undefined;
}

/** The policy of an instance that still exists and backs up, as the trigger reads it at each occurrence. */
function enabledPolicy(state: DdsState, instanceId: string): { window: string; period: string; keepDays: number } | undefined {
  const inst = state.instances.get(instanceId);
  if (!inst || inst.backup_strategy.keep_days === 0) return undefined;
  return { window: inst.backup_strategy.start_time, period: state.periods.get(instanceId) ?? EVERY_DAY, keepDays: inst.backup_strategy.keep_days };
}

const triggerKey = (instanceId: string): string => `auto-backup:${instanceId}`;

/** Automated backups are named after their instance and day, like the seeded ones. */
export function autoBackupName(instanceName: string, at: number): string {
  const stamp = new Date(at).toISOString().slice(0, 10).replace(/-/g, '');
  return `${instanceName}-auto-${stamp}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
}

/** One occurrence: an `Auto` backup of the instance, begun at `at`, following its own job. */
function takeAutoBackup(tenant: Tenant, instanceId: string, at: number): void {
  const state = tenant.state;
  const policy = enabledPolicy(state, instanceId);
  const inst = state.instances.get(instanceId);
  state.autoBackupFrom.set(instanceId, at);
  // An instance still being created or being deleted takes no backup in its window.
  if (!policy || !inst || instanceStatus(state, inst, tenant.jobs) !== 'normal' || state.deleting.has(instanceId)) return;
  const faker = tenant.faker;
  const backupId = ddsId(faker, 'br02');
  const jobId = faker.string.uuid();
  const backup: BackupRecord = {
    id: backupId,
    name: autoBackupName(inst.name, at),
    instance_id: inst.id,
    type: 'Auto',
    description: '',
    size: faker.number.int(AUTO_SIZE_KB),
    begin: at,
    job_id: jobId,
    expires: at + policy.keepDays * DAY_MS,
  };
  state.backups.set(backupId, backup);
  state.jobs.set(jobId, { name: 'Backup_MongoDB', instance_id: inst.id, instance_name: inst.name, backup_id: backupId, action: 'BACKUP' });
  tenant.jobs.start({ id: jobId, operation: AUTO_BACKUP_OPERATION, target: inst.id, data: { backup_id: backupId, name: backup.name }, at });
}

/**
 * (Re-)register an instance's policy trigger, or cancel it when the policy is disabled or the
 * instance is gone. The trigger reads the state at each occurrence, so it follows policy
 * changes and a state replaced by a snapshot.
 */
export function armPolicy(tenant: Tenant, instanceId: string, since: number): void {
  if (!enabledPolicy(tenant.state, instanceId)) {
    tenant.triggers.cancel(triggerKey(instanceId));
    return;
  }
  tenant.triggers.register(
    triggerKey(instanceId),
    {
      next: (after) => {
        const policy = enabledPolicy(tenant.state, instanceId);
        return policy ? nextWindow(policy.window, policy.period, after) : undefined;
      },
      fire: (at) => takeAutoBackup(tenant, instanceId, at),
    },
    since,
  );
}

/** Every instance's policy, from the tenant's start or from where it last fired (armState). */
export function armPolicies(tenant: Tenant, since: number): void {
  const state = tenant.state;
  for (const id of [...state.instances.keys()]) armPolicy(tenant, id, Math.max(since, state.autoBackupFrom.get(id) ?? since));
}
