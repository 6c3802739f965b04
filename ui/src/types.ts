/** The admin API's shapes, as the page reads them (README: Admin API, the event stream). */
export type JobState = 'queued' | 'running' | 'suspended' | 'succeeded' | 'failed' | 'cancelled';

export interface TimelineStep {
  at: number;
  state?: JobState;
  progress?: number;
  phase?: string;
  message?: string;
  error?: string;
  status?: string;
}

export interface Job {
  id: string;
  vendor: string;
  tenant: string;
  operation: string;
  target?: string;
  nth: number;
  state: JobState;
  progress: number;
  phase?: string;
  message?: string;
  error?: string;
  status?: string;
  vendorStatus?: string;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  updatedAt: number;
  timeline: TimelineStep[];
  nextStep: number;
  pausedMs: number;
  suspendedAt?: number;
  timelineRule: string;
}

export interface JournalBrief {
  id: number;
  wallTime: string;
  virtualTime: string;
  vendor: string;
  listener: string;
  tenant: string;
  operation: string;
  method: string;
  path: string;
  bodyBytes: number;
  status: number;
  durationMs: number;
  rule?: string;
  fault?: string;
  matched: boolean;
}

export interface JournalEntry extends JournalBrief {
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  bodyTruncated?: true;
  response?: { headers: Record<string, string>; body: string; bodyBytes: number; bodyTruncated?: true; streamed?: true };
  nearest?: string[];
}

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
