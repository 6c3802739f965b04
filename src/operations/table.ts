/**
 * Compiling a vendor's operation table into what the transports look requests up in: one
 * find-my-way router per listener (route doors' bindings, mux and stream doors' routes, route and
 * stream doors' fallbacks, each under every URL prefix), a key map per mux door and one for packet doors.
 * Conflicts (two operations on one route and query, one key twice) are errors at compile time.
 */
import FindMyWay, { type HTTPVersion } from 'find-my-way';
import type { Vendor } from '../vendor';
import type { AnyOperation, HttpMethod, HttpRoute, MuxDoor, PacketDoor, RouteDoor, StreamDoor, VendorTypes } from './types';

type T = VendorTypes;

/** One operation at one door, with the binding that put it there. */
export interface Bound {
  readonly door: string;
  readonly op: AnyOperation<T>;
  readonly binding: object;
}

/** What one HTTP method + path of a listener leads to. */
export type HttpTarget =
  | { readonly kind: 'route'; readonly candidates: readonly (Bound & { readonly query?: Readonly<Record<string, string>> })[] }
  | { readonly kind: 'mux'; readonly door: string }
  | { readonly kind: 'stream'; readonly door: string }
  | { readonly kind: 'fallback'; readonly door: string };

export interface HttpTable {
  readonly router: ReturnType<typeof FindMyWay<HTTPVersion.V1>>;
  /** `METHOD /path` of every route, for the nearest-route hints of unmatched requests. */
  readonly routeList: readonly string[];
}

export interface CompiledVendor {
  http(listener: string): HttpTable;
  /** The operation a mux door's key names. */
  mux(door: string, key: string): Bound | undefined;
  /** The operation a packet key names, at whichever packet door has it. */
  packet(key: string): Bound | undefined;
  /** Every key the packet doors serve (for a codec's "unknown operator" versus "unknown call"). */
  readonly packetKeys: readonly string[];
  readonly operationNames: readonly string[];
}

const METHODS = (r: HttpRoute): readonly HttpMethod[] => (typeof r.method === 'string' ? [r.method] : (r.method as readonly HttpMethod[]));
const PATHS = (r: HttpRoute): readonly string[] => (typeof r.path === 'string' ? [r.path] : (r.path as readonly string[]));

function bindingsOf(op: AnyOperation<T>, door: string): readonly object[] {
  const b = op.doors[door];
  if (b === undefined) return [];
  return Array.isArray(b) ? b : [b as object];
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  return path === '/' ? `${prefix}/` : `${prefix}${path}`;
}

/** Compiled tables by what they are built from: the operations, the doors and the HTTP options. */
const compiled = new WeakMap<object, WeakMap<object, WeakMap<object, CompiledVendor>>>();
const NO_HTTP_OPTIONS = {};

/**
 * The vendor's compiled tables, built once per table: two vendors of one family that share
 * the family's operations, doors and HTTP options (the same objects) share one build.
 */
export function compileVendor(vendor: Vendor): CompiledVendor {
  const byDoors = compiled.get(vendor.operations) ?? new WeakMap<object, WeakMap<object, CompiledVendor>>();
  compiled.set(vendor.operations, byDoors);
  const byHttp = byDoors.get(vendor.doors) ?? new WeakMap<object, CompiledVendor>();
  byDoors.set(vendor.doors, byHttp);
  const http = vendor.http ?? NO_HTTP_OPTIONS;
  let c = byHttp.get(http);
  if (!c) byHttp.set(http, (c = build(vendor)));
  return c;
}

function build(vendor: Vendor): CompiledVendor {
  const names = new Set<string>();
  const muxKeys = new Map<string, Map<string, Bound>>();
  const packetKeys = new Map<string, Bound>();
  for (const op of vendor.operations) {
    names.add(op.name);
    for (const [doorName, door] of Object.entries(vendor.doors)) {
      if (door.kind === 'route' || door.kind === 'stream') continue;
      for (const binding of bindingsOf(op, doorName)) {
        const keys = door.kind === 'mux' ? (door as MuxDoor<T, string>).keys(binding) : (door as PacketDoor<T, string>).keys(binding);
        const map = door.kind === 'mux' ? (muxKeys.get(doorName) ?? new Map<string, Bound>()) : packetKeys;
        if (door.kind === 'mux') muxKeys.set(doorName, map);
        for (const key of keys) {
          const taken = map.get(key);
          if (taken) throw new Error(`${vendor.name}: ${doorName} key ${key} is bound to both ${taken.op.name} and ${op.name}`);
          map.set(key, { door: doorName, op, binding });
        }
      }
    }
    for (const doorName of Object.keys(op.doors)) {
      if (!(doorName in vendor.doors)) throw new Error(`${vendor.name}: operation ${op.name} names an unknown door ${doorName}`);
    }
  }
  // Listeners that serve the same routes share one router: building one costs milliseconds of
  // start-up per listener (find-my-way compiles every route), and most vendors restrict none.
  const tables = new Map<string, HttpTable>();
  let restrictions: (readonly string[])[] | undefined;
  const tableKey = (listener: string): string => {
    restrictions ??= listenerRestrictions(vendor);
    return restrictions.map((only) => (only.includes(listener) ? '1' : '0')).join('');
  };
  return {
    operationNames: [...names],
    mux: (door, key) => muxKeys.get(door)?.get(key),
    packet: (key) => packetKeys.get(key),
    packetKeys: [...packetKeys.keys()],
    http(listener) {
      const key = tableKey(listener);
      let t = tables.get(key);
      if (!t) tables.set(key, (t = httpTable(vendor, listener)));
      return t;
    },
  };
}

/** Every `listeners` restriction of the vendor's HTTP routes, in a fixed order. */
function listenerRestrictions(vendor: Vendor): (readonly string[])[] {
  const out: (readonly string[])[] = [];
  for (const [doorName, door] of Object.entries(vendor.doors)) {
    if (door.kind === 'mux' || door.kind === 'stream') {
      const only = (door as MuxDoor<T, string> | StreamDoor<T, string>).route.listeners;
      if (only) out.push(only);
    } else if (door.kind === 'route') {
      for (const op of vendor.operations)
        for (const binding of bindingsOf(op, doorName)) {
          const only = (door as RouteDoor<T, string>).route(binding).listeners;
          if (only) out.push(only);
        }
    }
  }
  return out;
}

function httpTable(vendor: Vendor, listener: string): HttpTable {
  const opts = vendor.http?.router ?? {};
  const router = FindMyWay<HTTPVersion.V1>({
    caseSensitive: opts.caseSensitive ?? true,
    ignoreDuplicateSlashes: opts.ignoreDuplicateSlashes ?? false,
    ignoreTrailingSlash: opts.ignoreTrailingSlash ?? true,
    maxParamLength: 500,
  });
  const prefixes = vendor.http?.prefixes ?? [''];
  const routes = new Map<string, { method: HttpMethod; path: string; target: HttpTarget }>();
  const routeList: string[] = [];
  const serves = (r: HttpRoute) => !r.listeners || r.listeners.includes(listener);
  const keyOf = (method: string, path: string) => `${method} ${opts.caseSensitive === false ? path.toLowerCase() : path}`;

  const add = (method: HttpMethod, path: string, make: (existing: HttpTarget | undefined) => HttpTarget) => {
    const key = keyOf(method, path);
    const existing = routes.get(key);
    routes.set(key, { method, path, target: make(existing?.target) });
    if (!existing) routeList.push(`${method} ${path}`);
  };

  for (const [doorName, door] of Object.entries(vendor.doors)) {
    if (door.kind === 'mux' || door.kind === 'stream') {
      const route = (door as MuxDoor<T, string> | StreamDoor<T, string>).route;
      const kind = door.kind;
      if (!serves(route)) continue;
      for (const prefix of prefixes)
        for (const m of METHODS(route))
          for (const p of PATHS(route)) {
            add(m, joinPath(prefix, p), (existing) => {
              if (existing) throw new Error(`${vendor.name}: ${m} ${p} is both the ${doorName} door and another route`);
              return { kind, door: doorName };
            });
          }
      continue;
    }
    if (door.kind !== 'route') continue;
    const routeDoor = door as RouteDoor<T, string>;
    for (const op of vendor.operations) {
      for (const binding of bindingsOf(op, doorName)) {
        const route = routeDoor.route(binding);
        if (!serves(route)) continue;
        for (const prefix of prefixes)
          for (const m of METHODS(route))
            for (const p of PATHS(route)) {
              add(m, joinPath(prefix, p), (existing) => {
                if (existing && existing.kind !== 'route') throw new Error(`${vendor.name}: ${m} ${p} of ${op.name} is taken by the ${existing.door} door`);
                const candidates = existing?.kind === 'route' ? [...existing.candidates] : [];
                const clash = candidates.find((c) => sameQuery(c.query, route.query));
                if (clash) throw new Error(`${vendor.name}: ${m} ${p} is bound to both ${clash.op.name} and ${op.name}`);
                candidates.push({ door: doorName, op, binding, ...(route.query ? { query: route.query } : {}) });
                // Candidates that ask for query values are tried before those that do not.
                candidates.sort((a, b) => Object.keys(b.query ?? {}).length - Object.keys(a.query ?? {}).length);
                return { kind: 'route', candidates };
              });
            }
      }
    }
  }
  for (const { method, path, target } of routes.values()) router.on(method, path, () => undefined, target);
  // Fallbacks last: find-my-way prefers static and parametric routes over wildcards.
  for (const [doorName, door] of Object.entries(vendor.doors)) {
    if (door.kind !== 'route' && door.kind !== 'stream') continue;
    for (const f of (door as RouteDoor<T, string> | StreamDoor<T, string>).fallback ?? []) {
      for (const prefix of prefixes) {
        const path = joinPath(prefix, f);
        router.all(path, () => undefined, { kind: 'fallback', door: doorName } satisfies HttpTarget);
      }
    }
  }
  return { router, routeList };
}

function sameQuery(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => a?.[k] === b?.[k]);
}

/** The candidate of a route whose query constraints the request meets, the unconstrained one last. */
export function pickCandidate(target: Extract<HttpTarget, { kind: 'route' }>, query: Readonly<Record<string, string>>): (Bound & { query?: Readonly<Record<string, string>> }) | undefined {
  return target.candidates.find((c) => !c.query || Object.entries(c.query).every(([k, v]) => query[k] === v));
}

/** A vendor's operations and their doors, as `GET /vendors/:vendor/operations` lists them. */
export interface OperationInfo {
  name: string;
  auth: string;
  summary?: string;
  doors: Record<string, string[]>;
}

export function describeOperations(vendor: Vendor): OperationInfo[] {
  return vendor.operations.map((op) => {
    const doors: Record<string, string[]> = {};
    for (const [doorName, door] of Object.entries(vendor.doors)) {
      const bindings = bindingsOf(op, doorName);
      if (bindings.length === 0) continue;
      doors[doorName] = bindings.flatMap((b) => {
        if (door.kind === 'route') {
          const r = (door as RouteDoor<T, string>).route(b);
          const q = r.query ? `?${new URLSearchParams(r.query as Record<string, string>).toString()}` : '';
          return METHODS(r).flatMap((m) => PATHS(r).map((p) => `${m} ${p}${q}`));
        }
        if (door.kind === 'stream') return [];
        return door.kind === 'mux' ? (door as MuxDoor<T, string>).keys(b) : (door as PacketDoor<T, string>).keys(b);
      });
    }
    return { name: op.name, auth: op.auth, ...(op.summary ? { summary: op.summary } : {}), doors };
  });
}
