/**
 * DDS v3 on the wire: the vendor's types, the DDS door (`{error_code, error_msg}` errors, the API
 * gateway's APIGW.0101 for unknown URLs), the OBS door of backup download links, and the answer
 * shapes the API reference pages show and gophertelekomcloud (openstack/dds/v3) parses.
 */
import { EngineError, MockError } from '../../src/errors';
import { json, xml } from '../../src/transport/reply';
import type { HttpMethod, HttpRequest, RouteDoor, VendorTypes } from '../../src/operations/types';
import type { Reply, SchemaTypes } from '../../src/vendor';
import type { Query } from './decode';
import { DbsError, dbsBody, GATEWAY_NOT_FOUND, KeystoneError, ObsError, statusOf } from './errors';
import type { TokenRecord } from './identity';
import type { KeystoneOutput } from './keystone-wire';
import type { BackupView } from './backups';
import type { BackupStatus, Datastore, DdsState, InstanceRecord, JobStatus, JobView } from './model';
import type { schemas } from './schema';

type Sections = SchemaTypes<typeof schemas>;

/** An HTTP route of an operation; `status` is its success status when not 200. */
export interface HttpBinding {
  method: HttpMethod;
  path: string;
  status?: number;
}

/** What each door decodes a request into. */
export interface DdsRaw {
  readonly params: Readonly<Record<string, string | undefined>>;
  /** Every query parameter; repeated ones as arrays (decoders take the last). */
  readonly query: Query;
  /** The JSON body, parsed once; throws the door's own error when it is not JSON. */
  json(): unknown;
  header(name: string): string | undefined;
  /** `scheme://host:port` as the client addressed us (catalog and download links point there). */
  readonly baseUrl: string;
}

export interface Dds extends VendorTypes {
  name: 'dds';
  state: DdsState;
  options: Sections['options'];
  credentials: Sections['credentials'];
  entities: Sections['entities'];
  doors: {
    keystone: { binding: HttpBinding; envelope: undefined };
    dds: { binding: HttpBinding; envelope: undefined };
    obs: { binding: HttpBinding; envelope: undefined };
  };
  raw: DdsRaw;
  /** none; any live Keystone token; a live project token for the path's project; a presigned link's `Expires`. */
  auth: { none: undefined; keystone: TokenRecord; project: TokenRecord; presigned: number };
  output: unknown;
  outputType: KeystoneOutput;
  conn: object;
  progress: never;
}

/** The raw input of a request; `notJson` is the door's error for a body that is not `application/json`. */
export function decodeRaw(http: HttpRequest, notJson: () => Error): DdsRaw {
  const query: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of new Set(http.searchParams.keys())) {
    const all = http.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  return {
    params: http.params,
    query,
    json() {
      if (http.contentType !== 'application/json') throw notJson();
      return http.json();
    },
    header: (name) => http.header(name),
    baseUrl: http.baseUrl,
  };
}

/** One element of `instances` (querying_instances_and_details.rst, Table 3). */
export type DdsInstanceWire = InstanceRecord & { actions: string[] };

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
  datastore: Datastore;
  type: 'Auto' | 'Manual';
  begin_time: string;
  end_time: string;
  status: BackupStatus;
  size: number;
  description: string;
}

export interface DdsBackupListWire {
  backups: DdsBackupWire[];
  total_count: number;
}

/** `job` (obtaining_information_about_a_task_with_a_specified_id.rst, Table 3). */
export interface DdsJobWire {
  id: string;
  name: string;
  status: JobStatus;
  created: string;
  ended: string;
  progress: string;
  instance: { id: string; name: string };
  fail_reason: string | null;
}

export function backupWire(v: BackupView): DdsBackupWire {
  const b = v.record;
  return {
    id: b.id,
    name: b.name,
    instance_id: b.instance_id,
    instance_name: v.instanceName,
    datastore: v.datastore,
    type: b.type,
    begin_time: formatBackupTime(b.begin),
    end_time: v.end !== undefined ? formatBackupTime(v.end) : '',
    status: v.status,
    // The size is known once the backup is taken (the list's example shows 0 while BUILDING).
    size: v.status === 'COMPLETED' || v.status === 'DISABLED' ? b.size : 0,
    description: b.description,
  };
}

export function jobWire(v: JobView): { job: DdsJobWire } {
  const { job, status } = v;
  return {
    job: {
      id: v.id,
      name: v.record.name,
      status,
      created: formatJobTime(job.createdAt),
      ended: status === 'Running' || job.endedAt === undefined ? '' : formatJobTime(job.endedAt),
      progress: formatProgress(status, job.progress),
      instance: { id: v.record.instance_id, name: v.record.instance_name },
      fail_reason: status === 'Failed' ? (job.message ?? job.error ?? 'The backup task failed.') : null,
    },
  };
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
export function formatProgress(status: JobStatus, percent: number): string {
  return status === 'Running' ? `${Math.max(0, Math.min(100, Math.round(percent)))}%` : '';
}

/** Any error in DDS's shape; what is not a DBS error gets its nearest DBS code. */
function ddsError(e: unknown): Reply {
  if (e instanceof DbsError) return json(e.status, e.body);
  if (e instanceof EngineError) {
    switch (e.code) {
      case 'NOT_FOUND':
      case 'OPERATION_NOT_FOUND':
        return json(404, GATEWAY_NOT_FOUND);
      case 'PAYLOAD_TOO_LARGE':
        return json(413, dbsBody('DBS.200001', 'Parameter error: the request body is too large.'));
      case 'BAD_REQUEST':
        return json(400, dbsBody('DBS.200001', `Parameter error: ${e.message}`));
      default:
        return json(500, dbsBody('DBS.280005'));
    }
  }
  // A Keystone error named by a scenario rule on a DDS call: 401 is DDS's invalid token.
  if (e instanceof KeystoneError && e.status === 401) return json(401, dbsBody('DBS.280056'));
  return json(e instanceof MockError ? statusOf(e) : 500, dbsBody(e instanceof MockError ? 'DBS.200001' : 'DBS.280005'));
}

/** The DDS door: `/v3/{project_id}/...`; every URL no door claims is the API gateway's. */
export const ddsDoor: RouteDoor<Dds, 'dds'> = {
  kind: 'route',
  route: (b) => ({ method: b.method, path: b.path }),
  fallback: ['/*'],
  // A body the service cannot read as JSON is a parameter error (error_code.rst: DBS.200001).
  decode: (http) => decodeRaw(http, () => new DbsError('DBS.200001', 'Parameter error: the Content-Type must be application/json.')),
  encode: (value, { binding }) => json(binding.status ?? 200, value),
  error: ddsError,
};

function obsError(code: string, message: string, status: number): Reply {
  return xml(status, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/**
 * The OBS door: a backup file's presigned download link (no token), answered with a small
 * placeholder file; its errors are OBS's XML (S3's shape).
 */
export const obsDoor: RouteDoor<Dds, 'obs'> = {
  kind: 'route',
  route: (b) => ({ method: b.method, path: b.path }),
  fallback: ['/dds-backup-files/*'],
  decode: (http) => decodeRaw(http, () => new ObsError('NoSuchKey', 'The specified key does not exist.', 404)),
  encode: (value) => ({ status: 200, headers: { 'content-type': 'application/octet-stream' }, body: String(value) }),
  error(e) {
    if (e instanceof ObsError) return obsError(e.code, e.message, e.status);
    if (e instanceof EngineError && statusOf(e) === 404) return obsError('NoSuchKey', 'The specified key does not exist.', 404);
    if (e instanceof MockError && !(e instanceof EngineError && e.code === 'INTERNAL')) return obsError('InvalidArgument', 'Invalid Argument', statusOf(e));
    return obsError('InternalError', 'We encountered an internal error. Please try again.', 500);
  },
};
