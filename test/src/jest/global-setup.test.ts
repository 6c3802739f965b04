import globalSetup from '../../../src/jest/global-setup';
import globalTeardown from '../../../src/jest/global-teardown';
import type { Harness } from '../../../src/harness';
import { connectHarness } from '../../../src/client';

describe('Jest global setup and teardown', () => {
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('BACKUP_MOCKS_')) delete process.env[k];
  });

  it('starts one harness, exports its URLs to the workers, and stops it', async () => {
    await globalSetup({ globals: { backupMocks: { clock: 'manual', vendors: ['vcenter', 'dds'] } } });
    const h = (globalThis as { __BACKUP_MOCKS__?: Harness }).__BACKUP_MOCKS__!;
    try {
      expect(process.env.BACKUP_MOCKS_ADMIN_URL).toBe(h.urls.admin);
      expect(process.env.BACKUP_MOCKS_VCENTER_HTTPS_URL).toBe(h.url('vcenter', 'https'));
      expect(process.env.BACKUP_MOCKS_DDS_HTTP_URL).toBe(h.url('dds', 'http'));
      expect(process.env.BACKUP_MOCKS_COMMVAULT_HTTP_URL).toBeUndefined();
      const health = await fetch(`${process.env.BACKUP_MOCKS_ADMIN_URL}/health`);
      expect(health.status).toBe(200);
    } finally {
      await globalTeardown();
    }
    expect((globalThis as { __BACKUP_MOCKS__?: Harness }).__BACKUP_MOCKS__).toBeUndefined();
    await expect(fetch(`${h.urls.admin}/health`)).rejects.toThrow();
  });
});

describe('a worker of the global setup', () => {
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('BACKUP_MOCKS_')) delete process.env[k];
  });

  it('connects with BACKUP_MOCKS_ADMIN_URL, runs its own clock and checks its own calls with the matcher', async () => {
    await globalSetup({ globals: { backupMocks: { clock: 'manual', vendors: ['vcenter'], tlsEnabled: false } } });
    try {
      const w1 = await connectHarness(process.env.BACKUP_MOCKS_ADMIN_URL, { tenant: 'worker-1' });
      const w2 = await connectHarness(process.env.BACKUP_MOCKS_ADMIN_URL, { tenant: 'worker-2' });
      expect((await w1.fetch('vcenter', '/api/appliance/recovery/backup/job')).status).toBe(401);
      await w1.clock.advance('2h');
      expect((await w1.clock.now()) - (await w2.clock.now())).toBe(2 * 3600_000);
      await expect(w1).toHaveReceived({ vendor: 'vcenter', status: 401 }, 1);
      await expect(w2).not.toHaveReceived({ vendor: 'vcenter' });
    } finally {
      await globalTeardown();
    }
  });
});
