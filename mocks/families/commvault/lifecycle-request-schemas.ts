/**
 * The zod schema of `TMMsg_TaskOperationReq` (schedules.py `Schedules.delete`, `Schedule.run_now`),
 * loaded with the first request that needs it. XML carries a single `subtaskEntity` as one
 * element, JSON as a list of one: both arrive here as a list.
 */
import { z } from 'zod';
import { list } from './wire';
import { intish } from './request-schemas';

const subtaskEntity = z
  .object({
    subtaskId: intish,
    _type_: intish.optional(),
    taskId: intish.optional(),
    taskName: z.string().optional(),
    subtaskName: z.string().optional(),
  })
  .strict();

export const taskOperationSchema = z
  .object({
    opType: intish,
    subtaskEntity: z.preprocess((v) => list(v), z.array(subtaskEntity)),
    taskIds: z.unknown().optional(),
  })
  .strict();
