/**
 * Restores (CreateTask 3/1001): in place to the source client or out of place to another
 * client and folder, from what the catalogue holds (catalogue.ts), as a `Restore` job on the
 * timeline. Everything is checked before the job starts: the source entity
 * (RESTORE_SOURCE_NOT_FOUND), the destination client (RESTORE_CLIENT_NOT_FOUND) and every source
 * path against the completed backups in the time range (RESTORE_NO_DATA). The DR backup set
 * (disasterrecovery.py `restore_out_of_place`: association `CommServe Management` /
 * `DR-BackupSet`, path `<install dir>\CommserveDR`) restores from the completed DR backups.
 */
import { heldJobs, styleOf } from './catalogue';
import { segmentsOf } from './catalogue-paths';
import { heldFiles, holds } from './browse';
import { CvError } from './errors';
import { OP_DR_BACKUP, OP_RESTORE, jobData, type CvJobData } from './jobs';
import { clientById, clientNamed, commServe, resolveAssociation, same, throwing, type Association, type Caller, type ClientRec, type CvState, type CvTenant, type SubclientPath } from './model';
import type { RestoreStep } from './restore-request';
import { subclientEntity } from './tasks';

export interface RestorePlan {
  step: RestoreStep;
  source: SubclientPath | 'DR';
  dest: ClientRec;
  files: number;
  bytes: number;
}

/** The destination: the client named (by name or id), or in place the source's own client. */
function destinationOf(s: CvState, step: RestoreStep, sourceClient: ClientRec): ClientRec {
  if (step.destClientId !== undefined && step.destClientId > 0) {
    const byId = clientById(s, step.destClientId);
    if (!byId) throw new CvError('RESTORE_CLIENT_NOT_FOUND', `Client [${step.destClientId}] does not exist.`);
    return byId;
  }
  if (step.destClientName) return clientNamed(s, step.destClientName) ?? throwing(new CvError('RESTORE_CLIENT_NOT_FOUND', `Client [${step.destClientName}] does not exist.`));
  return sourceClient;
}

/** Empty names (`subclientName: ""` in the DR association) name nothing in particular. */
function named(a: Association): Association {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== '' && v !== undefined)) as Association;
}

const isDrSet = (a: Association) => same(a.backupsetName, 'DR-BackupSet') || same(a.appName, 'CommServe Management');

const inRange = (step: RestoreStep, endedAt: number) => (step.fromMs === undefined || endedAt >= step.fromMs) && (step.toMs === undefined || endedAt <= step.toMs);

function planDrRestore(tenant: CvTenant, step: RestoreStep): RestorePlan {
  const s = tenant.state;
  const dr = tenant.jobs
    .list({ operation: OP_DR_BACKUP, state: 'succeeded' })
    .filter((j) => jobData(j).agedOut !== true && inRange(step, j.endedAt ?? 0));
  if (dr.length === 0) throw new CvError('RESTORE_NO_DATA', 'No disaster recovery backup to restore from in the time range.');
  for (const path of step.sourceItems) {
    if (!segmentsOf(path).some((seg) => same(seg, 'CommserveDR'))) throw new CvError('RESTORE_NO_DATA', `No data found at the path specified [${path}].`);
  }
  const latest = dr.reduce((a, b) => ((b.endedAt ?? 0) > (a.endedAt ?? 0) ? b : a));
  return { step, source: 'DR', dest: destinationOf(s, step, commServe(s)), files: 12, bytes: jobData(latest).plannedBytes };
}

/** Check a restore before anything starts. */
export function planRestore(tenant: CvTenant, associations: Association[], step: RestoreStep): RestorePlan {
  const s = tenant.state;
  const a = associations[0];
  if (!a) throw new CvError('BAD_REQUEST', 'Invalid CreateTask request: a restore needs taskInfo.associations');
  if (isDrSet(a)) return planDrRestore(tenant, step);
  const paths = resolveAssociation(s, named(a));
  if (paths.length === 0) throw new CvError('RESTORE_SOURCE_NOT_FOUND', `No subclient matches the association [${[a.clientName, a.backupsetName, a.subclientName].filter(Boolean).join('/')}].`);
  const source = paths[0];
  const dest = destinationOf(s, step, source.client);
  const style = styleOf(s, source.subclient);
  const jobs = heldJobs(tenant, new Set(paths.map((p) => p.subclient.subclientId))).filter((j) => inRange(step, j.endedAt) && (step.browseJobId === undefined || j.jobId === step.browseJobId));
  const available = heldFiles(jobs, style);
  let files = 0;
  let bytes = 0;
  for (const path of step.sourceItems) {
    const held = holds(available, path, style);
    if (!held) throw new CvError('RESTORE_NO_DATA', `No data found at the path specified [${path}].`);
    files += held.files;
    bytes += held.bytes;
  }
  return { step, source, dest, files, bytes };
}

export function startRestore(tenant: CvTenant, caller: Caller, taskId: number, plan: RestorePlan): string {
  const s = tenant.state;
  const jobId = String(s.nextJobId++);
  const cs = commServe(s);
  const source =
    plan.source === 'DR'
      ? { entity: { clientName: cs.clientName, clientId: cs.clientId, appName: 'CommServe Management', instanceName: 'DefaultInstanceName', backupsetName: 'DR-BackupSet', subclientName: '' }, appName: 'CommServe Management', target: `${cs.clientName}/DR-BackupSet` }
      : {
          entity: subclientEntity(s, plan.source.subclient),
          appName: plan.source.agent.appName,
          target: `${plan.source.client.clientName}/${plan.source.backupset.backupsetName}/${plan.source.subclient.subclientName}`,
        };
  const { step } = plan;
  const data: CvJobData & Record<string, unknown> = {
    taskId,
    jobType: 'Restore',
    localizedOperationName: 'Restore',
    backupLevelName: '',
    appTypeName: source.appName,
    userName: caller.userName,
    userId: caller.userId,
    clientId: plan.dest.clientId,
    subclient: source.entity,
    plannedBytes: plan.bytes,
    plannedFiles: plan.files,
    destClient: { clientId: plan.dest.clientId, clientName: plan.dest.clientName },
    inPlace: step.inPlace,
    ...(step.destPath !== undefined ? { destPath: step.destPath } : {}),
    sourceItems: step.sourceItems,
    overwrite: step.overwrite,
  };
  tenant.jobs.start({ id: jobId, operation: OP_RESTORE, target: source.target, data });
  return jobId;
}
