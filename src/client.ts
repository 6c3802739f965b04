/**
 * `backup-mocks/client`: a running harness through its admin API, from another process (a Jest
 * worker, a script): `const h = await connectHarness(process.env.BACKUP_MOCKS_ADMIN_URL, { tenant })`.
 */
export { connectHarness, RemoteHarness, type ClockView, type ConnectOptions, type RemoteJob, type ScenarioLoaded } from './clients/harness';
export { AdminApiError } from './clients/admin-api';
export { VerificationError, type Count } from './verify';
export type { ResetOptions, RuleView, HarnessUrls } from './harness';
export type { ResetPart } from './engine';
export type { JournalCriteria, JournalEntry, JournalBrief } from './journal';
