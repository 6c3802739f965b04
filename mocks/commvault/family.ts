/**
 * The Commvault API family as a module factory: CommServ (mocks/commvault) and Metallic
 * (mocks/metallic) are the same REST API with their own name, ports, defaults and tenants.
 */
import type { Faker } from '@faker-js/faker';
import { parseDuration } from '../../src/duration';
import { defineVendor, type ListenerSpec, type VendorModule, type VendorName } from '../../src/legacy/vendor';
import { invalidateAuth, principal } from './auth';
import { DEFAULT_TIMELINES, statusOf } from './jobs';
import type { CvState } from './model';
import { seed, users } from './seed';
import { routes } from './routes';
import type { ClientSpec, CredentialsSpec, EntitiesSpec, OptionsSpec } from './schema';
import { errorShape, reply } from './wire';

export interface FamilyConfig {
  name: VendorName;
  title: string;
  listeners: ListenerSpec[];
  defaultCommCell: (faker: Faker) => { name: string; hostName: string };
  defaultClients: (faker: Faker) => ClientSpec[];
  firstJobId: number;
  firstTaskId: number;
}

export function commvaultFamily(config: FamilyConfig): VendorModule<CvState> {
  return defineVendor<CvState>({
    name: config.name,
    title: config.title,
    listeners: config.listeners,
    schemas: () => (require('./schema') as typeof import('./schema')).schemas,
    createState: (init) => {
      const options = (init.options ?? {}) as OptionsSpec;
      return seed({
        vendor: config.name,
        credentials: init.credentials as CredentialsSpec | undefined,
        entities: init.entities as EntitiesSpec | undefined,
        faker: init.faker,
        tokenLifetimeMs: parseDuration(options.tokenLifetime ?? '30m'),
        firstJobId: options.firstJobId ?? config.firstJobId,
        firstTaskId: options.firstTaskId ?? config.firstTaskId,
        defaultClients: config.defaultClients,
        defaultCommCell: config.defaultCommCell(init.faker),
      });
    },
    routes,
    router: { caseSensitive: false, ignoreDuplicateSlashes: true, ignoreTrailingSlash: true },
    principal,
    credentialPrincipals: (creds: CredentialsSpec) => users(creds).map((u) => `user:${u.username.toLowerCase()}`),
    renderError: (name, call, message) => {
      // MockError(name) without a message carries the name as its message: use the default text.
      const e = errorShape(name, message === name ? undefined : message);
      return reply(call.headers.accept, e.shape, e.status);
    },
    invalidateAuth,
    defaultTimelines: { ...DEFAULT_TIMELINES, '*': { duration: '20s' } },
    jobStatusWord: statusOf,
    describeCredentials: (creds: CredentialsSpec | undefined) => users(creds).map((u) => `${u.username} / ${u.password}`),
    maskBody: (text) =>
      text
        .replace(/("(?:password|sessionId)"\s*:\s*")[^"]*"/gi, '$1***"')
        .replace(/((?:password|sessionId)\s*=\s*")[^"]*"/gi, '$1***"')
        .replace(/(<password>)[^<]*(<\/password>)/gi, '$1***$2')
        .replace(/QSDK [0-9a-f]+/gi, 'QSDK ***'),
  });
}
