/**
 * Contract: drive the emulator over real sockets the way gophertelekomcloud and
 * openstacksdk+otcextensions do (discovery, token, catalog, then DDS calls with X-Auth-Token),
 * and hit each DBS error. The clock is manual: polling advances it instead of sleeping.
 */
import { startTestHarness, type Harness } from '../helpers';

const DOMAIN = 'OTC-EU-DE-000000000010000000001';
const GO_HEADERS = { Accept: 'application/json', 'User-Agent': 'golangsdk/2.0.0' };

interface Catalog {
  type: string;
  endpoints: { interface: string; region: string; url: string }[];
}

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: {
      ...GO_HEADERS,
      ...(token ? { 'X-Auth-Token': token } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe('dds contract over real sockets', () => {
  let h: Harness;
  let identity: string;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['dds'], scenarioFiles: ['scenarios/dds-demo.yaml'] });
    identity = h.url('dds');
  });
  afterAll(() => h.stop());

  /** openstack.AuthenticatedClient: version discovery, then the password token with project scope. */
  async function authenticate(password = 'Otc-Passw0rd') {
    const versions = await call('GET', `${identity}/`);
    expect(versions.status).toBe(300);
    const v3 = versions.body.versions.values.find((v: { id: string }) => v.id.startsWith('v3'));
    const endpoint = v3.links.find((l: { rel: string }) => l.rel === 'self').href as string;
    const token = await call('POST', `${endpoint}auth/tokens`, undefined, {
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'backup-operator', password, domain: { name: DOMAIN } } } },
        scope: { project: { name: 'eu-de', domain: { name: DOMAIN } } },
      },
    });
    return token;
  }

  /** openstack.NewDDSServiceV3: the ddsv3 public endpoint of region eu-de. */
  function ddsEndpoint(catalog: Catalog[]): string {
    const entry = catalog.find((c) => c.type === 'ddsv3')!;
    const ep = entry.endpoints.find((e) => e.interface === 'public' && e.region === 'eu-de')!;
    return ep.url.endsWith('/') ? ep.url : `${ep.url}/`;
  }

  it('runs the SDK flow: auth, catalog, instances, create, poll job, list by backup_id, delete', async () => {
    const auth = await authenticate();
    expect(auth.status).toBe(201);
    const token = auth.headers.get('x-subject-token')!;
    expect(token).toBeTruthy();
    const base = ddsEndpoint(auth.body.token.catalog);
    expect(base).toBe(`${identity}/v3/${auth.body.token.project.id}/`);

    const instances = await call('GET', `${base}instances`, token);
    expect(instances.status).toBe(200);
    expect(instances.body.total_count).toBe(3);
    const orders = instances.body.instances.find((i: { name: string }) => i.name === 'dds-orders');

    const created = await call('POST', `${base}backups`, token, {
      backup: { instance_id: orders.id, name: 'contract-backup', description: 'made by the contract test' },
    });
    expect(created.status).toBe(200);
    const { job_id: jobId, backup_id: backupId } = created.body;

    const busy = await call('GET', `${base}instances?id=${orders.id}`, token);
    expect(busy.body.instances[0].actions).toEqual(['BACKUP']);

    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      const job = await call('GET', `${base}jobs?id=${jobId}`, token);
      expect(job.status).toBe(200);
      seen.push(`${job.body.job.status}${job.body.job.progress ? ' ' + job.body.job.progress : ''}`);
      if (job.body.job.status !== 'Running') break;
      h.clock.advance('3s'); // the Go acceptance test sleeps 5 s between polls
    }
    expect(seen).toEqual(['Running 0%', 'Running 50%', 'Completed']);

    const listed = await call('GET', `${base}backups?backup_id=${backupId}`, token);
    expect(listed.body.total_count).toBe(1);
    expect(listed.body.backups[0]).toMatchObject({ id: backupId, status: 'COMPLETED', type: 'Manual', instance_name: 'dds-orders' });

    const del = await call('DELETE', `${base}backups/${backupId}`, token);
    expect(del.status).toBe(200);
    h.clock.advance('2s');
    expect((await call('GET', `${base}jobs?id=${del.body.job_id}`, token)).body.job.status).toBe('Completed');
    expect((await call('GET', `${base}backups?backup_id=${backupId}`, token)).body.total_count).toBe(0);
  });

  it('answers each DBS error the way clients read it', async () => {
    h.reset();
    const auth = await authenticate();
    const token = auth.headers.get('x-subject-token')!;
    const base = ddsEndpoint(auth.body.token.catalog);
    const orders = 'a89dab5e39394eccbdb77b19d57b0180in02';
    const create = (backup: unknown, t = token) => call('POST', `${base}backups`, t, { backup });
    const expectError = (res: { status: number; body: { error_code: string; error_msg: string } }, status: number, code: string) => {
      expect({ status: res.status, code: res.body.error_code, msg: typeof res.body.error_msg }).toEqual({ status, code, msg: 'string' });
    };

    expectError(await create({ instance_id: orders, name: '1-bad name' }), 400, 'DBS.200001');
    expectError(await create({ instance_id: orders, name: 'fine', description: '<script>' }), 400, 'DBS.280127');
    expectError(await create({ instance_id: 'ffffffffffffffffffffffffffffffffin02', name: 'fine' }), 404, 'DBS.200002');
    expectError(await call('POST', `${base}backups`, token, '{"backup": {'), 400, 'DBS.200001');
    expectError(await call('POST', `${base}backups`, token, { instance_id: orders, name: 'fine' }), 400, 'DBS.200001');
    expect((await create({ instance_id: orders, name: 'first-one' })).status).toBe(200);
    expectError(await create({ instance_id: orders, name: 'second-one' }), 403, 'DBS.201015');
    h.clock.advance('6s');
    expectError(await create({ instance_id: orders, name: 'first-one' }), 400, 'DBS.201201');
    expectError(await call('GET', `${base}jobs?id=4f0b1a9e-0000-4000-8000-000000000000`, token), 400, 'DBS.280016');
    expectError(await call('DELETE', `${base}backups/00000000000000000000000000000000br02`, token), 400, 'DBS.280016');
    expectError(await call('GET', `${base}instances`, 'MIIexpired'), 401, 'DBS.280056');
    expect((await authenticate('wrong')).body).toEqual({ error: { code: 401, message: 'Unauthorized.', title: 'Unauthorized' } });

    // openstacksdk re-authenticates once on 401 and retries: a fresh token works after expiry
    h.clock.advance('24h');
    expectError(await call('GET', `${base}instances`, token), 401, 'DBS.280056');
    const again = (await authenticate()).headers.get('x-subject-token')!;
    expect((await call('GET', `${base}instances`, again)).status).toBe(200);
  });
});
