/** The library entry: `import { startHarness } from 'backup-mocks'`. */
export { startHarness, createHarness, Harness, VerificationError, type HarnessOptions, type HarnessUrls, type ResetOptions, type RuleView, type Count } from './harness';
export type { ResetPart } from './engine';
export { TenantClock } from './clocks';
export { connectHarness, RemoteHarness, AdminApiError, type ClockView, type ConnectOptions, type RemoteJob, type ScenarioLoaded } from './client';
export { vendorApp, type VendorApp, type VendorAppOptions } from './vendor-app';
export { Engine } from './engine';
export { Clock, type ClockMode, type ClockOptions } from './clock';
export { parseDuration, type Duration } from './duration';
export type { Job, JobPatch, JobChange } from './jobs/engine';
export type { JobState, TimelineInput } from './jobs/timeline';
export { JournalDisabledError, type JournalCriteria, type JournalEntry, type JournalBrief } from './journal';
export type { RuleInput, RuleSpec } from './faults';
export { ScenarioError, type ScenarioIssue } from './scenario/load';
export type { Scenario } from './scenario/schema';
export { MockError, defineVendor, type Vendor, type VendorModule, type Reply } from './vendor';
export type { VendorName } from './registry';
export type { HttpRequest, Operation, VendorTypes } from './operations/types';

/** A small client for the Virtuozzo Agent packet protocol (TCP, TLS), for tests and scripts. */
export { VirtuozzoClient } from './clients/virtuozzo';
