import type { Request, Response } from 'express';
import { parseClockSpec } from '../clock';
import { parseDuration } from '../duration';
import { ruleSchema } from '../faults-schema';
import { JOB_STATES } from '../jobs/timeline';
import type { JournalCriteria } from '../journal';
import type { Harness } from '../harness';
import { checkCount } from '../harness';
import { ScenarioError } from '../scenario/load';
import type { StateSnapshot } from '../engine';
import { TENANT_HEADER } from '../tenancy';
import { selfSignedTls } from '../tls';
import type { VendorName } from '../vendor';
import { z } from 'zod';

/** An admin failure answered as `{"error": message}` with a status. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type AdminHandler = (h: Harness, req: Request, res: Response) => unknown;

export interface AdminRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  handler: AdminHandler;
}

function criteriaOf(input: Record<string, unknown>): JournalCriteria {
  const c: JournalCriteria = {};
  for (const key of ['vendor', 'tenant', 'operation', 'method', 'path', 'listener', 'rule', 'bodyContains'] as const) {
    if (typeof input[key] === 'string') c[key] = input[key] as string;
  }
  if (input.status !== undefined) c.status = Number(input.status);
  if (input.matched !== undefined) c.matched = input.matched === true || input.matched === 'true';
  if (input.since !== undefined) c.since = Number(input.since);
  if (input.headers && typeof input.headers === 'object') c.headers = input.headers as Record<string, string>;
  return c;
}

function jobOf(h: Harness, req: Request) {
  const tenant = (req.query.tenant as string | undefined) ?? h.engine.tenancy.defaultTenant;
  const job = h.engine.jobs.get(tenant, String(req.params.vendor), String(req.params.id));
  if (!job) throw new AdminError(404, `no ${req.params.vendor} job ${req.params.id} in tenant ${tenant}`);
  return job;
}

const forceSchema = z
  .object({
    state: z.enum(JOB_STATES).optional(),
    progress: z.number().min(0).max(100).optional(),
    phase: z.string().optional(),
    message: z.string().optional(),
    error: z.string().optional(),
    status: z.string().optional(),
  })
  .strict();

/** One table of admin endpoints, one small task each (WireMock's AdminRoutes). */
export const ADMIN_ROUTES: AdminRoute[] = [
  { method: 'get', path: '/health', summary: 'liveness', handler: () => ({ status: 'ok' }) },
  {
    method: 'get',
    path: '/vendors',
    summary: 'every vendor and its listener URLs',
    handler: (h) => ({
      admin: h.urls.admin,
      vendors: [...h.engine.modules.values()].map((m) => ({
        name: m.name,
        title: m.title,
        enabled: h.engine.enabled(m.name),
        urls: h.urls.vendors[m.name] ?? {},
      })),
    }),
  },
  {
    method: 'get',
    path: '/scenario',
    summary: 'the loaded scenario (parsed)',
    handler: (h) => h.engine.scenario,
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
      const tenant = (req.query.tenant as string | undefined) ?? req.get(TENANT_HEADER);
      h.reset(tenant);
      return { reset: tenant ?? 'all' };
    },
  },
  { method: 'get', path: '/tenants', summary: 'known tenants', handler: (h) => ({ default: h.engine.tenancy.defaultTenant, tenants: h.engine.tenancy.ids() }) },
  {
    method: 'get',
    path: '/clock',
    summary: 'virtual time and mode',
    handler: (h) => ({ now: h.clock.date().toISOString(), epochMs: h.clock.now(), mode: h.clock.mode, scale: h.clock.scale, pendingTimers: h.clock.pending() }),
  },
  {
    method: 'post',
    path: '/clock/advance',
    summary: 'advance virtual time: {"by":"2h"}',
    handler: (h, req) => {
      const by = (req.body as { by?: string | number })?.by ?? (req.query.by as string | undefined);
      if (by === undefined) throw new AdminError(400, 'give {"by": "<duration>"}, e.g. {"by": "90s"}');
      const ms = parseDuration(by);
      const fired = h.clock.advance(ms);
      return { now: h.clock.date().toISOString(), advancedMs: ms, firedTimers: fired };
    },
  },
  {
    method: 'post',
    path: '/clock/set',
    summary: 'jump to a time: {"to":"2026-11-23T10:00:00Z"}',
    handler: (h, req) => {
      const to = (req.body as { to?: string | number })?.to;
      if (to === undefined) throw new AdminError(400, 'give {"to": "<ISO time>"}');
      const fired = h.clock.set(to);
      return { now: h.clock.date().toISOString(), firedTimers: fired };
    },
  },
  {
    method: 'post',
    path: '/clock/mode',
    summary: 'set the mode: {"mode":"manual"} or {"mode":"x60"}',
    handler: (h, req) => {
      const body = (req.body ?? {}) as { mode?: string; scale?: number };
      if (!body.mode) throw new AdminError(400, 'give {"mode": "real" | "manual" | "xN"}');
      const spec = body.mode === 'scaled' ? { mode: 'scaled' as const, scale: body.scale ?? 60 } : parseClockSpec(body.mode);
      h.clock.setMode(spec.mode!, spec.scale);
      return { now: h.clock.date().toISOString(), mode: h.clock.mode, scale: h.clock.scale };
    },
  },
  {
    method: 'get',
    path: '/jobs',
    summary: 'jobs, filtered by ?vendor=&tenant=&state=&operation=',
    handler: (h, req) => {
      const q = req.query as Record<string, string | undefined>;
      return {
        jobs: h.engine.jobs.list({
          ...(q.vendor ? { vendor: q.vendor } : {}),
          ...(q.tenant ? { tenant: q.tenant } : {}),
          ...(q.state ? { state: q.state as never } : {}),
          ...(q.operation ? { operation: q.operation } : {}),
        }),
      };
    },
  },
  { method: 'get', path: '/jobs/:vendor/:id', summary: 'one job (?tenant=)', handler: (h, req) => jobOf(h, req) },
  {
    method: 'post',
    path: '/jobs/:vendor/:id/state',
    summary: 'force fields: {"state":"failed","message":"..."}',
    handler: (h, req) => {
      const job = jobOf(h, req);
      const patch = forceSchema.safeParse(req.body ?? {});
      if (!patch.success) throw new AdminError(400, patch.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
      h.engine.jobs.force(job, patch.data);
      return job;
    },
  },
  ...(['cancel', 'suspend', 'resume'] as const).map(
    (action): AdminRoute => ({
      method: 'post',
      path: `/jobs/:vendor/:id/${action}`,
      summary: `${action} a job`,
      handler: (h, req) => {
        const job = jobOf(h, req);
        const ok = h.engine.jobs[action](job);
        if (!ok) throw new AdminError(409, `cannot ${action} a job that is ${job.state}`);
        return job;
      },
    }),
  ),
  {
    method: 'get',
    path: '/journal',
    summary: 'requests, filtered by query fields (vendor, operation, path, status...)',
    handler: (h, req) => {
      const entries = h.journal.find(criteriaOf(req.query as Record<string, unknown>));
      const limit = req.query.limit !== undefined ? Number(req.query.limit) : undefined;
      return { total: entries.length, requests: limit !== undefined ? entries.slice(-limit) : entries };
    },
  },
  { method: 'post', path: '/journal/find', summary: 'requests matching a criteria body', handler: (h, req) => ({ requests: h.journal.find(criteriaOf(req.body ?? {})) }) },
  { method: 'post', path: '/journal/count', summary: 'how many requests match', handler: (h, req) => ({ count: h.journal.countOf(criteriaOf(req.body ?? {})) }) },
  {
    method: 'post',
    path: '/journal/verify',
    summary: 'assert a count: {"criteria":{...},"count":1} or atLeast/atMost; 409 when it does not hold',
    handler: (h, req) => {
      const body = (req.body ?? {}) as { criteria?: Record<string, unknown>; count?: number; atLeast?: number; atMost?: number };
      const found = h.journal.find(criteriaOf(body.criteria ?? {}));
      const count = body.count ?? (body.atLeast !== undefined || body.atMost !== undefined ? { atLeast: body.atLeast, atMost: body.atMost } : undefined);
      const { ok, want } = checkCount(found.length, count);
      if (!ok) throw new AdminError(409, `expected ${want} matching request(s), found ${found.length}`, { found: found.length });
      return { ok: true, count: found.length };
    },
  },
  { method: 'get', path: '/journal/unmatched', summary: 'requests no route matched, with nearest routes', handler: (h) => ({ requests: h.journal.unmatched() }) },
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
      const r = ruleSchema.safeParse(req.body ?? {});
      if (!r.success) throw new AdminError(400, r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
      res.status(201);
      return { id: h.engine.rules.add(r.data).id };
    },
  },
  {
    method: 'delete',
    path: '/rules/:id',
    summary: 'remove a rule',
    handler: (h, req) => {
      if (!h.engine.rules.remove(Number(req.params.id))) throw new AdminError(404, `no rule ${req.params.id}`);
      return { removed: Number(req.params.id) };
    },
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
    summary: 'restore a snapshot taken with GET /state',
    handler: (h, req) => {
      try {
        h.engine.restore(req.body as StateSnapshot);
      } catch (e) {
        throw new AdminError(400, (e as Error).message);
      }
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

export function errorBody(e: unknown): { status: number; body: Record<string, unknown> } {
  if (e instanceof AdminError) return { status: e.status, body: { error: e.message, ...(e.details ? { details: e.details } : {}) } };
  if (e instanceof ScenarioError) return { status: 400, body: { error: 'invalid scenario', issues: e.issues, message: e.message } };
  if (e instanceof Error && /invalid (duration|clock|time)|only moves forward/.test(e.message)) return { status: 400, body: { error: e.message } };
  return { status: 500, body: { error: 'internal error' } };
}

export type { VendorName };
