/**
 * The backup servers' side: locations, and under each the archives appliances left there, as
 * `<location>/vCenter/sn_<system name>/<S|M>_<version>_<YYYYMMDD-HHMMSS>_` (the folder layout of
 * file-based backups; a restore names such a folder). SystemName.list and Archive.list/get read
 * it; every succeeded backup adds its archive and a schedule's retention prunes the oldest
 * scheduled ones. Archives are taken from finished backup jobs whenever the catalogue is read
 * (`settle`), so they appear in the order their backups finished, with their own times.
 */
import type { BackupJobData } from './backup-jobs';
import { formatDateTime } from './codec';
import { errors } from './errors';
import { digest, type Archive, type BackupLocation, type Tenant, type VcenterState } from './model';

/** A location URL as the catalogue keys it: without trailing slashes. */
export function locationKey(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The URL of an archive's folder: what Archive.Info.location answers and a restore names. */
export function archiveUrl(location: string, systemName: string, id: string): string {
  return `${locationKey(location)}/vCenter/sn_${systemName}/${id}`;
}

/** `S_8.0.3.00300_20260101-020000_`: scheduled or manual, the appliance version, the start time. */
export function archiveIdOf(scheduled: boolean, version: string, startedAt: number): string {
  const stamp = new Date(startedAt).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${scheduled ? 'S' : 'M'}_${version}_${stamp}_`;
}

/** The location, made when a backup first writes to it. */
export function locationOf(state: VcenterState, url: string): BackupLocation {
  const key = locationKey(url);
  let loc = state.locations.get(key);
  if (!loc) state.locations.set(key, (loc = { url: key, systems: new Map() }));
  return loc;
}

/** Put an archive at a location; a second backup in the same second gets a suffix. Returns its id. */
export function addArchive(state: VcenterState, url: string, archive: Archive): string {
  const loc = locationOf(state, url);
  let system = loc.systems.get(archive.systemName);
  if (!system) loc.systems.set(archive.systemName, (system = new Map()));
  let id = archive.id;
  for (let n = 2; system.has(id); n++) id = `${archive.id}${n}`;
  system.set(id, { ...archive, id });
  return id;
}

/**
 * The location accepts these credentials: a location the scenario gives a user or password
 * requires them (ERROR, as the appliance reports a refused login to the backup server).
 */
export function checkLocationAccess(state: VcenterState, url: string, user: string | undefined, passwordDigest: string | undefined): void {
  const loc = state.locations.get(locationKey(url));
  if (!loc || (loc.user === undefined && loc.passwordDigest === undefined)) return;
  if ((loc.user !== undefined && loc.user !== user) || (loc.passwordDigest !== undefined && loc.passwordDigest !== passwordDigest)) {
    throw errors.locationAccess(loc.url);
  }
}

/** Keep the newest `maxCount` scheduled archives of a system name at a location (manual ones stay). */
function applyRetention(loc: BackupLocation, systemName: string, maxCount: number): void {
  const system = loc.systems.get(systemName);
  if (!system) return;
  const scheduled = [...system.values()].filter((a) => a.scheduled).sort((a, b) => a.startedAt - b.startedAt);
  for (const old of scheduled.slice(0, Math.max(0, scheduled.length - maxCount))) system.delete(old.id);
}

/** Every succeeded backup not yet in the catalogue leaves its archive there, then its schedule's retention applies. */
export function settle(tenant: Tenant): void {
  const state = tenant.state;
  for (const job of tenant.jobs.list({ operation: 'backup', state: 'succeeded' })) {
    const data = job.data as BackupJobData;
    if (data.archive !== undefined) continue;
    const startedAt = job.startedAt ?? job.createdAt;
    const scheduled = data.schedule !== undefined;
    const id = addArchive(state, data.request.location, {
      id: archiveIdOf(scheduled, data.version, startedAt),
      systemName: data.systemName,
      version: data.version,
      parts: data.archiveParts,
      comment: data.request.comment ?? '',
      startedAt,
      completedAt: job.endedAt ?? startedAt,
      scheduled,
      ...(data.passwordDigest !== undefined ? { passwordDigest: data.passwordDigest } : {}),
    });
    tenant.jobs.update(job.id, { data: { archive: id } });
    const schedule = scheduled ? state.appliances.find((a) => a.id === job.target)?.schedules.get(data.schedule!) : undefined;
    if (schedule?.maxCount !== undefined) applyRetention(locationOf(state, data.request.location), data.systemName, schedule.maxCount);
  }
}

/** LocationSpec as the operations read it. */
export interface LocationSpec {
  location: string;
  location_user?: string;
  location_password?: string;
}

/** The location a LocationSpec names, up to date; NOT_FOUND when nothing was ever written there. */
export function openLocation(tenant: Tenant, spec: LocationSpec): BackupLocation {
  settle(tenant);
  const loc = tenant.state.locations.get(locationKey(spec.location));
  if (!loc) throw errors.locationNotFound(spec.location);
  checkLocationAccess(tenant.state, spec.location, spec.location_user, spec.location_password === undefined ? undefined : digest(spec.location_password));
  return loc;
}

/** SystemName.list: the system names with archives at the location. */
export function systemNames(tenant: Tenant, spec: LocationSpec): string[] {
  const loc = openLocation(tenant, spec);
  return [...loc.systems].filter(([, archives]) => archives.size > 0).map(([name]) => name).sort();
}

function systemOf(tenant: Tenant, spec: LocationSpec, systemName: string): Map<string, Archive> {
  const system = openLocation(tenant, spec).systems.get(systemName);
  if (!system || system.size === 0) throw errors.systemNameNotFound(systemName, spec.location);
  return system;
}

/** Archive.FilterSpec as read (timestamps in epoch ms). */
export interface ArchiveFilter {
  start_timestamp?: number;
  end_timestamp?: number;
  comment_substring?: string;
  max_results?: number;
}

/** Archive.list: the matching archives, most recent first, at most `max_results` (128). */
export function listArchives(tenant: Tenant, spec: LocationSpec, systemName: string, filter: ArchiveFilter): Record<string, unknown>[] {
  const system = systemOf(tenant, spec, systemName);
  return [...system.values()]
    .filter((a) => filter.start_timestamp === undefined || a.startedAt >= filter.start_timestamp)
    .filter((a) => filter.end_timestamp === undefined || a.startedAt <= filter.end_timestamp)
    .filter((a) => filter.comment_substring === undefined || a.comment.includes(filter.comment_substring))
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, filter.max_results ?? 128)
    .map((a) => ({ archive: a.id, timestamp: formatDateTime(a.startedAt), version: a.version, comment: a.comment }));
}

/** Archive.get: one archive's Info; its location is the folder a restore names. */
export function getArchive(tenant: Tenant, spec: LocationSpec, systemName: string, id: string): Record<string, unknown> {
  const archive = systemOf(tenant, spec, systemName).get(id);
  if (!archive) throw errors.notFound('Backup archive', id);
  return {
    timestamp: formatDateTime(archive.completedAt),
    location: archiveUrl(spec.location, systemName, archive.id),
    parts: archive.parts,
    version: archive.version,
    system_name: archive.systemName,
    comment: archive.comment,
  };
}

/** The archive a restore's location names (`…/vCenter/sn_<system>/<archive>`), or undefined. */
export function archiveAt(tenant: Tenant, url: string): { location: BackupLocation; archive: Archive } | undefined {
  settle(tenant);
  const m = /^(.+)\/vCenter\/sn_([^/]+)\/([^/]+)$/.exec(locationKey(url));
  if (!m) return undefined;
  const location = tenant.state.locations.get(m[1]);
  const archive = location?.systems.get(m[2])?.get(m[3]);
  return location && archive ? { location, archive } : undefined;
}
