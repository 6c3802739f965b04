/**
 * Schedule answers in the shapes cvpysdk reads: `Schedules` lists `taskDetail[]` with `task.taskId`
 * and `subTasks[].subTask.subTaskId` / `subTaskName` (schedules.py `Schedules._get_schedules`);
 * `Schedules/{taskId}` answers `taskInfo` with `associations`, `task.taskFlags.disabled` and
 * `subTasks[]` with `subTask.operationType`, `pattern` and `options`
 * (`Schedule._get_schedule_properties`); a scheduled CreateTask answers a task id and no job ids.
 */
import type { CvState } from './model';
import { patternJson } from './schedule-pattern';
import { taskSubclients, type ScheduledTask, type ScheduleRec } from './schedules';
import { subclientEntity } from './tasks';
import type { Shape, WireObject } from './wire';

/** Backup levels as task options spell them. */
const LEVEL_WORDS = { Full: 'FULL', Incremental: 'INCREMENTAL', Differential: 'DIFFERENTIAL', 'Synthetic Full': 'SYNTHETIC_FULL' } as const;

export function scheduleCreated(v: { taskId: number }): Shape {
  return { root: 'TMMsg_CreateTaskResp', body: { taskId: v.taskId } };
}

function taskJson(task: ScheduledTask): WireObject {
  return {
    taskId: task.taskId,
    taskName: '',
    taskType: 2,
    ownerId: task.owner.userId,
    ownerName: task.owner.userName,
    policyType: 0,
    initiatedFrom: 1,
    taskFlags: { disabled: task.disabled, isEdiscovery: false },
  };
}

/** A subtask's type, operation (schedule.py `task_operation_type`: 2 BACKUP, 4002 DRBACKUP) and options. */
function stepJson(step: ScheduleRec['step']): { subTaskType: number; operationType: number; options: WireObject } {
  if (step.kind === 'backup') return { subTaskType: 2, operationType: 2, options: { backupOpts: { backupLevel: LEVEL_WORDS[step.level] } } };
  if (step.kind === 'drBackup') return { subTaskType: 1, operationType: 4002, options: { adminOpts: { drBackupOption: { drbackupType: step.backupType === 'full' ? 1 : 3 } } } };
  return { subTaskType: 0, operationType: 0, options: {} };
}

function subTaskJson(sch: ScheduleRec): WireObject {
  const { subTaskType, operationType, options } = stepJson(sch.step);
  return { subTask: { subTaskId: sch.subTaskId, subTaskName: sch.name, subTaskType, operationType, flags: 0 }, pattern: patternJson(sch.pattern), options };
}

/** `GET Schedules[?clientId=..]`: nothing scheduled answers `{}`, as the CommServ does. */
export function scheduleList(v: { tasks: ScheduledTask[] }): Shape {
  if (v.tasks.length === 0) return { root: 'TMMsg_TaskDetailResp', body: {} };
  return { root: 'TMMsg_TaskDetailResp', body: { taskDetail: v.tasks.map((t) => ({ task: taskJson(t), appGroup: {}, subTasks: t.schedules.map(subTaskJson) })) } };
}

/** `GET Schedules/{taskId}`. */
export function scheduleDetail(v: { state: CvState; task: ScheduledTask }): Shape {
  const associations = taskSubclients(v.state, v.task).map((p) => subclientEntity(v.state, p.subclient));
  return { root: 'TMMsg_TaskInfo', body: { taskInfo: { associations, task: taskJson(v.task), appGroup: {}, subTasks: v.task.schedules.map(subTaskJson) } } };
}

/** A task operation done (schedules.py `Schedules.delete` reads `errorCode`, 0 is success). */
export function taskOperationDone(): Shape {
  return { root: 'TMMsg_GenericResp', body: { errorCode: 0, errorMessage: '' } };
}
