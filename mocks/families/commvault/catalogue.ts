/**
 * What each backup job holds. Seeded jobs (catalogue-schema.ts) keep their files in the state and
 * become engine jobs, Completed in the past, when the state is armed; a live backup job holds the
 * subclient's files as they are (`liveFiles`): everything for a Full or a first backup, what
 * changed since the previous job for an Incremental, since the last Full for a Differential.
 * A job whose data says `agedOut: true` (retention) holds nothing any more.
 */
import { parseDuration } from '../../../src/duration';
import type { Job } from '../../../src/jobs/engine';
import { joinPath, segmentsOf, type PathStyle } from './catalogue-paths';
import type { BackupSpec } from './catalogue-schema';
import { OP_BACKUP, jobData, type CvJobData } from './jobs';
import { backupLevel, clientById, isFull, pathOf, subclientById, type BackupLevel, type CvState, type CvTenant, type SubclientRec } from './model';
import { subclientEntity } from './tasks';

export interface CatalogueItem {
  path: string;
  size: number;
  /** Virtual ms. */
  modified: number;
  deleted: boolean;
}

export interface CatalogueJob {
  jobId: string;
  subclientId: number;
  level: BackupLevel;
  startedAt: number;
  endedAt: number;
  agedOut: boolean;
  items: CatalogueItem[];
}

export interface Catalogue {
  /** Seeded backup jobs by job id. */
  jobs: Map<string, CatalogueJob>;
  /** Each subclient's files as a new backup finds them, by subclient id. */
  liveFiles: Map<number, CatalogueItem[]>;
}

/** A completed backup job and what it holds, oldest first in every list. */
export interface HeldJob {
  jobId: string;
  subclientId: number;
  level: BackupLevel;
  startedAt: number;
  endedAt: number;
  items: CatalogueItem[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function styleOf(s: CvState, sc: SubclientRec): PathStyle {
  return clientById(s, sc.clientId)?.os === 'linux' ? 'linux' : 'windows';
}

/** A subclient seeded with `backups`, before ids are given. */
export interface SeededSubclient {
  subclient: SubclientRec;
  backups: BackupSpec[];
}

/** The seeded jobs (ids counting down from the first live id, oldest lowest, unless given) and every subclient's live files. */
export function seedCatalogue(s: CvState, seeded: SeededSubclient[], since: number): Catalogue {
  const catalogue: Catalogue = { jobs: new Map(), liveFiles: new Map() };
  const planned = seeded.flatMap(({ subclient, backups }) =>
    backups.map((b) => {
      const startedAt = b.startTime !== undefined ? Date.parse(b.startTime) : since - parseDuration(b.age ?? 0);
      return { subclient, b, startedAt, endedAt: startedAt + parseDuration(b.duration) };
    }),
  );
  planned.sort((x, y) => x.startedAt - y.startedAt);
  const taken = new Set(planned.map((p) => p.b.id).filter((id) => id !== undefined));
  let next = s.nextJobId - planned.filter((p) => p.b.id === undefined).length;
  for (const { subclient, b, startedAt, endedAt } of planned) {
    while (b.id === undefined && taken.has(next)) next++;
    const jobId = String(b.id ?? next++);
    const style = styleOf(s, subclient);
    catalogue.jobs.set(jobId, {
      jobId,
      subclientId: subclient.subclientId,
      level: b.level,
      startedAt,
      endedAt,
      agedOut: b.agedOut ?? false,
      items: b.files.map((f) => ({
        path: joinPath(segmentsOf(f.path), style),
        size: f.size,
        modified: f.modified !== undefined ? Date.parse(f.modified) : startedAt - HOUR,
        deleted: f.deleted ?? false,
      })),
    });
  }
  for (const sc of s.subclients) {
    const own = [...catalogue.jobs.values()].filter((j) => j.subclientId === sc.subclientId);
    catalogue.liveFiles.set(sc.subclientId, own.length ? latestFiles(own) : generatedFiles(sc, styleOf(s, sc), since));
  }
  return catalogue;
}

/** The newest version of every file the jobs hold, deleted ones left out. */
function latestFiles(jobs: CatalogueJob[]): CatalogueItem[] {
  const latest = new Map<string, CatalogueItem>();
  for (const j of [...jobs].sort((a, b) => a.endedAt - b.endedAt)) for (const i of j.items) latest.set(i.path.toLowerCase(), i);
  return [...latest.values()].filter((i) => !i.deleted);
}

const SAMPLE_FILES = ['Documents/report.docx', 'Documents/budget.xlsx', 'Projects/readme.txt', 'Projects/src/main.c', 'notes.txt'];

/** A few files under each content path when the scenario seeds none: sizes from the subclient's GUID, so they never move. */
function generatedFiles(sc: SubclientRec, style: PathStyle, since: number): CatalogueItem[] {
  let h = [...sc.guid].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
  return sc.content.flatMap((root) =>
    SAMPLE_FILES.map((rel, i) => {
      h = (h * 1103515245 + 12345) >>> 0;
      return { path: joinPath([...segmentsOf(root), ...segmentsOf(rel)], style), size: 1024 + (h % 4_000_000), modified: since - (i + 1) * DAY, deleted: false };
    }),
  );
}

/** Seeded jobs as engine jobs, Completed in the past; jobs already there (a restored snapshot) are left alone. */
export function armCatalogue(tenant: CvTenant): void {
  const s = tenant.state;
  for (const j of s.catalogue.jobs.values()) {
    if (tenant.jobs.get(j.jobId)) continue;
    const sc = subclientById(s, j.subclientId);
    if (!sc) continue;
    const p = pathOf(s, sc);
    const data: CvJobData = {
      taskId: 0,
      jobType: 'Backup',
      localizedOperationName: 'Backup',
      backupLevelName: j.level,
      appTypeName: p.agent.appName,
      userName: 'admin',
      userId: 1,
      clientId: sc.clientId,
      subclient: subclientEntity(s, sc),
      plannedBytes: j.items.reduce((n, i) => n + i.size, 0),
      plannedFiles: j.items.length,
      ...(j.agedOut ? { agedOut: true } : {}),
    };
    tenant.jobs.start({
      id: j.jobId,
      operation: OP_BACKUP,
      target: `${p.client.clientName}/${p.backupset.backupsetName}/${sc.subclientName}`,
      data: data as unknown as Record<string, unknown>,
      at: j.startedAt,
      timeline: { duration: Math.max(1, j.endedAt - j.startedAt), phases: ['Scan', 'Backup', 'Archive Index'], steps: 3 },
    });
  }
}

/**
 * The completed backup jobs of these subclients and what each holds, oldest first. Aged-out
 * jobs only with `includeAged` (browse's includeAgedData).
 */
export function heldJobs(tenant: CvTenant, subclientIds: ReadonlySet<number>, includeAged = false): HeldJob[] {
  const s = tenant.state;
  const done = tenant.jobs
    .list({ operation: OP_BACKUP, state: 'succeeded' })
    .filter((j) => subclientIds.has(Number(jobData(j).subclient?.subclientId)))
    .sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0) || Number(a.id) - Number(b.id));
  const out: HeldJob[] = [];
  const bySubclient = new Map<number, HeldJob[]>();
  for (const job of done) {
    const d = jobData(job);
    const subclientId = Number(d.subclient.subclientId);
    const earlier = bySubclient.get(subclientId) ?? [];
    const held: HeldJob = {
      jobId: job.id,
      subclientId,
      level: levelOf(d.backupLevelName),
      startedAt: job.startedAt ?? job.createdAt,
      endedAt: job.endedAt ?? job.updatedAt,
      items: s.catalogue.jobs.get(job.id)?.items ?? liveItems(s.catalogue.liveFiles.get(subclientId) ?? [], job, earlier),
    };
    earlier.push(held);
    bySubclient.set(subclientId, earlier);
    if (includeAged || !isAgedOut(job)) out.push(held);
  }
  return out;
}

function isAgedOut(job: Job): boolean {
  return jobData(job).agedOut === true;
}

function levelOf(name: string): BackupLevel {
  return backupLevel(name) ?? 'Incremental';
}

/** A live job's files: all of them for a Full or a first backup, else those changed since the job it builds on. */
function liveItems(files: CatalogueItem[], job: Job, earlier: HeldJob[]): CatalogueItem[] {
  const level = levelOf(jobData(job).backupLevelName);
  const base = level === 'Differential' ? [...earlier].reverse().find((e) => isFull(e.level)) : earlier[earlier.length - 1];
  if (isFull(level) || !base) return files;
  return files.filter((f) => f.modified > base.startedAt);
}
