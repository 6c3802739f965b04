/** The library entry: `import { startHarness } from 'backup-mocks'`. */
export { startHarness, Harness, VerificationError, type HarnessOptions, type HarnessUrls } from './harness';
export { Engine } from './engine';
export { Clock, type ClockMode, type ClockOptions } from './clock';
export { parseDuration, type Duration } from './duration';
export type { Job, JobPatch, JobChange } from './jobs/engine';
export type { JobState, TimelineInput } from './jobs/timeline';
export { JournalDisabledError, type JournalCriteria, type JournalEntry } from './journal';
export { ScenarioError, type ScenarioIssue } from './scenario/load';
export type { Scenario } from './scenario/schema';
export { MockError, defineVendor, type Vendor, type VendorModule, type Reply } from './vendor';
export type { VendorName } from './registry';
export type { HttpRequest, Operation, VendorTypes } from './operations/types';

/** A small client for the Virtuozzo Agent packet protocol (TCP, TLS), for tests and scripts. */
export { VirtuozzoClient } from './clients/virtuozzo';
