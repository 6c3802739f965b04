import type { Clock } from '../clock';
import type { Harness } from '../harness';
import type { Job } from '../jobs/engine';
import { AdminError } from './inputs';

/** A job as the admin API answers it: the job, plus the vendor's word for its state. */
export function jobOut(h: Harness, job: Job): Job & { vendorStatus?: string } {
  const word = h.engine.statusWord(job);
  return word === undefined ? job : { ...job, vendorStatus: word };
}

/**
 * The clock a clock route means: the shared one, or with ?tenant= that tenant's (a write gives
 * the tenant a clock of its own first, so moving it leaves every other tenant where it is).
 */
export function clockOf(h: Harness, tenant: string | undefined, write: boolean): { clock: Clock; where: { tenant?: string; own?: boolean } } {
  if (tenant === undefined) return { clock: h.clock, where: {} };
  const clock = write ? h.engine.clocks.fork(tenant) : h.engine.clocks.of(tenant);
  return { clock, where: { tenant, own: h.engine.clocks.owns(tenant) } };
}

/** Each vendor's logins for a tenant (its scenario credentials, or the first tenant's, which new tenants copy). */
export function loginsOf(h: Harness, m: { name: string; describeCredentials?: (c: never) => string[] }, tenant: string | undefined): string[] {
  const tenants = h.engine.scenario.tenants;
  const t = (tenant !== undefined ? tenants.find((x) => x.id === tenant) : undefined) ?? tenants[0];
  const creds = t?.credentials[m.name];
  if (creds === undefined || !m.describeCredentials) return [];
  try {
    return m.describeCredentials(creds as never);
  } catch {
    return [];
  }
}

/** The job a job route names, in the tenant given (default: the default tenant). */
export function jobOf(h: Harness, params: { vendor: string; id: string }, given: string | undefined) {
  const tenant = given ?? h.engine.tenancy.defaultTenant;
  const job = h.engine.jobs.get(tenant, params.vendor, params.id);
  if (!job) throw new AdminError(404, `no ${params.vendor} job ${params.id} in tenant ${tenant}`);
  return job;
}
