/**
 * Payloads of Virtuozzo replies: backups, progress, tokens, sessions, environment lists and
 * the backupm configuration. Shapes follow the seed page's packets and VZLBackupm.xsd.
 */
import { b64, el, envelope, infoXml, NS, tx, vzTime, type InfoParam, type ReplyHeader } from './wire';

/** One seeded environment (container or VM) as backups describe it (seed page `info`). */
export interface EnvInfo {
  eid: string;
  hostname: string;
  ip: string;
  name: string;
  title: string;
  platform: string;
  parentEid: string;
  parentTitle: string;
  /** `virtuozzo` for containers, `parallels` for VMs (the connector's env_type_name). */
  type: string;
}

/** A stored backup (VZLBackupm.xsd backupType). */
export interface BackupRecord {
  id: string;
  eid: string;
  /** Plain text; base64 on the wire. */
  description?: string;
  count: number;
  time: number;
  size: number;
  /** 0 full, 1 incremental, 2 differential. */
  type: number;
  storageEid: string;
  env: EnvInfo;
}

/** The `info` of a backup: the seed page's parameter list, in its order and translate flags. */
export function backupInfo(env: EnvInfo): InfoParam {
  return {
    name: '',
    message: '',
    translate: true,
    parameters: [
      { name: 'hostname', message: env.hostname, translate: true },
      { name: 'ip', message: env.ip, translate: true },
      { name: 'name', message: env.name, translate: true },
      { name: 'os', message: '', parameters: [{ name: 'platform', message: env.platform }] },
      { name: 'parent_eid', message: env.parentEid, translate: true },
      { name: 'parent_env_title', message: env.parentTitle, translate: true },
      { name: 'title', message: env.title, translate: true },
      { name: 'type', message: env.type },
    ],
  };
}

export function backupXml(b: BackupRecord): string {
  return el(
    'ns2:backup',
    tx('ns2:eid', b.eid) +
      (b.description !== undefined ? tx('ns2:description', b64(b.description)) : '') +
      tx('ns2:count', b.count) +
      tx('ns2:id', b.id) +
      tx('ns2:time', vzTime(b.time)) +
      tx('ns2:size', b.size) +
      tx('ns2:type', b.type) +
      tx('ns2:storage_eid', b.storageEid) +
      infoXml('ns2', 'info', backupInfo(b.env)),
  );
}

/** backupm get_info: `info` of env_backup_dataType (the environment as backed up). */
export function backupDataXml(b: BackupRecord): string {
  const env = b.env;
  return el(
    'ns2:info',
    el(
      'ns2:env',
      tx('ns3:eid', env.eid) +
        tx('ns3:parent_eid', env.parentEid) +
        el('ns3:virtual_config', tx('ns3:hostname', env.hostname) + tx('ns3:name', env.name) + tx('ns3:title', env.title)),
    ),
  );
}

// ---------------------------------------------------------------- progress

/** `<status>` of a progress packet (vendor notes): 1 started, 2 processing, 3 success, 4 error. */
export const PROGRESS = { started: 1, processing: 2, success: 3, error: 4 } as const;

export function operationStatus(op: string, word: string): InfoParam {
  return {
    name: '',
    message: 'Operation %op_name% is %status%',
    translate: true,
    parameters: [
      { name: 'op_name', message: op },
      { name: 'status', message: word, translate: true },
    ],
  };
}

export function phaseMessage(textOrTemplate: string, params: Record<string, string> = {}): InfoParam {
  return {
    name: '',
    message: textOrTemplate,
    translate: true,
    parameters: Object.entries(params).map(([name, message]) => ({ name, message })),
  };
}

export function percentMessage(percent: number): InfoParam {
  return phaseMessage('Percent: %percent%', { percent: String(percent) });
}

export interface ProgressEvent {
  /** e.g. `backupm.backup_env`. */
  op: string;
  message: InfoParam;
  status: number;
  percent?: number;
  eids?: string[];
}

/** A progress packet (type="1") exactly in the seed page's layout. */
export function progressPacket(h: ReplyHeader, p: ProgressEvent): string {
  const inner =
    tx('ns1:op', p.op) +
    infoXml('ns1', 'message', p.message) +
    (p.percent !== undefined ? tx('ns1:percent', p.percent) : '') +
    (p.eids?.length ? el('ns1:eid_list', p.eids.map((e) => tx('ns3:eid', e)).join('')) : '') +
    tx('ns1:status', p.status) +
    (h.id !== undefined ? tx('ns1:id', h.id) : '');
  return envelope({ ...h, type: 1 }, el('ns1:progress', inner));
}

// ---------------------------------------------------------------- sessions

/** vzlt:tokenType: user SID and group SIDs, base64 (VZLCommonTypes.xsd sidType). */
export function tokenXml(p: string, userSid: string, groupSids: string[]): string {
  return el(
    `${p}:token`,
    tx('ns3:user', b64(userSid)) + el('ns3:groups', groupSids.map((g) => tx('ns3:sid', b64(g))).join('')),
  );
}

/** The greeting the agent sends on connect (content not public; kept minimal, vendor notes). */
export function greetingPacket(time: number): string {
  return envelope({ origin: 'system', type: 2, time: vzTime(time) }, el(`ns2:system`, '<ns1:ok/>'), `${NS.protocol.replace(/protocol$/, 'system')}`);
}

// ---------------------------------------------------------------- config

/** VZLBackupm.xsd backupm_configType. */
export interface BackupmConfig {
  backupServer: { protocol?: string; address: string; port?: number };
  chainLength: number;
  chainDays: number;
  keepMax: number;
  compression: number;
  type: number;
  peBackupsLimit: number;
}

export function configXml(c: BackupmConfig): string {
  const server = c.backupServer;
  return el(
    'ns2:backupm_config',
    el(
      'ns2:backup_server',
      (server.protocol ? tx('ns3:protocol', server.protocol) : '') +
        tx('ns3:address', server.address) +
        (server.port !== undefined ? tx('ns3:port', server.port) : ''),
    ) +
      tx('ns2:chain_length', c.chainLength) +
      tx('ns2:chain_days', c.chainDays) +
      tx('ns2:keep_max', c.keepMax) +
      tx('ns2:compression', c.compression) +
      tx('ns2:type', c.type) +
      tx('ns2:pe_backups_limit', c.peBackupsLimit),
  );
}
