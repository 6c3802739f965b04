/**
 * Request inputs of schedules: a CreateTask that is a schedule (its subtasks carry a `pattern`;
 * schedules.py `SchedulePattern.create_schedule` also sets `task.taskType` 2), the entity
 * filters of `Schedules`, and `Qcommand/qoperation execute` bodies (`TMMsg_TaskOperationReq`:
 * `Schedules.delete` opType 3, `Schedule.run_now` opType 5).
 */
import { badRequest, CvError } from './errors';
import { idParam, parse, taskOrder, unwrap, type CreateTaskReq } from './requests';
import type * as S from './lifecycle-request-schemas';
import { decodePattern } from './schedule-pattern';
import type { ScheduleFilter, ScheduleOrder } from './schedules';
import type { TaskOrder } from './tasks';
import type { CvInput, Decoded } from './wire';

let loaded: typeof S | undefined;
function schemas(): typeof S {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('./lifecycle-request-schemas') as typeof S);
}

export type TaskOrSchedule = { kind: 'task'; order: TaskOrder } | { kind: 'schedule'; schedule: ScheduleOrder };

/** A CreateTask runs now, or is a schedule when its subtasks carry a pattern (every one must). */
export function scheduleOrTask(req: CreateTaskReq): TaskOrSchedule {
  const order = taskOrder(req);
  const withPattern = req.subTasks.filter((st) => st.pattern !== undefined && st.pattern !== null && st.pattern !== '');
  const scheduled = String(req.task.taskType ?? '') === '2';
  if (withPattern.length === 0 && !scheduled) return { kind: 'task', order };
  if (withPattern.length !== req.subTasks.length) {
    throw new CvError('INVALID_SCHEDULE_PATTERN', 'Invalid schedule pattern: a scheduled task (taskType 2) needs a pattern on every subtask');
  }
  const flags = req.task.taskFlags;
  const disabled = typeof flags === 'object' && flags !== null && ['true', '1'].includes(String((flags as Record<string, unknown>).disabled).toLowerCase());
  return {
    kind: 'schedule',
    schedule: { order, disabled, patterns: req.subTasks.map((st) => ({ name: st.subTask.subTaskName ?? '', pattern: decodePattern(st.pattern) })) },
  };
}

/** `Schedules?clientId=..&apptypeId=..&instanceId=..&backupsetId=..&subclientId=..` (services.py *_SCHEDULES). */
export function scheduleFilter(input: CvInput): ScheduleFilter {
  const f: ScheduleFilter = {
    clientId: idParam(input.q('clientId'), 'clientId', false),
    applicationId: idParam(input.q('apptypeId'), 'apptypeId', false),
    instanceId: idParam(input.q('instanceId'), 'instanceId', false),
    backupsetId: idParam(input.q('backupsetId'), 'backupsetId', false),
    subclientId: idParam(input.q('subclientId'), 'subclientId', false),
    operationType: input.q('operationType'),
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
}

/** `Schedules/{taskId}`: a number, or no schedule. */
export function scheduleTaskId(value: string): number {
  if (!/^\d+$/.test(value)) throw new CvError('SCHEDULE_NOT_FOUND', `Schedule task [${value}] does not exist.`);
  return Number(value);
}

export type TaskOperation = { op: 'delete' | 'run'; subTaskIds: number[] };

/** opType 3 deletes, 5 runs now (schedules.py); other task operations and qoperations are not emulated. */
export function taskOperationRequest(d: Decoded | undefined): TaskOperation {
  if (!d) throw badRequest('Invalid request: a TMMsg_TaskOperationReq body is required');
  if (d.format === 'json' && !Object.hasOwn(d.body, 'TMMsg_TaskOperationReq')) {
    const root = Object.keys(d.body)[0] ?? '';
    throw badRequest(`Invalid request: qoperation ${root ? `"${root}"` : '(empty)'} is not emulated (TMMsg_TaskOperationReq is)`);
  }
  const r = parse(schemas().taskOperationSchema, unwrap(d, 'TMMsg_TaskOperationReq'), 'TMMsg_TaskOperationReq');
  const op = r.opType === 3 ? 'delete' : r.opType === 5 ? 'run' : undefined;
  if (!op) throw badRequest(`Invalid TMMsg_TaskOperationReq: opType ${r.opType} is not emulated (3 delete, 5 run now)`);
  const subTaskIds = r.subtaskEntity.map((e) => e.subtaskId);
  if (subTaskIds.length === 0) throw badRequest('Invalid TMMsg_TaskOperationReq: subtaskEntity names no schedule');
  if (op === 'run' && subTaskIds.length !== 1) throw badRequest('Invalid TMMsg_TaskOperationReq: run one schedule at a time');
  return { op, subTaskIds };
}

/** `Schedules/task/Action/Enable|Disable`: cvpysdk sends `taskId=N` as text/plain; JSON `{taskId}` is read too. */
export function taskIdBody(input: CvInput): number {
  const text = input.text().trim();
  const form = /^taskId\s*=\s*(\S*)$/i.exec(text);
  if (form) return scheduleTaskId(form[1]);
  if (text.startsWith('{') || text.startsWith('<')) {
    const id = input.body()?.body.taskId;
    if (id !== undefined) return scheduleTaskId(String(id));
  }
  throw badRequest('Invalid request: the body must be taskId=<task id>');
}
