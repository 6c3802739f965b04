/**
 * Virtuozzo Agent emulator: the XML API over NUL-framed TCP (4433, TLS 4434) and an HTTP door
 * (8403) streaming the same packets, both served by the engine's packet transport with this
 * vendor's codec (wire.ts). See README.md (Virtuozzo Agent).
 */
import { parseDuration } from '../../src/duration';
import type { SchemaTypes, VendorTypes } from '../../src/vendor';
import { defineVendor } from '../../src/vendor';
import { AgentError, errors } from './errors';
import { DEFAULT_TIMELINES, type ProgressEvent } from './jobs';
import type { Answer, XmlNode } from './messages';
import type { VirtuozzoState } from './model';
import { operations, readLogin } from './operations';
import type { schemas } from './schema';
import { armState } from './schedules';
import { createState, usersOf } from './seed';
import { closeSession, useSession } from './sessions';
import { codec, httpDoor, packetDoor, type CallBinding, type PacketHeader } from './wire';

type Sections = SchemaTypes<typeof schemas>;

/** One connection (TCP/TLS) or one HTTP stream: the session its calls run in. */
export interface Connection {
  user?: string;
  /** How later calls find this connection's tenant: `user:<name>`, or the sessionm session id. */
  principal?: string;
  /** The client's name given at its first login, echoed as `<target>` of replies (`vzclient3`). */
  clientName?: string;
  sessionId?: string;
  /** Set by sessionm/logout: the connection closes once the reply is written. */
  closing?: boolean;
}

/** What a logged-in call runs as. */
export interface Caller {
  user: string;
}

export interface Virtuozzo extends VendorTypes {
  name: 'virtuozzo';
  state: VirtuozzoState;
  options: Sections['options'];
  credentials: Sections['credentials'];
  entities: Sections['entities'];
  doors: { packet: { binding: CallBinding; envelope: PacketHeader }; http: { binding: never; envelope: undefined } };
  raw: XmlNode;
  auth: { none: undefined; login: Caller };
  output: Answer;
  outputType: undefined;
  conn: Connection;
  progress: ProgressEvent;
  packetHeader: PacketHeader;
}

const LOGINS = new Set(['system.login', 'sessionm.login']);

export default defineVendor<Virtuozzo>({
  name: 'virtuozzo',
  title: 'Virtuozzo Agent',
  listeners: [
    { name: 'tcp', protocol: 'tcp', defaultPort: 4433, offset: 90 },
    { name: 'tls', protocol: 'tls', defaultPort: 4434, offset: 91 },
    { name: 'http', protocol: 'http', defaultPort: 8403, offset: 4 },
  ],
  schemas: () => (require('./schema') as typeof import('./schema')).schemas,
  doors: { packet: packetDoor, http: httpDoor },
  packet: codec,
  operations,
  auth: {
    none: () => undefined,
    /** Logged in on this connection, or a live sessionm session in the packet's `<session>`. */
    login: (req) => {
      const conn = req.conn;
      const timeout = parseDuration(req.options.sessionTimeout);
      // A connection that logged in with sessionm keeps its session alive by using it.
      if (conn.sessionId !== undefined) useSession(req.state, conn.sessionId, req.clock.now(), timeout);
      if (conn.user !== undefined) return { user: conn.user };
      const id = req.door === 'packet' ? req.envelope.session?.trim() : undefined;
      if (id) {
        const s = useSession(req.state, id, req.clock.now(), timeout);
        if (s) {
          conn.user = s.user;
          conn.principal = id;
          conn.sessionId = id;
          return { user: s.user };
        }
        req.tenant.unbind(id); // expired
      }
      throw new AgentError('notLoggedIn');
    },
  },
  errors,
  createState,
  armState,
  newConn: () => ({}),
  principal: (req) => {
    if (req.door !== 'packet') return undefined;
    if (req.packet && LOGINS.has(req.packet.key)) return `user:${readLogin(req.raw()).name}`;
    return req.conn.principal ?? req.envelope.session?.trim();
  },
  credentialPrincipals: (creds) => usersOf(creds).map((u) => `user:${u.name}`),
  invalidateAuth: (req) => {
    const conn = req.conn;
    const id = conn.sessionId ?? (req.door === 'packet' ? req.envelope.session?.trim() : undefined);
    if (id) {
      closeSession(req.state, id);
      req.tenant.unbind(id);
    }
    delete conn.user;
    delete conn.principal;
    delete conn.sessionId;
  },
  defaultTimelines: DEFAULT_TIMELINES,
  describeCredentials: (creds) => usersOf(creds).map((u) => `${u.name} / ${u.password}`),
  // Session ids in `<session>` headers and anywhere else (vzl.40000.4.<uuid>..<hex>); passwords are the engine's.
  maskBody: (text) => text.replace(/(<(?:[\w.-]+:)?session(?:\s[^>]*)?>)[^<]*(<\/)/gi, '$1***$2').replace(/vzl\.\d+\.\d+\.[0-9a-f-]+\.\.[0-9a-f]+/gi, '***'),
});
