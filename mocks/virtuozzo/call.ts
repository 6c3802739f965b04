/** What a Virtuozzo call handler sees: its tenant, the packet header, the connection, progress. */
import type { Clock } from '../../src/clock';
import type { TenantHandle } from '../../src/legacy/vendor';
import type { ErrorCodes } from './errors';
import type { ProgressEvent } from './messages';
import type { VirtuozzoState } from './model';
import type { Fragment, PacketHeader, XmlNode } from './wire';

/** One connection (TCP) or one HTTP request: the session the calls run in. */
export interface Connection {
  user?: string;
  tenant?: TenantHandle<VirtuozzoState>;
  /** The client's name given at login, echoed as `<target>` of replies (`vzclient3`). */
  clientName?: string;
  sessionId?: string;
  /** Set by sessionm/logout: close once the reply is written. */
  closing?: boolean;
}

export interface CallContext {
  readonly tenant: TenantHandle<VirtuozzoState>;
  readonly state: VirtuozzoState;
  readonly clock: Clock;
  readonly codes: ErrorCodes;
  readonly header: PacketHeader;
  readonly conn: Connection;
  /** Present only when the request asked for progress packets (`progress="on"`). */
  readonly progress?: (event: ProgressEvent) => void;
  /** The tenant whose scenario credentials hold this principal (`user:<name>`), else the default. */
  tenantFor(principal: string): TenantHandle<VirtuozzoState>;
}

/** A handler answers with the content of its operator element (errors included, mixed). */
export type CallHandler = (body: XmlNode, c: CallContext) => Fragment | Promise<Fragment>;

export interface CallRoute {
  operators: string[];
  call: string;
  handler: CallHandler;
  /** Callable before login (system/login, sessionm/login). */
  public?: boolean;
}
