/**
 * Seeding one tenant's CommCell from the scenario (`entities.commvault` / `entities.metallic`,
 * `tenants[].credentials`): deterministic ids in declaration order, faker for what the
 * scenario leaves out, and the vendor's own defaults (its CommCell, clients and first ids).
 */
import type { Faker } from '@faker-js/faker';
import { parseDuration } from '../../../src/duration';
import type { StateInit } from '../../../src/vendor';
import { seedPolicies, seedSchedules } from './lifecycle-seed';
import { seedCatalogue, type SeededSubclient } from './catalogue';
import type { CommCellRec, CvState } from './model';
import type { ClientSpec, CredentialsSpec, UserSpec } from './schema';
import type { Cv } from './wire';

/** Commvault application ids (AppIDAType) for the agents people seed most. */
const APP_IDS = new Map([
  ['file system', 33],
  ['file system linux', 29],
  ['cloud apps', 134],
  ['virtual server', 106],
  ['sql server', 81],
  ['oracle', 22],
  ['exchange mailbox', 137],
  ['commserve management', 135],
]);

function appIdFor(appName: string, os: 'windows' | 'linux'): number {
  const key = appName.toLowerCase();
  if (key === 'file system' && os === 'linux') return APP_IDS.get('file system linux')!;
  return APP_IDS.get(key) ?? 200 + [...key].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 500, 7);
}

/** What a vendor of the family seeds when its scenario says nothing. */
export interface VendorDefaults {
  commCell(faker: Faker): { name: string; hostName: string };
  clients(faker: Faker): ClientSpec[];
  /** The first job and task ids (the samples of the DRBackup and CreateTask pages), unless `vendors.<name>` sets them. */
  firstJobId: number;
  firstTaskId: number;
}

/** Demo credentials when a scenario gives none (README "Commvault CommServ and Metallic"). */
export const DEMO_USER: UserSpec = { username: 'admin', password: 'Commvault!1' };

export function users(credentials: CredentialsSpec | undefined): UserSpec[] {
  if (!credentials) return [DEMO_USER];
  const list = [...(credentials.users ?? [])];
  const { username, password } = credentials;
  if (username !== undefined && password !== undefined && !list.some((u) => u.username.toLowerCase() === username.toLowerCase())) {
    const { users: _users, ...single } = credentials;
    list.unshift({ ...single, username, password });
  }
  return list;
}

/** One tenant's CommCell, from the scenario and the vendor's defaults. */
export function createState(vendor: string, init: StateInit<Cv>, defaults: VendorDefaults): CvState {
  const { faker, entities, options } = init;
  // Drawn first, whether or not the scenario names the CommCell, so seeded names stay put.
  const fallback = defaults.commCell(faker);
  const guid = () => faker.string.uuid().toUpperCase();
  const cc = entities?.commcell ?? {};
  const commcell: CommCellRec = {
    name: cc.name ?? fallback.name,
    id: cc.id ?? 2,
    guid: guid(),
    hostName: cc.hostName ?? fallback.hostName,
    version: cc.version ?? '11.32.0',
    timeZone: cc.timeZone ?? '(UTC) Coordinated Universal Time',
    os: cc.os ?? 'windows',
  };
  const state: CvState = {
    vendor,
    commcell,
    users: users(init.credentials).map((u, i) => ({
      ...u,
      userId: i + 1,
      userGUID: guid(),
      email: u.email ?? `${u.username.toLowerCase()}@${commcell.hostName.split('.').slice(1).join('.') || 'example.com'}`,
    })),
    tokens: new Map(),
    clients: [],
    agents: [],
    instances: [],
    backupsets: [],
    subclients: [],
    storagePolicies: [],
    plans: [],
    schedules: new Map(),
    nextSubTaskId: 1,
    dataAgingTime: options.dataAgingTime,
    tokenLifetimeMs: parseDuration(options.tokenLifetime),
    tokenRenewWindowMs: parseDuration(options.tokenRenewWindow),
    maxTokens: options.maxTokens,
    nextJobId: options.firstJobId ?? defaults.firstJobId,
    nextTaskId: options.firstTaskId ?? defaults.firstTaskId,
    catalogue: { jobs: new Map(), liveFiles: new Map() },
  };
  const seeded: SeededSubclient[] = [];
  // The CommServe is itself a client (cvpysdk's DisasterRecovery looks it up by name).
  state.clients.push({
    clientId: commcell.id,
    clientName: commcell.name,
    hostName: commcell.hostName,
    displayName: commcell.name,
    os: commcell.os,
    hidden: false,
    isCommServe: true,
    guid: guid(),
  });
  const ids = { client: Math.max(commcell.id, 2), instance: 1, backupset: 1, subclient: 1 };
  for (const spec of entities?.clients ?? defaults.clients(faker)) {
    const clientId = spec.id ?? ++ids.client;
    ids.client = Math.max(ids.client, clientId);
    state.clients.push({
      clientId,
      clientName: spec.name,
      hostName: spec.hostName ?? `${spec.name}.${faker.internet.domainName()}`.toLowerCase(),
      displayName: spec.displayName ?? spec.name,
      os: spec.os,
      hidden: spec.hidden ?? false,
      isCommServe: false,
      guid: guid(),
    });
    for (const a of spec.agents) {
      const applicationId = a.applicationId ?? appIdFor(a.appName, spec.os);
      state.agents.push({ clientId, applicationId, appName: a.appName, enableBackup: a.enableBackup });
      // File System's default instance is id 1 (cvpysdk skips the Instance call for id 1).
      const instanceName = a.instance ?? 'DefaultInstanceName';
      const instanceId = a.instanceId ?? (instanceName === 'DefaultInstanceName' ? 1 : ++ids.instance);
      ids.instance = Math.max(ids.instance, instanceId);
      state.instances.push({ instanceId, instanceName, clientId, applicationId });
      a.backupsets.forEach((b, bi) => {
        const backupsetId = b.id ?? ++ids.backupset;
        ids.backupset = Math.max(ids.backupset, backupsetId);
        state.backupsets.push({
          backupsetId,
          backupsetName: b.name,
          clientId,
          applicationId,
          instanceId,
          isDefault: b.default ?? bi === 0,
          ...(b.plan !== undefined ? { plan: b.plan } : {}),
          onDemand: b.onDemand ?? false,
          guid: guid(),
        });
        b.subclients.forEach((s, si) => {
          const subclientId = s.id ?? ++ids.subclient;
          ids.subclient = Math.max(ids.subclient, subclientId);
          state.subclients.push({
            subclientId,
            subclientName: s.name,
            clientId,
            applicationId,
            instanceId,
            backupsetId,
            isDefault: s.default ?? si === 0,
            enableBackup: s.enableBackup,
            content: s.content ?? [spec.os === 'linux' ? '/' : 'C:\\'],
            ...(s.storagePolicy !== undefined ? { storagePolicy: s.storagePolicy } : {}),
            guid: guid(),
            lastBackupTime: 0,
          });
          if (s.backups?.length) seeded.push({ subclient: state.subclients[state.subclients.length - 1], backups: s.backups });
        });
      });
    }
  }
  seedPolicies(state, entities?.storagePolicies, entities?.plans);
  seedSchedules(state, entities?.schedules ?? [], init.since);
  state.catalogue = seedCatalogue(state, seeded, init.since);
  return state;
}
