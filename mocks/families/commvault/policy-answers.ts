/**
 * Plan and storage policy details with their retention, in the shapes cvpysdk reads:
 * plan.py `Plan._get_plan_properties` (`plan.summary`, `storage.copy[]` with `retentionRules`,
 * `operationWindow.ruleId`, `fullOperationWindow.ruleId`), `_get_associated_entities`
 * (`entities`) and `_get_v4_plan_properties` (server plans, subtype 33554437);
 * policies/storage_policies.py `StoragePolicy._initialize_storage_policy_properties` (`copy[]`
 * with `copyType`, `active`, `StoragePolicyCopy`, `copyPrecedence`, `isSnapCopy`) and
 * `StoragePolicyCopy._get_copy_properties` (`copy.retentionRules`, read by `copy_retention`).
 */
import type { CvState } from './model';
import { planSubclients, type PlanRec, type RetentionRules, type StoragePolicyRec } from './retention';
import { subclientEntity } from './tasks';
import type { Shape, WireObject } from './wire';

/** plan.py: subtype 33554437 is a server plan. */
const SERVER_PLAN = 33554437;

function retentionRules(r: RetentionRules): WireObject {
  return { retainBackupDataForDays: r.retainBackupDataForDays, retainBackupDataForCycles: r.retainBackupDataForCycles, retainArchiverDataForDays: -1, jobs: 0 };
}

function policyCopy(p: StoragePolicyRec): WireObject {
  return {
    copyType: 1,
    active: 1,
    isDefault: 1,
    isSnapCopy: 0,
    copyPrecedence: 1,
    StoragePolicyCopy: { copyId: p.copyId, copyName: p.copyName, storagePolicyId: p.id, storagePolicyName: p.name },
    library: { libraryName: p.libraryName, libraryId: p.id },
    retentionRules: retentionRules(p.retention),
  };
}

/** `GET StoragePolicy/{id}`. */
export function storagePolicyDetail(p: StoragePolicyRec): Shape {
  return { root: 'App_GetStoragePolicyInfoResp', body: { storagePolicy: { storagePolicyName: p.name, storagePolicyId: p.id }, copy: [policyCopy(p)] } };
}

/** `GET V2/StoragePolicy/{id}/Copy/{copyId}`. */
export function storagePolicyCopyDetail(p: StoragePolicyRec): Shape {
  return {
    root: 'App_GetStoragePolicyCopyResp',
    body: {
      copy: {
        ...policyCopy(p),
        StoragePolicyFlags: {},
        copyFlags: {},
        extendedFlags: {},
        dataPathConfiguration: {},
        mediaProperties: {},
        dataEncryption: {},
        dedupeFlags: {},
        mediaAgent: {},
      },
    },
  };
}

/** `GET V2/Plan/{id}?propertyLevel=..`. */
export function planDetail(v: { state: CvState; plan: PlanRec }): Shape {
  const { plan } = v;
  const entities = planSubclients(v.state, plan).length;
  return {
    root: 'App_GetPlanResponse',
    body: {
      plan: {
        summary: {
          plan: { planName: plan.name, planId: plan.id },
          type: 2,
          subtype: SERVER_PLAN,
          slaInMinutes: plan.rpoMinutes,
          rpoInMinutes: plan.rpoMinutes,
          numCopies: 1,
          numAssocEntities: entities,
          planStatusFlag: 0,
        },
        storage: {
          storagePolicy: { storagePolicyName: plan.name, storagePolicyId: plan.id },
          copy: [
            {
              StoragePolicyCopy: { copyId: plan.copyId, copyName: 'Primary', storagePolicyName: plan.name },
              useGlobalPolicy: { storagePolicyName: plan.storagePoolName },
              retentionRules: retentionRules(plan.retention),
              isDefault: 1,
              isSnapCopy: 0,
            },
          ],
        },
        operationWindow: { ruleId: 0 },
        fullOperationWindow: { ruleId: 0 },
        inheritance: { isSealed: true },
      },
    },
  };
}

/** `GET V2/Plan/{id}/AssociatedEntities`. */
export function planEntities(v: { state: CvState; plan: PlanRec }): Shape {
  return { root: 'App_GetPlanAssociatedEntitiesResp', body: { entities: planSubclients(v.state, v.plan).map((sc) => subclientEntity(v.state, sc)) } };
}

/** `GET V4/ServerPlan/{id}` (cvpysdk reads it for a server plan). */
export function serverPlanV4(plan: PlanRec): Shape {
  return {
    root: 'ServerPlan',
    body: {
      plan: { id: plan.id, name: plan.name },
      backupDestinations: [
        {
          planBackupDestination: { id: plan.copyId, name: 'Primary' },
          storagePool: { name: plan.storagePoolName },
          retentionRuleType: 'RETENTION_PERIOD',
          retentionPeriodDays: plan.retention.retainBackupDataForDays,
          backupsToRetain: plan.retention.retainBackupDataForCycles,
          isDefault: true,
        },
      ],
      rpo: { backupFrequency: { schedules: [] } },
    },
  };
}
