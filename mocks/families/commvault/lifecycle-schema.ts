/**
 * The scenario's storage policies, plans (with retention) and schedules (zod), part of the
 * family's `entities` section (schema.ts). A schedule's pattern is written in cvpysdk's own words
 * (schedules.py `SchedulePattern.create_schedule`: `freq_type`, `active_start_time`,
 * `repeat_days`, `weekdays`, `on_day`...), so a pattern a test sends through the SDK can be
 * seeded as it is.
 */
import { z } from 'zod';

const retention = {
  retentionDays: z.number().int().min(0).optional().describe('retainBackupDataForDays: a backup ages once it ended longer ago than this'),
  retentionCycles: z.number().int().min(0).optional().describe('retainBackupDataForCycles: ...and this many newer full cycles exist'),
};

export const storagePolicySchema = z.union([
  z.string().min(1),
  z
    .object({
      name: z.string().min(1),
      id: z.number().int().positive().optional(),
      library: z.string().optional().describe('disk library of the primary copy'),
      ...retention,
    })
    .strict()
    .describe('default retention: 15 days, 2 cycles'),
]);
export type StoragePolicySpec = z.infer<typeof storagePolicySchema>;

export const planSchema = z.union([
  z.string().min(1),
  z
    .object({
      name: z.string().min(1),
      id: z.number().int().positive().optional(),
      rpoMinutes: z.number().int().positive().optional().describe('backup frequency (slaInMinutes), default 1440'),
      storagePool: z.string().optional(),
      ...retention,
    })
    .strict()
    .describe('default retention: 30 days, 1 cycle'),
]);
export type PlanSpec = z.infer<typeof planSchema>;

const hhmm = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');
const mmddyyyy = z.string().regex(/^(0?[1-9]|1[0-2])\/(0?[1-9]|[12]\d|3[01])\/\d{4}$/, 'a date MM/DD/YYYY');
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export const schedulePatternSchema = z
  .object({
    freq_type: z.enum(['one_time', 'daily', 'weekly', 'monthly']),
    active_start_time: hhmm.default('09:00'),
    active_start_date: mmddyyyy.optional().describe("default: the scenario's first day"),
    active_end_date: mmddyyyy.optional(),
    repeat_days: z.number().int().min(1).optional().describe('daily: every N days'),
    repeat_weeks: z.number().int().min(1).optional().describe('weekly: every N weeks'),
    weekdays: z
      .array(z.string().transform((d) => d.toLowerCase()).pipe(z.enum(WEEKDAYS)))
      .min(1)
      .optional()
      .describe('weekly: e.g. [Monday, Friday]'),
    repeat_months: z.number().int().min(1).optional().describe('monthly: every N months'),
    on_day: z.number().int().min(1).max(31).optional().describe('monthly: day of the month (default 10, as cvpysdk)'),
    end_after: z.number().int().min(1).optional().describe('runs at most this many times'),
    repeat_every: hhmm.optional().describe('repeat within the day every HH:MM ...'),
    repeat_end: hhmm.optional().describe('... until this time'),
  })
  .strict()
  .refine((p) => p.freq_type !== 'weekly' || p.weekdays !== undefined, { message: 'a weekly pattern needs weekdays', path: ['weekdays'] })
  .refine((p) => (p.repeat_every === undefined) === (p.repeat_end === undefined), { message: 'give repeat_every and repeat_end together', path: ['repeat_every'] });
export type SchedulePatternSpec = z.output<typeof schedulePatternSchema>;

export const scheduleSchema = z
  .object({
    name: z.string().default('').describe('subTaskName'),
    client: z.string().min(1),
    agent: z.string().optional().describe('appName, e.g. File System (default: any)'),
    backupset: z.string().optional().describe('default: any (a client- or backupset-level schedule backs up each subclient)'),
    subclient: z.string().optional(),
    backupLevel: z.enum(['Full', 'Incremental', 'Differential', 'Synthetic_full']).default('Incremental'),
    pattern: schedulePatternSchema,
    enabled: z.boolean().default(true),
  })
  .strict();
export type ScheduleSpec = z.output<typeof scheduleSchema>;

interface NamedEntities {
  clients?: Array<{ name: string; agents: Array<{ appName: string; backupsets: Array<{ name: string; subclients: Array<{ name: string }> }> }> }>;
  schedules?: ScheduleSpec[];
}

const same = (a: string | undefined, b: string) => a === undefined || a.toLowerCase() === b.toLowerCase();

/** A seeded schedule names seeded entities: checked at load (when the scenario seeds clients), with its path. */
export function checkScheduleReferences(e: NamedEntities, ctx: z.RefinementCtx): void {
  if (!e.clients) return;
  const clients = e.clients;
  e.schedules?.forEach((sch, i) => {
    const hits = clients
      .filter((c) => same(sch.client, c.name))
      .flatMap((c) => c.agents.filter((a) => same(sch.agent, a.appName)))
      .flatMap((a) => a.backupsets.filter((b) => same(sch.backupset, b.name)))
      .flatMap((b) => b.subclients.filter((s) => same(sch.subclient, s.name)));
    if (hits.length === 0) {
      const what = [sch.client, sch.agent, sch.backupset, sch.subclient].filter(Boolean).join(' / ');
      ctx.addIssue({ code: 'custom', path: ['schedules', i], message: `no seeded subclient matches ${what}` });
    }
  });
}
