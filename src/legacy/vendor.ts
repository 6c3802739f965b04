/**
 * The contract between the shared engine (src/) and a vendor emulator (mocks/<vendor>/).
 * A vendor module is data plus small functions: listeners, a route table, a state factory and
 * an error renderer. Everything cross-cutting (tenancy, journal, faults, body limits, TLS,
 * routing) is done once by the engine around the handlers. See docs/VENDOR-GUIDE.md.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Faker } from '@faker-js/faker';
import type { ZodObject, ZodType } from 'zod';
import type { Clock } from '../clock';
import type { Job, JobChange, JobPatch, StartJob } from '../jobs/engine';
import type { TimelineInput } from '../jobs/timeline';
import { MockError } from '../errors';

export type VendorName = 'commvault' | 'metallic' | 'dds' | 'virtuozzo' | 'vcenter';
export const VENDOR_NAMES: readonly VendorName[] = ['commvault', 'metallic', 'dds', 'virtuozzo', 'vcenter'];

export type ListenerProtocol = 'http' | 'https' | 'tcp' | 'tls';

export interface ListenerSpec {
  /** Listener name within the vendor, e.g. `http`, `https`, `tcp`, `tls`. */
  name: string;
  protocol: ListenerProtocol;
  /** Port used by `npm start` with no flags. */
  defaultPort: number;
  /** Port = base + offset under `--port-base`; offsets are unique across all vendors (src/ports.ts lists them). */
  offset: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** What a handler answers. `stream` is for chunked answers that follow the virtual clock. */
export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  stream?: AsyncIterable<string | Buffer>;
}

/** A handler's view of its tenant: isolated state, jobs and seeded randomness. */
export interface TenantHandle<S> {
  readonly id: string;
  /** The vendor's state for this tenant: plain JSON data (it is snapshotted with JSON). */
  readonly state: S;
  readonly jobs: VendorJobs;
  /** Seeded per tenant and vendor: the same scenario and seed give the same data. */
  readonly faker: Faker;
  random(): number;
  /** Route later requests presenting `principal` (a token, session id...) to this tenant. */
  bind(principal: string): void;
  unbind(principal: string): void;
}

/** The job engine bound to one tenant and vendor. */
export interface VendorJobs {
  start(spec: StartJob): Job;
  get(id: string): Job | undefined;
  list(filter?: { operation?: string; state?: Job['state'] }): Job[];
  cancel(id: string, message?: string): boolean;
  suspend(id: string, message?: string): boolean;
  resume(id: string): boolean;
  update(id: string, patch: JobPatch): void;
  /** Running time of the job (virtual ms, suspended time excluded). */
  elapsed(job: Job): number;
  /** Changes of this tenant's jobs of this vendor; returns an unsubscribe function. */
  onChange(listener: (change: JobChange) => void): () => void;
}

/** What every vendor handler can reach besides its tenant. */
export interface VendorContext<O = Record<string, unknown>> {
  readonly vendor: VendorName;
  readonly clock: Clock;
  /** The vendor's options from the scenario's `vendors.<name>` section (validated by its schema). */
  readonly options: O;
  /** Base URLs of this vendor's listeners, e.g. { http: 'http://127.0.0.1:8480' }. */
  readonly urls: Record<string, string>;
  log(message: string, fields?: Record<string, unknown>): void;
}

export interface HttpCall<S = unknown> {
  readonly vendor: VendorName;
  readonly listener: string;
  readonly method: string;
  /** Path as received, without the query string. */
  readonly path: string;
  readonly params: Record<string, string | undefined>;
  /** First value of each query parameter; `searchParams` has them all. */
  readonly query: Record<string, string>;
  readonly searchParams: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** Lower-case media type without parameters, '' when absent. */
  readonly contentType: string;
  /** `scheme://host:port` as the client addressed us (for links such as a Keystone catalog). */
  readonly baseUrl: string;
  /** The operation name used by the journal and by scenario rules. */
  readonly operation: string;
  readonly ctx: VendorContext<any>;
  /** The tenant (resolved from `x-mock-tenant`, then the vendor's principal(), then the default). */
  readonly tenant: TenantHandle<S>;
  text(): string;
  /** Parsed JSON body; throws MockError('BAD_REQUEST') on malformed JSON. */
  json<T = unknown>(): T;
  /** Parsed XML body (the shared xml2js set-up); throws MockError('BAD_REQUEST') on malformed XML. */
  xml<T = Record<string, unknown>>(): T;
}

export type Handler<S> = (call: HttpCall<S>) => Reply | Promise<Reply>;

export interface Route<S> {
  method: HttpMethod | HttpMethod[];
  /** find-my-way syntax: `/api/appliance/recovery/backup/job/:id`. */
  path: string;
  /** Operation name, or a function for protocols that name it in the body (JSON-RPC). */
  operation: string | ((call: HttpCall<S>) => string);
  handler: Handler<S>;
  /** Listeners this route is served on (default: every HTTP listener of the vendor). */
  listeners?: string[];
}

/** Everything a vendor needs to build one tenant's state. */
export interface StateInit<C = unknown, E = unknown, O = unknown> {
  tenant: string;
  credentials: C;
  entities: E;
  options: O;
  seed: number;
  faker: Faker;
  random: () => number;
  clock: Clock;
}

export interface VendorSchemas {
  /** One tenant's credentials for this vendor (`tenants[].credentials.<vendor>`). */
  credentials: ZodType;
  /** Seeded entities (`entities.<vendor>` or `tenants[].entities.<vendor>`). */
  entities: ZodType;
  /** Vendor options (`vendors.<vendor>`, besides the common enabled/ports): a z.object. */
  options: ZodObject;
}

export interface VendorModule<S = any> {
  name: VendorName;
  title: string;
  listeners: ListenerSpec[];
  /**
   * The vendor's scenario sections. Prefer a function that requires the schema module: zod and
   * the schemas then load only when a scenario is validated, not on every start.
   */
  schemas: VendorSchemas | (() => VendorSchemas);
  createState(init: StateInit<any, any, any>): S;
  routes?: Route<S>[];
  router?: { caseSensitive?: boolean; ignoreDuplicateSlashes?: boolean; ignoreTrailingSlash?: boolean };
  /** The caller's principal (token, session id, user...) for tenant lookup, or undefined. */
  principal?(call: HttpCall<S>): string | undefined;
  /** Principals that scenario credentials stand for (e.g. `user:admin`), indexed at load. */
  credentialPrincipals?(credentials: any): string[];
  /**
   * Render an error in the vendor's own format. The engine uses BAD_REQUEST, PAYLOAD_TOO_LARGE,
   * NOT_FOUND (unknown route), UNAUTHENTICATED, INTERNAL; scenario rules may name any vendor error.
   * `error` is the MockError a handler threw (a vendor's own subclass carries richer detail).
   */
  renderError(name: string, call: HttpCall<S>, message?: string, details?: Record<string, unknown>, error?: MockError): Reply;
  /** Scenario action `invalidateAuth`: forget the session/token this call presents. */
  invalidateAuth?(call: HttpCall<S>): void;
  /** Default job timelines by operation name ('*' for the rest). */
  defaultTimelines?: Record<string, TimelineInput>;
  /** One line per credential for the start banner, e.g. `admin / Commvault!1`. */
  describeCredentials?(credentials: any): string[];
  /** Extra secret masking for bodies, requests and answers (the engine already masks common password/token fields). */
  maskBody?(text: string): string;
  /** The vendor's own word for a job's state (`Running`, `Completed`...), shown by the event stream and the dashboard. */
  jobStatusWord?(job: Job): string;
}

export { MockError };

export function defineVendor<S>(module: VendorModule<S>): VendorModule<S> {
  return module;
}
