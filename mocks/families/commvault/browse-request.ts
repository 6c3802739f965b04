/**
 * DoBrowse requests as cvpysdk builds them (backupset.py `_prepare_browse_json`, called by
 * `browse()`, `find()` and `find_all_versions()`), in either format, as one typed query.
 */
import { badRequest } from './errors';
import type * as S from './browse-schemas';
import { parse, unwrap } from './requests';
import { list, type Decoded } from './wire';

let loaded: typeof S | undefined;
export function browseSchemas(): typeof S {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('./browse-schemas') as typeof S);
}

export type BrowseOp = 'browse' | 'find' | 'all_versions';
export type SizeOperator = 'GT' | 'GTE' | 'LT' | 'LTE' | 'EQ';

export interface BrowseQuery {
  op: BrowseOp;
  backupsetId: number;
  /** 0: every subclient of the backupset (backupset.browse()). */
  subclientId: number;
  paths: string[];
  showDeleted: boolean;
  includeAged: boolean;
  /** Backup times (virtual ms) the browse looks between; undefined is open-ended. */
  fromMs?: number;
  toMs?: number;
  /** Browse what one job holds (advOptions.advConfig.browseAdvancedConfigBrowseByJob). */
  jobId?: string;
  names: string[];
  sizes: { op: SizeOperator; value: number }[];
  pageSize: number;
  skip: number;
}

/** backupset.py `operation_types`: browse 0, find 1, all_versions 2 (list_media 3 and delete_data 7 are not emulated). */
const OPS = new Map<string, BrowseOp>([
  ['0', 'browse'],
  ['browse', 'browse'],
  ['1', 'find'],
  ['find', 'find'],
  ['2', 'all_versions'],
  ['all_versions', 'all_versions'],
]);

/** cvpysdk sends `GTE` / `LTE` for file_size_gt / file_size_lt and, for file_size_et, `EQUALSBLAH`. */
const SIZE_OPS = new Map<string, SizeOperator>([
  ['GT', 'GT'],
  ['GTE', 'GTE'],
  ['LT', 'LT'],
  ['LTE', 'LTE'],
  ['EQ', 'EQ'],
  ['EQUALS', 'EQ'],
  ['EQUALSBLAH', 'EQ'],
]);

const ms = (seconds: number | undefined) => (seconds !== undefined && seconds > 0 ? seconds * 1000 : undefined);

export function browseRequest(d: Decoded | undefined): BrowseQuery {
  if (!d) throw badRequest('Invalid request: a databrowse_BrowseRequest body is required');
  const schemas = browseSchemas();
  const r = parse(schemas.browseSchema, unwrap(d, 'databrowse_BrowseRequest'), 'DoBrowse request');
  const op = OPS.get(String(r.opType ?? 0).trim().toLowerCase());
  if (!op) throw badRequest(`Invalid DoBrowse request: opType ${String(r.opType)} is not emulated (0 browse, 1 find, 2 all versions)`);
  const backupsetId = r.entity.backupsetId;
  if (backupsetId === undefined || backupsetId <= 0) throw badRequest('Invalid DoBrowse request: entity.backupsetId is required');
  const paths = list<Record<string, unknown>>(r.paths).map((p, i) => {
    const path = p && typeof p === 'object' ? p.path : undefined;
    if (typeof path !== 'string') throw badRequest(`Invalid DoBrowse request: paths.${i}.path must be a string`);
    return path;
  });
  const queries = list(r.queries).map((q, i) => parse(schemas.querySchema, q, `DoBrowse request: queries.${i}`));
  const names: string[] = [];
  const sizes: BrowseQuery['sizes'] = [];
  for (const [qi, q] of queries.entries()) {
    for (const [wi, w] of list(q.whereClause).entries()) {
      const { criteria } = parse(schemas.whereSchema, w, `DoBrowse request: queries.${qi}.whereClause.${wi}`);
      const values = list(criteria.values).map((v) => String(v));
      if (criteria.field === 'FileName') names.push(...values);
      else if (criteria.field === 'FileSize') {
        const sop = SIZE_OPS.get(String(criteria.dataOperator ?? 'EQ').toUpperCase());
        const value = Number(values[0]);
        if (!sop || !Number.isFinite(value)) throw badRequest(`Invalid DoBrowse request: FileSize needs a number and one of GT, GTE, LT, LTE, EQUALS`);
        sizes.push({ op: sop, value });
      }
    }
  }
  const paging = queries[0]?.dataParam?.paging;
  const jobId = r.advOptions?.advConfig?.browseAdvancedConfigBrowseByJob?.jobId;
  const fromMs = ms(r.timeRange?.fromTime);
  const toMs = ms(r.timeRange?.toTime);
  return {
    op,
    backupsetId,
    subclientId: r.entity.subclientId ?? 0,
    paths: paths.length ? paths : ['\\'],
    showDeleted: r.options?.showDeletedFiles ?? false,
    includeAged: r.options?.includeAgedData ?? false,
    ...(fromMs !== undefined ? { fromMs } : {}),
    ...(toMs !== undefined ? { toMs } : {}),
    ...(jobId !== undefined && jobId > 0 ? { jobId: String(jobId) } : {}),
    names,
    sizes,
    pageSize: paging?.pageSize && paging.pageSize > 0 ? paging.pageSize : 100_000,
    skip: Math.max(0, paging?.skipNode ?? 0),
  };
}
