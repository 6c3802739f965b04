/**
 * DDS v3 wire shapes: what the API reference pages in vendor-docs/otc-dds/ show and what
 * gophertelekomcloud (openstack/dds/v3) and python-otcextensions (sdk/dds/v3) parse.
 */

export interface DdsDatastore {
  type: string;
  version: string;
}

export interface DdsNode {
  id: string;
  name: string;
  status: string;
  role: string;
  private_ip?: string;
  public_ip?: string;
  spec_code: string;
  availability_zone: string;
}

export interface DdsGroup {
  type: string;
  id?: string;
  name?: string;
  status?: string;
  volume?: { size: string; used: string };
  nodes: DdsNode[];
}

/** One element of `instances` (querying_instances_and_details.rst, Table 3). */
export interface DdsInstanceWire {
  id: string;
  name: string;
  remark: string;
  status: string;
  /** A string on the wire: the Go SDK decodes it with `json:"port,string"`. */
  port: string;
  mode: string;
  region: string;
  datastore: DdsDatastore;
  engine: string;
  created: string;
  updated: string;
  db_user_name: string;
  ssl: number;
  vpc_id: string;
  subnet_id: string;
  security_group_id: string;
  backup_strategy: { start_time: string; keep_days: number };
  pay_mode: string;
  maintenance_window: string;
  groups: DdsGroup[];
  enterprise_project_id: string;
  time_zone: string;
  actions: string[];
  tags: { key: string; value: string }[];
}

export interface DdsInstanceListWire {
  instances: DdsInstanceWire[];
  total_count: number;
}

/** One element of `backups` (querying_the_backup_list.rst, Table 3). */
export interface DdsBackupWire {
  id: string;
  name: string;
  instance_id: string;
  instance_name: string;
  datastore: DdsDatastore;
  type: 'Auto' | 'Manual';
  begin_time: string;
  end_time: string;
  status: DdsBackupStatus;
  size: number;
  description: string;
}

export type DdsBackupStatus = 'BUILDING' | 'COMPLETED' | 'FAILED' | 'DISABLED';

export interface DdsBackupListWire {
  backups: DdsBackupWire[];
  total_count: number;
}

export interface DdsCreateBackupResponse {
  job_id: string;
  backup_id: string;
}

export interface DdsJobIdResponse {
  job_id: string;
}

export type DdsJobStatus = 'Running' | 'Completed' | 'Failed';

/** `job` (obtaining_information_about_a_task_with_a_specified_id.rst, Table 3). */
export interface DdsJobWire {
  id: string;
  name: string;
  status: DdsJobStatus;
  created: string;
  ended: string;
  progress: string;
  instance: { id: string; name: string };
  fail_reason: string | null;
}

export interface DdsErrorBody {
  error_code: string;
  error_msg: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function parts(ms: number): { date: string; time: string } {
  const d = new Date(ms);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

/** Job times: "yyyy-mm-ddThh:mm:ss+0000" (the job page's examples). */
export function formatJobTime(ms: number): string {
  const p = parts(ms);
  return `${p.date}T${p.time}+0000`;
}

/** Backup times: "yyyy-mm-dd hh:mm:ss", UTC (querying_the_backup_list.rst). */
export function formatBackupTime(ms: number): string {
  const p = parts(ms);
  return `${p.date} ${p.time}`;
}

/** Instance created/updated: "2019-01-17T07:05:52" (the instance page's example). */
export function formatInstanceTime(ms: number): string {
  const p = parts(ms);
  return `${p.date}T${p.time}`;
}

const BACKUP_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Parse a "yyyy-mm-dd hh:mm:ss" UTC query time; undefined when malformed. */
export function parseBackupTime(text: string): number | undefined {
  const m = BACKUP_TIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Reject 2026-02-31 and friends, which Date.UTC would roll over.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms;
}

/** Job progress: "50%" while running, "" once finished (the job page's note). */
export function formatProgress(status: DdsJobStatus, percent: number): string {
  return status === 'Running' ? `${Math.max(0, Math.min(100, Math.round(percent)))}%` : '';
}
