/**
 * Schedules: a CreateTask whose subtasks carry a `pattern` (cvpysdk schedules.py
 * `SchedulePattern.create_schedule`, which also sets `task.taskType` 2) is kept as a scheduled
 * task, not run: the answer is its task id and no job ids (subclient.py `_process_backup_response`
 * then looks it up under `Schedules`). Each subtask is one schedule (cvpysdk keys schedules by
 * `subTaskId`) and a trigger on the tenant's clock (tenant.triggers) that runs the subtask as the
 * task's backup at each time of its pattern. `Qcommand/qoperation execute` with
 * `TMMsg_TaskOperationReq` deletes one (opType 3, `Schedules.delete`) or runs it now (opType 5,
 * `Schedule.run_now`).
 */
import { CvError } from './errors';
import { pathOf, resolveAssociation, subclientById, type Association, type Caller, type CvState, type CvTenant } from './model';
import { nextRun, type SchedulePattern } from './schedule-pattern';
import { createTask, type StartedTask, type TaskOrder, type TaskStep } from './tasks';

/** One schedule: a subtask of a scheduled task. */
export interface ScheduleRec {
  subTaskId: number;
  /** `subTaskName` (cvpysdk's `schedule_name`); may be empty. */
  name: string;
  step: TaskStep;
  pattern: SchedulePattern;
  runCount: number;
  lastRunAt?: number;
  /** Why the last run started nothing (the subclient is no longer eligible...). */
  lastError?: string;
}

/** A scheduled task: its associations as sent, the subclients they name, and its schedules. */
export interface ScheduledTask {
  taskId: number;
  associations: Association[];
  subclientIds: number[];
  schedules: ScheduleRec[];
  disabled: boolean;
  createdAt: number;
  owner: { userName: string; userId: number };
}

/** What a scheduled CreateTask asks for: the task's order and a pattern per subtask. */
export interface ScheduleOrder {
  order: TaskOrder;
  patterns: Array<{ name: string; pattern: SchedulePattern }>;
  disabled: boolean;
}

const triggerKey = (taskId: number, subTaskId: number) => `schedule\0${taskId}\0${subTaskId}`;

/** Create the scheduled task, arm its schedules, answer its task id (no jobs). */
export function createSchedule(tenant: CvTenant, caller: Caller, req: ScheduleOrder): { taskId: number } {
  const s = tenant.state;
  const ids = new Set(req.order.associations.flatMap((a) => resolveAssociation(s, a)).map((p) => p.subclient.subclientId));
  const backsUp = req.order.steps.some((st) => st.kind === 'backup');
  if (backsUp && ids.size === 0) throw new CvError('NO_ELIGIBLE_SUBCLIENTS');
  const task: ScheduledTask = {
    taskId: s.nextTaskId++,
    associations: req.order.associations,
    subclientIds: [...ids],
    schedules: req.order.steps.map((step, i) => ({ subTaskId: s.nextSubTaskId++, name: req.patterns[i].name, step, pattern: req.patterns[i].pattern, runCount: 0 })),
    disabled: req.disabled,
    createdAt: tenant.clock.now(),
    owner: { userName: caller.userName, userId: caller.userId },
  };
  s.schedules.set(task.taskId, task);
  for (const sch of task.schedules) armSchedule(tenant, task, sch, task.createdAt);
  return { taskId: task.taskId };
}

/** Run one schedule now or at a time of its pattern (`at`, maybe in the past when caught up). */
function run(tenant: CvTenant, task: ScheduledTask, sch: ScheduleRec, at?: number): StartedTask {
  const caller: Caller = { ...task.owner, token: '' };
  const order: TaskOrder = { associations: task.associations, steps: [sch.step], taskId: task.taskId, ...(at !== undefined ? { at } : {}) };
  return createTask(tenant, caller, order);
}

/** One occurrence: the schedule as it is now decides; a refusal is kept on it, not thrown. */
function fire(tenant: CvTenant, taskId: number, subTaskId: number, at: number): void {
  const task = tenant.state.schedules.get(taskId);
  const sch = task?.schedules.find((x) => x.subTaskId === subTaskId);
  if (!task || !sch || task.disabled) return;
  if (sch.pattern.endAfter !== undefined && sch.runCount >= sch.pattern.endAfter) return;
  sch.runCount++;
  sch.lastRunAt = at;
  try {
    run(tenant, task, sch, at);
    delete sch.lastError;
  } catch (e) {
    if (!(e instanceof CvError)) throw e;
    sch.lastError = e.message;
  }
}

function armSchedule(tenant: CvTenant, task: ScheduledTask, sch: ScheduleRec, since: number): void {
  const key = triggerKey(task.taskId, sch.subTaskId);
  if (task.disabled || (sch.pattern.endAfter !== undefined && sch.runCount >= sch.pattern.endAfter)) {
    tenant.triggers.cancel(key);
    return;
  }
  const { taskId } = task;
  const { subTaskId, pattern } = sch;
  tenant.triggers.register(key, { next: (after) => nextRun(pattern, after), fire: (at) => fire(tenant, taskId, subTaskId, at) }, since);
}

/** Every schedule of the state, from `since` or from where it last ran (armState). */
export function armSchedules(tenant: CvTenant, since: number): void {
  for (const task of tenant.state.schedules.values()) {
    for (const sch of task.schedules) armSchedule(tenant, task, sch, Math.max(since, task.createdAt, sch.lastRunAt ?? -Infinity));
  }
}

/** The entity filters of `Schedules?clientId=&apptypeId=&instanceId=&backupsetId=&subclientId=`. */
export interface ScheduleFilter {
  clientId?: number;
  applicationId?: number;
  instanceId?: number;
  backupsetId?: number;
  subclientId?: number;
  /** `Schedules?operationType=..` (services.py OPTYPE_SCHEDULES): BACKUP or DRBACKUP tasks; data aging and the rest are not scheduled tasks here. */
  operationType?: string;
}

/** Scheduled tasks touching an entity (the Commcell's: all of them), in creation order. */
export function listSchedules(s: CvState, f: ScheduleFilter): ScheduledTask[] {
  const names = (sc: { clientId: number; applicationId: number; instanceId: number; backupsetId: number; subclientId: number }) =>
    (f.clientId === undefined || sc.clientId === f.clientId) &&
    (f.applicationId === undefined || sc.applicationId === f.applicationId) &&
    (f.instanceId === undefined || sc.instanceId === f.instanceId) &&
    (f.backupsetId === undefined || sc.backupsetId === f.backupsetId) &&
    (f.subclientId === undefined || sc.subclientId === f.subclientId);
  const { operationType, ...entity } = f;
  const kind = operationType === undefined ? undefined : /^(backup|2)$/i.test(operationType) ? 'backup' : /^(drbackup|4002)$/i.test(operationType) ? 'drBackup' : 'none';
  const filtered = Object.values(entity).some((v) => v !== undefined);
  // A task with no subclient (a DR backup) is listed at the Commcell level only.
  return [...s.schedules.values()].filter(
    (t) =>
      (kind === undefined || t.schedules.some((x) => x.step.kind === kind)) &&
      (!filtered || t.subclientIds.some((id) => s.subclients.some((sc) => sc.subclientId === id && names(sc)))),
  );
}

/** `GET Schedules/{taskId}`. */
export function findScheduledTask(s: CvState, taskId: number): ScheduledTask {
  const task = s.schedules.get(taskId);
  if (!task) throw new CvError('SCHEDULE_NOT_FOUND', `Schedule task [${taskId}] does not exist.`);
  return task;
}

function taskOfSubtask(s: CvState, subTaskId: number): { task: ScheduledTask; sch: ScheduleRec } {
  for (const task of s.schedules.values()) {
    const sch = task.schedules.find((x) => x.subTaskId === subTaskId);
    if (sch) return { task, sch };
  }
  throw new CvError('SCHEDULE_NOT_FOUND', `Schedule [${subTaskId}] does not exist.`);
}

/** opType 3: delete schedules (the task goes with its last one); all are checked before any goes. */
export function deleteSchedules(tenant: CvTenant, subTaskIds: number[]): void {
  const s = tenant.state;
  const found = subTaskIds.map((id) => taskOfSubtask(s, id));
  for (const { task, sch } of found) {
    tenant.triggers.cancel(triggerKey(task.taskId, sch.subTaskId));
    task.schedules = task.schedules.filter((x) => x !== sch);
    if (task.schedules.length === 0) s.schedules.delete(task.taskId);
  }
}

/** `Schedules/task/Action/Enable|Disable`: a disabled task fires nothing; enabled again, it runs from now on. */
export function setTaskDisabled(tenant: CvTenant, taskId: number, disabled: boolean): void {
  const task = findScheduledTask(tenant.state, taskId);
  task.disabled = disabled;
  const now = tenant.clock.now();
  for (const sch of task.schedules) {
    // Runs missed while disabled are never caught up, not even when a snapshot re-arms the state (armSchedules).
    if (!disabled) sch.lastRunAt = Math.max(sch.lastRunAt ?? -Infinity, now);
    armSchedule(tenant, task, sch, now);
  }
}

/** opType 5: run a schedule now (its task id, new jobs). */
export function runScheduleNow(tenant: CvTenant, subTaskId: number): StartedTask {
  const { task, sch } = taskOfSubtask(tenant.state, subTaskId);
  return run(tenant, task, sch);
}

/** The subclients a task names, as its associations answer them. */
export function taskSubclients(s: CvState, task: ScheduledTask) {
  return task.subclientIds.flatMap((id) => {
    const sc = subclientById(s, id);
    return sc ? [pathOf(s, sc)] : [];
  });
}
