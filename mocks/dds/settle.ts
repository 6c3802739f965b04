import type { OperationContext } from '../../src/operations/types';
import { settleDeletes } from './backups';
import { removeInstance } from './instances';
import type { DdsState, JobBook } from './model';
import type { Dds } from './wire';

/**
 * What the clock has done to a project since it was last read, applied before each DDS call:
 * finished backup deletes, deleted instances, automated backups past their retention, and
 * the task center's memory ("only asynchronous tasks ... within one month can be queried",
 * obtaining_information_about_a_task_with_a_specified_id.rst).
 */
const TASK_MEMORY_MS = 31 * 86_400_000;

export function settle(state: DdsState, jobs: JobBook, now: number): void {
  settleDeletes(state, jobs);
  for (const [instanceId, jobId] of [...state.deleting]) {
    const job = jobs.get(jobId);
    if (!job || job.state === 'succeeded') removeInstance(state, instanceId);
    else if (job.state === 'failed' || job.state === 'cancelled') state.deleting.delete(instanceId);
  }
  for (const b of [...state.backups.values()]) {
    if (b.type === 'Auto' && b.expires !== undefined && b.expires <= now) state.backups.delete(b.id);
  }
  for (const id of [...state.jobs.keys()]) {
    const job = jobs.get(id);
    if (job && job.endedAt !== undefined && job.createdAt < now - TASK_MEMORY_MS) state.jobs.delete(id);
  }
}

/** The project's state, settled at the tenant's clock: what every DDS operation reads. */
export function project(ctx: OperationContext<Dds, unknown>): DdsState {
  settle(ctx.state, ctx.tenant.jobs, ctx.clock.now());
  return ctx.state;
}
