import { startHarness, type HarnessOptions } from '../harness';

/**
 * Jest `globalSetup`: one harness for the whole run, in Jest's main process. Its URLs reach the
 * test workers (other processes) as environment variables: BACKUP_MOCKS_ADMIN_URL and
 * BACKUP_MOCKS_<VENDOR>_<LISTENER>_URL (e.g. BACKUP_MOCKS_VCENTER_HTTPS_URL). A worker connects
 * with `connectHarness(process.env.BACKUP_MOCKS_ADMIN_URL, { tenant })` (backup-mocks/client),
 * which keeps it apart from the others in state, journal and time (`x-mock-tenant`).
 * Options come from `globals.backupMocks` in the Jest config or BACKUP_MOCKS_SCENARIO (comma-separated files).
 */
export default async function globalSetup(globalConfig: { globals?: Record<string, unknown> }, projectConfig?: { globals?: Record<string, unknown> }): Promise<void> {
  const fromConfig = (projectConfig?.globals?.backupMocks ?? globalConfig?.globals?.backupMocks ?? {}) as HarnessOptions;
  const files = process.env.BACKUP_MOCKS_SCENARIO?.split(',').filter(Boolean);
  const harness = await startHarness({ ...fromConfig, ...(files ? { scenarioFiles: files } : {}) });
  process.env.BACKUP_MOCKS_ADMIN_URL = harness.urls.admin ?? '';
  for (const [vendor, urls] of Object.entries(harness.urls.vendors)) {
    for (const [listener, url] of Object.entries(urls ?? {})) {
      process.env[`BACKUP_MOCKS_${vendor.toUpperCase()}_${listener.toUpperCase()}_URL`] = url;
    }
  }
  (globalThis as { __BACKUP_MOCKS__?: unknown }).__BACKUP_MOCKS__ = harness;
}
