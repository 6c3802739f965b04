import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Harness } from '../harness';
import { TENANT_HEADER } from '../tenancy';
import { AdminError, bodyOf, check, queryOf } from './inputs';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler gets: its query, body and path parameters checked by the route's schemas, and the tenant it is about. */
export interface RouteInput<Q, B, P> {
  query: Out<Q>;
  body: Out<B>;
  params: Out<P>;
  /** `?tenant=`, else the `x-mock-tenant` header (routes with `tenant: true`). */
  tenant: string | undefined;
}

/** A body the route checks itself (YAML scenarios, snapshots), described for the OpenAPI document. */
export type BodyDoc = (h: Harness) => Record<string, { schema: Record<string, unknown> }>;

export interface AdminRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  params?: z.ZodType;
  /** The body is the handler's to check; this says what it may be. */
  bodyDoc?: BodyDoc;
  /** The route is about one tenant: `?tenant=` or the `x-mock-tenant` header (`'header'`: the handler reads the header itself). */
  tenant?: true | 'header';
  /** The success status (default 200). */
  status?: number;
  /** What a success answers when it is not JSON. */
  produces?: string;
  handler(h: Harness, input: { query: unknown; body: unknown; params: unknown; tenant: string | undefined }, req: Request, res: Response): unknown;
}

interface RouteSpec<Q, B, P> extends Omit<AdminRoute, 'handler' | 'query' | 'body' | 'params'> {
  query?: Q;
  body?: B;
  params?: P;
  handler(h: Harness, input: RouteInput<Q, B, P>, req: Request, res: Response): unknown;
}

/** One admin route: its inputs as schemas (checked before the handler runs, and what GET /openapi.json documents). */
export function route<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<Q, B, P>,
): AdminRoute {
  return spec as unknown as AdminRoute;
}

/**
 * The tenant a request to the admin API is about: `?tenant=` or the `x-mock-tenant` header (what
 * a worker sends to the vendors, so one header set on a client reaches both); both must agree.
 */
export function tenantOf(req: Request, fromQuery: string | undefined): string | undefined {
  const header = req.get(TENANT_HEADER);
  const fromHeader = header === undefined || header.trim() === '' ? undefined : header.trim();
  if (fromQuery !== undefined && fromHeader !== undefined && fromQuery !== fromHeader) {
    throw new AdminError(400, `?tenant=${fromQuery} and the ${TENANT_HEADER} header (${fromHeader}) name different tenants; give one`);
  }
  return fromQuery ?? fromHeader;
}

/** Check a request's inputs against the route's schemas, then run its handler. */
export function runRoute(h: Harness, r: AdminRoute, req: Request, res: Response): unknown {
  const params = r.params ? check(r.params, req.params, 'path') : undefined;
  const query = r.query ? queryOf(req, r.query) : undefined;
  const body = r.body ? bodyOf(req, r.body) : undefined;
  const given = (query as { tenant?: unknown } | undefined)?.tenant;
  const tenant = r.tenant === true ? tenantOf(req, typeof given === 'string' ? given : undefined) : undefined;
  return r.handler(h, { query, body, params, tenant }, req, res);
}
