import type { Request } from 'express';
import type { z } from 'zod';

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

/** `path: message; ...` for a zod error, the way every admin 400 names what is wrong. */
export function issuesText(error: z.ZodError, where: string): string {
  return error.issues.map((i) => `${[where, ...i.path].filter((p) => p !== '').join('.')}: ${i.message}`).join('; ');
}

export function check<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new AdminError(400, issuesText(r.error, where));
  return r.data;
}

/** Query parameters: each at most once (a repeated filter would otherwise be silently half-applied), then the schema. */
export function queryOf<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const q = req.query as Record<string, unknown>;
  for (const [k, v] of Object.entries(q)) {
    if (typeof v !== 'string') throw new AdminError(400, `query parameter ${k} is given more than once (or with brackets); give it once`);
  }
  return check(schema, q, 'query');
}

/** A JSON object body (none counts as {}). */
export function bodyOf<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AdminError(400, 'the body must be a JSON object (content-type: application/json)');
  return check(schema, body, 'body');
}

/** Whether a JSON object body carries this field (routes that take it from the body or the query). */
export function bodyHas(req: Request, field: string): boolean {
  return typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) && field in req.body;
}

