import type { Harness } from '../harness';

/** Jest `globalTeardown`: stops the harness globalSetup started. */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __BACKUP_MOCKS__?: Harness };
  await g.__BACKUP_MOCKS__?.stop();
  delete g.__BACKUP_MOCKS__;
}
