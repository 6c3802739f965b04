/**
 * The agent's scheduler (VZLScheduler.xsd): tasks holding an agent packet, run at their trigger's
 * times on the tenant's virtual clock. A task's backup_env calls start backups at each occurrence
 * (caught up in order when the state is built late, each at its own time), so a nightly task
 * makes a week of backups over a week of virtual time, with the retention of catalogue.ts. The
 * age limit of the scenario runs as a trigger too.
 */
import type { TenantHandle, VendorJobs, VendorTriggers } from '../../src/vendor';
import { backupEnvironments } from './backups';
import { nextExpiry, pruneByAge } from './catalogue';
import type { ScheduledTask, ScheduleTrigger, VirtuozzoState } from './model';

const DAY_MS = 86_400_000;
/** How far ahead an occurrence is looked for (a monthly trigger on the 31st of February never comes). */
const HORIZON_DAYS = 5 * 366;

function daysInMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Does the trigger run on the UTC day starting at `day` (its start's day is `firstDay`)? */
function runsOn(t: ScheduleTrigger, day: number, firstDay: number): boolean {
  const d = new Date(day);
  const dow = d.getUTCDay();
  const dom = d.getUTCDate();
  const month = d.getUTCMonth() + 1;
  const inMonths = !t.months?.length || t.months.includes(month);
  switch (t.kind) {
    case 'once':
      return day === firstDay;
    case 'daily':
      if (t.workdays) return dow >= 1 && dow <= 5;
      if (t.weekends) return dow === 0 || dow === 6;
      return Math.round((day - firstDay) / DAY_MS) % Math.max(1, t.daysInterval ?? 1) === 0;
    case 'weekly': {
      const weekOf = (ms: number) => Math.floor((ms / DAY_MS + 4) / 7); // weeks start on Sunday (1970-01-01 was a Thursday)
      const days = t.daysOfWeek?.length ? t.daysOfWeek : [new Date(firstDay).getUTCDay()];
      return days.includes(dow) && (weekOf(day) - weekOf(firstDay)) % Math.max(1, t.weeksInterval ?? 1) === 0;
    }
    case 'monthly': {
      const days = t.daysOfMonth?.length ? t.daysOfMonth : [new Date(firstDay).getUTCDate()];
      return inMonths && (days.includes(dom) || (days.includes(32) && dom === daysInMonth(d)));
    }
    case 'monthly_day_of_week': {
      const nth = t.weekdaysOfMonth?.length ? t.weekdaysOfMonth : [1];
      const days = t.daysOfWeek?.length ? t.daysOfWeek : [new Date(firstDay).getUTCDay()];
      return inMonths && days.includes(dow) && (nth.includes(Math.ceil(dom / 7)) || (nth.includes(6) && dom + 7 > daysInMonth(d)));
    }
  }
}

/** The first run strictly after `after`: at the start's time of day, on a day the trigger runs, within start and end. */
export function nextRun(t: ScheduleTrigger, after: number): number | undefined {
  if (t.kind === 'once') return t.start > after ? t.start : undefined;
  const timeOfDay = ((t.start % DAY_MS) + DAY_MS) % DAY_MS;
  const firstDay = t.start - timeOfDay;
  const from = Math.max(after, t.start - 1);
  let day = from - (((from % DAY_MS) + DAY_MS) % DAY_MS);
  for (let i = 0; i <= HORIZON_DAYS; i++, day += DAY_MS) {
    const at = day + timeOfDay;
    if (t.end !== undefined && at > t.end) return undefined;
    if (at > after && at >= t.start && runsOn(t, day, firstDay)) return at;
  }
  return undefined;
}

/** What running a tenant's tasks needs: its live state (a snapshot restore replaces it), jobs, triggers and clock. */
export interface SchedulerContext {
  readonly tenant: string;
  readonly state: () => VirtuozzoState | undefined;
  readonly jobs: VendorJobs;
  readonly triggers: VendorTriggers;
  readonly clock: { now(): number };
}

const taskKey = (id: string) => `task:${id}`;

/** One occurrence of a task: its backup_env calls start at `at` (a disabled task skips it). */
function runTask(c: SchedulerContext, id: string, at: number): void {
  const state = c.state();
  const task = state?.tasks.get(id);
  if (!state || !task || task.disabled) return;
  task.runs++;
  task.lastRun = at;
  const ctx = { state, tenant: { id: c.tenant, jobs: c.jobs }, clock: c.clock, progress: undefined };
  // Errors (an environment removed since) are the backups' own: nobody waits for this reply.
  for (const r of task.backups) backupEnvironments(ctx, r, at).catch(() => undefined);
}

/** Keep a task and run it at its times from `since` on (occurrences already due run now, in order). */
export function scheduleTask(c: SchedulerContext, task: ScheduledTask, since: number): void {
  const state = c.state();
  if (!state) return;
  state.tasks.set(task.id, task);
  const id = task.id;
  c.triggers.register(
    taskKey(id),
    {
      next: (after) => {
        const t = c.state()?.tasks.get(id);
        return t ? nextRun(t.trigger, after) : undefined;
      },
      fire: (at) => runTask(c, id, at),
    },
    since,
  );
}

export function unscheduleTask(c: Pick<SchedulerContext, 'triggers'>, state: VirtuozzoState, id: string): boolean {
  c.triggers.cancel(taskKey(id));
  return state.tasks.delete(id);
}

/** When a task runs next (taskType next_start). */
export function nextStart(c: Pick<SchedulerContext, 'triggers'>, id: string): number | undefined {
  return c.triggers.next(taskKey(id));
}

/** The scenario's age limit: backups are removed as they reach it, on the virtual clock. */
/** The scheduler's view of a tenant: its state as it is now, its jobs, triggers and clock. */
export function schedulerOf(tenant: TenantHandle<VirtuozzoState>): SchedulerContext {
  return { tenant: tenant.id, state: () => tenant.state, jobs: tenant.jobs, triggers: tenant.triggers, clock: tenant.clock };
}

/**
 * The state's triggers (VendorModule.armState): every task at its times from when it last ran (or
 * its start, or the tenant's start), and the age limit. Called when the state is built or restored.
 */
export function armState(tenant: TenantHandle<VirtuozzoState>, since: number): void {
  const c = schedulerOf(tenant);
  const state = tenant.state;
  // Tasks first: the backups they catch up are pruned as they are made, and by the age limit's trigger after.
  for (const task of [...state.tasks.values()]) scheduleTask(c, task, task.lastRun ?? Math.min(task.trigger.start - 1, since));
  if (state.maxAgeMs !== undefined) scheduleRetention(c, since);
}

export function scheduleRetention(c: SchedulerContext, since: number): void {
  c.triggers.register(
    'retention',
    {
      next: (after) => {
        const state = c.state();
        return state ? nextExpiry(state, after) : undefined;
      },
      fire: (at) => {
        const state = c.state();
        if (state) pruneByAge(state, at);
      },
    },
    since,
  );
}
