/**
 * The one table of Virtuozzo Agent calls. An operation is named `<operator>.<call>` (as progress
 * packets name them: `backupm.backup_env`); its packet door binding lists the operators that
 * answer it (`envm` and `vzaenvm` share get_list). Bodies are read by local name (VZLSystem.xsd,
 * VZLSessionm.xsd, VZLBackupm.xsd, VZLEnvm.xsd; the connector's pvamn/packet_builder.py for pager2).
 */
import { parseDuration } from '../../src/duration';
import { operationsOf, type OperationContext } from '../../src/operations/types';
import { AgentError } from './errors';
import { backupEnvironments } from './backups';
import { findBackup, listBackups, removeBackup, searchBackups } from './catalogue';
import type { Caller, Virtuozzo } from './index';
import { child, children, text, unb64, type Answer, type XmlNode } from './messages';
import { guidFrom, listEnvironments, setConfig, SYSTEM_REALM, type ScheduledTask, type VirtuozzoUser } from './model';
import { select } from './pager';
import { readBackupRequest, readConfig, readFileRestoreRequest, readListRequest, readRemoveRequest, readRestoreRequest, readSearchRequest, readSelectRequest, readTask, readTaskId, str } from './requests';
import { restoreEnvironment, restoreFiles } from './restores';
import { nextStart, schedulerOf, scheduleTask, unscheduleTask, type SchedulerContext } from './schedules';
import { authenticate, closeSession, nextClientName, openSession, type LoginRequest } from './sessions';

const operation = operationsOf<Virtuozzo>();
const OK: Answer = { kind: 'ok' };


// ---------------------------------------------------------------- sessions

/** `<login>` of system and sessionm: base64 name and password, realm GUID (VZLSystem.xsd auth_nameType). */
export function readLogin(body: XmlNode): LoginRequest {
  return { name: unb64(text(child(body, 'name'))), password: unb64(text(child(body, 'password'))), realm: str(body, 'realm') || SYSTEM_REALM };
}

/** Log the connection in as `user`; later calls find its tenant by `principal`. */
function logIn(ctx: OperationContext<Virtuozzo, undefined>, user: VirtuozzoUser, principal: string): void {
  ctx.conn.user = user.name;
  ctx.conn.principal = principal;
  ctx.conn.clientName ??= nextClientName(ctx.state);
}

const systemLogin = operation({
  name: 'system.login',
  summary: 'log the connection in (the one call without <target>)',
  doors: { packet: { operators: ['system'], call: 'login' } },
  auth: 'none',
  input: readLogin,
  run: (login, ctx) => {
    const user = authenticate(ctx.state, login);
    logIn(ctx, user, `user:${user.name}`);
    return { kind: 'token', user: user.name };
  },
});

const sessionLogin = operation({
  name: 'sessionm.login',
  summary: 'log in and get a session id usable as <session> on any connection',
  doors: { packet: { operators: ['sessionm'], call: 'login' } },
  auth: 'none',
  input: readLogin,
  run: (login, ctx) => {
    const user = authenticate(ctx.state, login);
    const hex = () => Math.floor(ctx.tenant.random() * 0x100000000).toString(16).padStart(8, '0');
    const uuid = `${hex()}-${hex().slice(0, 4)}-4${hex().slice(0, 3)}-a${hex().slice(0, 3)}-${hex()}${hex().slice(0, 4)}`;
    const sessionId = `vzl.40000.4.${uuid}..${hex()}${hex()}`;
    for (const gone of openSession(ctx.state, sessionId, user.name, ctx.clock.now(), parseDuration(ctx.options.sessionTimeout))) ctx.tenant.unbind(gone);
    ctx.tenant.bind(sessionId);
    ctx.conn.sessionId = sessionId;
    logIn(ctx, user, sessionId);
    return { kind: 'session', sessionId, user: user.name };
  },
});

const sessionLogout = operation({
  name: 'sessionm.logout',
  summary: 'end a session; the agent then closes the connection',
  doors: { packet: { operators: ['sessionm'], call: 'logout' } },
  auth: 'login',
  input: (body) => str(body, 'session_id'),
  run: (id, ctx) => {
    const sessionId = id || ctx.conn.sessionId;
    if (sessionId && closeSession(ctx.state, sessionId)) ctx.tenant.unbind(sessionId);
    ctx.conn.closing = true;
    return OK;
  },
});

// ---------------------------------------------------------------- backups

const backupEnv = operation({
  name: 'backupm.backup_env',
  summary: 'back up environments, one job each; progress packets with progress="on"; keep_max applies as each backup is made',
  doors: { packet: { operators: ['backupm'], call: 'backup_env' } },
  auth: 'login',
  input: readBackupRequest,
  run: async (r, ctx) => ({ kind: 'backups', ...(await backupEnvironments(ctx, r)), withInfo: true, okWhenNone: true }),
});

const restoreEnv = operation({
  name: 'backupm.restore_env',
  summary: 'restore an environment from a backup (down while it runs; a removed one comes back, on parent_eid if its node is gone); progress with progress="on"',
  doors: { packet: { operators: ['backupm'], call: 'restore_env' } },
  auth: 'login',
  input: readRestoreRequest,
  run: async (r, ctx) => (await restoreEnvironment(ctx, r), OK),
});

const selectiveRestoreEnv = operation({
  name: 'backupm.selective_restore_env',
  summary: 'restore some paths of a backup into an environment',
  doors: { packet: { operators: ['backupm'], call: 'selective_restore_env' } },
  auth: 'login',
  input: readFileRestoreRequest,
  run: async (r, ctx) => (await restoreFiles(ctx, r), OK),
});

const list = operation({
  name: 'backupm.list',
  summary: 'stored backups by id, environment, storage, latest; full info with <options><info/>',
  doors: { packet: { operators: ['backupm'], call: 'list' } },
  auth: 'login',
  input: readListRequest,
  run: ({ withInfo, ...q }, ctx) => ({ kind: 'backups', ...listBackups(ctx.state, q), withInfo }),
});

const getInfo = operation({
  name: 'backupm.get_info',
  summary: 'the environment as a backup holds it',
  doors: { packet: { operators: ['backupm'], call: 'get_info' } },
  auth: 'login',
  input: (body) => str(body, 'backup_id'),
  run: (id, ctx) => {
    const backup = findBackup(ctx.state, id);
    if (!backup) throw new AgentError('unknownBackup', `Backup ${id} not found`);
    return { kind: 'backupData', backup };
  },
});

const remove = operation({
  name: 'backupm.remove',
  summary: 'remove a backup (and older ones with <prev/>) or every backup of an environment',
  doors: { packet: { operators: ['backupm'], call: 'remove' } },
  auth: 'login',
  input: readRemoveRequest,
  run: (q, ctx) => (removeBackup(ctx.state, q), OK),
});

const search = operation({
  name: 'backupm.search',
  summary: 'backups by hostname and ip (wildcards * and ?) and creation dates',
  doors: { packet: { operators: ['backupm'], call: 'search' } },
  auth: 'login',
  input: readSearchRequest,
  run: (q, ctx) => ({ kind: 'backups', backups: searchBackups(ctx.state, q), errors: [], withInfo: true }),
});

const getConfig = operation({
  name: 'backupm.get_config',
  summary: 'the backupm configuration: default server, chain_length, chain_days, keep_max, compression, type',
  doors: { packet: { operators: ['backupm'], call: 'get_config' } },
  auth: 'login',
  run: (_body, ctx) => ({ kind: 'config', config: ctx.state.config }),
});

const setConfigOp = operation({
  name: 'backupm.set_config',
  summary: 'change the backupm configuration (fields left out keep their values)',
  doors: { packet: { operators: ['backupm'], call: 'set_config' } },
  auth: 'login',
  input: readConfig,
  run: (change, ctx) => (setConfig(ctx.state, change), OK),
});

// ---------------------------------------------------------------- scheduler

function scheduler(ctx: OperationContext<Virtuozzo, Caller>): SchedulerContext {
  return schedulerOf(ctx.tenant);
}

function taskOrThrow(ctx: OperationContext<Virtuozzo, Caller>, id: string): ScheduledTask {
  const task = ctx.state.tasks.get(id);
  if (!task) throw new AgentError('unknownTask', `Task ${id} not found`);
  return task;
}

const tasksAnswer = (ctx: OperationContext<Virtuozzo, Caller>, tasks: ScheduledTask[]): Answer => ({ kind: 'tasks', tasks: tasks.map((task) => ({ task, nextStart: nextStart(scheduler(ctx), task.id) })) });

const taskAdd = operation({
  name: 'scheduler.add',
  summary: 'add a task: an agent packet (backup_env) run at its trigger\'s times on the virtual clock',
  doors: { packet: { operators: ['scheduler'], call: 'add' } },
  auth: 'login',
  input: (body) => readTask(body, false),
  run: (t, ctx) => {
    if (t.id !== undefined && ctx.state.tasks.has(t.id)) throw new AgentError('malformedPacket', `Task ${t.id} already exists`);
    const task: ScheduledTask = { ...t, id: t.id ?? guidFrom(ctx.tenant.random), runs: 0 };
    scheduleTask(scheduler(ctx), task, ctx.clock.now());
    return tasksAnswer(ctx, [task]);
  },
});

const taskUpdate = operation({
  name: 'scheduler.update',
  summary: 'replace a task (its runs from now on follow the new trigger)',
  doors: { packet: { operators: ['scheduler'], call: 'update' } },
  auth: 'login',
  input: (body) => readTask(body, true),
  run: (t, ctx) => {
    const old = taskOrThrow(ctx, t.id ?? '');
    scheduleTask(scheduler(ctx), { ...t, id: old.id, runs: old.runs, ...(old.lastRun !== undefined ? { lastRun: old.lastRun } : {}) }, ctx.clock.now());
    return OK;
  },
});

const taskRemove = operation({
  name: 'scheduler.remove',
  summary: 'remove a task',
  doors: { packet: { operators: ['scheduler'], call: 'remove' } },
  auth: 'login',
  input: (body) => readTaskId(body, true) ?? '',
  run: (id, ctx) => {
    taskOrThrow(ctx, id);
    unscheduleTask(scheduler(ctx), ctx.state, id);
    return OK;
  },
});

const taskList = operation({
  name: 'scheduler.list',
  summary: 'every task, or one by id, with its next_start',
  doors: { packet: { operators: ['scheduler'], call: 'list' } },
  auth: 'login',
  input: (body) => readTaskId(body, false),
  run: (id, ctx) => tasksAnswer(ctx, id !== undefined ? [taskOrThrow(ctx, id)] : [...ctx.state.tasks.values()]),
});

// ---------------------------------------------------------------- environments and lists

const getList = operation({
  name: 'envm.get_list',
  summary: 'environment eids (VM::Virtuozzo uses envm, the panels vzaenvm)',
  doors: { packet: { operators: ['envm', 'vzaenvm'], call: 'get_list' } },
  auth: 'login',
  input: (body) => ({
    count: Number(str(body, 'count') || 0),
    type: str(body, 'type'),
    states: children(body, 'status').map((s) => str(s, 'state')).filter(Boolean).map(Number),
  }),
  run: (f, ctx) => ({ kind: 'eids', eids: listEnvironments(ctx.state, f) }),
});

const pagerSelect = operation({
  name: 'pager2.select',
  summary: "rows of a view (vEnvironments, vHosts, vBackupUnGrouped, vBackupGrouped), the connector's lists",
  doors: { packet: { operators: ['pager2'], call: 'select' } },
  auth: 'login',
  input: readSelectRequest,
  run: (q, ctx) => ({ kind: 'rows', rows: select(ctx.state, q) }),
});

const reloadAll = operation({
  name: 'backup_subscriber.reload_all',
  summary: "the connector refreshes the backup index; this one is always current",
  doors: { packet: { operators: ['backup_subscriber'], call: 'reload_all' } },
  auth: 'login',
  run: () => OK,
});

export const operations = [
  systemLogin,
  sessionLogin,
  sessionLogout,
  backupEnv,
  restoreEnv,
  selectiveRestoreEnv,
  list,
  getInfo,
  remove,
  search,
  getConfig,
  setConfigOp,
  taskAdd,
  taskUpdate,
  taskRemove,
  taskList,
  getList,
  pagerSelect,
  reloadAll,
];
