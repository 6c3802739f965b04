import { startHarness } from '../../src/harness';
import { portFor } from '../../src/server';
import { toyScenario, toyVendor } from './toy-vendor';
import type { Vendor } from '../../src/vendor';

const tlsToy: Vendor = {
  ...toyVendor,
  listeners: [
    { name: 'http', protocol: 'http', defaultPort: 0, offset: 81 },
    { name: 'https', protocol: 'https', defaultPort: 0, offset: 44 },
  ],
};

describe('listeners', () => {
  it('port = base + offset under a port base, the default port otherwise, a scenario override first', () => {
    expect(portFor({ defaultPort: 8443, offset: 44 }, 30000)).toBe(30044);
    expect(portFor({ defaultPort: 8443, offset: 44 }, 'default')).toBe(8443);
    expect(portFor({ defaultPort: 8443, offset: 44 }, 'ephemeral')).toBe(0);
    expect(portFor({ defaultPort: 8443, offset: 44 }, 30000, 9443)).toBe(9443);
  });

  it('serves HTTPS with the generated certificate by default', async () => {
    const h = await startHarness({ modules: [tlsToy], scenario: toyScenario, admin: false });
    try {
      expect(Object.keys(h.urls.vendors.toy!)).toEqual(['http', 'https']);
      expect(h.url('toy', 'https')).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await h.stop();
    }
  });

  it('serves no HTTPS/TLS listener when told so, globally or per vendor', async () => {
    const off = await startHarness({ modules: [tlsToy], scenario: toyScenario, admin: false, tlsEnabled: false });
    const perVendor = await startHarness({ modules: [tlsToy], scenario: [toyScenario, { vendors: { toy: { tls: false } } }], admin: false });
    try {
      expect(Object.keys(off.urls.vendors.toy!)).toEqual(['http']);
      expect(Object.keys(perVendor.urls.vendors.toy!)).toEqual(['http']);
    } finally {
      await off.stop();
      await perVendor.stop();
    }
  });

  it('a vendor the scenario disables is not served, and a port in use is a clear error', async () => {
    const h = await startHarness({ modules: [tlsToy], scenario: [toyScenario, { vendors: { toy: { enabled: false } } }], admin: false });
    expect(h.urls.vendors.toy).toBeUndefined();
    await h.stop();
    const first = await startHarness({ modules: [tlsToy], scenario: toyScenario, admin: false, tlsEnabled: false });
    try {
      const port = Number(new URL(first.url('toy', 'http')).port);
      await expect(
        startHarness({ modules: [tlsToy], scenario: [toyScenario, { vendors: { toy: { ports: { http: port } } } }], admin: false, tlsEnabled: false }),
      ).rejects.toThrow(new RegExp(`toy http listener: port ${port} is in use`));
    } finally {
      await first.stop();
    }
  });
});

describe('request limits', () => {
  it('closes a connection whose request is not complete within limits.requestTimeout (408)', async () => {
    const h = await startHarness({ modules: [toyVendor], scenario: [toyScenario, { limits: { requestTimeout: '200ms' } }], admin: false, tlsEnabled: false });
    try {
      const { port } = new URL(h.url('toy', 'http'));
      const { connect } = await import('node:net');
      const socket = connect(Number(port), '127.0.0.1');
      let got = '';
      socket.setEncoding('utf8').on('data', (d: string) => (got += d));
      socket.write('POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"user');
      await new Promise<void>((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error('still open after 5 s')), 5000);
        socket.on('close', () => {
          clearTimeout(guard);
          resolve();
        });
      });
      expect(got).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await h.stop();
    }
  });
});
