/**
 * Entity answers in the shapes cvpysdk walks to reach a subclient (commcell.py, client.py,
 * agent.py, instance.py, backupset.py, subclient.py; vendor-notes "What cvpysdk reads").
 * Each builder returns the XML root name and the JSON tree; wire.ts renders either format.
 */
import type { Shape, WireObject } from './wire';
import {
  agentOf,
  backupsetById,
  clientById,
  instanceOf,
  storageTarget,
  type AgentRec,
  type BackupsetRec,
  type ClientRec,
  type CvState,
  type InstanceRec,
  type SubclientRec,
} from './model';

const activity = (enabled: boolean) => ({
  activityControlOptions: [1, 2, 16].map((activityType) => ({ activityType, enableActivityType: activityType === 1 ? enabled : true })),
});

export function commServInfo(s: CvState): Shape {
  const c = s.commcell;
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

export function clientEntity(s: CvState, c: ClientRec): WireObject {
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

/** `GET Client`: visible clients; `?hiddenclients=true` adds hidden ones. */
export function clientList(s: CvState, includeHidden: boolean): Shape {
  const clients = s.clients.filter((c) => includeHidden || !c.hidden);
  return {
    root: 'App_GetClientPropertiesResponse',
    body: { clientProperties: clients.map((c) => ({ client: { clientEntity: clientEntity(s, c) } })) },
  };
}

export function clientProperties(s: CvState, c: ClientRec): Shape {
  const linux = c.os === 'linux';
  return {
    root: 'App_GetClientPropertiesResponse',
    body: {
      clientProperties: [
        {
          client: {
            cvdPort: 8400,
            installDirectory: linux ? '/opt/commvault' : 'C:\\Program Files\\Commvault\\ContentStore',
            clientEntity: clientEntity(s, c),
            osInfo: {
              Type: linux ? 'Unix' : 'Windows',
              SubType: linux ? 'Linux' : 'Server',
              Version: linux ? '5.15' : '10.0',
              OsDisplayInfo: {
                ProcessorType: linux ? 'x86_64' : 'WinX64',
                OSName: linux ? 'Rocky Linux 9' : 'Windows Server 2022 Datacenter',
              },
            },
            TimeZone: { TimeZoneName: s.commcell.timeZone },
            versionInfo: { version: `ServicePack:${s.commcell.version.split('.')[1] ?? '0'}.0`, GalaxyRelease: { ReleaseString: '11.0' } },
          },
          clientProps: {
            EnableSnapBackups: false,
            IsDeletedClient: false,
            isInfrastructure: c.isCommServe,
            activityControl: { EnableDataRecovery: true, EnableDataManagement: true, EnableOnlineContentIndex: false },
            clientActivityControl: activity(true),
          },
        },
      ],
    },
  };
}

export function agentList(s: CvState, agents: AgentRec[]): Shape {
  return {
    root: 'App_GetAgentPropertiesResponse',
    body: {
      agentProperties: agents.map((a) => ({
        idaEntity: {
          clientId: a.clientId,
          clientName: clientById(s, a.clientId)?.clientName ?? '',
          appName: a.appName,
          applicationId: a.applicationId,
        },
        idaActivityControl: activity(a.enableBackup),
        AgentProperties: { userDescription: '' },
      })),
    },
  };
}

export function instanceList(s: CvState, instances: InstanceRec[]): Shape {
  return {
    root: 'App_GetInstancePropertiesResponse',
    body: {
      instanceProperties: instances.map((i) => ({
        instance: {
          clientId: i.clientId,
          clientName: clientById(s, i.clientId)?.clientName ?? '',
          appName: agentOf(s, i.clientId, i.applicationId)?.appName ?? '',
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

export function backupsetList(s: CvState, sets: BackupsetRec[]): Shape {
  return {
    root: 'App_GetBackupsetPropertiesResponse',
    body: {
      backupsetProperties: sets.map((b) => {
        const plan = b.plan ? s.plans.find((p) => p.name === b.plan) : undefined;
        return {
          backupSetEntity: backupsetEntity(s, b),
          commonBackupSet: { isDefaultBackupSet: b.isDefault, onDemandBackupset: b.onDemand, userDescription: '' },
          // cvpysdk reads planEntity unconditionally (backupset.py); {} when there is no plan.
          planEntity: plan ? { planName: plan.name, planId: plan.id } : {},
        };
      }),
    },
  };
}

export function subclientEntity(s: CvState, sc: SubclientRec): WireObject {
  const b = backupsetById(s, sc.backupsetId);
  return {
    subclientId: sc.subclientId,
    subclientName: sc.subclientName,
    clientId: sc.clientId,
    clientName: clientById(s, sc.clientId)?.clientName ?? '',
    applicationId: sc.applicationId,
    appName: agentOf(s, sc.clientId, sc.applicationId)?.appName ?? '',
    instanceId: sc.instanceId,
    instanceName: instanceOf(s, sc)?.instanceName ?? '',
    backupsetId: sc.backupsetId,
    backupsetName: b?.backupsetName ?? '',
    subclientGUID: sc.guid,
    commCellName: s.commcell.name,
    _type_: 7,
  };
}

export function subclientList(s: CvState, subclients: SubclientRec[]): Shape {
  return {
    root: 'App_GetSubClientPropertiesResponse',
    body: {
      subClientProperties: subclients.map((sc) => {
        const b = backupsetById(s, sc.backupsetId)!;
        const target = storageTarget(s, { subclient: sc, backupset: b } as Parameters<typeof storageTarget>[1]);
        return {
          subClientEntity: subclientEntity(s, sc),
          commonProperties: {
            isDefaultSubclient: sc.isDefault,
            enableBackup: sc.enableBackup,
            lastBackupTime: sc.lastBackupTime,
            description: '',
            storageDevice: target
              ? { dataBackupStoragePolicy: { storagePolicyName: target.name, storagePolicyId: target.id } }
              : {},
          },
          content: sc.content.map((path) => ({ path })),
          fsSubClientProp: { blockLevelBackup: false, createFileLevelIndexDuringBackup: false, backupRetention: false, useGlobalFilters: 'USE_CELL_LEVEL_POLICY' },
          ...(b.plan ? { planEntity: { planName: b.plan } } : {}),
        };
      }),
    },
  };
}

export function storagePolicyList(s: CvState): Shape {
  return {
    root: 'App_GetStoragePolicyListResponse',
    body: { policies: s.storagePolicies.map((p) => ({ storagePolicyName: p.name, storagePolicyId: p.id })) },
  };
}

export function planList(s: CvState): Shape {
  return { root: 'App_GetPlansResponse', body: { plans: s.plans.map((p) => ({ plan: { planName: p.name, planId: p.id } })) } };
}
