/**
 * Storage policies, plans and their basic retention (days and cycles, the `retentionRules` of a
 * storage policy copy: policies/storage_policies.py `StoragePolicyCopy.copy_retention`,
 * plan.py `_get_plan_properties`), and data aging on the tenant's clock. Commvault ages a backup
 * job once both rules are met: it ended more than `retainBackupDataForDays` ago, and at least
 * `retainBackupDataForCycles` newer full cycles exist for its subclient (a cycle is a full or
 * synthetic full and the incrementals and differentials after it). Data aging runs as a daily
 * job on the CommServe (`dataAgingTime`, UTC); an aged job stays in the job history (`GET
 * Job/{id}` answers it with `isAged: true`) but leaves the job lists unless they ask for
 * `showAgedJobs`, and is flagged `agedOut` on its record so browse leaves it out.
 */
import type { Job } from '../../../src/jobs/engine';
import { CvError } from './errors';
import { jobData, OP_BACKUP } from './jobs';
import { backupsetById, isFull, storageTarget, subclientById, type CvState, type CvTenant, type NamedId, type SubclientRec } from './model';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionRules {
  retainBackupDataForDays: number;
  retainBackupDataForCycles: number;
}

/** A storage policy with its primary copy, where its retention lives. */
export interface StoragePolicyRec extends NamedId {
  copyId: number;
  copyName: string;
  libraryName: string;
  retention: RetentionRules;
}

/** A server plan; its backups go to the storage policy of the same name (Commvault creates one per plan). */
export interface PlanRec extends NamedId {
  copyId: number;
  rpoMinutes: number;
  storagePoolName: string;
  retention: RetentionRules;
}

/** A storage policy primary copy's default retention (15 days, 2 cycles). */
export const POLICY_RETENTION: RetentionRules = { retainBackupDataForDays: 15, retainBackupDataForCycles: 2 };
/** A server plan's default retention (30 days, 1 cycle). */
export const PLAN_RETENTION: RetentionRules = { retainBackupDataForDays: 30, retainBackupDataForCycles: 1 };

/** The retention that applies to a subclient's backups: its storage policy's, else its backupset's plan's. */
export function retentionOf(s: CvState, subclientId: number): RetentionRules | undefined {
  const sc = subclientById(s, subclientId);
  const b = sc && backupsetById(s, sc.backupsetId);
  if (!sc || !b) return undefined;
  return storageTarget(s, sc, b)?.retention;
}

const fullJob = (job: Job) => isFull(jobData(job).backupLevelName);
const startOf = (job: Job) => job.startedAt ?? job.createdAt;

/**
 * One data aging run at `at`: flag the completed backup jobs whose retention is met. Only what
 * had happened by `at` counts (a run caught up late must not see later jobs).
 */
export function ageJobs(tenant: CvTenant, at: number): string[] {
  const s = tenant.state;
  const bySubclient = new Map<number, Job[]>();
  for (const job of tenant.jobs.list({ operation: OP_BACKUP })) {
    if (startOf(job) > at) continue;
    const id = Number(jobData(job).subclient?.subclientId);
    if (!Number.isInteger(id)) continue;
    const jobs = bySubclient.get(id);
    if (jobs) jobs.push(job);
    else bySubclient.set(id, [job]);
  }
  const aged: string[] = [];
  for (const [subclientId, jobs] of bySubclient) {
    const rules = retentionOf(s, subclientId);
    if (!rules) continue;
    const done = jobs.filter((j) => j.state === 'succeeded' && j.endedAt !== undefined && j.endedAt <= at).sort((a, b) => startOf(a) - startOf(b));
    // The cycle of each job: how many fulls began at or before it.
    let cycle = 0;
    const cycleOf = new Map<Job, number>();
    for (const j of done) {
      if (fullJob(j)) cycle++;
      cycleOf.set(j, cycle);
    }
    for (const j of done) {
      if (jobData(j).agedOut) continue;
      const oldEnough = at - j.endedAt! > rules.retainBackupDataForDays * DAY_MS;
      const newerCycles = cycle - cycleOf.get(j)!;
      if (oldEnough && newerCycles >= rules.retainBackupDataForCycles) {
        tenant.jobs.update(j.id, { data: { agedOut: true, agedAt: at } });
        aged.push(j.id);
      }
    }
  }
  return aged;
}

/** The next data aging run after `after`: daily at `HH:MM` UTC. */
export function nextAging(time: string, after: number): number {
  const [h, m] = time.split(':').map(Number);
  const d = new Date(after);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, m);
  if (t <= after) t += DAY_MS;
  return t;
}

/** Arm the daily data aging run, from `since` or from where it last ran (armState). */
export function armDataAging(tenant: CvTenant, since: number): void {
  const s = tenant.state;
  const time = s.dataAgingTime;
  tenant.triggers.register(
    'dataAging',
    {
      next: (after) => nextAging(time, after),
      fire: (at) => {
        tenant.state.lastDataAgingAt = at;
        ageJobs(tenant, at);
      },
    },
    Math.max(since, s.lastDataAgingAt ?? -Infinity),
  );
}

/** `StoragePolicy/{id}` and `V2/StoragePolicy/{id}/Copy/{copyId}`: ENTITY_NOT_FOUND for an unknown one. */
export function findStoragePolicy(s: CvState, id: number, copyId?: number): StoragePolicyRec {
  const p = s.storagePolicies.find((x) => x.id === id);
  if (!p) throw new CvError('ENTITY_NOT_FOUND', `Storage policy [${id}] does not exist.`);
  if (copyId !== undefined && copyId !== p.copyId) throw new CvError('ENTITY_NOT_FOUND', `Copy [${copyId}] of storage policy [${p.name}] does not exist.`);
  return p;
}

/** `V2/Plan/{id}`: ENTITY_NOT_FOUND for an unknown one. */
export function findPlan(s: CvState, id: number): PlanRec {
  const p = s.plans.find((x) => x.id === id);
  if (!p) throw new CvError('ENTITY_NOT_FOUND', `Plan [${id}] does not exist.`);
  return p;
}

/** The subclients backing up to a plan (their own storage policy names it, or their backupset's plan). */
export function planSubclients(s: CvState, plan: PlanRec): SubclientRec[] {
  return s.subclients.filter((sc) => (sc.storagePolicy ?? backupsetById(s, sc.backupsetId)?.plan) === plan.name);
}
