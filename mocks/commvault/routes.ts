/**
 * One table: every Commvault REST operation, served under each of the three doors in use
 * (vendor-notes "Doors"). Paths match case-insensitively with repeated slashes collapsed
 * (cvpysdk calls `/webconsole/api//CommServ/DRBackup`); see the router options in family.ts.
 */
import type { HttpMethod, Route } from '../../src/legacy/vendor';
import { login, logout, renewLoginToken, whoAmI } from './auth';
import {
  getAccessNodes,
  getAgents,
  getBackupset,
  getBackupsets,
  getClient,
  getClients,
  getCommServ,
  getEvents,
  getInstance,
  getInstances,
  getPlans,
  getSchedules,
  getStoragePolicies,
  getSubclient,
  getSubclients,
  probe,
} from './handlers';
import { getJob, getJobDetails, jobAction, listJobs, queryJobs } from './jobhandlers';
import type { CvState } from './model';
import { createTask, drBackup, subclientBackup } from './tasks';

export const DOORS = ['/webconsole/api', '/commandcenter/api', '/SearchSvc/CVWebService.svc'] as const;

type Row = [HttpMethod | HttpMethod[], string, Route<CvState>['operation'], Route<CvState>['handler']];

/** Job control is one route; the journal and scenario rules see KillJob / SuspendJob / ResumeJob. */
const JOB_ACTIONS: Record<string, string> = { kill: 'KillJob', pause: 'SuspendJob', suspend: 'SuspendJob', resume: 'ResumeJob' };
const jobActionName = (call: { params: Record<string, string | undefined> }) => JOB_ACTIONS[(call.params.op ?? '').toLowerCase()] ?? 'JobAction';

const TABLE: Row[] = [
  ['GET', '/', 'Probe', probe],
  ['POST', '/Login', 'Login', login],
  ['POST', '/Logout', 'Logout', logout],
  ['POST', '/RenewLoginToken', 'RenewLoginToken', renewLoginToken],
  [['GET', 'POST'], '/WhoAmI', 'WhoAmI', whoAmI],
  ['GET', '/CommServ', 'GetCommServ', getCommServ],
  ['POST', '/CommServ/DRBackup', 'DRBackup', drBackup],
  ['GET', '/Client', 'GetClients', getClients],
  ['GET', '/Client/:id', 'GetClient', getClient],
  ['GET', '/VSAClientAndClientGroupList', 'GetVSAAccessNodes', getAccessNodes],
  ['GET', '/Agent', 'GetAgents', getAgents],
  ['GET', '/Instance', 'GetInstances', getInstances],
  ['GET', '/Instance/:id', 'GetInstance', getInstance],
  ['GET', '/Backupset', 'GetBackupsets', getBackupsets],
  ['GET', '/Backupset/:id', 'GetBackupset', getBackupset],
  ['GET', '/Subclient', 'GetSubclients', getSubclients],
  ['GET', '/Subclient/:id', 'GetSubclient', getSubclient],
  ['POST', '/Subclient/:id/action/backup', 'SubclientBackup', subclientBackup],
  ['GET', '/Schedules', 'GetSchedules', getSchedules],
  ['GET', '/StoragePolicy', 'GetStoragePolicies', getStoragePolicies],
  ['GET', '/V2/Plan', 'GetPlans', getPlans],
  ['POST', '/CreateTask', 'CreateTask', createTask],
  ['GET', '/Job', 'GetJobs', queryJobs],
  ['POST', '/Jobs', 'GetJobs', listJobs],
  ['GET', '/Job/:id', 'GetJob', getJob],
  ['POST', '/JobDetails', 'GetJobDetails', getJobDetails],
  ['POST', '/Job/:id/action/:op', jobActionName, jobAction],
  ['GET', '/Events', 'GetEvents', getEvents],
];

export const routes: Route<CvState>[] = DOORS.flatMap((door) =>
  TABLE.map(([method, path, operation, handler]) => ({ method, path: path === '/' ? `${door}/` : `${door}${path}`, operation, handler })),
);
