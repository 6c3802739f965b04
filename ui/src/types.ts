/** The admin API's shapes, as the page reads them (README: Admin API, the event stream). */
// The server's own types (type-only: nothing of src/ is bundled into the page).
import type { JobView } from '../../src/events/types';
import type { JournalBrief as ServerBrief, JournalEntry as ServerEntry } from '../../src/journal';

export type { JobState, TimelineStep } from '../../src/jobs/timeline';
export type Job = JobView;
export type JournalBrief = ServerBrief;
export type JournalEntry = ServerEntry;

export interface Rule {
  id: number;
  name?: string;
  match: Record<string, unknown>;
  seen: number;
  fired: number;
  times?: number;
  skip?: number;
  [action: string]: unknown;
}

export interface ClockInfo {
  now: string;
  epochMs: number;
  mode: 'real' | 'scaled' | 'manual';
  scale: number;
  pendingTimers: number;
  tenant?: string;
  own?: boolean;
}

export interface VendorInfo {
  name: string;
  title: string;
  enabled: boolean;
  urls: Record<string, string>;
  logins: string[];
}

export interface ScenarioIssue {
  file: string;
  line?: number;
  col?: number;
  path: string;
  message: string;
}

export interface StreamEvent<T = unknown> {
  id: number;
  type: 'request' | 'job' | 'clock' | 'scenario' | 'reset' | 'rule';
  wallTime: string;
  virtualTime: string;
  vendor?: string;
  tenant?: string;
  data: T;
}
