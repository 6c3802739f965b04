import request from 'supertest';
import { startHarness, type Harness } from '../../../src/harness';
import { ADMIN_ROUTES } from '../../../src/admin/routes';
import { openApiPath } from '../../../src/admin/openapi';
import { toyScenario, toyVendor } from '../toy-vendor';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follow a local `#/a/b` reference in the document. */
function resolve(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
}

/** Every `$ref` anywhere in the document. */
function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

/**
 * The shape OpenAPI 3.1 asks of a document (spec.openapis.org/oas/v3.1.0): an `openapi` version,
 * `info` with title and version, `paths` whose keys start with `/` and whose operations have
 * `responses`; each path template variable declared once as a required path parameter; every
 * parameter with a name, a place and a schema; unique operationIds; every `$ref` resolving.
 */
function shapeProblems(doc: Json): string[] {
  const problems: string[] = [];
  if (typeof doc.openapi !== 'string' || !/^3\.\d+\.\d+$/.test(doc.openapi)) problems.push(`openapi: ${String(doc.openapi)}`);
  const info = doc.info as Json | undefined;
  if (typeof info?.title !== 'string' || typeof info?.version !== 'string') problems.push('info needs title and version');
  const ids = new Set<string>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    if (!path.startsWith('/')) problems.push(`path ${path} does not start with /`);
    const vars = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) {
        problems.push(`${path}: ${method} is not an HTTP method`);
        continue;
      }
      const o = op as Json;
      const where = `${method.toUpperCase()} ${path}`;
      if (!o.responses || Object.keys(o.responses as Json).length === 0) problems.push(`${where}: no responses`);
      for (const status of Object.keys((o.responses ?? {}) as Json)) if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${where}: response key ${status}`);
      if (typeof o.operationId !== 'string' || ids.has(o.operationId)) problems.push(`${where}: operationId ${String(o.operationId)} missing or repeated`);
      ids.add(String(o.operationId));
      const params = ((o.parameters ?? []) as Json[]).map((p) => (typeof p.$ref === 'string' ? (resolve(doc, p.$ref) as Json) : p));
      for (const p of params) {
        if (typeof p?.name !== 'string' || !['path', 'query', 'header', 'cookie'].includes(String(p.in)) || typeof p.schema !== 'object') problems.push(`${where}: parameter ${JSON.stringify(p)}`);
        if (p?.in === 'path' && (p.required !== true || !vars.includes(String(p.name)))) problems.push(`${where}: path parameter ${String(p.name)}`);
      }
      const keys = params.map((p) => `${String(p?.in)}:${String(p?.name)}`);
      if (new Set(keys).size !== keys.length) problems.push(`${where}: a parameter twice`);
      for (const v of vars) if (!params.some((p) => p?.in === 'path' && p.name === v)) problems.push(`${where}: {${v}} not declared`);
      const body = o.requestBody as Json | undefined;
      if (body && (typeof body.content !== 'object' || Object.keys(body.content as Json).length === 0)) problems.push(`${where}: requestBody without content`);
    }
  }
  for (const ref of refsOf(doc)) if (resolve(doc, ref) === undefined) problems.push(`unresolved $ref ${ref}`);
  return problems;
}

describe('GET /openapi.json', () => {
  let h: Harness;
  let doc: Json;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
    doc = (await request(h.urls.admin!).get('/openapi.json').expect(200).expect('content-type', /json/)).body;
  });
  afterAll(() => h.stop());

  it('is an OpenAPI 3.1 document in shape', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(shapeProblems(doc)).toEqual([]);
    expect(doc.servers).toEqual([{ url: h.urls.admin }]);
  });

  it('has every route of the table, with its method and summary', () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const missing = ADMIN_ROUTES.filter((r) => paths[openApiPath(r.path)]?.[r.method]?.summary !== r.summary).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    const documented = Object.values(paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(documented).toBe(ADMIN_ROUTES.length);
  });

  it("documents each route's query parameters and body from the schemas that check them", () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const names = (op: Json) => ((op.parameters ?? []) as Json[]).map((p) => (p.$ref ? `header:x-mock-tenant` : `${String(p.in)}:${String(p.name)}`));
    expect(names(paths['/journal'].get)).toEqual(expect.arrayContaining(['query:vendor', 'query:operation', 'query:status', 'query:limit', 'query:brief', 'header:x-mock-tenant']));
    expect(names(paths['/reset'].post)).toEqual(['query:tenant', 'query:keep', 'header:x-mock-tenant']);
    expect(names(paths['/jobs/{vendor}/{id}/cancel'].post)).toEqual(['path:vendor', 'path:id', 'query:tenant', 'header:x-mock-tenant']);
    const advance = paths['/clock/advance'].post.requestBody as { content: Record<string, { schema: Json }> };
    expect(advance.content['application/json'].schema).toMatchObject({ type: 'object', properties: { by: { type: ['string', 'number'] } }, additionalProperties: false });
    const rule = paths['/rules'].post;
    expect(Object.keys(rule.responses as Json)).toContain('201');
    expect((rule.requestBody as { content: Record<string, { schema: Json }> }).content['application/json'].schema).toMatchObject({ properties: { match: expect.any(Object), respond: expect.any(Object) } });
    const scenario = (paths['/scenario'].post.requestBody as { content: Record<string, { schema: Json }> }).content;
    expect(Object.keys(scenario)).toEqual(['application/json', 'application/yaml']);
    expect(scenario['application/json'].schema).toMatchObject({ properties: { tenants: expect.any(Object), rules: expect.any(Object) } });
    const state = (paths['/state'].put.requestBody as { content: Record<string, { schema: Json }> }).content['application/json'].schema;
    expect(state).toMatchObject({ properties: { format: expect.any(Object), clock: expect.any(Object) } });
    expect(Object.keys((paths['/events'].get.responses as Record<string, { content?: Json }>)['200'].content!)).toEqual(['text/event-stream']);
  });

  it('lists itself on the index', async () => {
    const index = (await request(h.urls.admin!).get('/').expect(200)).body;
    expect(index.openapi).toBe('/openapi.json');
    expect(index.routes).toContain('GET /openapi.json  this API as an OpenAPI 3.1 document, made from the route table and its schemas');
  });
});
