/**
 * The one table of Virtuozzo calls: operator + call name -> handler. The journal and scenario
 * rules name an operation `<operator>.<call>` (e.g. `backupm.backup_env`, as progress packets do).
 */
import type { CallRoute } from './call';
import { backupEnv, restoreEnv, selectiveRestoreEnv } from './handlers-backup';
import { getBackupInfo, getConfig, listBackups, removeBackup, searchBackups, setConfig } from './handlers-backupm';
import { getEnvList } from './handlers-envm';
import { pagerSelect, reloadAll } from './handlers-pager2';
import { sessionLogin, sessionLogout, systemLogin } from './handlers-session';

export const CALLS: CallRoute[] = [
  { operators: ['system'], call: 'login', handler: systemLogin, public: true },
  { operators: ['sessionm'], call: 'login', handler: sessionLogin, public: true },
  { operators: ['sessionm'], call: 'logout', handler: sessionLogout },
  { operators: ['backupm'], call: 'backup_env', handler: backupEnv },
  { operators: ['backupm'], call: 'restore_env', handler: restoreEnv },
  { operators: ['backupm'], call: 'selective_restore_env', handler: selectiveRestoreEnv },
  { operators: ['backupm'], call: 'list', handler: listBackups },
  { operators: ['backupm'], call: 'get_info', handler: getBackupInfo },
  { operators: ['backupm'], call: 'remove', handler: removeBackup },
  { operators: ['backupm'], call: 'search', handler: searchBackups },
  { operators: ['backupm'], call: 'get_config', handler: getConfig },
  { operators: ['backupm'], call: 'set_config', handler: setConfig },
  { operators: ['envm', 'vzaenvm'], call: 'get_list', handler: getEnvList },
  { operators: ['pager2'], call: 'select', handler: pagerSelect },
  { operators: ['backup_subscriber'], call: 'reload_all', handler: reloadAll },
];

const OPERATORS = new Set(CALLS.flatMap((r) => r.operators));

export function findCall(operator: string, call: string): CallRoute | 'unknownOperator' | 'unknownCall' {
  if (!OPERATORS.has(operator)) return 'unknownOperator';
  return CALLS.find((r) => r.call === call && r.operators.includes(operator)) ?? 'unknownCall';
}
