import request from 'supertest';
import type { Test } from 'supertest';
import { startTestHarness, type Harness } from '../../helpers';

/** The demo project of scenarios/dds-demo.yaml. */
export const DEMO = {
  domain: 'OTC-EU-DE-000000000010000000001',
  user: 'backup-operator',
  password: 'Otc-Passw0rd',
  project: 'eu-de',
  projectId: '0549b4a43100d4f32f51c01c2fe4acdb',
  orders: 'a89dab5e39394eccbdb77b19d57b0180in02',
};

export function startDds(...scenario: Array<string | Record<string, unknown>>): Promise<Harness> {
  return startTestHarness({ vendors: ['dds'], scenarioFiles: ['scenarios/dds-demo.yaml'], scenario });
}

/** The Keystone token request gophertelekomcloud sends (project by name with its domain). */
export function passwordAuth(over: { user?: string; password?: string; project?: string; domain?: string } = {}) {
  const domain = over.domain ?? DEMO.domain;
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: over.user ?? DEMO.user, password: over.password ?? DEMO.password, domain: { name: domain } } },
      },
      scope: { project: { name: over.project ?? DEMO.project, domain: { name: domain } } },
    },
  };
}

export async function login(h: Harness, over: Parameters<typeof passwordAuth>[0] = {}, tenant?: string): Promise<string> {
  const req = request(h.url('dds')).post('/v3/auth/tokens').send(passwordAuth(over));
  const res = await (tenant ? req.set('x-mock-tenant', tenant) : req);
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.headers['x-subject-token'] as string;
}

/** supertest bound to the DDS base `/v3/<project_id>` with a token. */
export function dds(h: Harness, token: string, projectId = DEMO.projectId) {
  const base = `/v3/${projectId}`;
  const agent = request(h.url('dds'));
  return {
    get: (path: string) => agent.get(base + path).set('X-Auth-Token', token),
    post: (path: string, body?: unknown) => {
      const r = agent.post(base + path).set('X-Auth-Token', token);
      return body === undefined ? r : r.send(body as object);
    },
    put: (path: string, body: unknown) => agent.put(base + path).set('X-Auth-Token', token).send(body as object),
    delete: (path: string) => agent.delete(base + path).set('X-Auth-Token', token),
  };
}

export type DdsApi = ReturnType<typeof dds>;

/**
 * A describe block's harness on the demo scenario (plus `scenario`), reset before each test,
 * with a fresh token: `const t = freshEachTest(); ... t.api.get(...)`.
 */
export function freshEachTest(...scenario: Array<string | Record<string, unknown>>): { readonly h: Harness; readonly api: DdsApi } {
  const t = {} as { h: Harness; api: DdsApi };
  beforeAll(async () => {
    t.h = await startDds(...scenario);
  });
  afterAll(() => t.h.stop());
  beforeEach(async () => {
    t.h.reset();
    t.api = dds(t.h, await login(t.h));
  });
  return t;
}

/** A harness of its own for one test (the demo scenario plus `scenario`), stopped afterwards. */
export async function withProject(scenario: Record<string, unknown>, body: (h: Harness, api: DdsApi) => Promise<void>): Promise<void> {
  const h = await startDds(scenario);
  try {
    await body(h, dds(h, await login(h)));
  } finally {
    await h.stop();
  }
}

/** The status and DBS code of an answer. */
export async function code(r: Test): Promise<[number, string]> {
  const res = await r;
  return [res.status, res.body.error_code];
}

/** Where `actual` lacks a field of the doc example or gives it another JSON type; [] when it holds. */
export function shapeDiff(example: unknown, actual: unknown, at = '$'): string[] {
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(example) !== kind(actual)) return [`${at}: ${kind(actual)} where the doc has ${kind(example)}`];
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (example.length === 0) return [];
    if (actual.length === 0) return [`${at}: empty where the doc has elements`];
    return shapeDiff(example[0], actual[0], `${at}[0]`);
  }
  if (kind(example) === 'object') {
    const a = actual as Record<string, unknown>;
    return Object.entries(example as Record<string, unknown>).flatMap(([k, v]) =>
      k in a ? shapeDiff(v, a[k], `${at}.${k}`) : [`${at}.${k}: missing`],
    );
  }
  return [];
}

export type { Harness };
