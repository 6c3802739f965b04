import { checkScale, parseClockSpec } from '../clock';
import { parseDuration } from '../duration';
import type { Harness } from '../harness';
import { AdminError } from './inputs';
import { route, type AdminRoute } from './route';
import { advanceQuerySchema, advanceSchema, modeSchema, setSchema, tenantQuerySchema } from './schemas';
import { clockOf } from './views';

const clockView = (h: Harness, tenant: string | undefined) => {
  const { clock, where } = clockOf(h, tenant, false);
  return { now: clock.date().toISOString(), epochMs: clock.now(), mode: clock.mode, scale: clock.scale, pendingTimers: clock.pending(), ...where };
};

/** The clock: the shared one, or with a tenant (?tenant= or x-mock-tenant) that tenant's, which a move makes its own. */
export const CLOCK_ROUTES: AdminRoute[] = [
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
];
