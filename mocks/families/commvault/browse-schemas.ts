/**
 * The zod schemas of DoBrowse and of a restore subtask's options (loaded with the first request
 * that needs one, as request-schemas.ts is). The envelope of DoBrowse is what cvpysdk's
 * backupset.py `_prepare_browse_json` builds; option bags pass through.
 */
import { z } from 'zod';
import { boolish, intish } from './request-schemas';

const text = z.union([z.string(), z.number()]).transform((v) => String(v));

const criteriaSchema = z
  .object({ field: text, values: z.unknown().optional(), dataOperator: text.optional() })
  .loose();

export const browseSchema = z
  .object({
    opType: z.union([z.number(), z.string()]).optional(),
    mode: z.object({ mode: intish.optional() }).loose().optional(),
    paths: z.unknown().optional(),
    options: z
      .object({
        showDeletedFiles: boolish.optional(),
        includeAgedData: boolish.optional(),
        includeRunningJobs: boolish.optional(),
      })
      .loose()
      .optional(),
    entity: z
      .object({
        clientName: text.optional(),
        clientId: intish.optional(),
        applicationId: intish.optional(),
        instanceId: intish.optional(),
        backupsetId: intish.optional(),
        subclientId: intish.optional(),
      })
      .loose(),
    timeRange: z.object({ fromTime: intish.optional(), toTime: intish.optional() }).loose().optional(),
    advOptions: z
      .object({
        copyPrecedence: intish.optional(),
        advConfig: z.object({ browseAdvancedConfigBrowseByJob: z.object({ jobId: intish.optional(), commcellId: intish.optional() }).loose().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
    ma: z.unknown().optional(),
    queries: z.unknown().optional(),
    applicationInfo: z.unknown().optional(),
    commCellId: z.unknown().optional(),
  })
  .strict();

export const querySchema = z
  .object({
    type: z.unknown().optional(),
    queryId: z.unknown().optional(),
    dataParam: z
      .object({
        paging: z.object({ pageSize: intish.optional(), skipNode: intish.optional(), firstNode: intish.optional() }).loose().optional(),
        sortParam: z.unknown().optional(),
      })
      .loose()
      .optional(),
    whereClause: z.unknown().optional(),
    aggrParam: z.unknown().optional(),
  })
  .loose();

export const whereSchema = z.object({ connector: z.unknown().optional(), criteria: criteriaSchema }).loose();

/** instance.py `_restore_json`: restoreOptions of a 3/1001 subtask (destination, fileOption, browseOption, commonOptions). */
export const restoreOptionsSchema = z
  .object({
    destination: z
      .object({
        inPlace: boolish.optional(),
        destClient: z.object({ clientName: text.optional(), clientId: intish.optional() }).loose().optional(),
        destPath: z.unknown().optional(),
      })
      .loose()
      .optional(),
    fileOption: z.object({ sourceItem: z.unknown().optional() }).loose().optional(),
    browseOption: z
      .object({
        timeRange: z.object({ fromTimeValue: text.optional(), toTimeValue: text.optional(), fromTime: intish.optional(), toTime: intish.optional() }).loose().optional(),
        browseJobId: intish.optional(),
      })
      .loose()
      .optional(),
    commonOptions: z.object({ unconditionalOverwrite: boolish.optional(), validateOnly: boolish.optional() }).loose().optional(),
  })
  .loose();
