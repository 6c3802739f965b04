/**
 * Virtuozzo Agent XML packets: decoding requests by local name, encoding replies, progress
 * and error packets in the shapes of the seed page (vendor-docs/virtuozzo-backupm-backup-env.txt)
 * and the v4 XSDs (VZLProtocol.xsd, VZLBackupm.xsd, VZLCommonTypes.xsd).
 */
import { asArray, parseXml } from '../../src/codec/xml';

const VZL = 'http://www.swsoft.com/webservices/vzl/4.0.0';
const VZA = 'http://www.swsoft.com/webservices/vza/4.0.0';
export const NS = {
  protocol: `${VZL}/protocol`,
  types: `${VZL}/types`,
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

/** The namespace of an operator's payload (`ns2` in the seed page's replies). */
export function operatorNamespace(operator: string): string {
  return operator.startsWith('vza') ? `${VZA}/${operator}` : `${VZL}/${operator}`;
}

// ---------------------------------------------------------------- decoding

/** An xml2js node with prefixes stripped: a string, or children by local name plus `$` / `_`. */
export type XmlNode = string | { $?: Record<string, string>; _?: string; [child: string]: unknown };

export function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '_' in (node as object)) return String((node as { _: unknown })._ ?? '');
  return '';
}
export function children(node: unknown, name: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  return asArray((node as Record<string, XmlNode | XmlNode[]>)[name]);
}
export function child(node: unknown, name: string): XmlNode | undefined {
  return children(node, name)[0];
}
export function has(node: unknown, name: string): boolean {
  return children(node, name).length > 0;
}
/** Child element names in document order of first appearance (attributes and text left out). */
export function childNames(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  return Object.keys(node).filter((k) => k !== '$' && k !== '_');
}

export interface PacketHeader {
  id?: string;
  version?: string;
  /** `progress="on"`: the client wants progress packets (VZLProtocol.xsd, default off). */
  progress: boolean;
  log: boolean;
  type?: string;
  priority?: string;
  targets: string[];
  cookie?: string;
  session?: string;
  /** `<dst><host>EID</host></dst>`: the Python connector routes calls to a node this way. */
  dstHost?: string;
}

export interface OperatorCall {
  operator: string;
  name: string;
  body: XmlNode;
}

export interface RequestPacket {
  header: PacketHeader;
  calls: OperatorCall[];
}

/** A packet that cannot be understood; `header` is what could be read (to echo id/cookie). */
export class PacketError extends Error {
  constructor(
    readonly kind: 'malformed' | 'not_a_packet' | 'no_operator',
    message: string,
    readonly header?: PacketHeader,
  ) {
    super(message);
    this.name = 'PacketError';
  }
}

export function decodePacket(xml: string): RequestPacket {
  let doc: Record<string, unknown>;
  try {
    doc = parseXml<Record<string, unknown>>(xml, { localNames: true });
  } catch (e) {
    throw new PacketError('malformed', `malformed packet: ${(e as Error).message}`);
  }
  const rootName = Object.keys(doc)[0];
  const root = doc[rootName] as XmlNode;
  if (rootName !== 'packet') throw new PacketError('not_a_packet', `root element is <${rootName}>, not <packet>`);
  const attrs = (typeof root === 'object' && root.$) || {};
  const header: PacketHeader = {
    id: attrs.id,
    version: attrs.version,
    progress: attrs.progress === 'on',
    log: attrs.log === 'on',
    type: attrs.type,
    priority: attrs.priority,
    targets: children(root, 'target').map(text),
    cookie: has(root, 'cookie') ? text(child(root, 'cookie')) : undefined,
    session: has(root, 'session') ? text(child(root, 'session')) : undefined,
    dstHost: has(child(root, 'dst'), 'host') ? text(child(child(root, 'dst'), 'host')) : undefined,
  };
  const calls: OperatorCall[] = [];
  for (const data of children(root, 'data')) {
    for (const operator of childNames(data)) {
      for (const opNode of children(data, operator)) {
        // Several calls may share one operator element (the connector's several <remove>s).
        for (const name of childNames(opNode)) {
          for (const body of children(opNode, name)) calls.push({ operator, name, body });
        }
      }
    }
  }
  if (calls.length === 0) throw new PacketError('no_operator', 'packet has no operator call in <data>', header);
  return { header, calls };
}

/** Best-effort header of an unparseable packet, so an error reply can still echo id and cookie. */
export function sniffHeader(xml: string): PacketHeader {
  const id = /<(?:\w+:)?packet\b[^>]*?\sid="([^"]*)"/.exec(xml)?.[1];
  const cookie = /<(?:\w+:)?cookie>([^<]*)</.exec(xml)?.[1];
  return { id, progress: false, log: false, targets: [], cookie };
}

// ---------------------------------------------------------------- encoding

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
export function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}
export function unb64(s: string): string {
  return Buffer.from(s.trim(), 'base64').toString('utf8');
}

/** `<p:name>inner</p:name>`, or `<p:name/>` when inner is empty. */
export function el(name: string, inner = ''): string {
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}
export function tx(name: string, value: string | number): string {
  return `<${name}>${esc(String(value))}</${name}>`;
}

/** `YYYY-MM-DDThh:mm:ss+0000` (VZLCommonTypes datetime_type as the seed page writes it). */
export function vzTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
/** `yyyymmddhhmmss`, the suffix of backup ids `<eid>/<stamp>` (seed page). */
export function backupStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** A vzlt:infoType tree: a base64 template, its name, and nested parameters. */
export interface InfoParam {
  name: string;
  message: string;
  translate?: boolean;
  parameters?: InfoParam[];
}

export function infoXml(p: string, tag: string, info: InfoParam): string {
  const params = (info.parameters ?? []).map((x) => infoXml(p, 'parameter', x)).join('');
  return el(
    `${p}:${tag}`,
    tx(`${p}:message`, info.message === '' ? '' : b64(info.message)) +
      tx(`${p}:name`, info.name) +
      (info.translate ? `<${p}:translate/>` : '') +
      params,
  );
}

export interface ReplyHeader {
  /** The request's id (progress packets carry it too, seed page). */
  id?: string;
  /** Operator that answers (`backupm`, `system`...). */
  origin: string;
  /** The client's name given at login (`vzclient3` in the seed page). */
  target?: string;
  /** 1 UNFINISHED (progress), 2 RESPONSE (VZLProtocol.xsd). */
  type?: number;
  time: string;
  cookie?: string;
  version?: string;
  /** Progress of a `log="on"` request is also addressed to `log_subscription` (seed page). */
  logSubscription?: boolean;
}

/** One reply packet: the protocol envelope around an operator element in its own namespace. */
export function encodePacket(h: ReplyHeader, operator: string, inner: string): string {
  return envelope(h, el(`ns2:${operator}`, inner), operatorNamespace(operator));
}

/** The protocol envelope around `data` content; `ns2` is declared when the content uses it. */
export function envelope(h: ReplyHeader, dataInner: string, ns2?: string): string {
  const attrs = [
    `xmlns:ns1="${NS.protocol}"`,
    ns2 ? `xmlns:ns2="${ns2}"` : '',
    `xmlns:ns3="${NS.types}"`,
    `xmlns:xsi="${NS.xsi}"`,
    h.id !== undefined ? `id="${esc(h.id)}"` : '',
    `time="${h.time}"`,
    h.type !== undefined ? `type="${h.type}"` : '',
    'priority="4000"',
    `version="${esc(h.version ?? '4.0.0')}"`,
  ].filter(Boolean);
  return (
    `<ns1:packet ${attrs.join(' ')}>` +
    (h.cookie !== undefined ? tx('ns1:cookie', h.cookie) : '') +
    tx('ns1:origin', h.origin) +
    (h.target ? tx('ns1:target', h.target) : '') +
    '<ns1:dst><director>gend</director></ns1:dst>' +
    el('ns1:data', dataInner) +
    (h.logSubscription ? tx('ns1:target', 'log_subscription') : '') +
    '<ns1:src><ns1:director>gend</ns1:director></ns1:src>' +
    '</ns1:packet>'
  );
}

/** The error element of VZLProtocol.xsd operator_functionalType: code first, then message. */
export function errorXml(code: number, message: string): string {
  return el('ns1:error', tx('ns1:code', code) + tx('ns1:message', message));
}

export const OK = '<ns1:ok/>';
