import { request as httpRequest } from 'node:http';
import { startHarness, type Harness } from '../../../src/harness';
import { hostName } from '../../../src/admin/guard';
import { toyScenario, toyVendor } from '../toy-vendor';

/** A raw request, so Host and Origin are exactly what a browser would send. */
function send(url: string, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('admin API access from browsers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
  });
  afterAll(() => h.stop());

  it('refuses a text/plain scenario POST from a foreign Origin (a simple request needs no preflight) and keeps the scenario', async () => {
    const before = h.engine.scenario.name;
    const r = await send(h.urls.admin!, {
      method: 'POST',
      path: '/scenario',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example', host: new URL(h.urls.admin!).host },
      body: 'name: pwned\n',
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error).toMatch(/Origin "https:\/\/evil.example" refused/);
    expect(h.engine.scenario.name).toBe(before);
    const nullOrigin = await send(h.urls.admin!, { method: 'POST', path: '/reset', headers: { origin: 'null' } });
    expect(nullOrigin.status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) even for reads, so GET /state cannot leak', async () => {
    const r = await send(h.urls.admin!, { path: '/state', headers: { host: 'rebind.evil.example:8080' } });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('a-pass');
    expect(JSON.parse(r.body).error).toMatch(/Host "rebind.evil.example" refused.*--admin-allow-host/);
  });

  it('serves loopback names and same-machine origins, and tools that send no Origin', async () => {
    const port = new URL(h.urls.admin!).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`]) {
      expect((await send(h.urls.admin!, { path: '/health', headers: { host } })).status).toBe(200);
    }
    const local = await send(h.urls.admin!, { method: 'POST', path: '/reset', headers: { origin: 'http://localhost:3000' } });
    expect(local.status).toBe(200);
    expect((await send(h.urls.admin!, { method: 'POST', path: '/reset' })).status).toBe(200);
  });

  it('opens to the names given in adminAllowHosts', async () => {
    const open = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', adminAllowHosts: ['mocks.ci.internal'] });
    try {
      expect((await send(open.urls.admin!, { path: '/health', headers: { host: 'mocks.ci.internal:9' } })).status).toBe(200);
      expect((await send(open.urls.admin!, { method: 'POST', path: '/reset', headers: { origin: 'http://mocks.ci.internal' } })).status).toBe(200);
      expect((await send(open.urls.admin!, { path: '/health', headers: { host: 'other.example' } })).status).toBe(403);
    } finally {
      await open.stop();
    }
    const any = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual', adminAllowHosts: ['*'] });
    try {
      expect((await send(any.urls.admin!, { path: '/health', headers: { host: 'whatever.example' } })).status).toBe(200);
    } finally {
      await any.stop();
    }
  });

  it('reads host names out of Host values', () => {
    expect(hostName('LocalHost:80')).toBe('localhost');
    expect(hostName('[::1]:4000')).toBe('::1');
    expect(hostName('::1')).toBe('::1');
    expect(hostName('10.0.0.5')).toBe('10.0.0.5');
  });
});
