/**
 * backupm calls over stored backups: list, get_info, remove, search, get_config, set_config
 * (VZLBackupm.xsd list_optionsType, remove_optionsType, search_optionsType, backupm_configType).
 */
import type { CallHandler } from './call';
import { AgentError, agentErrorXml } from './errors';
import { backupDataXml, backupXml, configXml } from './messages';
import { backupsOf, findBackup, findEnv, removeBackups, type StoredBackup } from './model';
import { child, children, fragments, has, OK, text, type Fragment } from './wire';

function latestPerEnv(list: StoredBackup[]): StoredBackup[] {
  const newest = new Map<string, StoredBackup>();
  for (const b of list) if (!newest.has(b.eid) || newest.get(b.eid)!.time < b.time) newest.set(b.eid, b);
  return list.filter((b) => newest.get(b.eid) === b);
}

export const listBackups: CallHandler = (body, c) => {
  const options = child(body, 'options');
  const ids = children(body, 'backup_id').map((n) => text(n).trim());
  const withInfo = has(options, 'info');
  const parts: Fragment[] = [];
  let list = [...c.state.backups].sort((a, b) => a.time - b.time);
  if (ids.length) {
    for (const id of ids) if (!findBackup(c.state, id)) parts.push(agentErrorXml(c.codes, 'unknownBackup', `Backup ${id} not found`));
    list = list.filter((b) => ids.includes(b.id));
  }
  const eid = text(child(options, 'eid')).trim().toLowerCase();
  if (eid) list = list.filter((b) => b.eid === eid);
  const storage = text(child(options, 'storage_eid')).trim().toLowerCase();
  if (storage) list = list.filter((b) => b.storageEid === storage);
  if (has(options, 'latest')) list = latestPerEnv(list);
  // Without `<options><info/>` a listed backup carries an empty info (the details cost a lookup).
  parts.push(...list.map((b) => backupXml(b, withInfo)));
  return fragments(parts);
};

export const getBackupInfo: CallHandler = (body, c) => {
  const id = text(child(body, 'backup_id')).trim();
  const b = findBackup(c.state, id);
  if (!b) throw new AgentError('unknownBackup', `Backup ${id} not found`);
  return backupDataXml(b);
};

/** One remove call: a backup id (plus older ones of its env with `prev`), or all of `options/eid`. */
export const removeBackup: CallHandler = (body, c) => {
  const id = text(child(body, 'backup_id')).trim();
  const options = child(body, 'options');
  const eid = text(child(options, 'eid')).trim().toLowerCase();
  const doomed = new Set<string>();
  if (id) {
    const b = findBackup(c.state, id);
    if (!b) throw new AgentError('unknownBackup', `Backup ${id} not found`);
    doomed.add(b.id);
    if (has(options, 'prev')) for (const older of backupsOf(c.state, b.eid)) if (older.time < b.time) doomed.add(older.id);
  } else if (eid) {
    if (!findEnv(c.state, eid) && !c.state.backups.some((b) => b.eid === eid)) throw new AgentError('unknownEnv', `Environment ${eid} does not exist`);
    for (const b of c.state.backups) if (b.eid === eid) doomed.add(b.id);
  } else {
    throw new AgentError('malformedPacket', 'remove needs a backup_id or options/eid');
  }
  removeBackups(c.state, doomed);
  return OK;
};

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const searchBackups: CallHandler = (body, c) => {
  const o = child(body, 'options');
  const hostname = text(child(o, 'hostname')).trim().toLowerCase();
  const ip = text(child(o, 'ip')).trim();
  const start = text(child(o, 'start_date')).trim().slice(0, 10);
  const end = text(child(o, 'end_date')).trim().slice(0, 10);
  const found = c.state.backups
    .filter((b) => !hostname || b.env.hostname.toLowerCase() === hostname)
    .filter((b) => !ip || b.env.ip === ip)
    .filter((b) => !start || day(b.time) >= start)
    .filter((b) => !end || day(b.time) <= end)
    .sort((a, b) => a.time - b.time)
    .map((b) => backupXml(b));
  return fragments(found);
};

export const getConfig: CallHandler = (_body, c) => configXml(c.state.config);

function intField(node: unknown, name: string): number | undefined {
  const raw = text(child(node, name)).trim();
  if (raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new AgentError('malformedPacket', `backupm_config/${name} must be an integer`);
  return n;
}

export const setConfig: CallHandler = (body, c) => {
  const cfg = child(body, 'backupm_config');
  if (cfg === undefined) throw new AgentError('noConfig', 'set_config holds no backupm_config');
  const cur = c.state.config;
  const server = child(cfg, 'backup_server');
  if (server !== undefined) {
    const address = text(child(server, 'address')).trim();
    const port = intField(server, 'port');
    const protocol = text(child(server, 'protocol')).trim();
    cur.backupServer = { address: address || cur.backupServer.address, ...(port !== undefined ? { port } : {}), ...(protocol ? { protocol } : {}) };
  }
  const fields = [
    ['chain_length', 'chainLength'],
    ['chain_days', 'chainDays'],
    ['keep_max', 'keepMax'],
    ['compression', 'compression'],
    ['type', 'type'],
    ['pe_backups_limit', 'peBackupsLimit'],
  ] as const;
  for (const [wire, key] of fields) {
    const v = intField(cfg, wire);
    if (v !== undefined) cur[key] = v;
  }
  return OK;
};
