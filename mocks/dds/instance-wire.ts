/**
 * The answer of a restore to a new instance (restoring_data_to_a_new_db_instance.rst, Table 6),
 * which gophertelekomcloud decodes into instances.Instance (flavor num and size, keep_days as
 * strings; no port).
 */
import type { Datastore } from './model';
import type { NewInstance } from './restores';
import { formatBackupTime } from './wire';

/** The answer to a restore to a new instance (restoring_data_to_a_new_db_instance.rst, Table 6): the request echoed, numbers as strings. */
export interface DdsNewInstanceWire {
  id: string;
  name: string;
  datastore: Datastore & { storage_engine: string };
  created: string;
  status: 'creating';
  region: string;
  availability_zone: string;
  vpc_id: string;
  subnet_id: string;
  security_group_id: string;
  disk_encryption_id?: string;
  mode: string;
  flavor: { type: string; num: string; storage?: string; size?: string; spec_code: string }[];
  backup_strategy: { start_time: string; keep_days: string; period?: string };
  enterprise_project_id: string;
  ssl_option: string;
  job_id: string;
}

export function newInstanceWire(n: NewInstance): DdsNewInstanceWire {
  const { inst, request } = n;
  const volume = inst.groups.find((g) => g.type !== 'mongos' && g.type !== 'config')?.volume?.size;
  const strategy = request.backup_strategy ?? { start_time: inst.backup_strategy.start_time, keep_days: inst.backup_strategy.keep_days };
  // Table 7: "If the database version is 4.2 or later, the storage engine is rocksDB."
  const engine = Number(inst.datastore.version) >= 4.2 ? 'rocksDB' : 'wiredTiger';
  return {
    id: inst.id,
    name: inst.name,
    datastore: { ...inst.datastore, storage_engine: engine },
    created: formatBackupTime(n.createdAt),
    status: 'creating',
    region: inst.region,
    availability_zone: request.availability_zone,
    vpc_id: inst.vpc_id,
    subnet_id: inst.subnet_id,
    security_group_id: inst.security_group_id,
    ...(request.disk_encryption_id !== undefined ? { disk_encryption_id: request.disk_encryption_id } : {}),
    mode: inst.mode,
    flavor: request.flavor.map((f) => {
      const size = f.size !== undefined ? String(f.size) : f.type === 'config' ? '20' : f.type === 'mongos' ? undefined : volume;
      return {
        type: f.type,
        num: String(f.num ?? 2),
        ...(f.storage !== undefined ? { storage: f.storage } : {}),
        ...(size !== undefined ? { size } : {}),
        spec_code: f.spec_code,
      };
    }),
    backup_strategy: { start_time: strategy.start_time, keep_days: String(strategy.keep_days), ...('period' in strategy && strategy.period !== undefined ? { period: strategy.period } : {}) },
    enterprise_project_id: request.enterprise_project_id ?? '',
    ssl_option: request.ssl_option,
    job_id: n.jobId,
  };
}

