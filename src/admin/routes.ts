import type { Request, Response } from 'express';
import { checkScale, parseClockSpec } from '../clock';
import { parseDuration, TimeInputError } from '../duration';
import { ruleSchema } from '../faults-schema';
import { briefOf, JournalDisabledError } from '../journal';
import type { Harness } from '../harness';
import { checkCount } from '../harness';
import { PatternError } from '../match';
import { ScenarioError } from '../scenario/load';
import { checkScenarioNames, nameCatalog } from '../scenario/names';
import { describeOperations } from '../operations/table';
import { SnapshotError } from '../snapshot';
import { TENANT_HEADER } from '../tenancy';
import { selfSignedTls } from '../tls';
import type { VendorName } from '../registry';
import { AdminError, bodyHas, bodyOf, check, queryOf } from './inputs';
import { clockOf, jobOf, jobOut, loginsOf } from './views';
import { serveEvents } from './sse';
import { serveUi } from './ui';
import {
  advanceQuerySchema,
  advanceSchema,
  criteriaSchema,
  emptySchema,
  eventsQuerySchema,
  forceSchema,
  journalIdSchema,
  jobsQuerySchema,
  journalQuerySchema,
  modeSchema,
  ruleIdSchema,
  scenarioQuerySchema,
  setSchema,
  tenantQuerySchema,
  verifySchema,
} from './schemas';

export { AdminError, issuesText } from './inputs';

type AdminHandler = (h: Harness, req: Request, res: Response) => unknown;

export interface AdminRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  handler: AdminHandler;
}

/** One table of admin endpoints, one small task each (WireMock's AdminRoutes). */
export const ADMIN_ROUTES: AdminRoute[] = [
  { method: 'get', path: '/health', summary: 'liveness', handler: () => ({ status: 'ok' }) },
  {
    method: 'get',
    path: '/vendors',
    summary: 'every vendor and its listener URLs',
    handler: (h, req) => {
      const { tenant } = queryOf(req, tenantQuerySchema);
      return {
        admin: h.urls.admin,
        vendors: [...h.engine.modules.values()].map((m) => ({
          name: m.name,
          title: m.title,
          enabled: h.engine.enabled(m.name),
          urls: h.urls.vendors[m.name] ?? {},
          logins: loginsOf(h, m, tenant),
        })),
      };
    },
  },
  {
    method: 'get',
    path: '/vendors/:vendor/operations',
    summary: "a vendor's operations: name, auth level and doors (routes, JSON-RPC or packet keys)",
    handler: (h, req) => {
      const m = h.engine.modules.get(String(req.params.vendor));
      if (!m) throw new AdminError(404, `no vendor ${req.params.vendor} (there are ${[...h.engine.modules.keys()].join(', ')})`);
      return { vendor: m.name, operations: describeOperations(m) };
    },
  },
  {
    method: 'get',
    path: '/scenario',
    summary: 'the loaded scenario (parsed); ?format=yaml as YAML, to edit and POST back',
    handler: (h, req, res) => {
      const { format } = queryOf(req, scenarioQuerySchema);
      if (format !== 'yaml') return h.engine.scenario;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { stringify } = require('yaml') as typeof import('yaml');
      res.type('application/yaml').send(stringify(h.engine.scenario));
      return undefined;
    },
  },
  {
    method: 'post',
    path: '/scenario',
    summary: 'replace the scenario (YAML or JSON body)',
    handler: (h, req) => {
      const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? {});
      const s = h.loadScenario({ file: '<admin body>', text });
      return { loaded: true, name: s.name ?? null, tenants: s.tenants.map((t) => t.id), rules: s.rules.length, jobs: s.jobs.length };
    },
  },
  {
    method: 'post',
    path: '/reset',
    summary: 'reset all state, or one tenant with ?tenant= (or the x-mock-tenant header)',
    handler: (h, req) => {
      const tenant = queryOf(req, tenantQuerySchema).tenant ?? req.get(TENANT_HEADER);
      h.reset(tenant);
      return { reset: tenant ?? 'all' };
    },
  },
  { method: 'get', path: '/tenants', summary: 'known tenants', handler: (h) => ({ default: h.engine.tenancy.defaultTenant, tenants: h.engine.tenancy.ids() }) },
  {
    method: 'get',
    path: '/clock',
    summary: 'virtual time and mode (?tenant=: that tenant\'s clock, its own or the shared one)',
    handler: (h, req) => {
      const { clock, where } = clockOf(h, queryOf(req, tenantQuerySchema).tenant, false);
      return { now: clock.date().toISOString(), epochMs: clock.now(), mode: clock.mode, scale: clock.scale, pendingTimers: clock.pending(), ...where };
    },
  },
  {
    method: 'post',
    path: '/clock/advance',
    summary: 'advance virtual time: {"by":"2h"}',
    handler: (h, req) => {
      const q = queryOf(req, advanceQuerySchema);
      const given = bodyHas(req, 'by') ? bodyOf(req, advanceSchema).by : q.by;
      if (given === undefined) throw new AdminError(400, 'give {"by": "<duration>"}, e.g. {"by": "90s"}');
      const ms = parseDuration(given);
      const { clock, where } = clockOf(h, q.tenant, true);
      const fired = clock.advance(ms);
      return { now: clock.date().toISOString(), advancedMs: ms, firedTimers: fired, ...where };
    },
  },
  {
    method: 'post',
    path: '/clock/set',
    summary: 'jump to a time: {"to":"2026-11-23T10:00:00Z"}',
    handler: (h, req) => {
      const { tenant } = queryOf(req, tenantQuerySchema);
      if (!bodyHas(req, 'to')) throw new AdminError(400, 'give {"to": "<ISO time>"}');
      const { to } = bodyOf(req, setSchema);
      const { clock, where } = clockOf(h, tenant, true);
      const fired = clock.set(to);
      return { now: clock.date().toISOString(), firedTimers: fired, ...where };
    },
  },
  {
    method: 'post',
    path: '/clock/mode',
    summary: 'set the mode: {"mode":"manual"} or {"mode":"x60"}',
    handler: (h, req) => {
      const { tenant } = queryOf(req, tenantQuerySchema);
      if (!bodyHas(req, 'mode')) throw new AdminError(400, 'give {"mode": "real" | "manual" | "xN"}');
      const body = bodyOf(req, modeSchema);
      if (body.scale !== undefined && body.mode !== 'scaled') throw new AdminError(400, 'body.scale: only with {"mode": "scaled"} (or write the mode as xN)');
      const spec = body.mode === 'scaled' ? { mode: 'scaled' as const, scale: checkScale(body.scale ?? 60) } : parseClockSpec(body.mode);
      const { clock, where } = clockOf(h, tenant, true);
      clock.setMode(spec.mode!, spec.scale);
      return { now: clock.date().toISOString(), mode: clock.mode, scale: clock.scale, ...where };
    },
  },
  {
    method: 'get',
    path: '/jobs',
    summary: 'jobs, filtered by ?vendor=&tenant=&state=&operation=',
    handler: (h, req) => {
      const q = queryOf(req, jobsQuerySchema);
      return {
        jobs: h.engine.jobs
          .list({
            ...(q.vendor ? { vendor: q.vendor } : {}),
            ...(q.tenant ? { tenant: q.tenant } : {}),
            ...(q.state ? { state: q.state } : {}),
            ...(q.operation ? { operation: q.operation } : {}),
          })
          .map((j) => jobOut(h, j)),
      };
    },
  },
  { method: 'get', path: '/jobs/:vendor/:id', summary: 'one job (?tenant=)', handler: (h, req) => jobOut(h, jobOf(h, req)) },
  {
    method: 'post',
    path: '/jobs/:vendor/:id/state',
    summary: 'force fields: {"state":"failed","message":"..."}',
    handler: (h, req) => {
      const job = jobOf(h, req);
      h.engine.jobs.force(job, bodyOf(req, forceSchema));
      return jobOut(h, job);
    },
  },
  ...(['cancel', 'suspend', 'resume'] as const).map(
    (action): AdminRoute => ({
      method: 'post',
      path: `/jobs/:vendor/:id/${action}`,
      summary: `${action} a job`,
      handler: (h, req) => {
        const job = jobOf(h, req);
        bodyOf(req, emptySchema);
        const ok = h.engine.jobs[action](job);
        if (!ok) throw new AdminError(409, `cannot ${action} a job that is ${job.state}`);
        return jobOut(h, job);
      },
    }),
  ),
  {
    method: 'get',
    path: '/journal',
    summary: 'requests, filtered by query fields (vendor, operation, path, status...); limit=N the newest N; brief=true without headers and bodies',
    handler: (h, req) => {
      const { limit, brief, ...criteria } = queryOf(req, journalQuerySchema);
      const entries = h.journal.find(criteria);
      const kept = limit === undefined ? entries : limit === 0 ? [] : entries.slice(-limit);
      return { total: entries.length, requests: brief ? kept.map(briefOf) : kept };
    },
  },
  { method: 'post', path: '/journal/find', summary: 'requests matching a criteria body', handler: (h, req) => ({ requests: h.journal.find(bodyOf(req, criteriaSchema)) }) },
  { method: 'post', path: '/journal/count', summary: 'how many requests match', handler: (h, req) => ({ count: h.journal.countOf(bodyOf(req, criteriaSchema)) }) },
  {
    method: 'post',
    path: '/journal/verify',
    summary: 'assert a count: {"criteria":{...},"count":1} or atLeast/atMost; 409 when it does not hold',
    handler: (h, req) => {
      const body = bodyOf(req, verifySchema);
      const found = h.journal.find(body.criteria);
      const count = body.count ?? (body.atLeast !== undefined || body.atMost !== undefined ? { atLeast: body.atLeast, atMost: body.atMost } : undefined);
      const { ok, want } = checkCount(found.length, count);
      if (!ok) throw new AdminError(409, `expected ${want} matching request(s), found ${found.length}`, { found: found.length });
      return { ok: true, count: found.length };
    },
  },
  { method: 'get', path: '/journal/unmatched', summary: 'requests no route matched, with nearest routes', handler: (h) => ({ requests: h.journal.unmatched() }) },
  {
    method: 'get',
    path: '/journal/:id',
    summary: 'one journal entry in full: request, answer, rule',
    handler: (h, req) => {
      const { id } = check(journalIdSchema, req.params, 'path');
      const entry = h.journal.get(id);
      if (!entry) throw new AdminError(404, `no journal entry ${id} (it may have left the journal)`);
      return entry;
    },
  },
  {
    method: 'delete',
    path: '/journal',
    summary: 'clear the journal',
    handler: (h) => {
      h.journal.clear();
      return { cleared: true };
    },
  },
  {
    method: 'get',
    path: '/rules',
    summary: 'live rules with hit counts',
    handler: (h) => ({ rules: h.engine.rules.list().map((r) => ({ id: r.id, ...r.spec, seen: r.seen, fired: r.fired })) }),
  },
  {
    method: 'post',
    path: '/rules',
    summary: 'add a rule (same shape as a scenario rule)',
    handler: (h, req, res) => {
      const rule = bodyOf(req, ruleSchema);
      // The same names a scenario's rules must use: a typo would otherwise never fire, and an unknown error name would answer INTERNAL.
      const unknown: string[] = [];
      checkScenarioNames({ rules: [rule] }, nameCatalog([...h.engine.modules.values()]), [...h.engine.modules.keys()], (path, message) => unknown.push(`body.${path.slice(2).join('.')}: ${message}`));
      if (unknown.length) throw new AdminError(400, unknown.join('; '));
      res.status(201);
      return { id: h.engine.rules.add(rule).id };
    },
  },
  {
    method: 'delete',
    path: '/rules/:id',
    summary: 'remove a rule',
    handler: (h, req) => {
      const { id } = check(ruleIdSchema, req.params, 'path');
      if (!h.engine.rules.remove(id)) throw new AdminError(404, `no rule ${id}`);
      return { removed: id };
    },
  },
  {
    method: 'get',
    path: '/events',
    summary: 'Server-Sent Events: requests, jobs, clock, scenario, reset, rule; ?vendor=&tenant=&types= (comma lists), replay ?since=ID or Last-Event-ID, ?tail=N; brief=true',
    handler: (h, req, res) => {
      serveEvents(h.engine.events, req, res, queryOf(req, eventsQuerySchema));
      return undefined;
    },
  },
  { method: 'get', path: '/ui', summary: 'the dashboard (a web page)', handler: (h, req, res) => serveUi(req, res, 'index.html') },
  {
    method: 'get',
    path: '/ui/:file',
    summary: "the dashboard's assets",
    handler: (h, req, res) => serveUi(req, res, String(req.params.file)),
  },
  {
    method: 'get',
    path: '/tls/cert',
    summary: 'the PEM certificate the HTTPS and TLS listeners present, for clients to trust',
    handler: async (h, _req, res) => {
      const material = h.tls ?? (await selfSignedTls());
      res.type('application/x-pem-file').send(material.cert);
      return undefined;
    },
  },
  { method: 'get', path: '/state', summary: 'snapshot every tenant, job and the clock as JSON', handler: (h) => h.engine.snapshot() },
  {
    method: 'put',
    path: '/state',
    summary: 'restore a snapshot taken with GET /state (checked whole first: a refused one changes nothing)',
    handler: (h, req) => {
      h.engine.restore(req.body);
      return { restored: true };
    },
  },
  {
    method: 'post',
    path: '/shutdown',
    summary: 'stop every listener and the admin API (the command line then exits 0)',
    handler: (h, _req, res) => {
      // Stopped once the answer is on its way: the admin API closes with the rest.
      res.once('finish', () => void h.stop());
      return { stopping: true };
    },
  },
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
