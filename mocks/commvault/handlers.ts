/**
 * Entity operations: one small function each. They answer the listings cvpysdk walks from
 * the Commcell to a subclient (vendor-notes "What cvpysdk reads" and "Reaching a subclient").
 */
import { MockError, type HttpCall, type Reply } from '../../src/legacy/vendor';
import { requireUser } from './auth';
import {
  agentList,
  backupsetList,
  clientList,
  clientProperties,
  commServInfo,
  instanceList,
  planList,
  storagePolicyList,
  subclientList,
} from './entities';
import { backupsetById, clientById, instanceById, subclientById, type CvState } from './model';
import { reply, type Shape } from './wire';

type Call = HttpCall<CvState>;

function answer(call: Call, shape: Shape): Reply {
  return reply(call.headers.accept, shape);
}

/** Query parameters are matched case-insensitively, as IIS does for the CommServ. */
export function q(call: Call, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of call.searchParams) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** A numeric id from the path or query; `Client/None` and friends are unknown entities. */
export function idParam(value: string | undefined, what: string, required = true): number | undefined {
  if (value === undefined || value === '') {
    if (required) throw new MockError('BAD_REQUEST', `Invalid request: ${what} is required.`);
    return undefined;
  }
  if (!/^\d+$/.test(value)) throw new MockError('ENTITY_NOT_FOUND', `${what} [${value}] does not exist.`);
  return Number(value);
}

/** `GET <base>/`: cvpysdk probes the service URL and needs a 200 before it logs in. */
export function probe(call: Call): Reply {
  const s = call.tenant.state;
  return answer(call, { root: 'CVWebService', body: { serviceName: 'CommServ REST API', commCellName: s.commcell.name, version: s.commcell.version } });
}

export function getCommServ(call: Call): Reply {
  requireUser(call);
  return answer(call, commServInfo(call.tenant.state));
}

export function getClients(call: Call): Reply {
  requireUser(call);
  if (q(call, 'PseudoClientType') !== undefined) return answer(call, { root: 'App_GetPseudoClientsResponse', body: { VSPseudoClientsList: [] } });
  return answer(call, clientList(call.tenant.state, q(call, 'hiddenclients')?.toLowerCase() === 'true'));
}

export function getClient(call: Call): Reply {
  requireUser(call);
  const s = call.tenant.state;
  const id = idParam(call.params.id, 'Client')!;
  const client = clientById(s, id);
  if (!client) throw new MockError('ENTITY_NOT_FOUND', `Client [${id}] does not exist.`);
  return answer(call, clientProperties(s, client));
}

export function getAccessNodes(call: Call): Reply {
  requireUser(call);
  return answer(call, { root: 'App_VSAClientAndClientGroupListResponse', body: { clients: [] } });
}

export function getAgents(call: Call): Reply {
  requireUser(call);
  const s = call.tenant.state;
  const clientId = idParam(q(call, 'clientId'), 'clientId')!;
  const appId = idParam(q(call, 'applicationId'), 'applicationId', false);
  if (!clientById(s, clientId)) throw new MockError('ENTITY_NOT_FOUND', `Client [${clientId}] does not exist.`);
  const agents = s.agents.filter((a) => a.clientId === clientId && (appId === undefined || a.applicationId === appId));
  return answer(call, agentList(s, agents));
}

export function getInstances(call: Call): Reply {
  requireUser(call);
  const s = call.tenant.state;
  const clientId = idParam(q(call, 'clientId'), 'clientId')!;
  const appId = idParam(q(call, 'applicationId'), 'applicationId', false);
  const list = s.instances.filter((i) => i.clientId === clientId && (appId === undefined || i.applicationId === appId));
  return answer(call, instanceList(s, list));
}

export function getInstance(call: Call): Reply {
  requireUser(call);
  const s = call.tenant.state;
  const id = idParam(call.params.id, 'Instance')!;
  const clientId = idParam(q(call, 'association/entity/clientId'), 'clientId', false);
  const appId = idParam(q(call, 'association/entity/applicationId'), 'applicationId', false);
  const inst = s.instances.find(
    (i) => i.instanceId === id && (clientId === undefined || i.clientId === clientId) && (appId === undefined || i.applicationId === appId),
  ) ?? instanceById(s, id);
  if (!inst) throw new MockError('ENTITY_NOT_FOUND', `Instance [${id}] does not exist.`);
  return answer(call, instanceList(s, [inst]));
}

export function getBackupsets(call: Call): Reply {
  requireUser(call);
  const s = call.tenant.state;
  const clientId = idParam(q(call, 'clientId'), 'clientId')!;
  const appId = idParam(q(call, 'applicationId'), 'applicationId', false);
  const instId = idParam(q(call, 'instanceId'), 'instanceId', false);
  const list = s.backupsets.filter(
    (b) => b.clientId === clientId && (appId === undefined || b.applicationId === appId) && (instId === undefined || b.instanceId === instId),
  );
  return answer(call, backupsetList(s, list));
}

export function getBackupset(call: Call): Reply {
  requireUser(call);
  const s = call.tenant.state;
  const id = idParam(call.params.id, 'Backupset')!;
  const b = backupsetById(s, id);
  if (!b) throw new MockError('ENTITY_NOT_FOUND', `Backupset [${id}] does not exist.`);
  return answer(call, backupsetList(s, [b]));
}

export function getSubclients(call: Call): Reply {
  requireUser(call);
  const s = call.tenant.state;
  const clientId = idParam(q(call, 'clientId'), 'clientId')!;
  const appId = idParam(q(call, 'applicationId'), 'applicationId', false);
  const setId = idParam(q(call, 'backupsetId'), 'backupsetId', false);
  const instId = idParam(q(call, 'instanceId'), 'instanceId', false);
  const list = s.subclients.filter(
    (c) =>
      c.clientId === clientId &&
      (appId === undefined || c.applicationId === appId) &&
      (setId === undefined || c.backupsetId === setId) &&
      (instId === undefined || c.instanceId === instId),
  );
  return answer(call, subclientList(s, list));
}

export function getSubclient(call: Call): Reply {
  requireUser(call);
  const s = call.tenant.state;
  const id = idParam(call.params.id, 'Subclient')!;
  const sc = subclientById(s, id);
  if (!sc) throw new MockError('ENTITY_NOT_FOUND', `Subclient [${id}] does not exist.`);
  return answer(call, subclientList(s, [sc]));
}

/** No schedules are seeded; cvpysdk accepts `{}` (schedules.py). */
export function getSchedules(call: Call): Reply {
  requireUser(call);
  return answer(call, { root: 'TMMsg_TaskDetailResp', body: {} });
}

export function getStoragePolicies(call: Call): Reply {
  requireUser(call);
  return answer(call, storagePolicyList(call.tenant.state));
}

export function getPlans(call: Call): Reply {
  requireUser(call);
  return answer(call, planList(call.tenant.state));
}

export function getEvents(call: Call): Reply {
  requireUser(call);
  return answer(call, { root: 'EvMsg_GetEventsResp', body: { commservEvents: [] } });
}

