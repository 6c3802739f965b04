/**
 * The shape every vendor operation has (STYLE.md "The picture we want"): a request enters at a
 * door (an HTTP route, a JSON-RPC service/operation, a packet operator/call), the engine finds
 * the operation it names, authenticates once, applies scenario rules and faults once, decodes
 * the input, runs the operation against the vendor's model, journals it and encodes the answer
 * through the same door. Operations are data: one table per vendor, read like moto's method
 * list or LocalStack's `@handler("Op")`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../clock';
import type { TimelineInput } from '../jobs/timeline';
import type { Reply, TenantHandle } from '../vendor';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** An HTTP request as doors, decoders and authenticators see it. Bodies are decoded once, lazily. */
export interface HttpRequest {
  readonly listener: string;
  readonly method: string;
  /** Path as received, without the query string. */
  readonly path: string;
  /** Path parameters of the route (find-my-way `:name`), the vendor's URL prefix's among them. */
  readonly params: Readonly<Record<string, string | undefined>>;
  /** First value of each query parameter; `searchParams` has them all. */
  readonly query: Readonly<Record<string, string>>;
  readonly searchParams: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** Lower-case media type without parameters, '' when absent. */
  readonly contentType: string;
  /** `scheme://host:port` as the client addressed us (for links such as a Keystone catalog). */
  readonly baseUrl: string;
  /** One header's first value. */
  header(name: string): string | undefined;
  /** HTTP Basic credentials: undefined when no Basic header is sent, 'malformed' when it does not decode. */
  basicAuth(): { username: string; password: string } | 'malformed' | undefined;
  /** A cookie's value (URL-decoded), from the Cookie header. */
  cookie(name: string): string | undefined;
  text(): string;
  /** The parsed JSON body; throws EngineError BAD_REQUEST when it is not JSON. */
  json(): unknown;
  /** The parsed XML body (src/codec/xml.ts); throws EngineError BAD_REQUEST when it is not XML. */
  xml(): Record<string, unknown>;
}

/** One call of a packet (a packet may carry several), as packet doors decode it. */
export interface PacketRequest<H = unknown> {
  readonly listener: string;
  /** The packet's header fields, in the vendor's terms (the codec's `decode`). */
  readonly header: H;
  /** The dispatch key, e.g. `backupm.backup_env`. */
  readonly key: string;
  /** The call's body, as the vendor's packet codec parsed it. */
  readonly body: unknown;
  /** The whole packet's text (for rules' bodyContains and the journal). */
  readonly raw: string;
  /** The journal's and rules' path of the call (the codec's `path(key)`), e.g. `/backupm/backup_env`. */
  readonly path: string;
}

/**
 * What a vendor declares about itself for typing: its state, options, how its doors decode,
 * what each auth level hands an operation. One interface per vendor, e.g. `interface Vcenter`.
 */
export interface VendorTypes {
  /** The vendor's name in scenarios, rules and URLs (`vcenter`). */
  name: string;
  /** One tenant's state: the vendor's model. */
  state: object;
  /** `vendors.<name>` after the vendor's zod schema applied its defaults. */
  options: object;
  credentials: unknown;
  entities: unknown;
  /** Per door: the binding an operation gives it and the envelope it reads from a request. */
  doors: Record<string, { binding: object; envelope: unknown }>;
  /** What every door decodes a request into: the argument of operations' `input`. */
  raw: unknown;
  /** Auth level name -> what its authenticator gives an operation (a session, a user...). */
  auth: Record<string, unknown>;
  /** What operations answer, before a door encodes it. */
  output: unknown;
  /** The operations' `output` descriptor (e.g. a vAPI type), given to the door's encoder. */
  outputType: unknown;
  /** State of one connection (packet doors) or one HTTP request: login, client name... */
  conn: object;
  /** What an operation may emit before its answer where its door streams (progress packets). */
  progress: unknown;
}

/**
 * The header type of a vendor's packets: a vendor with a packet codec declares
 * `packetHeader: PacketHeader` in its types; others need not.
 */
export type PacketHeaderOf<T extends VendorTypes> = T extends { packetHeader: infer H } ? H : unknown;

export type DoorName<T extends VendorTypes> = keyof T['doors'] & string;
export type AuthLevel<T extends VendorTypes> = keyof T['auth'] & string;
export type BindingOf<T extends VendorTypes, D extends DoorName<T>> = T['doors'][D]['binding'];
export type EnvelopeOf<T extends VendorTypes, D extends DoorName<T>> = T['doors'][D]['envelope'];

/** The request at a door, discriminated by door name (so `req.door === 'jsonrpc'` narrows the envelope). */
export type DoorRequest<T extends VendorTypes> = {
  [D in DoorName<T>]: {
    readonly door: D;
    readonly binding: BindingOf<T, D>;
    readonly envelope: EnvelopeOf<T, D>;
    /** Present at HTTP doors. */
    readonly http: HttpRequest | undefined;
    /** Present at packet doors. */
    readonly packet: PacketRequest | undefined;
    readonly conn: T['conn'];
    /** The door's decoding of the request (memoised; throws the door's own error). */
    raw(): T['raw'];
  };
}[DoorName<T>];

/** What an authenticator sees: the request and the tenant it belongs to. */
export type AuthRequest<T extends VendorTypes> = DoorRequest<T> & {
  readonly tenant: TenantHandle<T['state']>;
  readonly state: T['state'];
  readonly clock: Clock;
  readonly options: T['options'];
};

/** Everything an operation's `run` may reach: its tenant's model, clock, caller and connection. */
export interface OperationContext<T extends VendorTypes, A> {
  readonly tenant: TenantHandle<T['state']>;
  readonly state: T['state'];
  /** The tenant's virtual clock. */
  readonly clock: Clock;
  readonly options: T['options'];
  /** What the operation's auth level gave (the caller's session, user...). */
  readonly auth: A;
  readonly conn: T['conn'];
  /** Present where the door streams answers (a packet asked for progress). */
  readonly progress: ((event: T['progress']) => void) | undefined;
  /** Base URLs of this vendor's listeners, e.g. `{ http: 'http://127.0.0.1:8480' }`. */
  readonly urls: Readonly<Record<string, string>>;
  log(message: string, fields?: Record<string, unknown>): void;
}

/** One vendor operation: its name, its doors, its auth level, how its input is read, what it does. */
export interface Operation<T extends VendorTypes, L extends AuthLevel<T> = AuthLevel<T>, I = unknown> {
  /** The journal's and the scenario rules' name, e.g. `job.create`, `CreateManualBackup`. */
  readonly name: string;
  /** Where requests reach it: per door, the binding that door understands. */
  readonly doors: { readonly [D in DoorName<T>]?: BindingOf<T, D> | readonly BindingOf<T, D>[] };
  readonly auth: L;
  /** Turns the door's decoding into the operation's input, throwing the vendor's own errors. */
  readonly input?: (raw: T['raw'], req: DoorRequest<T>) => I;
  readonly run: (input: I, ctx: OperationContext<T, T['auth'][L]>) => T['output'] | Promise<T['output']>;
  /** What the door's encoder needs to know about the answer (a vAPI type, an XML root...). */
  readonly output?: T['outputType'];
  /** One line for `GET /vendors/:vendor/operations` and README. */
  readonly summary?: string;
}

/** A vendor's operations, as one table: `export const operations = table<Vcenter>()(jobCreate, ...)`. */
export type AnyOperation<T extends VendorTypes> = Operation<T, AuthLevel<T>, any>;

/**
 * Build an operation with its types checked against the vendor's: the auth level's value is
 * what `run` gets as `ctx.auth`, and `input`'s result is what `run` gets as its input.
 */
export function operationsOf<T extends VendorTypes>() {
  return function operation<L extends AuthLevel<T>, I = T['raw']>(spec: Operation<T, L, I>): AnyOperation<T> {
    // The table holds operations of every level side by side; the engine calls each with the
    // value of its own level's authenticator, so erasing L here is sound.
    return spec as unknown as AnyOperation<T>;
  };
}

/** An HTTP route a door binding names. Paths are relative to the vendor's URL prefixes. */
export interface HttpRoute {
  readonly method: HttpMethod | readonly HttpMethod[];
  readonly path: string | readonly string[];
  /** Query parameters that must have these values: two operations may share a method and path. */
  readonly query?: Readonly<Record<string, string>>;
  /** Only on these listeners (default: every HTTP listener of the vendor). */
  readonly listeners?: readonly string[];
}

/** What the engine hands a door's encoder besides the value. */
export interface EncodeArgs<T extends VendorTypes, D extends DoorName<T>> {
  readonly op: AnyOperation<T>;
  readonly binding: BindingOf<T, D>;
  readonly envelope: EnvelopeOf<T, D>;
  readonly http: HttpRequest;
}

/** A door whose operations are HTTP routes, each binding naming its own route (REST). */
export interface RouteDoor<T extends VendorTypes, D extends DoorName<T>> {
  readonly kind: 'route';
  /** The route of a binding (the binding may carry more: a success status, a body field...). */
  route(binding: BindingOf<T, D>): HttpRoute;
  /** Paths (relative to the vendor's prefixes, find-my-way wildcards) whose unrouted requests this door answers. */
  readonly fallback?: readonly string[];
  /** The envelope of a routed request (default: undefined). */
  envelope?(http: HttpRequest): EnvelopeOf<T, D>;
  decode(http: HttpRequest, binding: BindingOf<T, D>, op: AnyOperation<T>, envelope: EnvelopeOf<T, D>): T['raw'];
  encode(value: T['output'], args: EncodeArgs<T, D>): Reply;
  /** The vendor's own answer for an error thrown anywhere on the way (an EngineError included). */
  error(error: unknown, http: HttpRequest, envelope: EnvelopeOf<T, D> | undefined): Reply;
}

/** A door that is one HTTP route whose body names the operation (JSON-RPC). */
export interface MuxDoor<T extends VendorTypes, D extends DoorName<T>> {
  readonly kind: 'mux';
  readonly route: HttpRoute;
  /** The dispatch keys of a binding, e.g. `com.vmware.cis.session.create`. */
  keys(binding: BindingOf<T, D>): string[];
  /** Read the envelope once: the key it names and whatever else the door needs. Throws the door's errors. */
  parse(http: HttpRequest): { key: string; envelope: EnvelopeOf<T, D> };
  /** The door's own error for a key no operation has. */
  unknown(key: string, envelope: EnvelopeOf<T, D>): Error;
  decode(http: HttpRequest, binding: BindingOf<T, D>, op: AnyOperation<T>, envelope: EnvelopeOf<T, D>): T['raw'];
  encode(value: T['output'], args: EncodeArgs<T, D>): Reply;
  error(error: unknown, http: HttpRequest, envelope: EnvelopeOf<T, D> | undefined): Reply;
}

/**
 * A door of a packet protocol: calls named by a key (`backupm.backup_env`). The packet transport
 * (src/transport/packet.ts) reads and writes packets with the vendor's `packet` codec; this door
 * only names its bindings' keys and hands a call's body to the operation.
 */
export interface PacketDoor<T extends VendorTypes, D extends DoorName<T>> {
  readonly kind: 'packet';
  keys(binding: BindingOf<T, D>): string[];
  decode(packet: PacketRequest<PacketHeaderOf<T>>, binding: BindingOf<T, D>, op: AnyOperation<T>): T['raw'];
}

/**
 * An HTTP door carrying a packet protocol: packets posted in one body (split by the codec's
 * delimiter), answered as one chunked stream of framed packets (progress included). The packets
 * reach the operations of the vendor's packet doors through the same packet session as a TCP
 * connection's (src/transport/packet-http.ts); this door has no operations of its own.
 */
export interface StreamDoor<T extends VendorTypes, D extends DoorName<T>> {
  readonly kind: 'stream';
  readonly route: HttpRoute;
  /** Paths (find-my-way wildcards) whose unrouted requests this door answers, as a route door's. */
  readonly fallback?: readonly string[];
  /** Headers of the streamed answer (its content type). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * HTTP credentials (Basic) as a login call the session runs before the packets, or undefined
   * when the request has none. The call goes through the usual path (rules, auth, journal); if it
   * fails the request is answered by `error` with that error and no packet runs.
   */
  signIn?(http: HttpRequest): { readonly key: string; readonly body: unknown } | undefined;
  /** The vendor's answer for an error before or instead of the stream (an EngineError included). */
  error(error: unknown, http: HttpRequest, ctx: StreamContext<T>): Reply;
}

/** What a stream door's error renderer may read: the vendor's options (its error codes) and the clock. */
export interface StreamContext<T extends VendorTypes> {
  readonly options: T['options'];
  readonly clock: Clock;
}

export type Door<T extends VendorTypes, D extends DoorName<T>> = RouteDoor<T, D> | MuxDoor<T, D> | PacketDoor<T, D> | StreamDoor<T, D>;
export type Doors<T extends VendorTypes> = { readonly [D in DoorName<T>]: Door<T, D> };

/** Job timelines an operation's jobs follow when no scenario job rule picks one. */
export type DefaultTimelines = Readonly<Record<string, TimelineInput>>;
