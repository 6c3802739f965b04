/**
 * The answers of the Commvault family's service, login and entity operations, in the shapes
 * cvpysdk reads (cvpysdk.py, commcell.py, client.py, agent.py, instance.py, backupset.py,
 * subclient.py; job answers are in job-answers.ts). Each builder gives the XML root's name and
 * the tree; wire.ts writes it in the format `Accept` asks for.
 */
import {
  agentOf,
  backupsetById,
  clientById,
  instanceOf,
  storageTarget,
  type AgentRec,
  type BackupsetRec,
  type ClientRec,
  type CommCellRec,
  type CvState,
  type InstanceRec,
  type NamedId,
  type SubclientRec,
  type UserRec,
} from './model';
import { subclientEntity } from './tasks';
import type { PlainText, Shape, WireObject } from './wire';

/** A listing with the CommCell it comes from (answers name the linked client, agent...). */
export interface Listing<T> {
  state: CvState;
  items: T[];
}

const activity = (enabled: boolean) => ({
  activityControlOptions: [1, 2, 16].map((activityType) => ({ activityType, enableActivityType: activityType === 1 ? enabled : true })),
});

// ---- service, login -----------------------------------------------------------------------

/** `GET <base>/`: cvpysdk probes the service URL and needs a 200 before it logs in (cvpysdk.py `_is_valid_service`). */
export function serviceInfo(c: CommCellRec): Shape {
  return { root: 'CVWebService', body: { serviceName: 'CommServ REST API', commCellName: c.name, version: c.version } };
}

/** Login succeeds for cvpysdk only with both `userName` and `token` (cvpysdk.py `_login`). */
export function loggedIn(v: { user: UserRec; token: string; commcell: CommCellRec }): Shape {
  const { user, token } = v;
  return {
    root: 'DM2ContentIndexing_CheckCredentialResp',
    body: {
      aliasName: String(user.userId),
      userGUID: user.userGUID,
      loginAttempts: 0,
      remainingLockTime: 0,
      smtpAddress: user.email,
      userName: user.username,
      providerType: 1,
      ccn: 0,
      token,
      capability: 9663676416,
      forcePasswordChange: false,
      isAccountLocked: false,
      ownerOrganization: { providerId: 0, providerDomainName: 'Commcell', GUID: v.commcell.guid },
      errList: [],
    },
  };
}

export function renewed(v: { token: string; userName: string }): Shape {
  return { root: 'DM2ContentIndexing_RenewTokenResp', body: { token: v.token, userName: v.userName } };
}

export function loggedOut(): PlainText {
  return { text: 'User logged out' };
}

export function whoAmI(v: { userName: string; userId: number; userGUID: string }): Shape {
  return { root: 'CvEntities_ProcessingInstructionInfo', body: { user: { userName: v.userName, userId: v.userId, userGUID: v.userGUID } } };
}

// ---- the CommCell and its entities --------------------------------------------------------

export function commServInfo(c: CommCellRec): Shape {
  const [major, sp] = c.version.split('.');
  return {
    root: 'App_GetCommServInfoResp',
    body: {
      hostName: c.hostName,
      // cvpysdk takes the "(UTC...)" part of timeZone and the name from csTimeZone.
      timeZone: `0:-60:${c.timeZone}`,
      currentSPVersion: Number(sp ?? 0),
      csVersionInfo: c.version,
      releaseName: `${major}.0.0`,
      isLinuxCommserv: c.os === 'linux',
      commcell: { commCellName: c.name, commCellId: c.id, csGUID: c.guid, commCellType: 0 },
      csTimeZone: { TimeZoneID: 0, TimeZoneName: c.timeZone },
    },
  };
}

function clientEntity(s: CvState, c: ClientRec): WireObject {
  return {
    clientId: c.clientId,
    clientName: c.clientName,
    hostName: c.hostName,
    displayName: c.displayName,
    commCellName: s.commcell.name,
    clientGUID: c.guid,
    _type_: 3,
  };
}

export function clientList({ state, items }: Listing<ClientRec>): Shape {
  return {
    root: 'App_GetClientPropertiesResponse',
    body: { clientProperties: items.map((c) => ({ client: { clientEntity: clientEntity(state, c) } })) },
  };
}

/** `GET Client?PseudoClientType=VSPseudo`: no virtualization clients are emulated. */
export function pseudoClientList(): Shape {
  return { root: 'App_GetPseudoClientsResponse', body: { VSPseudoClientsList: [] } };
}

export function accessNodeList(): Shape {
  return { root: 'App_VSAClientAndClientGroupListResponse', body: { clients: [] } };
}

export function clientProperties({ state, items }: Listing<ClientRec>): Shape {
  return {
    root: 'App_GetClientPropertiesResponse',
    body: {
      clientProperties: items.map((c) => {
        const linux = c.os === 'linux';
        return {
          client: {
            cvdPort: 8400,
            installDirectory: linux ? '/opt/commvault' : 'C:\\Program Files\\Commvault\\ContentStore',
            clientEntity: clientEntity(state, c),
            osInfo: {
              Type: linux ? 'Unix' : 'Windows',
              SubType: linux ? 'Linux' : 'Server',
              Version: linux ? '5.15' : '10.0',
              OsDisplayInfo: {
                ProcessorType: linux ? 'x86_64' : 'WinX64',
                OSName: linux ? 'Rocky Linux 9' : 'Windows Server 2022 Datacenter',
              },
            },
            TimeZone: { TimeZoneName: state.commcell.timeZone },
            versionInfo: { version: `ServicePack:${state.commcell.version.split('.')[1] ?? '0'}.0`, GalaxyRelease: { ReleaseString: '11.0' } },
          },
          clientProps: {
            EnableSnapBackups: false,
            IsDeletedClient: false,
            isInfrastructure: c.isCommServe,
            activityControl: { EnableDataRecovery: true, EnableDataManagement: true, EnableOnlineContentIndex: false },
            clientActivityControl: activity(true),
          },
        };
      }),
    },
  };
}

export function agentList({ state, items }: Listing<AgentRec>): Shape {
  return {
    root: 'App_GetAgentPropertiesResponse',
    body: {
      agentProperties: items.map((a) => ({
        idaEntity: {
          clientId: a.clientId,
          clientName: clientById(state, a.clientId)?.clientName ?? '',
          appName: a.appName,
          applicationId: a.applicationId,
        },
        idaActivityControl: activity(a.enableBackup),
        AgentProperties: { userDescription: '' },
      })),
    },
  };
}

export function instanceList({ state, items }: Listing<InstanceRec>): Shape {
  return {
    root: 'App_GetInstancePropertiesResponse',
    body: {
      instanceProperties: items.map((i) => ({
        instance: {
          clientId: i.clientId,
          clientName: clientById(state, i.clientId)?.clientName ?? '',
          appName: agentOf(state, i.clientId, i.applicationId)?.appName ?? '',
          applicationId: i.applicationId,
          instanceId: i.instanceId,
          instanceName: i.instanceName,
        },
        instanceActivityControl: activity(true),
      })),
    },
  };
}

function backupsetEntity(s: CvState, b: BackupsetRec): WireObject {
  return {
    backupsetId: b.backupsetId,
    backupsetName: b.backupsetName,
    clientId: b.clientId,
    clientName: clientById(s, b.clientId)?.clientName ?? '',
    applicationId: b.applicationId,
    appName: agentOf(s, b.clientId, b.applicationId)?.appName ?? '',
    instanceId: b.instanceId,
    instanceName: instanceOf(s, b)?.instanceName ?? '',
    backupsetGUID: b.guid,
    _type_: 6,
  };
}

export function backupsetList({ state, items }: Listing<BackupsetRec>): Shape {
  return {
    root: 'App_GetBackupsetPropertiesResponse',
    body: {
      backupsetProperties: items.map((b) => {
        const plan = b.plan ? state.plans.find((p) => p.name === b.plan) : undefined;
        return {
          backupSetEntity: backupsetEntity(state, b),
          commonBackupSet: { isDefaultBackupSet: b.isDefault, onDemandBackupset: b.onDemand, userDescription: '' },
          // cvpysdk reads planEntity unconditionally (backupset.py); {} when there is no plan.
          planEntity: plan ? { planName: plan.name, planId: plan.id } : {},
        };
      }),
    },
  };
}

export function subclientList({ state, items }: Listing<SubclientRec>): Shape {
  return {
    root: 'App_GetSubClientPropertiesResponse',
    body: {
      subClientProperties: items.map((sc) => {
        const b = backupsetById(state, sc.backupsetId)!;
        const target = storageTarget(state, sc, b);
        return {
          subClientEntity: subclientEntity(state, sc),
          commonProperties: {
            isDefaultSubclient: sc.isDefault,
            enableBackup: sc.enableBackup,
            lastBackupTime: sc.lastBackupTime,
            description: '',
            storageDevice: target ? { dataBackupStoragePolicy: { storagePolicyName: target.name, storagePolicyId: target.id } } : {},
          },
          content: sc.content.map((path) => ({ path })),
          fsSubClientProp: { blockLevelBackup: false, createFileLevelIndexDuringBackup: false, backupRetention: false, useGlobalFilters: 'USE_CELL_LEVEL_POLICY' },
          ...(b.plan ? { planEntity: { planName: b.plan } } : {}),
        };
      }),
    },
  };
}

/** No schedules are seeded; cvpysdk accepts `{}` (schedules.py). */
export function storagePolicyList(policies: NamedId[]): Shape {
  return { root: 'App_GetStoragePolicyListResponse', body: { policies: policies.map((p) => ({ storagePolicyName: p.name, storagePolicyId: p.id })) } };
}

export function planList(plans: NamedId[]): Shape {
  return { root: 'App_GetPlansResponse', body: { plans: plans.map((p) => ({ plan: { planName: p.name, planId: p.id } })) } };
}

export function eventList(): Shape {
  return { root: 'EvMsg_GetEventsResp', body: { commservEvents: [] } };
}
