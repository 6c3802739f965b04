import { z } from 'zod';
import { version } from '../../package.json';
import type { Harness } from '../harness';
import { TENANT_HEADER } from '../tenancy';
import type { AdminRoute } from './route';

type Json = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), as the admin API reads it: its input side. */
function jsonSchemaOf(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  return out;
}

/** `/jobs/:vendor/:id` as OpenAPI writes it: `/jobs/{vendor}/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function operationId(r: AdminRoute): string {
  const words = r.path
    .split('/')
    .filter(Boolean)
    .map((p) => (p.startsWith(':') ? `by-${p.slice(1)}` : p))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [r.method, ...words].map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('') || r.method;
}

/** An object schema's properties as parameters of one kind (path or query). */
function parametersOf(schema: z.ZodType, where: 'path' | 'query'): Json[] {
  const s = jsonSchemaOf(schema);
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function operationOf(h: Harness, r: AdminRoute): Json {
  const parameters: Json[] = [];
  const declared = r.params ? parametersOf(r.params, 'path') : [];
  // Every `:name` in the path is a parameter, typed by the route's schema when it has one.
  for (const m of r.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)) {
    parameters.push(declared.find((p) => p.name === m[1]) ?? { name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  }
  if (r.query) parameters.push(...parametersOf(r.query, 'query'));
  if (r.tenant) parameters.push({ $ref: '#/components/parameters/TenantHeader' });
  const content: Record<string, { schema: Json }> | undefined = r.body ? { 'application/json': { schema: jsonSchemaOf(r.body) } } : r.bodyDoc?.(h);
  const produces = r.produces ?? 'application/json';
  return {
    operationId: operationId(r),
    summary: r.summary,
    tags: [r.path.split('/')[1] || 'index'],
    ...(parameters.length ? { parameters } : {}),
    ...(content ? { requestBody: { required: false, content } } : {}),
    responses: {
      [String(r.status ?? 200)]: { description: 'done', content: { [produces]: { schema: produces === 'application/json' ? { type: 'object' } : { type: 'string' } } } },
      '4XX': { $ref: '#/components/responses/Refused' },
    },
  };
}

const documents = new WeakMap<Harness, Json>();

/**
 * The admin API as an OpenAPI 3.1 document, made from the route table: each route's path,
 * method and summary, its path and query parameters and its body from the zod schemas that
 * check them (z.toJSONSchema), and the tenant header where a route takes one.
 */
export function openApiDocument(h: Harness, routes: readonly AdminRoute[]): Json {
  const cached = documents.get(h);
  if (cached) return cached;
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) (paths[openApiPath(r.path)] ??= {})[r.method] = operationOf(h, r);
  const doc: Json = {
    openapi: '3.1.0',
    info: {
      title: 'backup-mocks admin API',
      version,
      description: 'Drive the emulators: scenario, clock (shared, or a tenant\'s own), jobs, journal, rules, state, events. JSON in and out; errors are {"error": "..."}.',
    },
    ...(h.urls.admin ? { servers: [{ url: h.urls.admin }] } : {}),
    paths,
    components: {
      parameters: {
        TenantHeader: {
          name: TENANT_HEADER,
          in: 'header',
          required: false,
          description: 'the tenant the call is about, as ?tenant= (both given: they must agree)',
          schema: { type: 'string', minLength: 1 },
        },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: { error: { type: 'string' }, details: {}, issues: { type: 'array', items: { type: 'object' } } },
          required: ['error'],
        },
      },
      responses: {
        Refused: { description: 'refused: bad input (400), unknown id (404), not possible (409), too large (413), not JSON (415)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    },
  };
  documents.set(h, doc);
  return doc;
}
