/**
 * The contract between the engine (src/) and a vendor emulator (mocks/<vendor>/). A vendor is
 * declarative: its listeners, scenario schemas, doors, authenticators, errors and one table of
 * operations (src/operations/types.ts). The engine does everything around them once: routing,
 * tenancy, auth, rules and faults, body limits, TLS, the journal. See docs/VENDOR-GUIDE.md.
 */
import type { Faker } from '@faker-js/faker';
import type { z, ZodObject, ZodType } from 'zod';
import type { Clock } from './clock';
import type { MockError } from './errors';
import type { Job, JobChange, JobPatch, StartJob } from './jobs/engine';
import type { TriggerSpec } from './jobs/triggers';
import type {
  AnyOperation,
  AuthLevel,
  AuthRequest,
  DefaultTimelines,
  DoorRequest,
  Doors,
  VendorTypes,
} from './operations/types';
import type { PacketCodec } from './operations/packets';

export type { VendorTypes } from './operations/types';

export type ListenerProtocol = 'http' | 'https' | 'tcp' | 'tls';

export interface ListenerSpec {
  /** Listener name within the vendor, e.g. `http`, `https`, `tcp`, `tls`. */
  readonly name: string;
  readonly protocol: ListenerProtocol;
  /** Port used by `npm start` with no flags. */
  readonly defaultPort: number;
  /** Port = base + offset under `--port-base`; offsets are unique across all vendors (src/ports.ts lists them). */
  readonly offset: number;
}

/** What a door answers over HTTP. `stream` is for chunked answers that follow the virtual clock. */
export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  stream?: AsyncIterable<string | Buffer>;
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

/** Recurring triggers on the tenant's clock (schedules, retention), keyed per vendor. */
export interface VendorTriggers {
  /** Register or replace; occurrences after `since` (default: now) that are due already run at once, in order. */
  register(key: string, spec: TriggerSpec, since?: number): void;
  cancel(key: string): void;
  /** When the trigger next fires, if it is registered and will. */
  next(key: string): number | undefined;
}

/** A vendor's view of one tenant: isolated state, jobs, clock and seeded randomness. */
export interface TenantHandle<S> {
  readonly id: string;
  /** The vendor's state for this tenant, built by `createState` on first use. */
  readonly state: S;
  readonly jobs: VendorJobs;
  readonly triggers: VendorTriggers;
  /** The tenant's virtual clock. */
  readonly clock: Clock;
  /** Seeded per tenant and vendor: the same scenario and seed give the same data. */
  readonly faker: Faker;
  random(): number;
  /** Route later requests presenting `principal` (a token, session id...) to this tenant. */
  bind(principal: string): void;
  unbind(principal: string): void;
}

/** A vendor's scenario sections, as zod schemas. */
export interface VendorSchemas {
  /** One tenant's credentials for this vendor (`tenants[].credentials.<vendor>`). */
  readonly credentials: ZodType;
  /** Seeded entities (`entities.<vendor>` or `tenants[].entities.<vendor>`). */
  readonly entities: ZodType;
  /** Vendor options (`vendors.<vendor>`, besides the common enabled/ports/tls): a z.object. */
  readonly options: ZodObject;
}

/** The types a vendor's schemas give its scenario sections, for its `VendorTypes`. */
export interface SchemaTypes<S extends VendorSchemas> {
  options: z.output<S['options']>;
  credentials: z.output<S['credentials']>;
  entities: z.output<S['entities']>;
}

/** Everything a vendor needs to build one tenant's state. Absent sections are undefined. */
export interface StateInit<T extends VendorTypes> {
  readonly tenant: string;
  readonly credentials: T['credentials'] | undefined;
  readonly entities: T['entities'] | undefined;
  readonly options: T['options'];
  readonly seed: number;
  readonly faker: Faker;
  readonly random: () => number;
  readonly clock: Clock;
  /**
   * When this tenant's life began (virtual ms): the scenario's load or the tenant's reset, or the
   * first request of a tenant made on the fly. A seeded catalogue dates from it.
   */
  readonly since: number;
}

/** The vendor's error names, which scenario rules may answer with (`respond: {error: NAME}`). */
export interface VendorErrors {
  readonly names: readonly string[];
  /** The vendor's error for a name (validated against `names` when a scenario loads). */
  create(name: string, message?: string): MockError;
}

export interface HttpOptions {
  /** URL prefixes every route is also served under, e.g. `['', '/appliances/:appliance']`. */
  readonly prefixes?: readonly string[];
  /** find-my-way options (default: case-sensitive, duplicate slashes kept, trailing slash ignored). */
  readonly router?: { readonly caseSensitive?: boolean; readonly ignoreDuplicateSlashes?: boolean; readonly ignoreTrailingSlash?: boolean };
}

/** A vendor emulator, as `mocks/<vendor>/index.ts` declares it. */
export interface VendorModule<T extends VendorTypes> {
  readonly name: T['name'];
  readonly title: string;
  readonly listeners: readonly ListenerSpec[];
  /** The vendor's scenario sections; a function, so zod loads only when a scenario is validated. */
  schemas(): VendorSchemas;
  readonly http?: HttpOptions;
  readonly doors: Doors<T>;
  /** A packet protocol's codec (its `tcp`/`tls` listeners and `stream` doors need one). */
  readonly packet?: PacketCodec<T>;
  /** The one table of operations. */
  readonly operations: readonly AnyOperation<T>[];
  /** One authenticator per auth level: what it returns is the operation's `ctx.auth`; it throws the vendor's error. */
  readonly auth: { readonly [L in AuthLevel<T>]: (req: AuthRequest<T>) => T['auth'][L] };
  readonly errors: VendorErrors;
  createState(init: StateInit<T>): T['state'];
  /**
   * Register the state's triggers (schedules, retention) on the tenant's clock. Called once the
   * state is built and again whenever a snapshot replaces it: triggers derive from state and are
   * never serialised. `since` is the tenant's `StateInit.since`; occurrences after it (or after
   * what the state records as already fired) that are due run at once, in order.
   */
  armState?(tenant: TenantHandle<T['state']>, since: number): void;
  /** A fresh connection state (one per packet connection, one per HTTP request or stream). */
  newConn(): T['conn'];
  /** The caller's principal (token, session id, user...) for tenant lookup, or undefined. */
  principal?(req: DoorRequest<T>): string | undefined;
  /** Principals that scenario credentials stand for (e.g. `user:admin`), indexed at load. */
  credentialPrincipals?(credentials: T['credentials']): string[];
  /** Scenario action `invalidateAuth`: forget the session or token this request presents. */
  invalidateAuth?(req: AuthRequest<T>): void;
  /** Job timelines by job operation ('*' for the rest) when no scenario job rule picks one. */
  readonly defaultTimelines?: DefaultTimelines;
  /** One line per credential for the start banner, e.g. `admin / Commvault!1`. */
  describeCredentials?(credentials: T['credentials']): string[];
  /** Extra secret masking for journalled bodies, requests and answers (the engine masks common fields already). */
  maskBody?(text: string): string;
  /** The vendor's own word for a job's state (`INPROGRESS`, `Running`...), shown by the event stream and the dashboard. */
  jobStatusWord?(job: Job): string;
}

/**
 * A vendor module with its types erased: what the engine and the registry hold. The engine only
 * ever hands a module requests its own doors built, so the erasure is sound.
 */
export type Vendor = VendorModule<VendorTypes>;

/** Declare a vendor: `export default defineVendor<Vcenter>({...})`; its name stays literal for the registry. */
export function defineVendor<T extends VendorTypes>(module: VendorModule<T>): Vendor & { readonly name: T['name'] } {
  return module as unknown as Vendor & { readonly name: T['name'] };
}

export { MockError } from './errors';
