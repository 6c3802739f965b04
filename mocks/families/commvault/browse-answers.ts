/**
 * The DoBrowse answer in the shape backupset.py `_process_browse_response` reads:
 * `browseResponses[].browseResult.dataResultSet[]`, each with `path`, `displayName`, `size`,
 * `modificationTime` (epoch s), `flags` (`file` / `directory`, `deleted`) and `advancedData`
 * (`backupTime`, which cvpysdk requires). Nothing found is a browseResult without a
 * dataResultSet: cvpysdk reports it as "No data found at the path specified" (Subclient 110)
 * or "No File/Folder matched the input value" (111), as it does against a CommServ.
 */
import type { BrowseEntry, BrowseResult } from './browse';
import type { Shape, WireObject } from './wire';

const secs = (ms: number) => Math.floor(ms / 1000);

function item(e: BrowseEntry): WireObject {
  return {
    path: e.path,
    displayPath: e.path,
    displayName: e.name,
    name: e.name,
    size: e.size,
    modificationTime: secs(e.modified),
    ...(e.version !== undefined ? { version: e.version } : {}),
    flags: { ...(e.directory ? { directory: true } : { file: true }), ...(e.deleted ? { deleted: true } : {}) },
    advancedData: { backupTime: secs(e.backupTime), sizeOnMedia: Math.round(e.size * 0.4), subclientID: e.subclientId, jobId: Number(e.jobId), offset: 0 },
  };
}

export function browsed(r: BrowseResult): Shape {
  return {
    root: 'databrowse_BrowseResponseList',
    body: {
      browseResponses: [
        {
          respType: 0,
          workflowCount: 0,
          browseResult: {
            totalItemsFound: r.total,
            aggrResultSet: [{ aggrType: 4, count: r.total }],
            ...(r.entries.length ? { dataResultSet: r.entries.map(item) } : {}),
          },
        },
      ],
    },
  };
}
