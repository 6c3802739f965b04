/**
 * Operations that start jobs: CommServ/DRBackup (vendor-docs/commvault-commserv-drbackup.txt),
 * CreateTask with TMMsg_CreateTaskReq (vendor-docs/metallic-createtask-object-storage.txt) and
 * Subclient/{id}/action/backup (subclient.py `backup`). All answer TMMsg_CreateTaskResp
 * `{taskId, jobIds: ["<id>"]}`; jobIds is always present for an immediate job, as cvpysdk
 * takes a reply without it for a schedule (vendor-notes).
 */
import { MockError, type HttpCall, type Reply } from '../../src/legacy/vendor';
import { body, requireUser } from './auth';
import { subclientEntity } from './entities';
import { q } from './handlers';
import { OP_BACKUP, OP_DR_BACKUP, isActive, type CvJobData } from './jobs';
import { commServe, eligible, resolveAssociation, subclientById, pathOf, type CvState, type SubclientPath } from './model';
import {
  backupLevel,
  createTaskRequest,
  drBackupRequest,
  isBackupSubTask,
  isDrBackupSubTask,
  type BackupLevel,
  type SubTask,
} from './requests';
import { reply } from './wire';

type Call = HttpCall<CvState>;
type User = { userName: string; userId: number };

function created(call: Call, taskId: number, jobIds: string[]): Reply {
  return reply(call.headers.accept, { root: 'TMMsg_CreateTaskResp', body: { taskId, jobIds } });
}

/** Sizes grow with progress; drawn once per job from the tenant's seeded randomness. */
function planned(call: Call, gb: number): { plannedBytes: number; plannedFiles: number } {
  const r = call.tenant.random();
  return { plannedBytes: Math.round((0.5 + r * gb) * 1024 ** 3), plannedFiles: Math.round(1000 + r * 250_000) };
}

function startDrBackup(call: Call, user: User, taskId: number, backupType: 'full' | 'differential'): string {
  const s = call.tenant.state;
  const running = call.tenant.jobs.list({ operation: OP_DR_BACKUP }).find(isActive);
  if (running) throw new MockError('DR_BACKUP_RUNNING', `A disaster recovery backup job [${running.id}] is already running.`);
  const cs = commServe(s);
  const jobId = String(s.nextJobId++);
  const data: CvJobData = {
    taskId,
    jobType: 'Disaster Recovery Backup',
    localizedOperationName: 'Disaster Recovery Backup',
    backupLevelName: backupType === 'full' ? 'Full' : 'Differential',
    appTypeName: 'CommServe Management',
    userName: user.userName,
    userId: user.userId,
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
    ...planned(call, 2),
  };
  call.tenant.jobs.start({ id: jobId, operation: OP_DR_BACKUP, target: cs.clientName, data: data as unknown as Record<string, unknown> });
  return jobId;
}

function startBackup(call: Call, user: User, taskId: number, p: SubclientPath, level: BackupLevel, extra: Record<string, unknown>): string {
  const s = call.tenant.state;
  const jobId = String(s.nextJobId++);
  const data: CvJobData = {
    taskId,
    jobType: 'Backup',
    localizedOperationName: 'Backup',
    backupLevelName: level,
    appTypeName: p.agent.appName,
    userName: user.userName,
    userId: user.userId,
    clientId: p.client.clientId,
    subclient: subclientEntity(s, p.subclient),
    ...planned(call, level === 'Full' || level === 'Synthetic Full' ? 40 : 4),
  };
  call.tenant.jobs.start({
    id: jobId,
    operation: OP_BACKUP,
    target: `${p.client.clientName}/${p.backupset.backupsetName}/${p.subclient.subclientName}`,
    data: { ...data, ...extra } as unknown as Record<string, unknown>,
  });
  return jobId;
}

export function drBackup(call: Call): Reply {
  const user = requireUser(call);
  const req = drBackupRequest(body(call));
  const s = call.tenant.state;
  const taskId = s.nextTaskId++;
  return created(call, taskId, [startDrBackup(call, user, taskId, req.backupType)]);
}

function storageOverride(st: SubTask): string | undefined {
  return st.options?.backupOpts?.mediaOpt?.storagePolicy?.storagePolicyName || undefined;
}

export function createTask(call: Call): Reply {
  const user = requireUser(call);
  const req = createTaskRequest(body(call));
  const s = call.tenant.state;
  for (const st of req.subTasks) {
    if (!isBackupSubTask(st) && !isDrBackupSubTask(st)) {
      throw new MockError('BAD_REQUEST', `Invalid CreateTask request: unsupported subTask ${st.subTask.subTaskType}/${st.subTask.operationType} (BACKUP/BACKUP and ADMIN/DRBACKUP are emulated).`);
    }
  }
  // Resolve everything first so a refusal starts nothing.
  const plans: Array<{ st: SubTask; paths: SubclientPath[] }> = req.subTasks.map((st) => {
    if (!isBackupSubTask(st)) return { st, paths: [] };
    const seen = new Set<number>();
    const paths = req.associations
      .flatMap((a) => resolveAssociation(s, a))
      .filter((p) => !seen.has(p.subclient.subclientId) && seen.add(p.subclient.subclientId))
      .filter((p) => eligible(p) || (storageOverride(st) !== undefined && p.agent.enableBackup && p.subclient.enableBackup));
    if (paths.length === 0) throw new MockError('NO_ELIGIBLE_SUBCLIENTS');
    return { st, paths };
  });
  const taskId = s.nextTaskId++;
  const jobIds: string[] = [];
  for (const { st, paths } of plans) {
    if (isDrBackupSubTask(st)) {
      const t = st.options?.adminOpts?.drBackupOption?.drbackupType;
      jobIds.push(startDrBackup(call, user, taskId, String(t ?? '1').toLowerCase() === '3' || String(t).toLowerCase() === 'differential' ? 'differential' : 'full'));
      continue;
    }
    const opts = st.options?.backupOpts ?? {};
    const level = opts.backupLevel ?? 'Incremental';
    const extra: Record<string, unknown> = {};
    if (opts.adHocBackup !== undefined) extra.adHocBackup = opts.adHocBackup;
    if (opts.onDemandInputFile !== undefined) extra.onDemandInputFile = opts.onDemandInputFile;
    const sp = storageOverride(st);
    if (sp !== undefined) extra.storagePolicyName = sp;
    for (const p of paths) jobIds.push(startBackup(call, user, taskId, p, level, extra));
  }
  return created(call, taskId, jobIds);
}

/** `POST Subclient/{id}/action/backup?backupLevel=full&collectMetaInfo=False` (bodyless). */
export function subclientBackup(call: Call): Reply {
  const user = requireUser(call);
  const s = call.tenant.state;
  const raw = call.params.id ?? '';
  const sc = /^\d+$/.test(raw) ? subclientById(s, Number(raw)) : undefined;
  if (!sc) throw new MockError('ENTITY_NOT_FOUND', `Subclient [${raw}] does not exist.`);
  const levelText = q(call, 'backupLevel') ?? 'Incremental';
  const level = backupLevel(levelText);
  if (!level) throw new MockError('BAD_REQUEST', `Invalid request: backupLevel "${levelText}" is not one of full, incremental, differential, synthetic_full.`);
  const p = pathOf(s, sc);
  if (!eligible(p)) throw new MockError('NO_ELIGIBLE_SUBCLIENTS');
  const taskId = s.nextTaskId++;
  return created(call, taskId, [startBackup(call, user, taskId, p, level, {})]);
}
