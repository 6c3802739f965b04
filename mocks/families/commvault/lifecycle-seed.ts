/**
 * Seeding storage policies, plans and schedules from the scenario (lifecycle-schema.ts). Names
 * the subclients and backupsets use that the scenario does not declare are created with the
 * default retention. A seeded schedule is a scheduled task owned by the first user, created when
 * the tenant's life began; its pattern is turned into the numbers cvpysdk would have sent
 * (schedules.py `SchedulePattern`) and checked like one.
 */
import { backupLevel, resolveAssociation, type CvState } from './model';
import type { PlanSpec, ScheduleSpec, SchedulePatternSpec, StoragePolicySpec } from './lifecycle-schema';
import { PLAN_RETENTION, POLICY_RETENTION, type PlanRec, type RetentionRules, type StoragePolicyRec } from './retention';
import { decodePattern, type SchedulePattern } from './schedule-pattern';
import type { ScheduledTask } from './schedules';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAY_BITS: Record<string, number> = { sunday: 1, monday: 2, tuesday: 4, wednesday: 8, thursday: 16, friday: 32, saturday: 64 };
const FREQ = { one_time: 1, daily: 4, weekly: 8, monthly: 16 } as const;

const named = <T extends { name: string }>(spec: string | T): T | { name: string } => (typeof spec === 'string' ? { name: spec } : spec);

/** A policy's or plan's retention: the scenario's days and cycles, else the defaults. */
function rulesOf(spec: { retentionDays?: number; retentionCycles?: number }, defaults: RetentionRules): RetentionRules {
  return { retainBackupDataForDays: spec.retentionDays ?? defaults.retainBackupDataForDays, retainBackupDataForCycles: spec.retentionCycles ?? defaults.retainBackupDataForCycles };
}

/** Storage policies and plans: the scenario's, then the names subclients and backupsets use. */
export function seedPolicies(state: CvState, policies: StoragePolicySpec[] = [], plans: PlanSpec[] = []): void {
  const policySpecs = new Map(policies.map((p) => [named(p).name, named(p)]));
  const planSpecs = new Map(plans.map((p) => [named(p).name, named(p)]));
  for (const s of state.subclients) if (s.storagePolicy && !planSpecs.has(s.storagePolicy) && !policySpecs.has(s.storagePolicy)) policySpecs.set(s.storagePolicy, { name: s.storagePolicy });
  for (const b of state.backupsets) if (b.plan && !planSpecs.has(b.plan)) planSpecs.set(b.plan, { name: b.plan });
  let copyId = 1;
  state.storagePolicies = [...policySpecs.values()].map((p, i): StoragePolicyRec => {
    const spec: Exclude<StoragePolicySpec, string> = { ...p };
    return {
      id: spec.id ?? i + 1,
      name: spec.name,
      copyId: copyId++,
      copyName: 'Primary',
      libraryName: spec.library ?? 'DiskLib01',
      retention: rulesOf(spec, POLICY_RETENTION),
    };
  });
  state.plans = [...planSpecs.values()].map((p, i): PlanRec => {
    const spec: Exclude<PlanSpec, string> = { ...p };
    return {
      id: spec.id ?? i + 1,
      name: spec.name,
      copyId: copyId++,
      rpoMinutes: spec.rpoMinutes ?? 1440,
      storagePoolName: spec.storagePool ?? 'StoragePool01',
      retention: rulesOf(spec, PLAN_RETENTION),
    };
  });
}

/** 'HH:MM' as seconds after midnight, 'MM/DD/YYYY' as epoch seconds of its UTC midnight. */
const seconds = (hhmm: string) => hhmm.split(':').map(Number).reduce((h, m) => h * 3600 + m * 60);
const dateSeconds = (mdy: string) => {
  const [m, d, y] = mdy.split('/').map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
};

/** The pattern cvpysdk would send for the same words (schedules.py `_daily`, `_weekly`, `_monthly`, `_one_time`). */
export function patternOf(p: SchedulePatternSpec, since: number): SchedulePattern {
  const raw: Record<string, unknown> = {
    freq_type: FREQ[p.freq_type],
    active_start_date: p.active_start_date ? dateSeconds(p.active_start_date) : Math.floor(since / DAY_MS) * (DAY_MS / 1000),
    active_start_time: seconds(p.active_start_time),
    freq_recurrence_factor: p.repeat_days ?? p.repeat_weeks ?? p.repeat_months ?? 1,
    freq_interval: p.freq_type === 'weekly' ? (p.weekdays ?? []).reduce((bits, d) => bits | WEEKDAY_BITS[d], 0) : p.freq_type === 'monthly' ? (p.on_day ?? 10) : 0,
    ...(p.active_end_date ? { active_end_date: dateSeconds(p.active_end_date) } : {}),
    ...(p.end_after !== undefined ? { active_end_occurence: p.end_after } : {}),
    ...(p.repeat_every && p.repeat_end ? { freq_subday_interval: seconds(p.repeat_every), active_end_time: seconds(p.repeat_end) } : {}),
  };
  return decodePattern(raw);
}

/** Seeded schedules as scheduled tasks; an unknown subclient is a scenario error. */
export function seedSchedules(state: CvState, specs: ScheduleSpec[], since: number): void {
  const owner = state.users[0];
  for (const spec of specs) {
    const association = {
      clientName: spec.client,
      ...(spec.agent !== undefined ? { appName: spec.agent } : {}),
      ...(spec.backupset !== undefined ? { backupsetName: spec.backupset } : {}),
      ...(spec.subclient !== undefined ? { subclientName: spec.subclient } : {}),
    };
    const ids = resolveAssociation(state, association).map((p) => p.subclient.subclientId);
    if (ids.length === 0) throw new Error(`commvault schedule "${spec.name}": no subclient matches ${Object.values(association).join(' / ')}`);
    const task: ScheduledTask = {
      taskId: state.nextTaskId++,
      associations: [association],
      subclientIds: ids,
      schedules: [{ subTaskId: state.nextSubTaskId++, name: spec.name, step: { kind: 'backup', level: backupLevel(spec.backupLevel)! }, pattern: patternOf(spec.pattern, since), runCount: 0 }],
      disabled: !spec.enabled,
      createdAt: since,
      owner: { userName: owner?.username ?? 'admin', userId: owner?.userId ?? 1 },
    };
    state.schedules.set(task.taskId, task);
  }
}
