/**
 * The Virtuozzo Agent's packets and doors: NUL-framed XML packets read by local name (clients
 * differ in prefixes), replies in the envelope of the Agent XML API reference's backupm/backup_env
 * page (the "backup_env page" below; VZLProtocol.xsd), the packet codec the engine's packet transport serves TCP, TLS and
 * the HTTP stream door with, and those doors. Call bodies and answers are messages.ts's.
 */
import type { Clock } from '../../src/clock';
import { createXml, parseXml } from '../../src/codec/xml';
import { parseDuration } from '../../src/duration';
import type { PacketCodec, PacketContext, PacketSettings } from '../../src/operations/packets';
import type { HttpRequest, PacketDoor, StreamDoor } from '../../src/operations/types';
import type { Reply } from '../../src/vendor';
import { AgentError, errorCodes, httpStatus, packetStatus, type ErrorCodes } from './errors';
import type { Virtuozzo } from './index';
import type { ProgressEvent } from './jobs';
import { agentErrorXml, answerHasError, answerXml, b64, child, childNames, children, fragments, has, infoXml, leaf, OK, text, vzTime, type Fragment, type XmlNode } from './messages';

const VZL = 'http://www.swsoft.com/webservices/vzl/4.0.0';
const VZA = 'http://www.swsoft.com/webservices/vza/4.0.0';
const NS = { protocol: `${VZL}/protocol`, system: `${VZL}/system`, types: `${VZL}/types`, xsi: 'http://www.w3.org/2001/XMLSchema-instance' } as const;

/** The namespace of an operator's payload (`ns2` in the backup_env page's replies). */
function operatorNamespace(operator: string): string {
  return operator.startsWith('vza') ? `${VZA}/${operator}` : `${VZL}/${operator}`;
}

// ---------------------------------------------------------------- requests

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

/** A packet that cannot be understood (malformedPacket); `header` is what could be read, to echo its id. */
export class PacketError extends AgentError {
  constructor(
    readonly kind: 'malformed' | 'not_a_packet' | 'no_operator',
    message: string,
    readonly header?: PacketHeader,
  ) {
    super('malformedPacket', message);
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
  const dst = child(root, 'dst');
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
    dstHost: has(dst, 'host') ? text(child(dst, 'host')) : undefined,
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

// ---------------------------------------------------------------- replies

export interface ReplyHeader {
  /** The request's id (progress packets carry it too, backup_env page). */
  id?: string;
  /** Operator that answers (`backupm`, `system`...). */
  origin: string;
  /** The client's name given at login (`vzclient3` in the backup_env page). */
  target?: string;
  /** 1 UNFINISHED (progress), 2 RESPONSE (VZLProtocol.xsd). */
  type?: number;
  time: string;
  cookie?: string;
  version?: string;
  /** Progress of a `log="on"` request is also addressed to `log_subscription` (backup_env page). */
  logSubscription?: boolean;
}

/**
 * The protocol envelope around `data` content; `ns2` is declared when the content uses it.
 * No XML declaration: the agent's packets start with the packet element (backup_env page).
 */
function envelope(h: ReplyHeader, data: Fragment, ns2?: string): string {
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
  // The backup_env page's dst director has no prefix (no namespace); src's has ns1.
  packet.ele('ns1:dst').ele('director').txt('gend');
  data(packet.ele('ns1:data'));
  if (h.logSubscription) leaf(packet, 'ns1:target', 'log_subscription');
  packet.ele('ns1:src').ele('ns1:director').txt('gend');
  return doc.end({ headless: true });
}

/** One reply packet: the protocol envelope around an operator element in its own namespace. */
export function encodePacket(h: ReplyHeader, operator: string, inner: Fragment): string {
  return envelope(h, (data) => inner(data.ele(`ns2:${operator}`)), operatorNamespace(operator));
}

/** A progress packet (type="1") exactly in the backup_env page's layout. */
export function progressPacket(h: ReplyHeader, p: ProgressEvent): string {
  return envelope({ ...h, type: 1 }, (data) => {
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
}

/** The greeting the agent sends on connect (its content is not public: kept minimal). */
function greetingPacket(time: number): string {
  return envelope({ origin: 'system', type: 2, time: vzTime(time) }, (data) => OK(data.ele('ns2:system')), NS.system);
}

/** A packet refused as a whole (unreadable, too large, a refused HTTP request), from `system`. */
function refusal(h: Partial<PacketHeader> | undefined, error: unknown, codes: ErrorCodes, clock: Clock, target?: string): string {
  return encodePacket({ id: h?.id, cookie: h?.cookie, origin: 'system', target, time: vzTime(clock.now()) }, 'system', agentErrorXml(codes, error));
}

// ---------------------------------------------------------------- the codec

type Options = Virtuozzo['options'];

const codesCache = new WeakMap<object, ErrorCodes>();
function codesOf(options: Options): ErrorCodes {
  let codes = codesCache.get(options);
  if (!codes) codesCache.set(options, (codes = errorCodes(options.errorCodes)));
  return codes;
}

/** One listener's settings; the HTTP stream door greets never and spaces nothing. */
function settingsOf(o: Options, listener: string): PacketSettings {
  const stream = listener !== 'tcp' && listener !== 'tls';
  const g = o.greeting;
  const greeting = typeof g === 'string' ? g : (stream ? undefined : g[listener as 'tcp' | 'tls']) ?? 'auto';
  return {
    greeting: stream ? 'off' : greeting,
    greetingWindowMs: parseDuration(o.greetingWindow),
    maxPacketBytes: o.maxPacketBytes,
    writeGapMs: stream ? 0 : parseDuration(o.writeGap),
    idleTimeoutMs: stream ? 0 : parseDuration(o.idleTimeout),
  };
}

const operatorOf = (key: string) => key.slice(0, key.indexOf('.'));

function replyHeader(h: PacketHeader, origin: string, ctx: PacketContext<Virtuozzo>): ReplyHeader {
  return { id: h.id, cookie: h.cookie, origin, target: ctx.conn.clientName, time: vzTime(ctx.clock.now()), version: h.version };
}

export const codec: PacketCodec<Virtuozzo> = {
  delimiter: 0,
  // `...</packet>\n\0`, the NUL last: the Python connector strips NULs only at the ends of each read.
  frame: (xml) => Buffer.from(`${xml}\n\0`, 'utf8'),
  settings: settingsOf,
  names: { malformed: 'system.malformed', oversized: 'system.packet' },
  decode: (xml) => {
    const p = decodePacket(xml);
    return { header: p.header, calls: p.calls.map((c) => ({ key: `${c.operator}.${c.name}`, body: c.body })) };
  },
  sniff: (xml, e) => (e instanceof PacketError && e.header) || sniffHeader(xml),
  path: (key) => `/${key.replace('.', '/')}`,
  unknown: (key, keys) => {
    const operator = operatorOf(key);
    const known = keys.some((k) => operatorOf(k) === operator);
    return new AgentError(known ? 'unknownCall' : 'unknownOperator', `${known ? 'Unknown call' : 'Unknown operator'} ${key.replace('.', '/')}`);
  },
  wantsProgress: (h) => h.progress,
  reply: (h, answers, ctx) => {
    const codes = codesOf(ctx.options);
    // Several calls of one packet (the connector's several <remove>s) share one reply; one <ok/> says all.
    const allOk = answers.every((a) => a.value?.kind === 'ok');
    const inner = allOk ? OK : fragments(answers.map((a) => (a.value !== undefined ? answerXml(a.value, codes) : agentErrorXml(codes, a.error))));
    const operator = operatorOf(answers[0].key);
    return encodePacket(replyHeader(h, operator, ctx), operator, inner);
  },
  refuse: (h, error, ctx) => refusal(h, error, codesOf(ctx.options), ctx.clock, ctx.conn.clientName),
  progress: (h, event, ctx) => progressPacket({ ...replyHeader(h, operatorOf(event.op), ctx), logSubscription: h.log }, event),
  greeting: (ctx) => greetingPacket(ctx.clock.now()),
  status: (a) => (a.value !== undefined ? (answerHasError(a.value) ? 400 : 200) : packetStatus(a.error)),
  ends: (conn) => conn.closing === true,
};

// ---------------------------------------------------------------- doors

/** The TCP/TLS (and HTTP stream) calls: `<operator><call>`, one binding per call, several operators for one. */
export interface CallBinding {
  readonly operators: readonly string[];
  readonly call: string;
}

export const packetDoor: PacketDoor<Virtuozzo, 'packet'> = {
  kind: 'packet',
  keys: (b) => b.operators.map((o) => `${o}.${b.call}`),
  decode: (packet) => packet.body as XmlNode,
};

export const CONTENT_TYPE = 'application/xml; charset=utf-8';

/** HTTP Basic credentials as a system/login call (names and passwords are base64 on the wire, VZLSystem.xsd). */
function basicSignIn(http: HttpRequest): { key: string; body: XmlNode } | undefined {
  const h = http.header('authorization');
  if (h === undefined) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(h);
  const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  const i = decoded.indexOf(':');
  if (i <= 0) throw new AgentError('badCredentials', 'Malformed Basic authorization header');
  return { key: 'system.login', body: { name: b64(decoded.slice(0, i)), password: b64(decoded.slice(i + 1)) } };
}

/**
 * For clients that cannot open raw TCP: POST one or more NUL-separated packets to `/` or
 * `/vzl/packet` and read the progress packets and replies as one chunked answer. Credentials:
 * HTTP Basic, a `<session>` from sessionm/login, or login packets first.
 */
export const httpDoor: StreamDoor<Virtuozzo, 'http'> = {
  kind: 'stream',
  route: { method: 'POST', path: ['/', '/vzl/packet'] },
  headers: { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' },
  signIn: basicSignIn,
  error: (e, http, ctx): Reply => {
    const status = httpStatus(e);
    const xml = refusal(sniffHeader(http.text()), e, codesOf(ctx.options), ctx.clock);
    return { status, headers: { 'content-type': CONTENT_TYPE, ...(status === 401 ? { 'www-authenticate': 'Basic realm="virtuozzo"' } : {}) }, body: codec.frame(xml) };
  },
};

