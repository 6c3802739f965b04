/**
 * Default timelines: the seed page's progress messages in order, a few seconds in all so a
 * person watching sees progress move. `%type%` is filled with full/incremental/differential.
 */
import type { TimelineInput } from '../../src/jobs/timeline';

export const BACKUP_PHASES = [
  'Checking parameters',
  'Dumping quota',
  'Backup storage: preparing to backup',
  'Adjusting backup type (%type%)',
  'Backup storage: receiving backup file',
  'Backing up private area.',
];

export const DEFAULT_TIMELINES: Record<string, TimelineInput> = {
  'backupm.backup_env': [
    { after: '0s', state: 'running', progress: 0, phase: BACKUP_PHASES[0] },
    { after: '300ms', phase: BACKUP_PHASES[1] },
    { after: '600ms', phase: BACKUP_PHASES[2] },
    { after: '900ms', phase: BACKUP_PHASES[3] },
    { after: '1200ms', phase: BACKUP_PHASES[4] },
    { after: '1500ms', phase: BACKUP_PHASES[5], progress: 2 },
    { after: '2s', progress: 20 },
    { after: '2500ms', progress: 37 },
    { after: '3s', progress: 54 },
    { after: '3500ms', progress: 71 },
    { after: '4s', progress: 88 },
    { after: '4500ms', progress: 99 },
    { after: '5s', phase: 'Backup storage: storing private backup data' },
    { after: '5500ms', phase: 'Backup storage: filling resultant backup info' },
    { after: '6s', state: 'succeeded', progress: 100 },
  ],
  'backupm.restore_env': [
    { after: '0s', state: 'running', progress: 0, phase: 'Checking parameters' },
    { after: '500ms', phase: 'Backup storage: preparing to restore' },
    { after: '1s', phase: 'Restoring private area.', progress: 10 },
    { after: '2s', progress: 50 },
    { after: '3s', progress: 90 },
    { after: '4s', state: 'succeeded', progress: 100 },
  ],
  'backupm.selective_restore_env': [
    { after: '0s', state: 'running', progress: 0, phase: 'Checking parameters' },
    { after: '1s', phase: 'Restoring files.', progress: 50 },
    { after: '2s', state: 'succeeded', progress: 100 },
  ],
  '*': { duration: '2s' },
};
