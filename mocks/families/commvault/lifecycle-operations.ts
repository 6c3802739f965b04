/**
 * The family's schedule, plan and storage policy operations (URL templates: cvpysdk services.py
 * COMMCELL_SCHEDULES / CLIENT_SCHEDULES / SUBCLIENT_SCHEDULES..., SCHEDULE, EXECUTE_QCOMMAND,
 * PLANS, PLAN, ASSOCIATED_ENTITIES, V4_SERVER_PLAN, STORAGE_POLICY, GET_STORAGE_POLICY,
 * STORAGE_POLICY_COPY). Creating a schedule is CreateTask with a pattern (operations.ts).
 */
import * as answer from './answers';
import { taskCreated } from './job-answers';
import { scheduleFilter, scheduleTaskId, taskIdBody, taskOperationRequest } from './lifecycle-requests';
import { operation } from './operation';
import * as policy from './policy-answers';
import { idParam } from './requests';
import { findPlan, findStoragePolicy } from './retention';
import * as schedule from './schedule-answers';
import { deleteSchedules, findScheduledTask, listSchedules, runScheduleNow, setTaskDisabled } from './schedules';

export const lifecycleOperations = [
  operation({
    name: 'GetSchedules',
    doors: { rest: { method: 'GET', path: '/Schedules' } },
    auth: 'token',
    input: scheduleFilter,
    run: (f, { state }) => ({ tasks: listSchedules(state, f) }),
    output: schedule.scheduleList,
    summary: 'Schedules[?clientId=&apptypeId=&instanceId=&backupsetId=&subclientId=]: taskDetail[]; none is {}',
  }),
  operation({
    name: 'GetSchedule',
    doors: { rest: { method: 'GET', path: '/Schedules/:id' } },
    auth: 'token',
    input: (raw) => scheduleTaskId(raw.param('id')),
    run: (taskId, { state }) => ({ state, task: findScheduledTask(state, taskId) }),
    output: schedule.scheduleDetail,
    summary: 'Schedules/{taskId}: taskInfo (schedule.py _get_schedule_properties)',
  }),
  operation({
    name: 'TaskOperation',
    doors: { rest: { method: 'POST', path: '/Qcommand/qoperation execute' } },
    auth: 'token',
    input: (raw) => taskOperationRequest(raw.body()),
    run: (req, { tenant }) => {
      if (req.op === 'run') return runScheduleNow(tenant, req.subTaskIds[0]);
      deleteSchedules(tenant, req.subTaskIds);
      return undefined;
    },
    output: (v) => (v ? taskCreated(v) : schedule.taskOperationDone()),
    summary: 'TMMsg_TaskOperationReq: opType 3 deletes schedules, 5 runs one now',
  }),
  operation({
    name: 'EnableSchedule',
    doors: { rest: { method: 'POST', path: '/Schedules/task/Action/Enable' } },
    auth: 'token',
    input: taskIdBody,
    run: (taskId, { tenant }) => setTaskDisabled(tenant, taskId, false),
    output: schedule.taskOperationDone,
    summary: 'Schedule.enable(): body taskId=N; the task runs again from now',
  }),
  operation({
    name: 'DisableSchedule',
    doors: { rest: { method: 'POST', path: '/Schedules/task/Action/Disable' } },
    auth: 'token',
    input: taskIdBody,
    run: (taskId, { tenant }) => setTaskDisabled(tenant, taskId, true),
    output: schedule.taskOperationDone,
    summary: 'Schedule.disable(): body taskId=N; the task fires nothing until enabled',
  }),
  operation({
    name: 'GetStoragePolicies',
    doors: { rest: { method: 'GET', path: '/StoragePolicy' } },
    auth: 'token',
    run: (_raw, { state }) => state.storagePolicies,
    output: answer.storagePolicyList,
  }),
  operation({
    name: 'GetStoragePolicy',
    doors: { rest: { method: 'GET', path: '/StoragePolicy/:id' } },
    auth: 'token',
    input: (raw) => idParam(raw.param('id'), 'StoragePolicy', true),
    run: (id, { state }) => findStoragePolicy(state, id),
    output: policy.storagePolicyDetail,
  }),
  operation({
    name: 'GetStoragePolicyCopy',
    doors: { rest: { method: 'GET', path: '/V2/StoragePolicy/:id/Copy/:copyId' } },
    auth: 'token',
    input: (raw) => ({ id: idParam(raw.param('id'), 'StoragePolicy', true), copyId: idParam(raw.param('copyId'), 'Copy', true) }),
    run: (q, { state }) => findStoragePolicy(state, q.id, q.copyId),
    output: policy.storagePolicyCopyDetail,
    summary: 'the copy with its retentionRules (StoragePolicyCopy.copy_retention)',
  }),
  operation({
    name: 'GetPlans',
    doors: { rest: { method: 'GET', path: '/V2/Plan' } },
    auth: 'token',
    run: (_raw, { state }) => state.plans,
    output: answer.planList,
  }),
  operation({
    name: 'GetPlan',
    doors: { rest: { method: 'GET', path: '/V2/Plan/:id' } },
    auth: 'token',
    input: (raw) => idParam(raw.param('id'), 'Plan', true),
    run: (id, { state }) => ({ state, plan: findPlan(state, id) }),
    output: policy.planDetail,
    summary: 'V2/Plan/{id}?propertyLevel=..: summary, storage.copy[].retentionRules',
  }),
  operation({
    name: 'GetPlanEntities',
    doors: { rest: { method: 'GET', path: '/V2/Plan/:id/AssociatedEntities' } },
    auth: 'token',
    input: (raw) => idParam(raw.param('id'), 'Plan', true),
    run: (id, { state }) => ({ state, plan: findPlan(state, id) }),
    output: policy.planEntities,
  }),
  operation({
    name: 'GetServerPlan',
    doors: { rest: { method: 'GET', path: '/V4/ServerPlan/:id' } },
    auth: 'token',
    input: (raw) => idParam(raw.param('id'), 'Plan', true),
    run: (id, { state }) => findPlan(state, id),
    output: policy.serverPlanV4,
  }),
];
