import type { ClockMode } from '../clock';
import type { Job, JobChange } from '../jobs/engine';
import type { JournalEntry } from '../journal';

/** What the event stream carries, one kind each (GET /events, `harness.on`, `harness.events`). */
export const EVENT_TYPES = ['request', 'job', 'clock', 'scenario', 'reset', 'rule'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A job as events and the dashboard show it: every field but the vendor's private `data`, plus the vendor's status word. */
export type JobView = Omit<Job, 'data'> & {
  /** The vendor's own word for the job's state (Commvault `Running`, vCenter `INPROGRESS`, DDS `Completed`). */
  vendorStatus?: string;
};

export type JobEventData = JobView & { cause: JobChange['cause']; previous: JobChange['previous'] };

export interface ClockEventData {
  /** advance/set/mode: through the clock's API; configure: a scenario (re)configured it; fork: a tenant got its own clock. */
  action: 'advance' | 'set' | 'mode' | 'configure' | 'fork';
  now: string;
  epochMs: number;
  mode: ClockMode;
  scale: number;
  /** Whether this is a tenant's own clock (the event's tenant) rather than the shared one. */
  own: boolean;
  byMs?: number;
  firedTimers?: number;
}

export interface ScenarioEventData {
  name: string | null;
  tenants: string[];
  rules: number;
  jobs: number;
}

export interface ResetEventData {
  /** The tenant reset, or absent when all state was. */
  tenant?: string;
  /** What the reset left as it was ('journal', 'clock'). */
  kept?: string[];
}

export type RuleEventData =
  | { action: 'hit'; id: number; label: string; operation?: string; seen: number; fired: number; times?: number }
  | { action: 'added'; id: number; label: string }
  | { action: 'removed'; id: number };

export interface EventDataOf {
  request: JournalEntry;
  job: JobEventData;
  clock: ClockEventData;
  scenario: ScenarioEventData;
  reset: ResetEventData;
  rule: RuleEventData;
}

/** One event: its id (strictly increasing, the SSE `id:`), kind, times, and the vendor and tenant it belongs to, if any. */
export interface EventOf<K extends EventType> {
  id: number;
  type: K;
  wallTime: string;
  virtualTime: string;
  vendor?: string;
  tenant?: string;
  data: EventDataOf[K];
}

export type HarnessEvent = { [K in EventType]: EventOf<K> }[EventType];

/**
 * Told to one subscriber in place of events it lost: `slow` when its buffer was full (it did not
 * keep up), `history` when the replay it asked for starts before the oldest event kept.
 */
export interface DroppedNotice {
  type: 'dropped';
  data: { count: number; reason: 'slow' | 'history' };
}

/** Which events a subscriber wants: any of these vendors, tenants and types (absent: all). */
export interface EventFilter {
  vendor?: readonly string[];
  tenant?: readonly string[];
  types?: readonly EventType[];
}
