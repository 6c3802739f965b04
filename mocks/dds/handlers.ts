import { parseDuration } from '../../src/duration';
import type { Job } from '../../src/jobs/engine';
import { json } from '../../src/http/reply';
import type { HttpCall, Reply } from '../../src/legacy/vendor';
import { decodeBackupQuery, decodeCreateBackup, decodeInstanceQuery, decodeJobQuery } from './decode';
import { DbsError } from './errors';
import { liveToken } from './identity';
import { decodeBackupPolicy, downloadFiles, readPolicy, writePolicy } from './policy';
import {
  backupEnd,
  backupStatus,
  createBackup,
  deleteBackup,
  filterBackups,
  filterInstances,
  instanceActions,
  jobStatus,
  page,
  settleDeletes,
  type DdsState,
  type JobStarter,
} from './model';
import {
  formatBackupTime,
  formatJobTime,
  formatProgress,
  type DdsBackupListWire,
  type DdsInstanceListWire,
  type DdsJobWire,
} from './wire';

/** DDS v3 handlers: one small function per operation of the API pages in vendor-docs/otc-dds/. */

type Call = HttpCall<DdsState>;

/**
 * Every DDS call: a live project-scoped X-Auth-Token (DBS.280056, 401) for the project in the
 * path (DBS.280408). A DbsError thrown here or below is a MockError: the engine renders it.
 */
function dds(fn: (call: Call, state: DdsState) => Reply): (call: Call) => Reply {
  return (call) => {
    const state = call.tenant.state;
    const raw = call.headers['x-auth-token'];
    const token = liveToken(state.identity, Array.isArray(raw) ? raw[0] : raw, call.ctx.clock.now());
    if (!token || token.scope !== 'project') throw new DbsError('DBS.280056');
    if (call.params.project_id !== state.identity.project.id) throw new DbsError('DBS.280408');
    return fn(call, state);
  };
}

const lookup =
  (call: Call) =>
  (id: string): Job | undefined =>
    call.tenant.jobs.get(id);

function starter(call: Call): JobStarter {
  return { start: (spec) => call.tenant.jobs.start(spec), get: lookup(call) };
}

/** GET /v3/{project_id}/instances (querying_instances_and_details.rst). */
export const listInstances = dds((call, state) => {
  const filter = decodeInstanceQuery(call.query);
  const all = filterInstances(state, filter);
  const body: DdsInstanceListWire = {
    instances: page(all, filter.offset, filter.limit).map((i) => ({
      ...i,
      actions: instanceActions(state, i.id, lookup(call)),
    })),
    total_count: all.length,
  };
  return json(200, body);
});

function parseJson(call: Call): unknown {
  // A body the gateway cannot read as JSON is a parameter error (DBS.200001), as the issue asks.
  if (call.contentType !== 'application/json') {
    throw new DbsError('DBS.200001', 'Parameter error: the Content-Type must be application/json.');
  }
  try {
    return JSON.parse(call.text());
  } catch {
    throw new DbsError('DBS.200001', 'Parameter error: the request body is not valid JSON.');
  }
}

/** POST /v3/{project_id}/backups (creating_a_manual_backup.rst): 200 {job_id, backup_id}. */
export const createManualBackup = dds((call, state) => {
  const input = decodeCreateBackup(parseJson(call));
  const created = createBackup(state, input, starter(call), call.tenant.faker, call.ctx.clock.now());
  return json(200, created);
});

/** GET /v3/{project_id}/backups (querying_the_backup_list.rst), every documented filter. */
export const listBackups = dds((call, state) => {
  const filter = decodeBackupQuery(call.query);
  const job = lookup(call);
  settleDeletes(state, job);
  const all = filterBackups(state, filter);
  const body: DdsBackupListWire = {
    backups: page(all, filter.offset, filter.limit).map((b) => {
      const inst = state.instances.find((i) => i.id === b.instance_id);
      const status = backupStatus(b, job);
      const end = backupEnd(b, job);
      return {
        id: b.id,
        name: b.name,
        instance_id: b.instance_id,
        instance_name: inst?.name ?? state.jobs[b.job_id ?? '']?.instance_name ?? '',
        datastore: inst ? { ...inst.datastore } : { type: 'DDS-Community', version: '4.0' },
        type: b.type,
        begin_time: formatBackupTime(b.begin),
        end_time: end !== undefined && status !== 'BUILDING' ? formatBackupTime(end) : '',
        status,
        size: status === 'COMPLETED' || status === 'DISABLED' ? b.size : 0,
        description: b.description,
      };
    }),
    total_count: all.length,
  };
  return json(200, body);
});

/** DELETE /v3/{project_id}/backups/{backup_id} (deleting_a_manual_backup.rst): 200 {job_id}. */
export const deleteManualBackup = dds((call, state) =>
  json(200, deleteBackup(state, call.params.backup_id ?? '', starter(call), call.tenant.faker)),
);

/** GET /v3/{project_id}/jobs?id= (obtaining_information_about_a_task_with_a_specified_id.rst). */
export const showJob = dds((call, state) => {
  const id = decodeJobQuery(call.query);
  const record = state.jobs[id];
  const job = record ? call.tenant.jobs.get(id) : undefined;
  if (!record || !job) throw new DbsError('DBS.280016');
  // The job page: "After a job is generated, it takes several seconds to query the job ID."
  if (call.ctx.clock.now() - job.createdAt < parseDuration(state.options.job_query_delay)) throw new DbsError('DBS.280016');
  const status = jobStatus(job.state);
  const body: { job: DdsJobWire } = {
    job: {
      id,
      name: record.name,
      status,
      created: formatJobTime(job.createdAt),
      ended: status === 'Running' || job.endedAt === undefined ? '' : formatJobTime(job.endedAt),
      progress: formatProgress(status, job.progress),
      instance: { id: record.instance_id, name: record.instance_name },
      fail_reason: status === 'Failed' ? (job.message ?? job.error ?? 'The backup task failed.') : null,
    },
  };
  return json(200, body);
});

/** GET /v3/{project_id}/instances/{instance_id}/backups/policy (dds_api_0030). */
export const showBackupPolicy = dds((call, state) =>
  json(200, { backup_policy: readPolicy(state, call.params.instance_id ?? '') }),
);

/** PUT /v3/{project_id}/instances/{instance_id}/backups/policy (dds_api_0031): 200 `{}`. */
export const setBackupPolicy = dds((call, state) => {
  const policy = decodeBackupPolicy(parseJson(call));
  writePolicy(state, call.params.instance_id ?? '', policy);
  return json(200, {});
});

/** Download links stay valid 15 minutes (dds_api_0059, Constraints). */
const LINK_TTL_MS = 15 * 60_000;

/** GET /v3/{project_id}/backups/download-file?instance_id=&backup_id= (dds_api_0059). */
export const listBackupDownloadLinks = dds((call, state) => {
  const expires = call.ctx.clock.now() + LINK_TTL_MS;
  const body = downloadFiles(state, call.query, lookup(call), call.baseUrl, formatJobTime(expires));
  for (const f of body.files) f.download_link += `?Expires=${Math.floor(expires / 1000)}`;
  return json(200, body);
});

/**
 * The download link itself: a presigned OBS-style URL (no token), answered with a small
 * placeholder file until it expires, then OBS's AccessDenied.
 */
export function downloadBackupFile(call: Call): Reply {
  const expires = Number(call.query.Expires);
  if (!Number.isFinite(expires) || call.ctx.clock.now() > expires * 1000) {
    return {
      status: 403,
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
    };
  }
  const text = `backup-mocks placeholder for DDS backup file ${call.params.name ?? ''}\n`;
  return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: text };
}
