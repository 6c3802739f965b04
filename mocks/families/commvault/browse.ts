/**
 * DoBrowse over the catalogue: the files the completed backup jobs of a subclient (or of every
 * subclient of a backupset) hold, as of the end of the time range, each path at its newest
 * version. A file is deleted when a later job marks it so or a later Full no longer holds it;
 * deleted files show only with `showDeletedFiles`. Folders are derived from the files' paths.
 * `find` searches recursively under the path's folder part (`\**\*` is everything) with the
 * FileName / FileSize filters; `all_versions` lists every job's version of one file.
 */
import { CvError } from './errors';
import { heldJobs, styleOf, type CatalogueItem, type HeldJob } from './catalogue';
import { isUnder, joinPath, keyOf, namePattern, segmentsOf, type PathStyle } from './catalogue-paths';
import type { BrowseQuery } from './browse-request';
import { backupsetById, isFull, type CvTenant, type SubclientRec } from './model';

export interface BrowseEntry {
  path: string;
  name: string;
  directory: boolean;
  size: number;
  /** Virtual ms. */
  modified: number;
  backupTime: number;
  deleted: boolean;
  subclientId: number;
  jobId: string;
  version?: number;
}

export interface BrowseResult {
  entries: BrowseEntry[];
  total: number;
}

interface Version {
  segments: string[];
  item: CatalogueItem;
  job: HeldJob;
  deleted: boolean;
}

/** The subclients a browse reads: one, or every subclient of the backupset. */
function subclientsOf(tenant: CvTenant, q: BrowseQuery): SubclientRec[] {
  const s = tenant.state;
  const b = backupsetById(s, q.backupsetId);
  if (!b) throw new CvError('BROWSE_FAILED', `Backupset [${q.backupsetId}] does not exist.`);
  const all = s.subclients.filter((c) => c.backupsetId === b.backupsetId);
  if (q.subclientId === 0) return all;
  const one = all.find((c) => c.subclientId === q.subclientId);
  if (!one) throw new CvError('BROWSE_FAILED', `Subclient [${q.subclientId}] does not exist in backupset [${b.backupsetName}].`);
  return [one];
}

/** The jobs in the time range (by when they ended), or the one job asked for. */
function jobsOf(tenant: CvTenant, q: BrowseQuery, subclients: SubclientRec[]): HeldJob[] {
  const ids = new Set(subclients.map((c) => c.subclientId));
  return heldJobs(tenant, ids, q.includeAged).filter(
    (j) => (q.fromMs === undefined || j.endedAt >= q.fromMs) && (q.toMs === undefined || j.endedAt <= q.toMs) && (q.jobId === undefined || j.jobId === q.jobId),
  );
}

/** Every path at its newest version, and all versions by path. */
function versionsOf(jobs: HeldJob[], style: PathStyle): { latest: Map<string, Version>; all: Map<string, Version[]> } {
  const latest = new Map<string, Version>();
  const all = new Map<string, Version[]>();
  for (const job of jobs) {
    const inJob = new Set<string>();
    for (const item of job.items) {
      const segments = segmentsOf(item.path);
      const key = keyOf(segments, style);
      inJob.add(key);
      const v: Version = { segments, item, job, deleted: item.deleted };
      latest.set(key, v);
      const versions = all.get(key);
      if (versions) versions.push(v);
      else all.set(key, [v]);
    }
    // A Full holds every file the subclient has: one it no longer holds was deleted.
    if (isFull(job.level)) {
      for (const [key, v] of latest) if (v.job.subclientId === job.subclientId && !inJob.has(key) && !v.deleted) latest.set(key, { ...v, deleted: true });
    }
  }
  return { latest, all };
}

const fileEntry = (v: Version, style: PathStyle, version?: number): BrowseEntry => ({
  path: joinPath(v.segments, style),
  name: v.segments[v.segments.length - 1] ?? '',
  directory: false,
  size: v.item.size,
  modified: v.item.modified,
  backupTime: v.job.endedAt,
  deleted: v.deleted,
  subclientId: v.job.subclientId,
  jobId: v.job.jobId,
  ...(version !== undefined ? { version } : {}),
});

/** A folder from the files under it: deleted when all of them are, sized by the ones shown. */
function folderEntry(segments: string[], files: Version[], style: PathStyle, showDeleted: boolean): BrowseEntry | undefined {
  const shown = files.filter((f) => showDeleted || !f.deleted);
  if (shown.length === 0) return undefined;
  const newest = shown.reduce((a, b) => (b.job.endedAt > a.job.endedAt ? b : a));
  return {
    path: joinPath(segments, style),
    name: segments[segments.length - 1] ?? '',
    directory: true,
    size: shown.filter((f) => !f.deleted).reduce((n, f) => n + f.item.size, 0),
    modified: Math.max(...shown.map((f) => f.item.modified)),
    backupTime: newest.job.endedAt,
    deleted: files.every((f) => f.deleted),
    subclientId: newest.job.subclientId,
    jobId: newest.job.jobId,
  };
}

/** The folders under `prefix` (all depths, or only the next level) with the files under each. */
function folders(files: Version[], prefix: string[], style: PathStyle, deep: boolean): Map<string, { segments: string[]; files: Version[] }> {
  const out = new Map<string, { segments: string[]; files: Version[] }>();
  for (const f of files) {
    const last = deep ? f.segments.length - 1 : Math.min(f.segments.length - 1, prefix.length + 1);
    for (let depth = prefix.length + 1; depth <= last; depth++) {
      const segments = f.segments.slice(0, depth);
      const key = keyOf(segments, style);
      const folder = out.get(key) ?? { segments, files: [] };
      folder.files.push(f);
      out.set(key, folder);
    }
  }
  return out;
}

function listing(latest: Version[], path: string, q: BrowseQuery, style: PathStyle): BrowseEntry[] {
  const segments = segmentsOf(path);
  const exact = latest.find((v) => keyOf(v.segments, style) === keyOf(segments, style));
  if (exact) return q.showDeleted || !exact.deleted ? [fileEntry(exact, style)] : [];
  const under = latest.filter((v) => v.segments.length > segments.length && isUnder(v.segments, segments, style));
  const files = under.filter((v) => v.segments.length === segments.length + 1 && (q.showDeleted || !v.deleted)).map((v) => fileEntry(v, style));
  const dirs = [...folders(under, segments, style, false).values()].flatMap((d) => folderEntry(d.segments, d.files, style, q.showDeleted) ?? []);
  return [...dirs, ...files];
}

function search(latest: Version[], path: string, q: BrowseQuery, style: PathStyle): BrowseEntry[] {
  const all = segmentsOf(path);
  const wild = all.findIndex((s) => s.includes('*') || s.includes('?'));
  const prefix = wild < 0 ? all : all.slice(0, wild);
  // `C:\Data\*.txt`: the last segment is a name pattern too.
  const patterns = [...q.names, ...(wild >= 0 && wild === all.length - 1 && all[wild] !== '*' && all[wild] !== '**' ? [all[wild]] : [])].map((n) => namePattern(n, style));
  const under = latest.filter((v) => v.segments.length > prefix.length && isUnder(v.segments, prefix, style));
  const files = under.filter((v) => q.showDeleted || !v.deleted).map((v) => fileEntry(v, style));
  const dirs = q.sizes.length ? [] : [...folders(under, prefix, style, true).values()].flatMap((d) => folderEntry(d.segments, d.files, style, q.showDeleted) ?? []);
  return [...dirs, ...files].filter(
    (e) =>
      patterns.every((p) => p.test(e.name)) &&
      q.sizes.every((c) => (c.op === 'GT' ? e.size > c.value : c.op === 'GTE' ? e.size >= c.value : c.op === 'LT' ? e.size < c.value : c.op === 'LTE' ? e.size <= c.value : e.size === c.value)),
  );
}

function versions(all: Map<string, Version[]>, path: string, q: BrowseQuery, style: PathStyle): BrowseEntry[] {
  const found = all.get(keyOf(segmentsOf(path), style)) ?? [];
  return found
    .map((v, i) => fileEntry(v, style, i + 1))
    .filter((e) => q.showDeleted || !e.deleted)
    .reverse();
}

const byName = (a: BrowseEntry, b: BrowseEntry) => Number(b.directory) - Number(a.directory) || a.path.localeCompare(b.path);

export function browse(tenant: CvTenant, q: BrowseQuery): BrowseResult {
  const subclients = subclientsOf(tenant, q);
  const style = subclients[0] ? styleOf(tenant.state, subclients[0]) : 'windows';
  const { latest, all } = versionsOf(jobsOf(tenant, q, subclients), style);
  const current = [...latest.values()];
  const seen = new Set<string>();
  const entries = q.paths
    .flatMap((p) => (q.op === 'browse' ? listing(current, p, q, style) : q.op === 'find' ? search(current, p, q, style) : versions(all, p, q, style)))
    .filter((e) => {
      if (q.op === 'all_versions') return true;
      const key = keyOf(segmentsOf(e.path), style);
      return !seen.has(key) && seen.add(key) !== undefined;
    });
  if (q.op !== 'all_versions') entries.sort(byName);
  return { entries: entries.slice(q.skip, q.skip + q.pageSize), total: entries.length };
}

/** The files the jobs hold at their newest versions (deleted ones left out): what a restore can take. */
export function heldFiles(jobs: HeldJob[], style: PathStyle): Version[] {
  return [...versionsOf(jobs, style).latest.values()].filter((v) => !v.deleted);
}

/** Whether a restore's source path is in the held files (a file, or a folder with a file under it); for restore validation. */
export function holds(files: Version[], path: string, style: PathStyle): { files: number; bytes: number } | undefined {
  const segments = segmentsOf(path);
  const under = files.filter((v) => isUnder(v.segments, segments, style));
  if (under.length === 0) return undefined;
  return { files: under.length, bytes: under.reduce((n, v) => n + v.item.size, 0) };
}
