import type { Request } from 'express';
import { briefOf, type JournalCriteria } from '../journal';
import { checkCount } from '../verify';
import { AdminError } from './inputs';
import { route, tenantOf, type AdminRoute } from './route';
import { criteriaSchema, journalIdSchema, journalQuerySchema, tenantQuerySchema, verifySchema } from './schemas';

/** The tenant of the request (header) as the criteria's, unless the criteria name one. */
const scoped = (c: JournalCriteria, tenant: string | undefined): JournalCriteria => (tenant === undefined || c.tenant !== undefined ? c : { ...c, tenant });

/** The x-mock-tenant header of an admin request, if any (routes whose tenant lives in a body). */
const headerTenant = (req: Request): string | undefined => tenantOf(req, undefined);

/** The request journal: listed, found, counted, verified, one entry, cleared (all, or one tenant's). */
export const JOURNAL_ROUTES: AdminRoute[] = [
  route({
    method: 'get',
    path: '/journal',
    summary: 'requests, filtered by query fields (vendor, operation, path, status...); limit=N the newest N; brief=true without headers and bodies',
    query: journalQuerySchema,
    tenant: true,
    handler: (h, { query, tenant }) => {
      const { limit, brief, ...criteria } = query;
      const entries = h.journal.find(scoped(criteria, tenant));
      const kept = limit === undefined ? entries : limit === 0 ? [] : entries.slice(-limit);
      return { total: entries.length, requests: brief ? kept.map(briefOf) : kept };
    },
  }),
  route({
    method: 'post',
    path: '/journal/find',
    summary: 'requests matching a criteria body (x-mock-tenant: that tenant\'s, unless the criteria name one)',
    body: criteriaSchema,
    tenant: 'header',
    handler: (h, { body }, req) => ({ requests: h.journal.find(scoped(body, headerTenant(req))) }),
  }),
  route({
    method: 'post',
    path: '/journal/count',
    summary: 'how many requests match a criteria body',
    body: criteriaSchema,
    tenant: 'header',
    handler: (h, { body }, req) => ({ count: h.journal.countOf(scoped(body, headerTenant(req))) }),
  }),
  route({
    method: 'post',
    path: '/journal/verify',
    summary: 'assert a count: {"criteria":{...},"count":1} or atLeast/atMost; 409 when it does not hold',
    body: verifySchema,
    tenant: 'header',
    handler: (h, { body }, req) => {
      const found = h.journal.find(scoped(body.criteria, headerTenant(req)));
      const count = body.count ?? (body.atLeast !== undefined || body.atMost !== undefined ? { atLeast: body.atLeast, atMost: body.atMost } : undefined);
      const { ok, want } = checkCount(found.length, count);
      if (!ok) throw new AdminError(409, `expected ${want} matching request(s), found ${found.length}`, { found: found.length });
      return { ok: true, count: found.length };
    },
  }),
  route({ method: 'get', path: '/journal/unmatched', summary: 'requests no route matched, with nearest routes', handler: (h) => ({ requests: h.journal.unmatched() }) }),
  route({
    method: 'get',
    path: '/journal/:id',
    summary: 'one journal entry in full: request, answer, rule',
    params: journalIdSchema,
    handler: (h, { params: { id } }) => {
      const entry = h.journal.get(id);
      if (!entry) throw new AdminError(404, `no journal entry ${id} (it may have left the journal)`);
      return entry;
    },
  }),
  route({
    method: 'delete',
    path: '/journal',
    summary: "clear the journal, or one tenant's entries (?tenant= or x-mock-tenant)",
    query: tenantQuerySchema,
    tenant: true,
    handler: (h, { tenant }) => {
      h.journal.clear(tenant);
      return { cleared: true, ...(tenant !== undefined ? { tenant } : {}) };
    },
  }),
];
