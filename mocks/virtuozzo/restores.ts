/**
 * restore_env and selective_restore_env as jobs (jobs.ts), after VZLBackupm.xsd and the PVA 4.6
 * Agent reference: a backup is restored into its own environment, which is down while the
 * restore runs and comes back as it was; an environment that no longer exists is created again
 * from the backup's description of it, on its hardware node or, when that node is gone, on
 * `parent_eid`; `restore_options/force` resolves the conflicts it can (a clashing IP address is
 * left off) and ignores the others.
 */
import type { Job } from '../../src/jobs/engine';
import { backupsOf, findBackup, sizeFromBackup } from './catalogue';
import { AgentError } from './errors';
import { busyWith, failure, runJobs, type JobContext } from './jobs';
import { ENV_STATE, findEnv, type Environment, type StoredBackup, type VirtuozzoState } from './model';

/** restore_env's request (VZLBackupm.xsd restore_env, restore_optionsType). */
export interface RestoreRequest {
  backupId: string;
  force: boolean;
  /** The hardware node to restore to when the backup's own node is not registered. */
  parentEid?: string;
  server?: string;
}

/** selective_restore_env's request (selective_restore_optionsType). */
export interface FileRestoreRequest {
  backupId: string;
  eid: string;
  paths: string[];
  skipLocked: boolean;
}

function backupOrThrow(state: VirtuozzoState, id: string): StoredBackup {
  const backup = findBackup(state, id);
  if (!backup) throw new AgentError('unknownBackup', `Backup ${id} not found`);
  return backup;
}

/** An incremental or differential backup restores only with the full backup it is based on. */
function checkChain(state: VirtuozzoState, backup: StoredBackup): void {
  if (backup.type === 0) return;
  if (!backupsOf(state, backup.eid).some((b) => b.type === 0 && b.time < backup.time)) {
    throw new AgentError('incompleteChain', `Backup ${backup.id} cannot be restored: the full backup it is based on was removed`);
  }
}

/** The environment a removed one comes back as: on its node, or on parent_eid when that is gone. */
function recreated(state: VirtuozzoState, backup: StoredBackup, r: RestoreRequest): Environment {
  const info = backup.env;
  const node = state.nodes.get(info.parentEid) ?? (r.parentEid ? state.nodes.get(r.parentEid) : undefined);
  if (!node) {
    throw new AgentError(
      'unknownEnv',
      r.parentEid ? `Hardware node ${r.parentEid} does not exist` : `Hardware node ${info.parentEid} of backup ${backup.id} is not registered: give parent_eid`,
    );
  }
  let ip = info.ip;
  for (const other of state.environments.values()) {
    const nameClash = other.name.toLowerCase() === info.name.toLowerCase();
    const ipClash = ip !== '' && other.ip === ip;
    if (!nameClash && !ipClash) continue;
    if (!r.force) {
      throw new AgentError('restoreConflict', `Environment ${other.eid} already uses ${nameClash ? `the name ${info.name}` : `the IP address ${ip}`}: restore with <force/>`);
    }
    if (ipClash) ip = '';
  }
  const full = backupsOf(state, backup.eid).filter((b) => b.type === 0 && b.time <= backup.time).pop() ?? backup;
  return { ...info, ip, parentEid: node.eid, parentTitle: node.title, state: ENV_STATE.down, size: sizeFromBackup(full) };
}

/** restore_env: the environment is down (restoring) while the job runs, then back as it was, or running if it was re-created. */
export async function restoreEnvironment(c: JobContext, r: RestoreRequest): Promise<void> {
  const backup = backupOrThrow(c.state, r.backupId);
  checkChain(c.state, backup);
  const existing = findEnv(c.state, backup.eid);
  if (existing && busyWith(c, existing.eid)) throw new AgentError('backupRunning', `An operation on environment ${existing.eid} is already running`);
  const env = existing ?? recreated(c.state, backup, r);
  const before = existing ? existing.state : ENV_STATE.running;
  env.state = ENV_STATE.down;
  env.transition = 'restoring';
  if (!existing) c.state.environments.set(env.eid, env);
  const settle = (job: Job) => {
    delete env.transition;
    if (job.state === 'succeeded') env.state = before;
    // A failed restore leaves the environment it was overwriting down, and takes away one it was creating.
    else if (!existing && c.state.environments.get(env.eid) === env) c.state.environments.delete(env.eid);
  };
  const [job] = await runJobs(c, 'backupm.restore_env', [{ target: env.eid, data: { backupId: backup.id, recreated: !existing } }], settle);
  if (job.state !== 'succeeded') throw failure(job, 'restoreFailed', 'Restore');
}

/** selective_restore_env: files of a backup into a running environment (any environment, not only its own). */
export async function restoreFiles(c: JobContext, r: FileRestoreRequest): Promise<void> {
  const backup = backupOrThrow(c.state, r.backupId);
  const env = findEnv(c.state, r.eid);
  if (!env) throw new AgentError('unknownEnv', `Environment ${r.eid} does not exist`);
  checkChain(c.state, backup);
  if (busyWith(c, env.eid)) throw new AgentError('backupRunning', `An operation on environment ${env.eid} is already running`);
  const [job] = await runJobs(c, 'backupm.selective_restore_env', [{ target: env.eid, data: { backupId: backup.id, paths: r.paths, skipLocked: r.skipLocked } }]);
  if (job.state !== 'succeeded') throw failure(job, 'restoreFailed', 'Restore');
}
