/**
 * backup_env: one job per environment (jobs.ts), each leaving a stored backup when it succeeds
 * (catalogue.ts), with the backupm configuration's defaults and chain rules and its retention
 * applied as each backup is made (VZLBackupm.xsd backup_optionsType, backupm_configType).
 */
import type { Job } from '../../src/jobs/engine';
import { addBackup, applyKeepMax, backupSize, backupsOf, pruneByAge, removeBackups } from './catalogue';
import { AgentError } from './errors';
import { busyWith, failure, runJobs, type JobContext } from './jobs';
import { findEnv, type BackupRequest, type Environment, type StoredBackup, type VirtuozzoState } from './model';

const TYPE_WORDS = ['full', 'incremental', 'differential'];
const DAY_MS = 86_400_000;

/**
 * The type a backup is made as at `at`: an incremental or differential one becomes full when
 * there is no full backup to base it on (backup_env page "Adjusting backup type (full)"), when the
 * chain since the last full one holds chain_length backups, or when that full one is chain_days
 * old (backupm_configType).
 */
export function effectiveType(state: VirtuozzoState, env: Environment, requested: number, at: number): number {
  if (requested === 0) return 0;
  const all = backupsOf(state, env.eid);
  let lastFull = -1;
  all.forEach((b, i) => b.type === 0 && (lastFull = i));
  if (lastFull < 0) return 0;
  const { chainLength, chainDays } = state.config;
  if (chainLength > 0 && all.length - 1 - lastFull >= chainLength) return 0;
  if (chainDays > 0 && at - all[lastFull].time >= chainDays * DAY_MS) return 0;
  return requested;
}

/** A finished backup job of `env`: store its backup, then apply `<remove>` and retention. */
function storeBackup(state: VirtuozzoState, job: Job, r: BackupRequest, compression: number): StoredBackup | undefined {
  const env = findEnv(state, job.target ?? '');
  if (job.state !== 'succeeded' || !env) return undefined;
  const type = Number(job.data.type ?? 0);
  const time = job.endedAt ?? job.updatedAt;
  const oldest = backupsOf(state, env.eid)[0];
  const record = addBackup(state, env, {
    time,
    type,
    compression,
    size: backupSize(env, type, compression, r.include, r.exclude),
    ...(r.description !== undefined ? { description: r.description } : {}),
    ...(r.include ? { include: r.include } : {}),
    ...(r.exclude ? { exclude: r.exclude } : {}),
  });
  if (r.remove) {
    // <remove><backup>ID</backup></remove> removes that backup; "If absent, remove oldest backup" (VZLBackupm.xsd).
    const old = r.replace ?? oldest?.id;
    if (old && old !== record.id) removeBackups(state, [old]);
  }
  applyKeepMax(state, env.eid);
  pruneByAge(state, time);
  return state.backups.get(record.id) === record ? record : undefined;
}

/**
 * Back up each environment as a job, starting at `at` (a schedule's occurrence) or now; errors
 * (unknown, busy, failed) come with the backups made. The backups are stored as their jobs end.
 */
export async function backupEnvironments(c: JobContext, r: BackupRequest, at?: number): Promise<{ backups: StoredBackup[]; errors: AgentError[] }> {
  if (r.eids.length === 0) throw new AgentError('unknownEnv', 'env_list holds no eid');
  const start = at ?? c.clock.now();
  const type = r.type ?? c.state.config.type;
  const compression = r.compression ?? c.state.config.compression;
  const errors: AgentError[] = [];
  const toRun: Environment[] = [];
  for (const eid of r.eids) {
    const env = findEnv(c.state, eid);
    if (!env) {
      if (!r.ignoreUnexistent) errors.push(new AgentError('unknownEnv', `Environment ${eid} does not exist`));
    } else if (busyWith(c, env.eid) || toRun.includes(env)) {
      errors.push(new AgentError('backupRunning', `A backup of environment ${eid} is already running`));
    } else toRun.push(env);
  }
  const specs = toRun.map((env) => {
    const t = effectiveType(c.state, env, type, start);
    return { target: env.eid, ...(at !== undefined ? { at } : {}), data: { type: t, compression, server: r.server, params: { type: TYPE_WORDS[t] } } };
  });
  const made = new Map<string, StoredBackup>();
  const jobs = specs.length
    ? await runJobs(c, 'backupm.backup_env', specs, (job) => {
        const record = storeBackup(c.state, job, r, compression);
        if (record) made.set(job.id, record);
      })
    : [];
  const backups: StoredBackup[] = [];
  for (const job of jobs) {
    const record = made.get(job.id);
    if (record) backups.push(record);
    else if (job.state !== 'succeeded' && !r.ignoreError) errors.push(failure(job, 'backupFailed', 'Backup'));
  }
  return { backups, errors };
}
