/**
 * backupm calls that run as jobs: backup_env, restore_env, selective_restore_env
 * (VZLBackupm.xsd; options from backup_optionsType, seed page for the reply and progress).
 */
import type { Job } from '../../src/jobs/engine';
import type { CallContext, CallHandler } from './call';
import { AgentError, agentErrorXml } from './errors';
import { backupXml } from './messages';
import { addBackup, backupSize, backupsOf, findBackup, findEnv, removeBackups, type Environment } from './model';
import { busyWith, runJobs } from './progress';
import { child, children, fragments, has, OK, text, unb64, type Fragment } from './wire';

const TYPE_WORDS = ['full', 'incremental', 'differential'];

export interface BackupOptions {
  type: number;
  compression: number;
  description?: string;
  ignoreError: boolean;
  ignoreUnexistent: boolean;
  /** `<remove>`: replace an old archive after success; `replace` is its `<backup>` id if any. */
  remove: boolean;
  replace?: string;
  include?: string[];
  exclude?: string[];
}

function intOption(node: unknown, name: string, fallback: number, max: number): number {
  const raw = text(child(node, name)).trim();
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new AgentError('malformedPacket', `backup_options/${name} must be an integer 0..${max}, got "${raw}"`);
  return n;
}

/** Accepts options with or without xsi:type; an empty `<backup_options/>` means the defaults. */
export function readBackupOptions(node: unknown, c: CallContext): BackupOptions {
  const policy = child(node, 'policy');
  const remove = child(node, 'remove');
  const exclude = child(node, 'exclude_list');
  const include = child(node, 'include_list');
  const desc = text(child(node, 'description'));
  return {
    type: intOption(node, 'type', c.state.config.type, 2),
    compression: intOption(node, 'compression', c.state.config.compression, 3),
    ...(has(node, 'description') ? { description: unb64(desc) } : {}),
    ignoreError: has(policy, 'ignore_error'),
    ignoreUnexistent: has(policy, 'ignore_unexistent'),
    remove: has(node, 'remove'),
    ...(text(child(remove, 'backup')).trim() ? { replace: text(child(remove, 'backup')).trim() } : {}),
    ...(include ? { include: children(include, 'path').map((p) => unb64(text(p))) } : {}),
    ...(exclude
      ? {
          exclude: [
            ...children(exclude, 'path').map((p) => unb64(text(p))),
            ...(has(exclude, 'hidden') ? ['<hidden>'] : []),
            ...(has(exclude, 'system') ? ['<system>'] : []),
          ],
        }
      : {}),
  };
}

/** Incremental/differential without a full backup to base on is adjusted to full (seed page). */
function effectiveType(env: Environment, requested: number, c: CallContext): number {
  return requested !== 0 && !backupsOf(c.state, env.eid).some((b) => b.type === 0) ? 0 : requested;
}

function failureXml(c: CallContext, job: Job): Fragment {
  const name = job.error ?? (job.state === 'cancelled' ? 'backupFailed' : 'backupFailed');
  const fallback = job.state === 'cancelled' ? 'Operation was cancelled' : `Backup of ${job.target} failed`;
  return agentErrorXml(c.codes, name, job.message ?? fallback);
}

export const backupEnv: CallHandler = async (body, c) => {
  const opts = readBackupOptions(child(body, 'backup_options'), c);
  const eids = children(child(body, 'env_list'), 'eid').map((e) => text(e).trim().toLowerCase());
  if (eids.length === 0) throw new AgentError('unknownEnv', 'env_list holds no eid');
  const server = child(body, 'backup_server');
  const errors: Fragment[] = [];
  const toRun: Environment[] = [];
  for (const eid of eids) {
    const env = findEnv(c.state, eid);
    if (!env) {
      if (!opts.ignoreUnexistent) errors.push(agentErrorXml(c.codes, 'unknownEnv', `Environment ${eid} does not exist`));
    } else if (busyWith(c, env.eid) || toRun.includes(env)) {
      errors.push(agentErrorXml(c.codes, 'backupRunning', `A backup of environment ${eid} is already running`));
    } else toRun.push(env);
  }
  const jobs = toRun.length
    ? await runJobs(
        c,
        'backupm.backup_env',
        toRun.map((env) => {
          const type = effectiveType(env, opts.type, c);
          return {
            target: env.eid,
            data: { type, compression: opts.compression, server: server ? text(child(server, 'address')) : undefined, params: { type: TYPE_WORDS[type] } },
          };
        }),
      )
    : [];
  const backups: Fragment[] = [];
  for (const job of jobs) {
    const env = findEnv(c.state, job.target ?? '');
    if (job.state !== 'succeeded' || !env) {
      if (!opts.ignoreError) errors.push(failureXml(c, job));
      continue;
    }
    const type = Number(job.data.type ?? 0);
    const previous = backupsOf(c.state, env.eid);
    const record = addBackup(c.state, env, {
      time: job.endedAt ?? c.clock.now(),
      type,
      compression: opts.compression,
      size: backupSize(env, type, opts.compression, opts.include, opts.exclude),
      description: opts.description,
      include: opts.include,
      exclude: opts.exclude,
    });
    if (opts.remove) {
      // <remove><backup>ID</backup></remove> replaces that archive; a bare <remove/> the latest one.
      const old = opts.replace ?? previous[previous.length - 1]?.id;
      if (old && old !== record.id) removeBackups(c.state, new Set([old]));
    }
    backups.push(backupXml(record));
  }
  // Errors first: the Python connector reads the first <code>/<message> of the whole packet.
  const parts = [...errors, ...backups];
  return parts.length ? fragments(parts) : OK;
};

async function restoreJob(c: CallContext, op: string, eid: string): Promise<Fragment> {
  if (busyWith(c, eid)) throw new AgentError('backupRunning', `An operation on environment ${eid} is already running`);
  const [job] = await runJobs(c, op, [{ target: eid, data: {} }]);
  if (job.state !== 'succeeded') return agentErrorXml(c.codes, job.error ?? 'backupFailed', job.message ?? `Restore of ${eid} failed`);
  return OK;
}

export const restoreEnv: CallHandler = async (body, c) => {
  const id = text(child(body, 'backup_id')).trim();
  const backup = findBackup(c.state, id);
  if (!backup) throw new AgentError('unknownBackup', `Backup ${id} not found`);
  if (!findEnv(c.state, backup.eid)) {
    // Restoring a removed environment brings it back from the backup's description of it.
    const parentEid = text(child(body, 'parent_eid')).trim() || backup.env.parentEid;
    c.state.environments.push({ ...backup.env, parentEid, state: 6, size: Math.round(backup.size / 0.7) });
  }
  return restoreJob(c, 'backupm.restore_env', backup.eid);
};

export const selectiveRestoreEnv: CallHandler = async (body, c) => {
  const id = text(child(body, 'backup_id')).trim();
  const eid = text(child(body, 'eid')).trim().toLowerCase();
  if (!findBackup(c.state, id)) throw new AgentError('unknownBackup', `Backup ${id} not found`);
  if (!findEnv(c.state, eid)) throw new AgentError('unknownEnv', `Environment ${eid} does not exist`);
  if (children(body, 'path').length === 0) throw new AgentError('malformedPacket', 'selective_restore_env needs at least one path');
  return restoreJob(c, 'backupm.selective_restore_env', eid);
};
