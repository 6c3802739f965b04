/**
 * Builds one tenant's vCenter state from the scenario's credentials, entities and options:
 * appliances with their schedules, and the backup locations with the archives they already hold
 * (dated from the tenant's start, so a seeded catalogue is as old as the scenario says).
 */
import { parseDuration } from '../../src/duration';
import type { StateInit } from '../../src/vendor';
import { addArchive, archiveIdOf, locationOf } from './catalogue';
import { digest, type Appliance, type Schedule, type User, type VcenterState } from './model';
import type { ApplianceInput, ArchiveInput, CredentialsInput, LocationInput, PartInput, ScheduleInput } from './schema';
import type { Vcenter } from './wire';

export const DEFAULT_APPLIANCE_ID = 'vcsa-01';

export const DEFAULT_USER = { username: 'administrator@vsphere.local', password: 'VMware1!' } as const;

/** Parts of a vCenter 7/8 appliance (Parts.list). */
export const DEFAULT_PARTS: PartInput[] = [
  {
    id: 'common',
    name: 'Inventory and configuration',
    description: 'Inventory and configuration of the vCenter Server appliance, always backed up.',
    optional: false,
    selectedByDefault: true,
    sizeMb: 310,
  },
  {
    id: 'seat',
    name: 'Stats, Events, and Tasks',
    description: 'Historical data: statistics, events and tasks in the vCenter Server database.',
    optional: true,
    selectedByDefault: true,
    sizeMb: 1180,
  },
];


export function usersOf(credentials: CredentialsInput | undefined): User[] {
  if (!credentials) return [{ ...DEFAULT_USER }];
  return 'users' in credentials ? credentials.users.map((u) => ({ ...u })) : [{ username: credentials.username, password: credentials.password }];
}

function schedule(input: ScheduleInput, since: number): Schedule {
  const r = input.recurrenceInfo;
  return {
    id: input.id,
    parts: [...input.parts],
    location: input.location,
    ...(input.locationUser !== undefined ? { locationUser: input.locationUser } : {}),
    ...(input.locationPassword !== undefined ? { locationPasswordDigest: digest(input.locationPassword) } : {}),
    ...(input.backupPassword !== undefined ? { backupPasswordDigest: digest(input.backupPassword) } : {}),
    enable: input.enable,
    ...(r ? { recurrence: { minute: r.minute, hour: r.hour, ...(r.days ? { days: [...r.days] } : {}) } } : {}),
    ...(input.retentionInfo ? { maxCount: input.retentionInfo.maxCount } : {}),
    ...(input.fastBackup !== undefined ? { fastBackup: input.fastBackup } : {}),
    createdAt: since,
  };
}

function appliance(input: ApplianceInput, users: User[], since: number): Appliance {
  return {
    id: input.id,
    hostname: input.hostname ?? `${input.id}.vsphere.local`,
    version: input.version,
    build: input.build,
    users: input.users ? input.users.map((u) => ({ ...u })) : users.map((u) => ({ ...u })),
    parts: (input.parts ?? DEFAULT_PARTS).map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      optional: p.optional,
      selectedByDefault: p.selectedByDefault,
      sizeMb: p.sizeMb,
    })),
    restoreInProgress: input.restoreInProgress,
    restoreAllowed: input.restoreAllowed,
    recoverySupported: input.recoverySupported,
    schedules: new Map(input.schedules.map((s) => [s.id, schedule(s, since)])),
    ...(input.sessionIdleTimeout !== undefined ? { sessionIdleTimeoutMs: parseDuration(input.sessionIdleTimeout) } : {}),
    ...(input.sessionMaxCalls !== undefined ? { sessionMaxCalls: input.sessionMaxCalls } : {}),
    sessions: new Map(),
  };
}

function seedLocation(state: VcenterState, input: LocationInput, since: number): void {
  const loc = locationOf(state, input.url);
  if (input.user !== undefined) loc.user = input.user;
  if (input.password !== undefined) loc.passwordDigest = digest(input.password);
  const first = state.appliances[0];
  for (const a of input.archives) seedArchive(state, input.url, a, first, since);
}

function seedArchive(state: VcenterState, url: string, input: ArchiveInput, first: Appliance, since: number): void {
  const systemName = input.systemName ?? first.hostname;
  const version = input.version ?? state.appliances.find((a) => a.hostname === systemName)?.version ?? first.version;
  const startedAt = input.timestamp !== undefined ? Date.parse(input.timestamp) : since - parseDuration(input.age ?? 0);
  const scheduled = input.type === 'SCHEDULED';
  addArchive(state, url, {
    id: input.id ?? archiveIdOf(scheduled, version, startedAt),
    systemName,
    version,
    parts: [...input.parts],
    comment: input.comment,
    startedAt,
    completedAt: startedAt + parseDuration(input.duration),
    scheduled,
    ...(input.backupPassword !== undefined ? { passwordDigest: digest(input.backupPassword) } : {}),
  });
}

export function createState(init: StateInit<Vcenter>): VcenterState {
  const users = usersOf(init.credentials);
  const inputs: ApplianceInput[] = init.entities?.appliances ?? [
    { id: DEFAULT_APPLIANCE_ID, version: '8.0.3.00300', build: '24322831', restoreInProgress: false, restoreAllowed: true, recoverySupported: true, schedules: [] },
  ];
  const state: VcenterState = { appliances: inputs.map((a) => appliance(a, users, init.since)), locations: new Map() };
  for (const loc of init.entities?.locations ?? []) seedLocation(state, loc, init.since);
  return state;
}
