/**
 * Every path of the appliance recovery API (vSphere 8.0.2: 37 paths, 48 operations in their /api
 * and /rest forms) answers in the schema its OpenAPI file gives for that status. The schemas are
 * fixtures/vcenter/spec/recovery-responses.json: the spec's response schemas with every $ref
 * inlined. Answers may leave optional fields out but may not add undeclared ones.
 */
import { apiLogin, B, client, LOC, LOC_SPEC, NIGHTLY, PIECE, R, SSO, startVcenter, type Harness } from './helpers';
import { loadFixture } from './sdk-fixtures';

interface Schema {
  type?: string;
  format?: string;
  enum?: string[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
}

const SPEC = loadFixture('spec/recovery-responses.json') as { operations: Record<string, { responses: Record<string, Schema> }> };

/** Where `value` departs from `schema`: an empty list when it conforms. */
function departures(value: unknown, schema: Schema, path = '$'): string[] {
  const out: string[] = [];
  if (schema.enum && !schema.enum.includes(value as string)) out.push(`${path}: ${JSON.stringify(value)} not in ${schema.enum.join('|')}`);
  switch (schema.type) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
      const obj = value as Record<string, unknown>;
      for (const k of schema.required ?? []) if (!(k in obj)) out.push(`${path}.${k}: required, missing`);
      for (const [k, v] of Object.entries(obj)) {
        const declared = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        if (declared) out.push(...departures(v, declared, `${path}.${k}`));
        else if (schema.properties) out.push(`${path}.${k}: not declared`);
      }
      return out;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${path}: not an array`];
      return value.flatMap((v, i) => (schema.items ? departures(v, schema.items, `${path}[${i}]`) : []));
    case 'string':
      if (typeof value !== 'string') return [`${path}: not a string`];
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) out.push(`${path}: not a date-time`);
      return out;
    case 'integer':
      return Number.isInteger(value) ? out : [`${path}: not an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? out : [`${path}: not a boolean`];
    default:
      return out;
  }
}

interface Step {
  /** The spec's operation key: method and path template. */
  op: string;
  path: string;
  body?: unknown;
  status: number;
  /** Run first (advance the clock...). */
  before?: () => void;
}

const SYS = 'vcsa-01.lab.local';
const ARCHIVE = 'M_8.0.3.00300_20251223-000000_';
const ARCHIVE_URL = `${LOC}/vCenter/sn_${SYS}/${ARCHIVE}`;
const RESTORE = { ...LOC_SPEC, location_type: 'SFTP', location: ARCHIVE_URL, backup_password: 'Before-Upgr4de' };

describe('the recovery API answers in its OpenAPI schemas', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startVcenter();
  });
  afterAll(() => h.stop());
  beforeEach(() => h.loadScenarioFiles('scenarios/vcenter-lifecycle.yaml'));

  async function run(steps: (ids: Record<string, string>) => Step[]): Promise<Set<string>> {
    const c = client(h, await apiLogin(h));
    const ids: Record<string, string> = {};
    const covered = new Set<string>();
    for (const step of steps(ids)) {
      step.before?.();
      const method = step.op.split(' ')[0];
      const res = await (method === 'GET'
        ? c.get(step.path)
        : method === 'DELETE'
          ? c.delete(step.path)
          : method === 'PATCH'
            ? c.patch(step.path, step.body)
            : method === 'PUT'
              ? c.put(step.path, step.body)
              : c.post(step.path, step.body));
      const schema = SPEC.operations[step.op]?.responses[String(step.status)];
      expect({ op: step.op, status: res.status }).toEqual({ op: step.op, status: step.status });
      expect(schema).toBeDefined();
      if (schema.type === undefined) expect({ op: step.op, body: res.text }).toEqual({ op: step.op, body: '' });
      else expect({ op: step.op, departures: departures(res.body, schema) }).toEqual({ op: step.op, departures: [] });
      if (res.body?.id) ids.job = res.body.id;
      if (res.body?.value?.id) ids.job = res.body.value.id;
      covered.add(step.op);
    }
    return covered;
  }

  it('the check notices a missing required field, an undeclared one, a wrong type and a value outside an enum', () => {
    const schema = SPEC.operations['GET /api/appliance/recovery/restore/job'].responses['200'];
    expect(departures({ state: 'DONE', messages: [], progress: 1.5, extra: true }, schema)).toEqual([
      '$.state: "DONE" not in FAILED|INPROGRESS|NONE|SUCCEEDED',
      '$.progress: not an integer',
      '$.extra: not declared',
    ]);
    expect(departures({ state: 'NONE', progress: 0 }, schema)).toEqual(['$.messages: required, missing']);
  });

  const all = (prefix: string) => Object.keys(SPEC.operations).filter((k) => k.split(' ')[1].startsWith(prefix));

  it('/api: every operation, successes and the errors it documents', async () => {
    const a = '/api/appliance/recovery';
    const covered = await run((ids) => [
      { op: `GET ${a}`, path: `/api${R}`, status: 200 },
      { op: `GET ${a}/backup/parts`, path: `/api${B}/parts`, status: 200 },
      { op: `GET ${a}/backup/parts/{id}`, path: `/api${B}/parts/seat`, status: 200 },
      { op: `POST ${a}/backup?action=validate`, path: `/api${B}?action=validate`, body: PIECE, status: 200 },
      { op: `POST ${a}/backup/job`, path: `/api${B}/job`, body: { piece: 'missing' }, status: 400 },
      { op: `POST ${a}/backup/job`, path: `/api${B}/job`, body: PIECE, status: 201 },
      { op: `GET ${a}/backup/job`, path: `/api${B}/job`, status: 200 },
      { op: `GET ${a}/backup/job/details`, path: `/api${B}/job/details`, status: 200 },
      { op: `GET ${a}/backup/job/{id}`, get path() { return `/api${B}/job/${ids.job}`; }, status: 200 },
      { op: `GET ${a}/backup/job/{id}`, path: `/api${B}/job/20990101-000000-abcdef`, status: 404 },
      { op: `POST ${a}/backup/job/{id}?action=cancel`, get path() { return `/api${B}/job/${ids.job}?action=cancel`; }, status: 200 },
      { op: `POST ${a}/backup/job/{id}?action=cancel`, path: `/api${B}/job/nope?action=cancel`, status: 404 },
      { op: `POST ${a}/backup/schedules`, path: `/api${B}/schedules`, body: { schedule: 's1', spec: NIGHTLY }, status: 204 },
      { op: `POST ${a}/backup/schedules`, path: `/api${B}/schedules`, body: { schedule: 's1', spec: NIGHTLY }, status: 400 },
      { op: `GET ${a}/backup/schedules`, path: `/api${B}/schedules`, status: 200 },
      { op: `GET ${a}/backup/schedules/{schedule}`, path: `/api${B}/schedules/s1`, status: 200 },
      { op: `GET ${a}/backup/schedules/{schedule}`, path: `/api${B}/schedules/nope`, status: 404 },
      { op: `PATCH ${a}/backup/schedules/{schedule}`, path: `/api${B}/schedules/s1`, body: { enable: false }, status: 204 },
      { op: `PATCH ${a}/backup/schedules/{schedule}`, path: `/api${B}/schedules/s1`, body: { recurrence_info: { minute: 99, hour: 1 } }, status: 400 },
      { op: `PATCH ${a}/backup/schedules/{schedule}`, path: `/api${B}/schedules/nope`, body: {}, status: 404 },
      { op: `POST ${a}/backup/schedules/{schedule}?action=run`, path: `/api${B}/schedules/s1?action=run`, body: { comment: 'openapi' }, status: 200 },
      { op: `POST ${a}/backup/schedules/{schedule}?action=run`, path: `/api${B}/schedules/s1?action=run`, status: 400 },
      { op: `POST ${a}/backup/schedules/{schedule}?action=run`, path: `/api${B}/schedules/nope?action=run`, status: 404 },
      { op: `DELETE ${a}/backup/schedules/{schedule}`, path: `/api${B}/schedules/s1`, status: 204, before: () => h.clock.advance('12s') },
      { op: `DELETE ${a}/backup/schedules/{schedule}`, path: `/api${B}/schedules/s1`, status: 404 },
      { op: `POST ${a}/backup/system-name?action=list`, path: `/api${B}/system-name?action=list`, body: LOC_SPEC, status: 200 },
      { op: `POST ${a}/backup/system-name?action=list`, path: `/api${B}/system-name?action=list`, body: { location: 'sftp://x/none' }, status: 404 },
      {
        op: `POST ${a}/backup/system-name/{system_name}/archives?action=list`,
        path: `/api${B}/system-name/${SYS}/archives?action=list`,
        body: { loc_spec: LOC_SPEC, filter_spec: {} },
        status: 200,
      },
      {
        op: `POST ${a}/backup/system-name/{system_name}/archives?action=list`,
        path: `/api${B}/system-name/nobody/archives?action=list`,
        body: { loc_spec: LOC_SPEC, filter_spec: {} },
        status: 404,
      },
      { op: `POST ${a}/backup/system-name/{system_name}/archives/{archive}?action=get`, path: `/api${B}/system-name/${SYS}/archives/${ARCHIVE}?action=get`, body: LOC_SPEC, status: 200 },
      { op: `POST ${a}/backup/system-name/{system_name}/archives/{archive}?action=get`, path: `/api${B}/system-name/${SYS}/archives/nope?action=get`, body: LOC_SPEC, status: 404 },
      { op: `POST ${a}/restore?action=validate`, path: `/api${R}/restore?action=validate`, body: RESTORE, status: 200 },
      { op: `POST ${a}/restore?action=validate`, path: `/api${R}/restore?action=validate`, body: { ...RESTORE, location: `${LOC}/none` }, status: 500 },
      { op: `GET ${a}/restore/job`, path: `/api${R}/restore/job`, status: 200 },
      { op: `GET ${a}/reconciliation/job`, path: `/api${R}/reconciliation/job`, status: 404 },
      { op: `POST ${a}/reconciliation/job`, path: `/api${R}/reconciliation/job`, body: { ...SSO, ignore_warnings: 'yes' }, status: 400 },
      { op: `POST ${a}/restore/job`, path: `/api${R}/restore/job`, body: { ...RESTORE, ...SSO }, status: 201 },
      { op: `POST ${a}/restore/job`, path: `/api${R}/restore/job`, body: { ...RESTORE, ...SSO }, status: 400 },
      { op: `POST ${a}/restore/job?action=cancel`, path: `/api${R}/restore/job?action=cancel`, status: 200 },
      { op: `POST ${a}/restore/job`, path: `/api${R}/restore/job`, body: { ...RESTORE, ...SSO }, status: 201 },
      { op: `POST ${a}/reconciliation/job`, path: `/api${R}/reconciliation/job`, body: SSO, status: 201, before: () => h.clock.advance('30s') },
      { op: `GET ${a}/reconciliation/job`, path: `/api${R}/reconciliation/job`, status: 200 },
    ]);
    expect([...covered].sort()).toEqual(all('/api').sort());
  });

  it('/rest: every operation, successes and the errors it documents', async () => {
    const a = '/rest/appliance/recovery';
    const loc = `loc_spec.location=${encodeURIComponent(LOC)}&loc_spec.location_user=backup&loc_spec.location_password=${encodeURIComponent('S3cret!x')}`;
    const covered = await run((ids) => [
      { op: `GET ${a}`, path: `/rest${R}`, status: 200 },
      { op: `GET ${a}/backup/parts`, path: `/rest${B}/parts`, status: 200 },
      { op: `GET ${a}/backup/parts/{id}`, path: `/rest${B}/parts/common`, status: 200 },
      { op: `POST ${a}/backup/validate`, path: `/rest${B}/validate`, body: { piece: PIECE }, status: 200 },
      { op: `POST ${a}/backup/job`, path: `/rest${B}/job`, body: { piece: { ...PIECE, parts: ['nope'] } }, status: 400 },
      { op: `POST ${a}/backup/job`, path: `/rest${B}/job`, body: { piece: PIECE }, status: 200 },
      { op: `GET ${a}/backup/job`, path: `/rest${B}/job`, status: 200 },
      { op: `GET ${a}/backup/job/details`, path: `/rest${B}/job/details`, status: 200 },
      { op: `GET ${a}/backup/job/{id}`, get path() { return `/rest${B}/job/${ids.job}`; }, status: 200 },
      { op: `GET ${a}/backup/job/{id}`, path: `/rest${B}/job/nope`, status: 404 },
      { op: `POST ${a}/backup/job/{id}/cancel`, get path() { return `/rest${B}/job/${ids.job}/cancel`; }, status: 200 },
      { op: `POST ${a}/backup/schedules/{schedule}`, path: `/rest${B}/schedules/s1`, body: { spec: NIGHTLY }, status: 200 },
      { op: `POST ${a}/backup/schedules/{schedule}`, path: `/rest${B}/schedules/s1`, body: { spec: NIGHTLY }, status: 400 },
      { op: `GET ${a}/backup/schedules`, path: `/rest${B}/schedules`, status: 200 },
      { op: `GET ${a}/backup/schedules/{schedule}`, path: `/rest${B}/schedules/s1`, status: 200 },
      { op: `GET ${a}/backup/schedules/{schedule}`, path: `/rest${B}/schedules/nope`, status: 404 },
      { op: `PUT ${a}/backup/schedules/update/{schedule}`, path: `/rest${B}/schedules/update/s1`, body: { spec: { enable: false } }, status: 200 },
      { op: `PUT ${a}/backup/schedules/update/{schedule}`, path: `/rest${B}/schedules/update/nope`, body: { spec: {} }, status: 404 },
      { op: `PUT ${a}/backup/schedules/update/{schedule}`, path: `/rest${B}/schedules/update/s1`, body: { spec: { parts: 'seat,x' } }, status: 400 },
      { op: `POST ${a}/backup/schedules/{schedule}?action=run`, path: `/rest${B}/schedules/s1?action=run`, body: {}, status: 200 },
      { op: `POST ${a}/backup/schedules/{schedule}?action=run`, path: `/rest${B}/schedules/nope?action=run`, body: {}, status: 404 },
      { op: `POST ${a}/backup/schedules/{schedule}?action=run`, path: `/rest${B}/schedules/s1?action=run`, body: {}, status: 400 },
      { op: `DELETE ${a}/backup/schedules/{schedule}`, path: `/rest${B}/schedules/s1`, status: 200, before: () => h.clock.advance('12s') },
      { op: `DELETE ${a}/backup/schedules/{schedule}`, path: `/rest${B}/schedules/s1`, status: 404 },
      { op: `GET ${a}/backup/system-name`, path: `/rest${B}/system-name?${loc}`, status: 200 },
      { op: `GET ${a}/backup/system-name`, path: `/rest${B}/system-name?loc_spec.location=sftp://x/none`, status: 404 },
      { op: `GET ${a}/backup/system-name/{system_name}/archives`, path: `/rest${B}/system-name/${SYS}/archives?${loc}&filter_spec.max_results=3`, status: 200 },
      { op: `GET ${a}/backup/system-name/{system_name}/archives`, path: `/rest${B}/system-name/nobody/archives?${loc}`, status: 404 },
      { op: `GET ${a}/backup/system-name/{system_name}/archives/{archive}`, path: `/rest${B}/system-name/${SYS}/archives/${ARCHIVE}?${loc.replace(/loc_spec/g, 'spec')}`, status: 200 },
      { op: `GET ${a}/backup/system-name/{system_name}/archives/{archive}`, path: `/rest${B}/system-name/${SYS}/archives/nope?${loc.replace(/loc_spec/g, 'spec')}`, status: 404 },
      { op: `POST ${a}/restore/validate`, path: `/rest${R}/restore/validate`, body: { piece: RESTORE }, status: 200 },
      { op: `POST ${a}/restore/validate`, path: `/rest${R}/restore/validate`, body: {}, status: 400 },
      { op: `GET ${a}/restore/job`, path: `/rest${R}/restore/job`, status: 200 },
      { op: `GET ${a}/reconciliation/job`, path: `/rest${R}/reconciliation/job`, status: 404 },
      { op: `POST ${a}/restore/job`, path: `/rest${R}/restore/job`, body: { piece: { ...RESTORE, ...SSO } }, status: 200 },
      { op: `POST ${a}/restore/job`, path: `/rest${R}/restore/job`, body: { piece: { ...RESTORE, ...SSO } }, status: 400 },
      { op: `POST ${a}/restore/job/cancel`, path: `/rest${R}/restore/job/cancel`, status: 200 },
      { op: `POST ${a}/reconciliation/job`, path: `/rest${R}/reconciliation/job`, body: { spec: SSO }, status: 400 },
      { op: `POST ${a}/restore/job`, path: `/rest${R}/restore/job`, body: { piece: { ...RESTORE, ...SSO } }, status: 200 },
      { op: `POST ${a}/reconciliation/job`, path: `/rest${R}/reconciliation/job`, body: { spec: SSO }, status: 200, before: () => h.clock.advance('30s') },
      { op: `GET ${a}/reconciliation/job`, path: `/rest${R}/reconciliation/job`, status: 200 },
    ]);
    expect([...covered].sort()).toEqual(all('/rest').sort());
  });
});
