/**
 * A restore subtask as cvpysdk builds it (instance.py `_restore_json`: `subTask {subTaskType: 3,
 * operationType: 1001}` and `options.restoreOptions` with destination, fileOption.sourceItem and
 * browseOption.timeRange), in either format, as one typed step.
 */
import { badRequest } from './errors';
import { browseSchemas } from './browse-request';
import { parse } from './requests';
import { list } from './wire';

export interface RestoreStep {
  kind: 'restore';
  inPlace: boolean;
  destClientName?: string;
  destClientId?: number;
  destPath?: string;
  sourceItems: string[];
  fromMs?: number;
  toMs?: number;
  browseJobId?: string;
  overwrite: boolean;
}

/**
 * instance.py `_restore_sub_task` / `_json_restore_subtask`: 3 / 1001, as numbers in JSON or
 * text in XML. Restore by job (1005, index-free) is not emulated, nor are other spellings.
 */
export function isRestoreSubTask(st: { subTask: { subTaskType: string; operationType: string } }): boolean {
  return st.subTask.subTaskType === '3' && st.subTask.operationType === '1001';
}

/** `YYYY-MM-DD HH:MM:SS` (cvpysdk's from_time / to_time; read as UTC) or epoch seconds. */
function timeValue(v: string | number | undefined, what: string): number | undefined {
  if (v === undefined || v === '' || v === 0 || v === '0') return undefined;
  if (typeof v === 'number' || /^\d+$/.test(v)) return Number(v) * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(v.trim());
  const t = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
  if (!Number.isFinite(t)) throw badRequest(`Invalid CreateTask request: ${what} "${v}" is not YYYY-MM-DD HH:MM:SS`);
  return t;
}

/** cvpysdk appends versions as `<path>|\|#15!vErSiOnS|#15!\<n>`: the path is before the first `|`. */
const sourcePath = (item: string) => item.split('|')[0];

export function restoreStep(options: Record<string, unknown> | undefined): RestoreStep {
  const r = parse(browseSchemas().restoreOptionsSchema, options?.restoreOptions ?? {}, 'CreateTask request: restoreOptions');
  const dest = r.destination ?? {};
  const inPlace = dest.inPlace ?? true;
  const destPath = list(dest.destPath).map((p) => String(p)).find((p) => p !== '');
  const sourceItems = list(r.fileOption?.sourceItem).map((p) => sourcePath(String(p))).filter((p) => p !== '');
  if (sourceItems.length === 0) throw badRequest('Invalid CreateTask request: restoreOptions.fileOption.sourceItem is required');
  if (!inPlace && destPath === undefined) throw badRequest('Invalid CreateTask request: restoreOptions.destination.destPath is required out of place');
  if (!inPlace && !dest.destClient?.clientName && dest.destClient?.clientId === undefined) {
    throw badRequest('Invalid CreateTask request: restoreOptions.destination.destClient is required out of place');
  }
  const range = r.browseOption?.timeRange;
  const fromMs = timeValue(range?.fromTimeValue ?? range?.fromTime, 'fromTimeValue');
  const toMs = timeValue(range?.toTimeValue ?? range?.toTime, 'toTimeValue');
  const browseJobId = r.browseOption?.browseJobId;
  return {
    kind: 'restore',
    inPlace,
    ...(dest.destClient?.clientName ? { destClientName: dest.destClient.clientName } : {}),
    ...(dest.destClient?.clientId !== undefined ? { destClientId: dest.destClient.clientId } : {}),
    ...(!inPlace && destPath !== undefined ? { destPath } : {}),
    sourceItems,
    ...(fromMs !== undefined ? { fromMs } : {}),
    ...(toMs !== undefined ? { toMs } : {}),
    ...(browseJobId !== undefined && browseJobId > 0 ? { browseJobId: String(browseJobId) } : {}),
    overwrite: r.commonOptions?.unconditionalOverwrite ?? false,
  };
}
