import type { Request, Response } from 'express';
import { checkScale, parseClockSpec } from '../clock';
import { parseDuration, TimeInputError } from '../duration';
import { ruleSchema } from '../faults-schema';
import { briefOf, JournalDisabledError, type JournalCriteria } from '../journal';
import type { Harness } from '../harness';
import { checkCount } from '../verify';
import { PatternError } from '../match';
import { ScenarioError } from '../scenario/load';
import { describeOperations } from '../operations/table';
import { SnapshotError } from '../snapshot';
import { selfSignedTls } from '../tls';
import type { VendorName } from '../registry';
import { AdminError } from './inputs';
import { openApiDocument } from './openapi';
import { route, tenantOf, type AdminRoute } from './route';
import { clockOf, jobOf, jobOut, loginsOf } from './views';
import { serveEvents } from './sse';
import { serveUi } from './ui';
import {
  advanceQuerySchema,
  advanceSchema,
  criteriaSchema,
  emptySchema,
  eventsQuerySchema,
  fileParamsSchema,
  forceSchema,
  jobParamsSchema,
  journalIdSchema,
  jobsQuerySchema,
  journalQuerySchema,
  modeSchema,
  resetQuerySchema,
  ruleIdSchema,
  scenarioQuerySchema,
  setSchema,
  tenantQuerySchema,
  vendorParamsSchema,
  verifySchema,
} from './schemas';

export { AdminError, issuesText } from './inputs';
export type { AdminRoute } from './route';

/** The tenant of the request (header) as the criteria's, unless the criteria name one. */
const scoped = (c: JournalCriteria, tenant: string | undefined): JournalCriteria => (tenant === undefined || c.tenant !== undefined ? c : { ...c, tenant });

const clockView = (h: Harness, tenant: string | undefined) => {
  const { clock, where } = clockOf(h, tenant, false);
  return { now: clock.date().toISOString(), epochMs: clock.now(), mode: clock.mode, scale: clock.scale, pendingTimers: clock.pending(), ...where };
};

/** One table of admin endpoints, one small task each (WireMock's AdminRoutes); GET /openapi.json documents it. */
export const ADMIN_ROUTES: AdminRoute[] = [
  route({
    method: 'get',
    path: '/',
    summary: 'the admin routes, one line each',
    handler: () => ({ name: 'backup-mocks admin API', openapi: '/openapi.json', routes: ADMIN_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}  ${r.summary}`) }),
  }),
  route({ method: 'get', path: '/health', summary: 'liveness', handler: () => ({ status: 'ok' }) }),
  route({
    method: 'get',
    path: '/openapi.json',
    summary: 'this API as an OpenAPI 3.1 document, made from the route table and its schemas',
    handler: (h) => openApiDocument(h, ADMIN_ROUTES),
  }),
  route({
    method: 'get',
    path: '/vendors',
    summary: "every vendor, its listener URLs and the tenant's logins",
    query: tenantQuerySchema,
    tenant: true,
    handler: (h, { tenant }) => ({
      admin: h.urls.admin,
      vendors: [...h.engine.modules.values()].map((m) => ({
        name: m.name,
        title: m.title,
        enabled: h.engine.enabled(m.name),
        urls: h.urls.vendors[m.name] ?? {},
        logins: loginsOf(h, m, tenant),
      })),
    }),
  }),
  route({
    method: 'get',
    path: '/vendors/:vendor/operations',
    summary: "a vendor's operations: name, auth level and doors (routes, JSON-RPC or packet keys)",
    params: vendorParamsSchema,
    handler: (h, { params }) => {
      const m = h.engine.modules.get(params.vendor);
      if (!m) throw new AdminError(404, `no vendor ${params.vendor} (there are ${[...h.engine.modules.keys()].join(', ')})`);
      return { vendor: m.name, operations: describeOperations(m) };
    },
  }),
  route({
    method: 'get',
    path: '/scenario',
    summary: 'the loaded scenario (parsed); ?format=yaml as YAML, to edit and POST back',
    query: scenarioQuerySchema,
    handler: (h, { query }, _req, res) => {
      if (query.format !== 'yaml') return h.engine.scenario;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { stringify } = require('yaml') as typeof import('yaml');
      res.type('application/yaml').send(stringify(h.engine.scenario));
      return undefined;
    },
  }),
  route({
    method: 'post',
    path: '/scenario',
    summary: 'replace the scenario (YAML or JSON body); an invalid one answers 400 with issues and the old one stays',
    bodyDoc: (h) => {
      // The scenario's own schema, every vendor's sections included (src/scenario/schema.ts).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { z } = require('zod') as typeof import('zod');
      const schema = z.toJSONSchema(h.engine.schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
      delete schema.$schema;
      return { 'application/json': { schema }, 'application/yaml': { schema: { type: 'string', description: 'the same scenario as YAML' } } };
    },
    handler: (h, _input, req) => {
      const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? {});
      const s = h.loadScenario({ file: '<admin body>', text });
      return { loaded: true, name: s.name ?? null, tenants: s.tenants.map((t) => t.id), rules: s.rules.length, jobs: s.jobs.length };
    },
  }),
  route({
    method: 'post',
    path: '/reset',
    summary: 'start again: state, jobs, rules, the journal and the clock; ?tenant= (or x-mock-tenant) one tenant: its state, jobs, journal entries and own clock; ?keep=journal,clock leaves those',
    query: resetQuerySchema,
    tenant: true,
    handler: (h, { query, tenant }) => {
      h.reset({ ...(tenant !== undefined ? { tenant } : {}), ...(query.keep ? { keep: query.keep } : {}) });
      return { reset: tenant ?? 'all', ...(query.keep?.length ? { kept: query.keep } : {}) };
    },
  }),
  route({ method: 'get', path: '/tenants', summary: 'known tenants', handler: (h) => ({ default: h.engine.tenancy.defaultTenant, tenants: h.engine.tenancy.ids() }) }),
  route({
    method: 'get',
    path: '/clock',
    summary: "virtual time and mode; ?tenant= (or x-mock-tenant): that tenant's clock, its own or the shared one",
    query: tenantQuerySchema,
    tenant: true,
    handler: (h, { tenant }) => clockView(h, tenant),
  }),
  route({
    method: 'post',
    path: '/clock/advance',
    summary: 'advance virtual time: {"by":"2h"}; with a tenant, that tenant\'s own clock',
    query: advanceQuerySchema,
    body: advanceSchema,
    tenant: true,
    handler: (h, { query, body, tenant }) => {
      const given = body.by ?? query.by;
      if (given === undefined) throw new AdminError(400, 'give {"by": "<duration>"}, e.g. {"by": "90s"}');
      const ms = parseDuration(given);
      const { clock, where } = clockOf(h, tenant, true);
      const fired = clock.advance(ms);
      return { now: clock.date().toISOString(), advancedMs: ms, firedTimers: fired, ...where };
    },
  }),
  route({
    method: 'post',
    path: '/clock/set',
    summary: 'jump to a time: {"to":"2026-11-23T10:00:00Z"}; with a tenant, that tenant\'s own clock',
    query: tenantQuerySchema,
    body: setSchema,
    tenant: true,
    handler: (h, { body, tenant }) => {
      if (body.to === undefined) throw new AdminError(400, 'give {"to": "<ISO time>"}');
      const { clock, where } = clockOf(h, tenant, true);
      const fired = clock.set(body.to);
      return { now: clock.date().toISOString(), firedTimers: fired, ...where };
    },
  }),
  route({
    method: 'post',
    path: '/clock/mode',
    summary: 'set the mode: {"mode":"manual"} or {"mode":"x60"}; with a tenant, that tenant\'s own clock',
    query: tenantQuerySchema,
    body: modeSchema,
    tenant: true,
    handler: (h, { body, tenant }) => {
      if (body.mode === undefined) throw new AdminError(400, 'give {"mode": "real" | "manual" | "xN"}');
      if (body.scale !== undefined && body.mode !== 'scaled') throw new AdminError(400, 'body.scale: only with {"mode": "scaled"} (or write the mode as xN)');
      const spec = body.mode === 'scaled' ? { mode: 'scaled' as const, scale: checkScale(body.scale ?? 60) } : parseClockSpec(body.mode);
      const { clock, where } = clockOf(h, tenant, true);
      clock.setMode(spec.mode!, spec.scale);
      return { now: clock.date().toISOString(), mode: clock.mode, scale: clock.scale, ...where };
    },
  }),
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
  route({ method: 'get', path: '/rules', summary: 'live rules with hit counts', handler: (h) => ({ rules: h.rules.list() }) }),
  route({
    method: 'post',
    path: '/rules',
    summary: 'add a rule (same shape as a scenario rule)',
    body: ruleSchema,
    status: 201,
    handler: (h, { body }, _req, res) => {
      res.status(201);
      return { id: h.engine.rules.add(body).id };
    },
  }),
  route({
    method: 'delete',
    path: '/rules/:id',
    summary: 'remove a rule',
    params: ruleIdSchema,
    handler: (h, { params: { id } }) => {
      if (!h.engine.rules.remove(id)) throw new AdminError(404, `no rule ${id}`);
      return { removed: id };
    },
  }),
  route({
    method: 'get',
    path: '/events',
    summary: 'Server-Sent Events: requests, jobs, clock, scenario, reset, rule; ?vendor=&tenant=&types= (comma lists; x-mock-tenant: that tenant\'s), replay ?since=ID or Last-Event-ID, ?tail=N; brief=true',
    query: eventsQuerySchema,
    produces: 'text/event-stream',
    tenant: 'header',
    handler: (h, { query }, req, res) => {
      const tenant = query.tenant ?? (headerTenant(req) !== undefined ? [headerTenant(req)!] : undefined);
      serveEvents(h.engine.events, req, res, { ...query, ...(tenant ? { tenant } : {}) });
      return undefined;
    },
  }),
  route({ method: 'get', path: '/ui', summary: 'the dashboard (a web page)', produces: 'text/html', handler: (_h, _input, req, res) => serveUi(req, res, 'index.html') }),
  route({
    method: 'get',
    path: '/ui/:file',
    summary: "the dashboard's assets",
    params: fileParamsSchema,
    produces: 'application/octet-stream',
    handler: (_h, { params }, req, res) => serveUi(req, res, params.file),
  }),
  route({
    method: 'get',
    path: '/tls/cert',
    summary: 'the PEM certificate the HTTPS and TLS listeners present, for clients to trust',
    produces: 'application/x-pem-file',
    handler: async (h, _input, _req, res) => {
      const material = h.tls ?? (await selfSignedTls());
      res.type('application/x-pem-file').send(material.cert);
      return undefined;
    },
  }),
  route({ method: 'get', path: '/state', summary: 'snapshot every tenant, job and the clock as JSON', handler: (h) => h.engine.snapshot() }),
  route({
    method: 'put',
    path: '/state',
    summary: 'restore a snapshot taken with GET /state (checked whole first: a refused one changes nothing)',
    bodyDoc: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { snapshotJsonSchema } = require('../snapshot-schema') as typeof import('../snapshot-schema');
      return { 'application/json': { schema: snapshotJsonSchema() } };
    },
    handler: (h, _input, req) => {
      h.engine.restore(req.body);
      return { restored: true };
    },
  }),
  route({
    method: 'post',
    path: '/shutdown',
    summary: 'stop every listener and the admin API (the command line then exits 0)',
    handler: (h, _input, _req, res) => {
      // Stopped once the answer is on its way: the admin API closes with the rest.
      res.once('finish', () => void h.stop());
      return { stopping: true };
    },
  }),
];

/** The status and JSON body for an admin failure. Only these classes carry their message out; anything else is a bare 500. */
export function errorBody(e: unknown): { status: number; body: Record<string, unknown> } {
  if (e instanceof AdminError) return { status: e.status, body: { error: e.message, ...(e.details ? { details: e.details } : {}) } };
  if (e instanceof ScenarioError) return { status: 400, body: { error: 'invalid scenario', issues: e.issues, message: e.message } };
  if (e instanceof TimeInputError || e instanceof PatternError || e instanceof SnapshotError) return { status: 400, body: { error: e.message } };
  if (e instanceof JournalDisabledError) return { status: 409, body: { error: e.message } };
  return { status: 500, body: { error: 'internal error' } };
}

export type { VendorName };

/** The x-mock-tenant header of an admin request, if any (routes whose tenant lives in a body). */
function headerTenant(req: Request): string | undefined {
  return tenantOf(req, undefined);
}

