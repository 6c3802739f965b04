/**
 * The part of every request that is the same at every door and transport, once: the tenant,
 * the scenario rule, authentication, the input decoder and the operation's run. Transports
 * (src/transport/) find the operation, carry out faults and encode the answer.
 */
import type { Clock } from '../clock';
import type { Engine } from '../engine';
import type { RuleHit } from '../faults';
import { TENANT_HEADER } from '../tenancy';
import type { TenantHandle, Vendor } from '../vendor';
import type { Bound } from './table';
import type { AuthRequest, HttpRequest, OperationContext, PacketRequest, VendorTypes } from './types';

type T = VendorTypes;

/** One request at a door: the DoorRequest and, once resolved, the AuthRequest of src/operations/types.ts. */
export class Call implements AuthRequest<T> {
  private rawValue?: { value: unknown };
  private tenantHandle?: TenantHandle<object>;
  private tenantIdValue?: string;

  constructor(
    readonly door: string,
    readonly binding: object,
    readonly envelope: unknown,
    readonly http: HttpRequest | undefined,
    readonly packet: PacketRequest | undefined,
    readonly conn: object,
    private readonly decode: () => unknown,
    readonly options: object,
  ) {}

  raw(): unknown {
    if (!this.rawValue) this.rawValue = { value: this.decode() };
    return this.rawValue.value;
  }

  get tenant(): TenantHandle<object> {
    if (!this.tenantHandle) throw new Error('the tenant of this call is not resolved yet');
    return this.tenantHandle;
  }

  get state(): object {
    return this.tenant.state;
  }

  get clock(): Clock {
    return this.tenant.clock;
  }

  get tenantId(): string {
    if (this.tenantIdValue === undefined) throw new Error('the tenant of this call is not resolved yet');
    return this.tenantIdValue;
  }

  /** Which tenant this call belongs to: `x-mock-tenant`, else the vendor's principal, else the default. */
  resolveTenant(engine: Engine, vendor: Vendor, explicit: string | undefined): string {
    if (this.tenantIdValue !== undefined) return this.tenantIdValue;
    let principal: string | undefined;
    if (!explicit && vendor.principal) {
      try {
        principal = vendor.principal(this);
      } catch {
        principal = undefined; // a malformed body is the operation's to report
      }
    }
    return (this.tenantIdValue = engine.tenancy.resolve(vendor.name, principal, explicit));
  }

  /** Build (or find) the tenant's state: only once a request gets this far. */
  enterTenant(engine: Engine, vendor: Vendor): TenantHandle<object> {
    return (this.tenantHandle ??= engine.tenancy.handle<object>(vendor.name, this.tenantId));
  }
}

/** The explicit tenant an HTTP request names. */
export function explicitTenant(http: HttpRequest | undefined): string | undefined {
  const v = http?.header(TENANT_HEADER);
  return v === '' ? undefined : v;
}

/** The first scenario rule matching this call (named `operation`), counted as a hit. */
export function ruleFor(engine: Engine, vendor: Vendor, call: Call, operation: string, listener: string, body: () => unknown, rawBody: () => string): RuleHit | undefined {
  if (engine.rules.empty) return undefined;
  const http = call.http;
  return engine.rules.match({
    vendor: vendor.name,
    listener,
    tenant: call.tenantId,
    method: http ? http.method : 'PACKET',
    path: http ? http.path : (call.packet?.path ?? `/${operation}`),
    operation,
    headers: http?.headers ?? {},
    body,
    rawBody,
  });
}

/** The vendor's error a rule's `respond: {error}` names. */
export function ruleError(vendor: Vendor, hit: RuleHit): Error {
  const r = hit.action.respond!;
  return vendor.errors.create(r.error!, r.message);
}

const NO_URLS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * What an operation runs with. The tenant's state is built when the operation first reads it, so
 * an operation that needs none (version discovery, a refused login) seeds no state.
 */
class Context implements OperationContext<T, unknown> {
  constructor(
    readonly tenant: TenantHandle<object>,
    readonly options: object,
    readonly auth: unknown,
    readonly conn: object,
    readonly progress: ((event: unknown) => void) | undefined,
    readonly urls: Readonly<Record<string, string>>,
    readonly log: (message: string, fields?: Record<string, unknown>) => void,
  ) {}

  get state(): object {
    return this.tenant.state;
  }

  get clock(): Clock {
    return this.tenant.clock;
  }
}

/**
 * Authenticate, decode the input and run the operation. What it throws (the vendor's errors,
 * an EngineError from a decoder) is the door's to render. A tenant this request created is kept
 * only if the operation succeeded (a stream of 401s with new tenant names leaves nothing behind).
 */
export async function invoke(engine: Engine, vendor: Vendor, bound: Bound, call: Call, progress?: (event: unknown) => void): Promise<unknown> {
  const created = !engine.tenancy.has(call.tenantId);
  const tenant = call.enterTenant(engine, vendor);
  try {
    const op = bound.op;
    const auth = vendor.auth[op.auth](call);
    const raw = call.raw();
    const input = op.input ? op.input(raw, call) : raw;
    const ctx = new Context(tenant, call.options, auth, call.conn, progress, engine.urls.get(vendor.name) ?? NO_URLS, engine.logOf(vendor.name));
    const value = await op.run(input, ctx);
    engine.tenancy.keep(call.tenantId);
    return value;
  } catch (e) {
    if (created) engine.tenancy.discardUnused(call.tenantId);
    throw e;
  }
}
