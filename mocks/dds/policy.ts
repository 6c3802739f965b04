import { DbsError } from './errors';
import { backupStatus, findInstance, type DdsState } from './model';
import type { Job } from '../../src/jobs/engine';

/**
 * Automated backup policy (setting/querying_an_automated_backup_policy.rst, dds_api_0031/0030)
 * and backup download links (obtaining_the_link_for_downloading_a_backup_file.rst, dds_api_0059).
 */

export interface BackupPolicyWire {
  keep_days: number;
  start_time?: string;
  period?: string;
}

const WINDOW = /^(\d\d):00-(\d\d):00$/;
const EVERY_DAY = '1,2,3,4,5,6,7';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** "hh:mm-HH:MM": HH is hh + 1, minutes 00 on both sides (e.g. 23:00-00:00). */
function validWindow(text: string): boolean {
  const m = WINDOW.exec(text);
  if (!m) return false;
  const [from, to] = [Number(m[1]), Number(m[2])];
  return from <= 23 && to <= 23 && (from + 1) % 24 === to;
}

/** Days of the week 1-7, comma separated, each once. */
function validPeriod(text: string): boolean {
  const days = text.split(',');
  return days.every((d) => /^[1-7]$/.test(d)) && new Set(days).size === days.length;
}

/** Decode `PUT .../backups/policy`: keep_days 0-732 (DBS.280214), start_time (DBS.280216), period (DBS.280215). */
export function decodeBackupPolicy(body: unknown): BackupPolicyWire {
  if (!isObject(body) || !isObject(body.backup_policy)) {
    throw new DbsError('DBS.200001', 'Parameter error: the request body must hold a backup_policy object.');
  }
  const p = body.backup_policy;
  // Table 3 types keep_days as String while the example sends a number: take both.
  const keep = typeof p.keep_days === 'string' && /^\d+$/.test(p.keep_days) ? Number(p.keep_days) : p.keep_days;
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 0 || keep > 732) {
    throw new DbsError('DBS.280214', 'Invalid retention period.');
  }
  if (keep === 0) return { keep_days: 0 };
  if (typeof p.start_time !== 'string' || !validWindow(p.start_time)) {
    throw new DbsError('DBS.280216', 'Invalid backup start time.');
  }
  const period = p.period === undefined || p.period === null ? EVERY_DAY : p.period;
  // "If you set the retention period to 1 to 6 days, data is automatically backed up each day of the week."
  if (typeof period !== 'string' || !validPeriod(period) || (keep <= 6 && period !== EVERY_DAY)) {
    throw new DbsError('DBS.280215', 'Invalid backup cycle.');
  }
  return { keep_days: keep, start_time: p.start_time, period };
}

export function readPolicy(state: DdsState, instanceId: string): BackupPolicyWire {
  const inst = findInstance(state, instanceId);
  const keep = inst.backup_strategy.keep_days;
  if (keep === 0) return { keep_days: 0 };
  return { keep_days: keep, start_time: inst.backup_strategy.start_time, period: state.periods[inst.id] ?? EVERY_DAY };
}

export function writePolicy(state: DdsState, instanceId: string, policy: BackupPolicyWire): void {
  const inst = findInstance(state, instanceId);
  inst.backup_strategy = { start_time: policy.start_time ?? inst.backup_strategy.start_time, keep_days: policy.keep_days };
  if (policy.period !== undefined) state.periods[inst.id] = policy.period;
}

export interface DownloadFilesWire {
  files: { name: string; size: number; download_link: string; link_expired_time: string }[];
  bucket: string;
}

/**
 * The file of a COMPLETED backup of that instance; anything else has no file (DBS.201214).
 * Links point at this emulator and, as the page says, expire 15 minutes after being issued.
 */
export function downloadFiles(
  state: DdsState,
  query: { instance_id?: string; backup_id?: string },
  job: (id: string) => Job | undefined,
  base: string,
  expires: string,
): DownloadFilesWire {
  if (!query.instance_id || !query.backup_id) {
    throw new DbsError('DBS.200001', 'Parameter error: instance_id and backup_id are required.');
  }
  const inst = findInstance(state, query.instance_id);
  const backup = state.backups.find((b) => b.id === query.backup_id && b.instance_id === inst.id);
  if (!backup || backupStatus(backup, job) !== 'COMPLETED') throw new DbsError('DBS.201214');
  const bucket = `ddsbucket.${state.identity.project.id}`;
  const name = `${backup.id}.tar.gz`;
  return {
    files: [{ name, size: backup.size, download_link: `${base}/dds-backup-files/${bucket}/${name}`, link_expired_time: expires }],
    bucket,
  };
}
