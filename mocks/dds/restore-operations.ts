/**
 * The restore and instance lifecycle operations of DDS v3, named as the API Explorer names them
 * (RestoreInstance, RestoreNewInstance, RestoreInstanceFromCollection, ListRestoreTimes,
 * ListRestoreDatabases, ListRestoreCollections, DeleteInstance). Each restore and the delete
 * answer a job id that `GET /jobs?id=` polls; the instance shows the job in its `actions`.
 */
import { operationsOf } from '../../src/operations/types';
import { armPolicy } from './automated';
import {
  decodeRestoreCollections,
  decodeRestoreCollectionsQuery,
  decodeRestoreDatabasesQuery,
  decodeRestoreTimeQuery,
  decodeRestoreToNew,
  decodeRestoreToOriginal,
} from './decode-restore';
import { newInstanceWire } from './instance-wire';
import { deleteInstance } from './instances';
import { restorableCollections, restorableDatabases, restoreCollections, restoreTimes, restoreToNew, restoreToOriginal } from './restores';
import { project } from './settle';
import type { Dds } from './wire';

const operation = operationsOf<Dds>();

const INSTANCE_PATH = '/v3/:project_id/instances/:instance_id';
const instanceId = (raw: Dds['raw']): string => raw.params.instance_id ?? '';

export const ddsRestoreInstance = operation({
  name: 'RestoreInstance',
  summary: 'restoring_data_to_the_original_db_instance.rst: 200 {job_id}; the target shows RESTORE until the job completes',
  doors: { dds: { method: 'POST', path: '/v3/:project_id/instances/recovery' } },
  auth: 'project',
  input: (raw) => decodeRestoreToOriginal(raw.json()),
  run: (input, ctx) => restoreToOriginal(project(ctx), input, ctx.tenant.jobs, ctx.tenant.faker, ctx.clock.now()),
});

export const ddsRestoreNewInstance = operation({
  name: 'RestoreNewInstance',
  summary: 'restoring_data_to_a_new_db_instance.rst: 202, the new instance listed creating (actions CREATE), then normal',
  doors: { dds: { method: 'POST', path: '/v3/:project_id/instances', status: 202 } },
  auth: 'project',
  input: (raw) => decodeRestoreToNew(raw.json()),
  run: (input, ctx) => {
    const state = project(ctx);
    const made = restoreToNew(state, input, ctx.tenant.jobs, ctx.tenant.faker, ctx.clock.now(), state.identity.project.region);
    armPolicy(ctx.tenant, made.inst.id, made.createdAt);
    return newInstanceWire(made);
  },
});

export const ddsRestoreInstanceFromCollection = operation({
  name: 'RestoreInstanceFromCollection',
  summary: 'restoring_databases_and_tables_to_a_point_in_time.rst: replica sets, 200 {job_id}; RESTORE_TABLE meanwhile',
  doors: { dds: { method: 'POST', path: `${INSTANCE_PATH}/restore/collections` } },
  auth: 'project',
  input: (raw) => ({ instanceId: instanceId(raw), restores: decodeRestoreCollections(raw.json()) }),
  run: ({ instanceId: id, restores }, ctx) => restoreCollections(project(ctx), id, restores, ctx.tenant.jobs, ctx.tenant.faker, ctx.clock.now()),
});

export const ddsListRestoreTimes = operation({
  name: 'ListRestoreTimes',
  summary: 'querying_the_restoration_time_ranges.rst: {restore_time: [{start_time, end_time}]} of one UTC day (ms)',
  doors: { dds: { method: 'GET', path: `${INSTANCE_PATH}/restore-time` } },
  auth: 'project',
  input: (raw) => ({ instanceId: instanceId(raw), day: decodeRestoreTimeQuery(raw.query) }),
  run: ({ instanceId: id, day }, ctx) => restoreTimes(project(ctx), id, day, ctx.tenant.jobs, ctx.clock.now()),
});

export const ddsListRestoreDatabases = operation({
  name: 'ListRestoreDatabases',
  summary: 'obtaining_the_list_of_databases_that_can_be_restored.rst: {databases, total_count}',
  doors: { dds: { method: 'GET', path: `${INSTANCE_PATH}/restore-database` } },
  auth: 'project',
  input: (raw) => ({ instanceId: instanceId(raw), query: decodeRestoreDatabasesQuery(raw.query) }),
  run: ({ instanceId: id, query }, ctx) => {
    const listed = restorableDatabases(project(ctx), id, query);
    return { databases: listed.items, total_count: listed.total };
  },
});

export const ddsListRestoreCollections = operation({
  name: 'ListRestoreCollections',
  summary: 'obtaining_the_list_of_database_collections_that_can_be_restored.rst: {collections, total_count}',
  doors: { dds: { method: 'GET', path: `${INSTANCE_PATH}/restore-collection` } },
  auth: 'project',
  input: (raw) => ({ instanceId: instanceId(raw), query: decodeRestoreCollectionsQuery(raw.query) }),
  run: ({ instanceId: id, query }, ctx) => {
    const listed = restorableCollections(project(ctx), id, query);
    // The example lists names as strings (Table 3 calls each element a `name`).
    return { collections: listed.items, total_count: listed.total };
  },
});

export const ddsDeleteInstance = operation({
  name: 'DeleteInstance',
  summary: 'deleting_a_db_instance.rst: 202 {job_id}; DELETE_INSTANCE until the job completes, then gone with its Auto backups',
  doors: { dds: { method: 'DELETE', path: INSTANCE_PATH, status: 202 } },
  auth: 'project',
  input: instanceId,
  run: (id, ctx) => deleteInstance(project(ctx), id, ctx.tenant.jobs, ctx.tenant.faker),
});

export const restoreOperations = [
  ddsRestoreInstance,
  ddsRestoreNewInstance,
  ddsRestoreInstanceFromCollection,
  ddsListRestoreTimes,
  ddsListRestoreDatabases,
  ddsListRestoreCollections,
  ddsDeleteInstance,
];
