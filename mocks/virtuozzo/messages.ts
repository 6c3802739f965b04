/**
 * Payloads of Virtuozzo replies: backups, progress, tokens, sessions, environment lists and
 * the backupm configuration. Shapes follow the seed page's packets and VZLBackupm.xsd.
 */
import { b64, envelope, fragment, infoXml, leaf, NS, OK, vzTime, type Fragment, type InfoParam, type ReplyHeader } from './wire';

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

/** The `info` of a listed backup without `<options><info/>`: empty message and name. */
const NO_INFO: InfoParam = { name: '', message: '' };

/** VZLBackupm.xsd backupType; `withInfo` false leaves its info empty (backupm list without `<info/>`). */
export function backupXml(b: BackupRecord, withInfo = true): Fragment {
  return fragment((parent) => {
    const e = parent.ele('ns2:backup');
    leaf(e, 'ns2:eid', b.eid);
    if (b.description !== undefined) leaf(e, 'ns2:description', b64(b.description));
    leaf(e, 'ns2:count', b.count);
    leaf(e, 'ns2:id', b.id);
    leaf(e, 'ns2:time', vzTime(b.time));
    leaf(e, 'ns2:size', b.size);
    leaf(e, 'ns2:type', b.type);
    leaf(e, 'ns2:storage_eid', b.storageEid);
    infoXml('ns2', 'info', withInfo ? backupInfo(b.env) : NO_INFO)(e);
  });
}

/** backupm get_info: `info` of env_backup_dataType (the environment as backed up). */
export function backupDataXml(b: BackupRecord): Fragment {
  const env = b.env;
  return fragment((parent) => {
    const e = parent.ele('ns2:info').ele('ns2:env');
    leaf(e, 'ns3:eid', env.eid);
    leaf(e, 'ns3:parent_eid', env.parentEid);
    const config = e.ele('ns3:virtual_config');
    leaf(config, 'ns3:hostname', env.hostname);
    leaf(config, 'ns3:name', env.name);
    leaf(config, 'ns3:title', env.title);
  });
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
  const progress = fragment((data) => {
    const e = data.ele('ns1:progress');
    leaf(e, 'ns1:op', p.op);
    infoXml('ns1', 'message', p.message)(e);
    if (p.percent !== undefined) leaf(e, 'ns1:percent', p.percent);
    if (p.eids?.length) {
      const list = e.ele('ns1:eid_list');
      for (const eid of p.eids) leaf(list, 'ns3:eid', eid);
    }
    leaf(e, 'ns1:status', p.status);
    if (h.id !== undefined) leaf(e, 'ns1:id', h.id);
  });
  return envelope({ ...h, type: 1 }, progress);
}

// ---------------------------------------------------------------- sessions

/** vzlt:tokenType: user SID and group SIDs, base64 (VZLCommonTypes.xsd sidType). */
export function tokenXml(p: string, userSid: string, groupSids: string[]): Fragment {
  return fragment((parent) => {
    const e = parent.ele(`${p}:token`);
    leaf(e, 'ns3:user', b64(userSid));
    const groups = e.ele('ns3:groups');
    for (const g of groupSids) leaf(groups, 'ns3:sid', b64(g));
  });
}

/** The greeting the agent sends on connect (content not public; kept minimal, vendor notes). */
export function greetingPacket(time: number): string {
  const system = fragment((data) => OK(data.ele('ns2:system')));
  return envelope({ origin: 'system', type: 2, time: vzTime(time) }, system, NS.protocol.replace(/protocol$/, 'system'));
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

export function configXml(c: BackupmConfig): Fragment {
  const server = c.backupServer;
  return fragment((parent) => {
    const e = parent.ele('ns2:backupm_config');
    const s = e.ele('ns2:backup_server');
    if (server.protocol) leaf(s, 'ns3:protocol', server.protocol);
    leaf(s, 'ns3:address', server.address);
    if (server.port !== undefined) leaf(s, 'ns3:port', server.port);
    leaf(e, 'ns2:chain_length', c.chainLength);
    leaf(e, 'ns2:chain_days', c.chainDays);
    leaf(e, 'ns2:keep_max', c.keepMax);
    leaf(e, 'ns2:compression', c.compression);
    leaf(e, 'ns2:type', c.type);
    leaf(e, 'ns2:pe_backups_limit', c.peBackupsLimit);
  });
}
