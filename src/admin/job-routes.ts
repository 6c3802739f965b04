import { AdminError } from './inputs';
import { route, type AdminRoute } from './route';
import { emptySchema, forceSchema, jobParamsSchema, jobsQuerySchema, tenantQuerySchema } from './schemas';
import { jobOf, jobOut } from './views';

/** Jobs: listed, read, forced and controlled, in the tenant the request names (default: the default tenant). */
export const JOB_ROUTES: AdminRoute[] = [
  route({
    method: 'get',
    path: '/jobs',
    summary: 'jobs, filtered by ?vendor=&tenant=&state=&operation= (x-mock-tenant: that tenant\'s)',
    query: jobsQuerySchema,
    tenant: true,
    handler: (h, { query: q, tenant }) => ({
      jobs: h.engine.jobs
        .list({
          ...(q.vendor ? { vendor: q.vendor } : {}),
          ...(tenant ? { tenant } : {}),
          ...(q.state ? { state: q.state } : {}),
          ...(q.operation ? { operation: q.operation } : {}),
        })
        .map((j) => jobOut(h, j)),
    }),
  }),
  route({
    method: 'get',
    path: '/jobs/:vendor/:id',
    summary: 'one job (?tenant= or x-mock-tenant; default: the default tenant)',
    params: jobParamsSchema,
    query: tenantQuerySchema,
    tenant: true,
    handler: (h, { params, tenant }) => jobOut(h, jobOf(h, params, tenant)),
  }),
  route({
    method: 'post',
    path: '/jobs/:vendor/:id/state',
    summary: 'force fields: {"state":"failed","message":"..."}',
    params: jobParamsSchema,
    query: tenantQuerySchema,
    body: forceSchema,
    tenant: true,
    handler: (h, { params, body, tenant }) => {
      const job = jobOf(h, params, tenant);
      h.engine.jobs.force(job, body);
      return jobOut(h, job);
    },
  }),
  ...(['cancel', 'suspend', 'resume'] as const).map((action) =>
    route({
      method: 'post',
      path: `/jobs/:vendor/:id/${action}`,
      summary: `${action} a job (409 when it cannot be)`,
      params: jobParamsSchema,
      query: tenantQuerySchema,
      body: emptySchema,
      tenant: true,
      handler: (h, { params, tenant }) => {
        const job = jobOf(h, params, tenant);
        const ok = h.engine.jobs[action](job);
        if (!ok) throw new AdminError(409, `cannot ${action} a job that is ${job.state}`);
        return jobOut(h, job);
      },
    }),
  ),
];
