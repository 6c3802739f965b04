/**
 * The scenario's seeded catalogue (zod): past backup jobs of a subclient and the files each
 * holds, so a browse or a restore needs no backup first. It sits under a subclient in
 * `entities.<vendor>.clients[].agents[].backupsets[].subclients[].backups` (schema.ts).
 */
import { z } from 'zod';
import { durationSchema } from '../../../src/jobs/timeline-schema';
import { backupLevel } from './model';

const iso = z.string().datetime({ offset: true });

const fileSchema = z
  .object({
    path: z.string().min(1).describe("full path as the client writes it: 'C:\\Data\\a.txt' or '/etc/hosts'"),
    size: z.number().int().nonnegative().default(0).describe('bytes'),
    modified: iso.optional().describe('last modification (ISO 8601); default: one hour before the job started'),
    deleted: z.boolean().optional().describe('deleted on the client since the previous job: browse shows it only with show_deleted'),
  })
  .strict();

const levelSchema = z.string().transform((v, ctx) => {
  const level = backupLevel(v);
  if (level) return level;
  ctx.addIssue({ code: 'custom', message: `level must be Full, Incremental, Differential or Synthetic Full, got "${v}"` });
  return z.NEVER;
});

export const backupSchema = z
  .object({
    id: z.number().int().positive().optional().describe('job id; default: counting down from the first live job id, oldest lowest'),
    level: levelSchema.default('Full'),
    startTime: iso.optional().describe('when the job started (ISO 8601)'),
    age: durationSchema.optional().describe("or how long before the tenant's start it started, e.g. 2d"),
    duration: durationSchema.default('10m'),
    agedOut: z.boolean().optional().describe('aged out by retention: browse and restore leave it out'),
    files: z.array(fileSchema).default([]).describe('what the job backed up (a Full: every file; later jobs: what changed)'),
  })
  .strict()
  .refine((b) => (b.startTime === undefined) !== (b.age === undefined), 'give either startTime or age');
export type BackupSpec = z.infer<typeof backupSchema>;
