/**
 * The Commvault family's operations: one table, each served under every URL prefix of the
 * REST API (`/webconsole/api`, `/commandcenter/api`, `/SearchSvc/CVWebService.svc`; family.ts),
 * with paths matched case-insensitively and repeated slashes collapsed (cvpysdk calls
 * `/webconsole/api//CommServ/DRBackup`). The URL templates are cvpysdk's (services.py).
 */
import * as answer from './answers';
import { browse } from './browse';
import { browsed } from './browse-answers';
import { browseRequest } from './browse-request';
import * as jobAnswer from './job-answers';
import { controlJob, findJob, listJobs, type JobControl } from './jobs';
import {
  findBackupset,
  findClient,
  findInstance,
  findSubclient,
  listAgents,
  listBackupsets,
  listClients,
  listInstances,
  listSubclients,
} from './model';
import {
  backupLevelParam,
  createTaskRequest,
  credentials,
  drBackupRequest,
  entityFilter,
  idParam,
  jobDetailsRequest,
  jobsQuery,
  jobsRequest,
  pathId,
  renewRequest,
} from './requests';
import { backupSubclient, createTask, startDrBackup, type StartedTask } from './tasks';
import { forget, login, renew } from './tokens';
import { lifecycleOperations } from './lifecycle-operations';
import { operation } from './operation';
import { scheduleOrTask } from './lifecycle-requests';
import { scheduleCreated } from './schedule-answers';
import { createSchedule } from './schedules';


const jobControl = (name: string, action: JobControl, paths: string[]) =>
  operation({
    name,
    doors: { rest: paths.map((path) => ({ method: 'POST' as const, path })) },
    auth: 'token',
    input: (raw) => raw.param('id'),
    run: (id, { tenant, auth }) => controlJob(tenant, id, action, auth),
    output: jobAnswer.jobControlled,
    summary: `POST Job/{id}/action/${paths.map((p) => p.split('/').pop()).join('|')}`,
  });

export const operations = [
  operation({
    name: 'Probe',
    doors: { rest: { method: 'GET', path: '/' } },
    auth: 'none',
    run: (_raw, { state }) => state.commcell,
    output: answer.serviceInfo,
    summary: 'cvpysdk probes the service URL before it logs in',
  }),
  operation({
    name: 'Login',
    doors: { rest: { method: 'POST', path: '/Login' } },
    auth: 'none',
    input: (raw) => credentials(raw.body()),
    run: (c, { tenant, state }) => ({ ...login(tenant, c), commcell: state.commcell }),
    output: answer.loggedIn,
  }),
  operation({
    name: 'Logout',
    doors: { rest: { method: 'POST', path: '/Logout' } },
    auth: 'token',
    run: (_raw, { tenant, auth }) => forget(tenant, auth.token),
    output: answer.loggedOut,
  }),
  operation({
    name: 'RenewLoginToken',
    doors: { rest: { method: 'POST', path: '/RenewLoginToken' } },
    auth: 'none',
    input: (raw, req) => renewRequest(raw.body()).sessionId ?? req.http?.header('authtoken')?.trim(),
    run: (old, { tenant }) => renew(tenant, old),
    output: answer.renewed,
  }),
  operation({
    name: 'WhoAmI',
    doors: { rest: { method: ['GET', 'POST'], path: '/WhoAmI' } },
    auth: 'token',
    run: (_raw, { state, auth }) => ({ ...auth, userGUID: state.users.find((u) => u.username === auth.userName)?.userGUID ?? '' }),
    output: answer.whoAmI,
  }),
  operation({
    name: 'GetCommServ',
    doors: { rest: { method: 'GET', path: '/CommServ' } },
    auth: 'token',
    run: (_raw, { state }) => state.commcell,
    output: answer.commServInfo,
  }),
  operation({
    name: 'DRBackup',
    doors: { rest: { method: 'POST', path: '/CommServ/DRBackup' } },
    auth: 'token',
    input: (raw) => drBackupRequest(raw.body()),
    run: (req, { tenant, auth }) => startDrBackup(tenant, auth, req.backupType),
    output: jobAnswer.taskCreated,
  }),
  operation({
    name: 'GetClients',
    doors: { rest: { method: 'GET', path: '/Client' } },
    auth: 'token',
    input: (raw) => ({ pseudo: raw.q('PseudoClientType') !== undefined, hidden: raw.q('hiddenclients')?.toLowerCase() === 'true' }),
    run: (q, { state }) => (q.pseudo ? undefined : { state, items: listClients(state, q.hidden) }),
    output: (v) => (v ? answer.clientList(v) : answer.pseudoClientList()),
    summary: '?hiddenclients=true adds hidden clients; ?PseudoClientType= lists none',
  }),
  operation({
    name: 'GetClient',
    doors: { rest: { method: 'GET', path: '/Client/:id' } },
    auth: 'token',
    input: (raw) => idParam(raw.param('id'), 'Client', true),
    run: (id, { state }) => ({ state, items: [findClient(state, id)] }),
    output: answer.clientProperties,
  }),
  operation({
    name: 'GetVSAAccessNodes',
    doors: { rest: { method: 'GET', path: '/VSAClientAndClientGroupList' } },
    auth: 'token',
    run: () => undefined,
    output: answer.accessNodeList,
  }),
  operation({
    name: 'GetAgents',
    doors: { rest: { method: 'GET', path: '/Agent' } },
    auth: 'token',
    input: entityFilter,
    run: (f, { state }) => ({ state, items: listAgents(state, f.clientId, f.applicationId) }),
    output: answer.agentList,
  }),
  operation({
    name: 'GetInstances',
    doors: { rest: { method: 'GET', path: '/Instance' } },
    auth: 'token',
    input: entityFilter,
    run: (f, { state }) => ({ state, items: listInstances(state, f.clientId, f.applicationId) }),
    output: answer.instanceList,
  }),
  operation({
    name: 'GetInstance',
    doors: { rest: { method: 'GET', path: '/Instance/:id' } },
    auth: 'token',
    input: (raw) => ({
      id: idParam(raw.param('id'), 'Instance', true),
      clientId: idParam(raw.q('association/entity/clientId'), 'clientId', false),
      applicationId: idParam(raw.q('association/entity/applicationId'), 'applicationId', false),
    }),
    run: (q, { state }) => ({ state, items: [findInstance(state, q.id, q.clientId, q.applicationId)] }),
    output: answer.instanceList,
  }),
  operation({
    name: 'GetBackupsets',
    doors: { rest: { method: 'GET', path: '/Backupset' } },
    auth: 'token',
    input: entityFilter,
    run: (f, { state }) => ({ state, items: listBackupsets(state, f) }),
    output: answer.backupsetList,
  }),
  operation({
    name: 'GetBackupset',
    doors: { rest: { method: 'GET', path: '/Backupset/:id' } },
    auth: 'token',
    input: (raw) => idParam(raw.param('id'), 'Backupset', true),
    run: (id, { state }) => ({ state, items: [findBackupset(state, id)] }),
    output: answer.backupsetList,
  }),
  operation({
    name: 'GetSubclients',
    doors: { rest: { method: 'GET', path: '/Subclient' } },
    auth: 'token',
    input: entityFilter,
    run: (f, { state }) => ({ state, items: listSubclients(state, f) }),
    output: answer.subclientList,
  }),
  operation({
    name: 'GetSubclient',
    doors: { rest: { method: 'GET', path: '/Subclient/:id' } },
    auth: 'token',
    input: (raw) => idParam(raw.param('id'), 'Subclient', true),
    run: (id, { state }) => ({ state, items: [findSubclient(state, id)] }),
    output: answer.subclientList,
  }),
  operation({
    name: 'SubclientBackup',
    doors: { rest: { method: 'POST', path: '/Subclient/:id/action/backup' } },
    auth: 'token',
    input: (raw) => ({ id: pathId(raw.param('id')), level: backupLevelParam(raw) }),
    run: (q, { tenant, auth }) => backupSubclient(tenant, auth, q.id, q.level),
    output: jobAnswer.taskCreated,
    summary: 'subclient.py backup(): ?backupLevel=full|incremental|differential|synthetic_full',
  }),
  operation({
    name: 'CreateTask',
    doors: { rest: { method: 'POST', path: '/CreateTask' } },
    auth: 'token',
    input: (raw) => scheduleOrTask(createTaskRequest(raw.body())),
    run: (t, { tenant, auth }): StartedTask | { taskId: number } => (t.kind === 'schedule' ? createSchedule(tenant, auth, t.schedule) : createTask(tenant, auth, t.order)),
    output: (v) => ('jobIds' in v ? jobAnswer.taskCreated(v) : scheduleCreated(v)),
    summary: 'TMMsg_CreateTaskReq: BACKUP/BACKUP (or 2/2) and ADMIN/DRBACKUP and restore (3/1001) subtasks; with a pattern, a schedule (a task id, no jobs)',
  }),
  operation({
    name: 'DoBrowse',
    doors: { rest: { method: 'POST', path: '/DoBrowse' } },
    auth: 'token',
    input: (raw) => browseRequest(raw.body()),
    run: (q, { tenant }) => browse(tenant, q),
    output: browsed,
    summary: 'backupset.py _prepare_browse_json: opType 0 browse, 1 find, 2 all versions',
  }),
  operation({
    name: 'GetJobs',
    doors: { rest: [{ method: 'GET', path: '/Job' }, { method: 'POST', path: '/Jobs' }] },
    auth: 'token',
    input: (raw) => (raw.method === 'GET' ? jobsQuery(raw) : jobsRequest(raw.body())),
    run: (f, { tenant }) => listJobs(tenant, f),
    output: jobAnswer.jobList,
  }),
  operation({
    name: 'GetJob',
    doors: { rest: { method: 'GET', path: '/Job/:id' } },
    auth: 'token',
    input: (raw) => raw.param('id'),
    run: (id, { tenant }) => {
      const found = findJob(tenant, id);
      return found ? { page: [found], total: 1 } : { page: [], total: 0 };
    },
    output: jobAnswer.jobList,
  }),
  operation({
    name: 'GetJobDetails',
    doors: { rest: { method: 'POST', path: '/JobDetails' } },
    auth: 'token',
    input: (raw) => jobDetailsRequest(raw.body()).jobId,
    run: (jobId, { tenant }) => ({ jobId, found: findJob(tenant, jobId) }),
    output: jobAnswer.jobDetail,
  }),
  jobControl('KillJob', 'kill', ['/Job/:id/action/kill']),
  jobControl('SuspendJob', 'suspend', ['/Job/:id/action/pause', '/Job/:id/action/suspend']),
  jobControl('ResumeJob', 'resume', ['/Job/:id/action/resume']),
  ...lifecycleOperations,
  operation({
    name: 'GetEvents',
    doors: { rest: { method: 'GET', path: '/Events' } },
    auth: 'token',
    run: () => undefined,
    output: answer.eventList,
  }),
];
