/**
 * The Commvault REST API family as a vendor factory: CommServ (mocks/commvault) and Metallic
 * (mocks/metallic) are the same API, each with its own name, ports, default entities, first
 * ids and tenants. Everything else is the family's: one operation table, one door under the
 * API's three URL prefixes, token auth, errors and secrets.
 */
import { defineVendor, type ListenerSpec, type Vendor } from '../../../src/vendor';
import { armCatalogue } from './catalogue';
import { errors } from './errors';
import { DEFAULT_TIMELINES, statusOf } from './jobs';
import { operations } from './operations';
import { credentials } from './requests';
import { armDataAging } from './retention';
import { armSchedules } from './schedules';
import { maskSecrets } from './secrets';
import { createState, users, type VendorDefaults } from './seed';
import { authenticate, forget } from './tokens';
import { rest, type Cv } from './wire';

export interface FamilyVendor<N extends string> {
  name: N;
  title: string;
  listeners: ListenerSpec[];
  defaults: VendorDefaults;
}

/** The URL prefixes the API answers under (cvpysdk services.py; 11.40 uses /commandcenter/api, 11.2x /webconsole/api). */
const PREFIXES = ['/webconsole/api', '/commandcenter/api', '/SearchSvc/CVWebService.svc'] as const;

/** One door table and one set of router options for every vendor of the family, so they share one compiled table. */
const doors = { rest };
const http = { prefixes: PREFIXES, router: { caseSensitive: false, ignoreDuplicateSlashes: true, ignoreTrailingSlash: true } };

const authtoken = (http: { header(name: string): string | undefined } | undefined) => http?.header('authtoken')?.trim() || undefined;

/** A vendor of the family; its name stays literal for the registry (`VendorName`). */
export function commvaultFamily<N extends string>(vendor: FamilyVendor<N>): Vendor & { readonly name: N } {
  return defineVendor<Cv>({
    name: vendor.name,
    title: vendor.title,
    listeners: vendor.listeners,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    schemas: () => (require('./schema') as typeof import('./schema')).schemas,
    http,
    doors,
    operations,
    auth: {
      none: () => undefined,
      token: (req) => authenticate(req.tenant, authtoken(req.http)),
    },
    errors,
    createState: (init) => createState(vendor.name, init, vendor.defaults),
    // Seeded catalogue jobs go on the engine's job table first, so that data aging sees them;
    // schedules and data aging run on the tenant's clock, re-armed from state after a snapshot.
    armState: (tenant, since) => {
      armCatalogue(tenant);
      armSchedules(tenant, since);
      armDataAging(tenant, since);
    },
    newConn: () => ({}),
    // The tenant of a request: its token's, or on Login its user's.
    principal: (req) => {
      const token = authtoken(req.http);
      if (token) return token;
      if (req.binding.path === '/Login') return `user:${credentials(req.raw().body()).username.toLowerCase()}`;
      return undefined;
    },
    credentialPrincipals: (creds) => users(creds).map((u) => `user:${u.username.toLowerCase()}`),
    invalidateAuth: (req) => {
      const token = authtoken(req.http);
      if (token) forget(req.tenant, token);
    },
    defaultTimelines: { ...DEFAULT_TIMELINES, '*': { duration: '20s' } },
    jobStatusWord: statusOf,
    describeCredentials: (creds) => users(creds).map((u) => `${u.username} / ${u.password}`),
    maskBody: maskSecrets,
  }) as Vendor & { readonly name: N };
}
