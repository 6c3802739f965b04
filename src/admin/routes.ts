import { TimeInputError } from '../duration';
import { ruleSchema } from '../faults-schema';
import { JournalDisabledError } from '../journal';
import { PatternError } from '../match';
import { ScenarioError } from '../scenario/load';
import { checkScenarioNames, nameCatalog } from '../scenario/names';
import { describeOperations } from '../operations/table';
import { SnapshotError } from '../snapshot';
import { selfSignedTls } from '../tls';
import type { VendorName } from '../registry';
import { CLOCK_ROUTES } from './clock-routes';
import { AdminError } from './inputs';
import { JOB_ROUTES } from './job-routes';
import { JOURNAL_ROUTES } from './journal-routes';
import { openApiDocument } from './openapi';
import { route, tenantOf, type AdminRoute } from './route';
import { loginsOf } from './views';
import { serveEvents } from './sse';
import { serveUi } from './ui';
import { eventsQuerySchema, fileParamsSchema, resetQuerySchema, ruleIdSchema, scenarioQuerySchema, tenantQuerySchema, vendorParamsSchema } from './schemas';

export { AdminError, issuesText } from './inputs';
export type { AdminRoute } from './route';

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
  ...CLOCK_ROUTES,
  ...JOB_ROUTES,
  ...JOURNAL_ROUTES,
  route({ method: 'get', path: '/rules', summary: 'live rules with hit counts', handler: (h) => ({ rules: h.rules.list() }) }),
  route({
    method: 'post',
    path: '/rules',
    summary: 'add a rule (same shape as a scenario rule)',
    body: ruleSchema,
    status: 201,
    handler: (h, { body }, _req, res) => {
      // The same names a scenario's rules must use: a typo would otherwise never fire, and an unknown error name would answer INTERNAL.
      const unknown: string[] = [];
      checkScenarioNames({ rules: [body] }, nameCatalog([...h.engine.modules.values()]), [...h.engine.modules.keys()], (path, message) => unknown.push(`body.${path.slice(2).join('.')}: ${message}`));
      if (unknown.length) throw new AdminError(400, unknown.join('; '));
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
      const header = tenantOf(req, undefined);
      const tenant = query.tenant ?? (header !== undefined ? [header] : undefined);
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

