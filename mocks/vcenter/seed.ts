/** Builds one tenant's vCenter state from the scenario's credentials, entities and options. */
import { parseDuration } from '../../src/duration';
import type { StateInit } from '../../src/vendor';
import type { Appliance, User, VcenterState } from './model';
import type { ApplianceInput, CredentialsInput, PartInput } from './schema';
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

function appliance(input: ApplianceInput, users: User[]): Appliance {
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
    ...(input.sessionIdleTimeout !== undefined ? { sessionIdleTimeoutMs: parseDuration(input.sessionIdleTimeout) } : {}),
    ...(input.sessionMaxCalls !== undefined ? { sessionMaxCalls: input.sessionMaxCalls } : {}),
    sessions: new Map(),
  };
}

export function createState(init: StateInit<Vcenter>): VcenterState {
  const users = usersOf(init.credentials);
  const inputs: ApplianceInput[] = init.entities?.appliances ?? [
    { id: DEFAULT_APPLIANCE_ID, version: '8.0.3.00300', build: '24322831', restoreInProgress: false },
  ];
  return { appliances: inputs.map((a) => appliance(a, users)) };
}
