/**
 * Virtuozzo Agent XML packets: decoding requests by local name, encoding replies, progress
 * and error packets in the shapes of the seed page (vendor-docs/virtuozzo-backupm-backup-env.txt)
 * and the v4 XSDs (VZLProtocol.xsd, VZLBackupm.xsd, VZLCommonTypes.xsd).
 */
import { asArray, createXml, parseXml } from '../../src/codec/xml';

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
// Replies are built with the project's one XML builder (xmlbuilder2 through createXml), which
// escapes text and attributes. It writes an element without children as `<a/>` and one with an
// empty text node (`.txt('')`) as `<a></a>`, the two forms the seed page's packets use.

/** An xmlbuilder2 element builder. */
export type XmlBuilder = ReturnType<typeof createXml>;

/**
 * Content of a reply element: writes its children into `parent`. Handlers answer with one;
 * `error` marks content that holds an error element (the journal records such replies as 400).
 */
export interface Fragment {
  (parent: XmlBuilder): void;
  readonly error?: boolean;
}

export function fragment(write: (parent: XmlBuilder) => void, error = false): Fragment {
  return Object.assign(write, error ? { error: true } : {});
}

/** Several fragments in order, as siblings. */
export function fragments(parts: Fragment[]): Fragment {
  return fragment((parent) => parts.forEach((part) => part(parent)), parts.some((part) => part.error));
}

export function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}
export function unb64(s: string): string {
  return Buffer.from(s.trim(), 'base64').toString('utf8');
}

/** A child element holding `value` as text (an empty value still writes `<name></name>`). */
export function leaf(parent: XmlBuilder, name: string, value: string | number): XmlBuilder {
  return parent.ele(name).txt(String(value)).up();
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

/** `<p:tag>`: message (base64), name, translate flag, then the parameters, nested alike. */
export function infoXml(p: string, tag: string, info: InfoParam): Fragment {
  return fragment((parent) => {
    const e = parent.ele(`${p}:${tag}`);
    leaf(e, `${p}:message`, info.message === '' ? '' : b64(info.message));
    leaf(e, `${p}:name`, info.name);
    if (info.translate) e.ele(`${p}:translate`);
    for (const x of info.parameters ?? []) infoXml(p, 'parameter', x)(e);
  });
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
export function encodePacket(h: ReplyHeader, operator: string, inner: Fragment): string {
  return envelope(h, fragment((data) => inner(data.ele(`ns2:${operator}`))), operatorNamespace(operator));
}

/**
 * The protocol envelope around `data` content; `ns2` is declared when the content uses it.
 * No XML declaration: the agent's packets start with the packet element (seed page).
 */
export function envelope(h: ReplyHeader, data: Fragment, ns2?: string): string {
  const doc = createXml();
  const packet = doc.ele('ns1:packet').att('xmlns:ns1', NS.protocol);
  if (ns2) packet.att('xmlns:ns2', ns2);
  packet.att('xmlns:ns3', NS.types).att('xmlns:xsi', NS.xsi);
  if (h.id !== undefined) packet.att('id', h.id);
  packet.att('time', h.time);
  if (h.type !== undefined) packet.att('type', String(h.type));
  packet.att('priority', '4000').att('version', h.version ?? '4.0.0');
  if (h.cookie !== undefined) leaf(packet, 'ns1:cookie', h.cookie);
  leaf(packet, 'ns1:origin', h.origin);
  if (h.target) leaf(packet, 'ns1:target', h.target);
  // The seed page's dst director has no prefix (no namespace); src's has ns1.
  packet.ele('ns1:dst').ele('director').txt('gend');
  data(packet.ele('ns1:data'));
  if (h.logSubscription) leaf(packet, 'ns1:target', 'log_subscription');
  packet.ele('ns1:src').ele('ns1:director').txt('gend');
  return doc.end({ headless: true });
}

/** The error element of VZLProtocol.xsd operator_functionalType: code first, then message. */
export function errorXml(code: number, message: string): Fragment {
  return fragment((parent) => {
    const e = parent.ele('ns1:error');
    leaf(e, 'ns1:code', code);
    leaf(e, 'ns1:message', message);
  }, true);
}

/** `<ns1:ok/>`: the call succeeded and has nothing to say. */
export const OK: Fragment = fragment((parent) => void parent.ele('ns1:ok'));

/** No content: the operator element is written empty (`<ns2:backupm/>`). */
export const EMPTY: Fragment = fragment(() => undefined);
