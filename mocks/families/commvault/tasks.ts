/**
 * Starting jobs: CommServ/DRBackup (Commvault's REST API page), CreateTask
 * (Metallic's "POST Run Backup Job" page) and Subclient/{id}/action/backup
 * (subclient.py `backup`). Each answers a task id and its job ids; job ids are always there
 * for an immediate job, as cvpysdk takes an answer without them for a schedule
 * (subclient.py `_process_backup_response`).
 */
import { CvError } from './errors';
import { OP_BACKUP, OP_DR_BACKUP, isActive, type CvJobData } from './jobs';
import {
  commServe,
  eligible,
  findSubclient,
  isFull,
  pathOf,
  resolveAssociation,
  type Association,
  type BackupLevel,
  type Caller,
  type CvState,
  type CvTenant,
  type SubclientPath,
  type SubclientRec,
} from './model';
import { planRestore, startRestore } from './restore';
import type { RestoreStep } from './restore-request';

/** A task and the jobs it started. */
export interface StartedTask {
  taskId: number;
  jobIds: string[];
}

/** What one CreateTask subtask asks for, in the model's terms. */
export type TaskStep =
  | { kind: 'drBackup'; backupType: 'full' | 'differential' }
  | { kind: 'backup'; level: BackupLevel; adHocBackup?: boolean; onDemandInputFile?: string; storagePolicyName?: string }
  | RestoreStep;

export interface TaskOrder {
  associations: Association[];
  steps: TaskStep[];
  /** A schedule's run: the schedule's task id, and its time (in the past when caught up late). */
  taskId?: number;
  at?: number;
}

/** The subclient as job summaries and subclient answers name it. */
export function subclientEntity(s: CvState, sc: SubclientRec): Record<string, string | number> {
  const p = pathOf(s, sc);
  return {
    subclientId: sc.subclientId,
    subclientName: sc.subclientName,
    clientId: sc.clientId,
    clientName: p.client?.clientName ?? '',
    applicationId: sc.applicationId,
    appName: p.agent?.appName ?? '',
    instanceId: sc.instanceId,
    instanceName: p.instance?.instanceName ?? '',
    backupsetId: sc.backupsetId,
    backupsetName: p.backupset?.backupsetName ?? '',
    subclientGUID: sc.guid,
    commCellName: s.commcell.name,
    _type_: 7,
  };
}

/** Sizes grow with progress; drawn once per job from the tenant's seeded randomness. */
function planned(tenant: CvTenant, gb: number): { plannedBytes: number; plannedFiles: number } {
  const r = tenant.random();
  return { plannedBytes: Math.round((0.5 + r * gb) * 1024 ** 3), plannedFiles: Math.round(1000 + r * 250_000) };
}

function startDrBackupJob(tenant: CvTenant, caller: Caller, taskId: number, backupType: 'full' | 'differential'): string {
  const s = tenant.state;
  const running = tenant.jobs.list({ operation: OP_DR_BACKUP }).find(isActive);
  if (running) throw new CvError('DR_BACKUP_RUNNING', `A disaster recovery backup job [${running.id}] is already running.`);
  const cs = commServe(s);
  const jobId = String(s.nextJobId++);
  const data: CvJobData = {
    taskId,
    jobType: 'Disaster Recovery Backup',
    localizedOperationName: 'Disaster Recovery Backup',
    backupLevelName: backupType === 'full' ? 'Full' : 'Differential',
    appTypeName: 'CommServe Management',
    userName: caller.userName,
    userId: caller.userId,
    clientId: cs.clientId,
    subclient: {
      clientName: cs.clientName,
      clientId: cs.clientId,
      appName: 'CommServe Management',
      instanceName: 'DefaultInstanceName',
      backupsetName: 'defaultBackupSet',
      subclientName: 'default',
      displayName: cs.displayName,
    },
    ...planned(tenant, 2),
  };
  tenant.jobs.start({ id: jobId, operation: OP_DR_BACKUP, target: cs.clientName, data: data as unknown as Record<string, unknown> });
  return jobId;
}

function startBackupJob(tenant: CvTenant, caller: Caller, taskId: number, p: SubclientPath, step: Extract<TaskStep, { kind: 'backup' }>, at?: number): string {
  const s = tenant.state;
  const jobId = String(s.nextJobId++);
  const { level, adHocBackup, onDemandInputFile, storagePolicyName } = step;
  const data: CvJobData & Record<string, unknown> = {
    taskId,
    jobType: 'Backup',
    localizedOperationName: 'Backup',
    backupLevelName: level,
    appTypeName: p.agent.appName,
    userName: caller.userName,
    userId: caller.userId,
    clientId: p.client.clientId,
    subclient: subclientEntity(s, p.subclient),
    ...planned(tenant, isFull(level) ? 40 : 4),
    ...(adHocBackup !== undefined ? { adHocBackup } : {}),
    ...(onDemandInputFile !== undefined ? { onDemandInputFile } : {}),
    ...(storagePolicyName !== undefined ? { storagePolicyName } : {}),
  };
  tenant.jobs.start({ id: jobId, operation: OP_BACKUP, target: `${p.client.clientName}/${p.backupset.backupsetName}/${p.subclient.subclientName}`, data, ...(at !== undefined ? { at } : {}) });
  return jobId;
}

/** `POST CommServ/DRBackup`: one DR backup at a time (DR_BACKUP_RUNNING). */
export function startDrBackup(tenant: CvTenant, caller: Caller, backupType: 'full' | 'differential'): StartedTask {
  const taskId = tenant.state.nextTaskId++;
  return { taskId, jobIds: [startDrBackupJob(tenant, caller, taskId, backupType)] };
}

/**
 * `POST CreateTask`: one job per eligible subclient of each backup step, one per DR step, one
 * per restore step (restore.ts).
 * Everything is resolved first, so a refusal (NO_ELIGIBLE_SUBCLIENTS) starts nothing. A storage
 * policy named in the request makes a subclient without one eligible.
 */
export function createTask(tenant: CvTenant, caller: Caller, order: TaskOrder): StartedTask {
  const s = tenant.state;
  const plans = order.steps.map((step) => {
    if (step.kind === 'restore') return { step, paths: [], restore: planRestore(tenant, order.associations, step) };
    if (step.kind !== 'backup') return { step, paths: [] };
    const seen = new Set<number>();
    const paths = order.associations
      .flatMap((a) => resolveAssociation(s, a))
      .filter((p) => !seen.has(p.subclient.subclientId) && seen.add(p.subclient.subclientId))
      .filter((p) => eligible(p) || (step.storagePolicyName !== undefined && p.agent.enableBackup && p.subclient.enableBackup));
    if (paths.length === 0) throw new CvError('NO_ELIGIBLE_SUBCLIENTS');
    return { step, paths };
  });
  const taskId = order.taskId ?? s.nextTaskId++;
  const jobIds: string[] = [];
  for (const { step, paths, restore } of plans) {
    if (step.kind === 'drBackup') jobIds.push(startDrBackupJob(tenant, caller, taskId, step.backupType));
    else if (restore) jobIds.push(startRestore(tenant, caller, taskId, restore));
    else if (step.kind === 'backup') for (const p of paths) jobIds.push(startBackupJob(tenant, caller, taskId, p, step, order.at));
  }
  return { taskId, jobIds };
}

/** `POST Subclient/{id}/action/backup?backupLevel=..` (bodyless). */
export function backupSubclient(tenant: CvTenant, caller: Caller, id: number | string, level: BackupLevel): StartedTask {
  const s = tenant.state;
  const p = pathOf(s, findSubclient(s, id));
  if (!eligible(p)) throw new CvError('NO_ELIGIBLE_SUBCLIENTS');
  const taskId = s.nextTaskId++;
  return { taskId, jobIds: [startBackupJob(tenant, caller, taskId, p, { kind: 'backup', level })] };
}
