/**
 * Every vCenter route, in one table. Paths come from the OpenAPI files (vendor-specs) for /api
 * and /rest, and from the SDK for JSON-RPC (`POST /api`, vmware/vapi/vsphere/client.py) and the
 * rest connector's session path (`/rest/session`, cis_client.py). Each route is served twice:
 * for the first appliance at the root and for any appliance under `/appliances/:appliance`.
 */
import type { Route } from '../../src/legacy/vendor';
import { api, apiSessionCreate, inputs, jsonRpc, rest, restSessionCreate, rpcOperationName } from './dialects';
import { OPERATIONS as O } from './handlers';
import type { VcenterState } from './model';

const B = '/appliance/recovery/backup';

const table: Route<VcenterState>[] = [
  // vAPI JSON-RPC: one endpoint, the operation is named in the body.
  { method: 'POST', path: '/api', operation: rpcOperationName, handler: jsonRpc },

  // REST /api
  { method: 'POST', path: '/api/session', operation: 'session.create', handler: apiSessionCreate },
  { method: 'GET', path: '/api/session', operation: O.sessionGet.name, handler: api(O.sessionGet) },
  { method: 'DELETE', path: '/api/session', operation: O.sessionDelete.name, handler: api(O.sessionDelete) },
  { method: 'POST', path: `/api${B}/job`, operation: O.jobCreate.name, handler: api(O.jobCreate, inputs.apiPiece) },
  { method: 'GET', path: `/api${B}/job`, operation: O.jobList.name, handler: api(O.jobList) },
  { method: 'GET', path: `/api${B}/job/details`, operation: O.jobDetails.name, handler: api(O.jobDetails, inputs.apiDetails) },
  { method: 'GET', path: `/api${B}/job/:id`, operation: O.jobGet.name, handler: api(O.jobGet, inputs.id) },
  { method: 'POST', path: `/api${B}/job/:id`, operation: O.jobCancel.name, handler: api(O.jobCancel, inputs.id, 'cancel') },
  { method: 'GET', path: `/api${B}/parts`, operation: O.partsList.name, handler: api(O.partsList) },
  { method: 'GET', path: `/api${B}/parts/:id`, operation: O.partsGet.name, handler: api(O.partsGet, inputs.id) },
  { method: 'POST', path: `/api${B}`, operation: O.validate.name, handler: api(O.validate, inputs.apiPiece, 'validate') },

  // vAPI-REST /rest
  // The old vAPI-REST form also reads the session with POST ?~action=get.
  {
    method: 'POST',
    path: '/rest/com/vmware/cis/session',
    operation: (call) => (call.query['~action'] === 'get' ? O.sessionGet.name : 'session.create'),
    handler: restSessionCreate,
  },
  { method: 'POST', path: '/rest/session', operation: 'session.create', handler: restSessionCreate },
  { method: 'GET', path: '/rest/com/vmware/cis/session', operation: O.sessionGet.name, handler: rest(O.sessionGet) },
  { method: 'GET', path: '/rest/session', operation: O.sessionGet.name, handler: rest(O.sessionGet) },
  { method: 'DELETE', path: '/rest/com/vmware/cis/session', operation: O.sessionDelete.name, handler: rest(O.sessionDelete) },
  { method: 'DELETE', path: '/rest/session', operation: O.sessionDelete.name, handler: rest(O.sessionDelete) },
  { method: 'POST', path: `/rest${B}/job`, operation: O.jobCreate.name, handler: rest(O.jobCreate, inputs.restPiece) },
  { method: 'GET', path: `/rest${B}/job`, operation: O.jobList.name, handler: rest(O.jobList) },
  { method: 'GET', path: `/rest${B}/job/details`, operation: O.jobDetails.name, handler: rest(O.jobDetails, inputs.restDetails) },
  { method: 'GET', path: `/rest${B}/job/:id`, operation: O.jobGet.name, handler: rest(O.jobGet, inputs.id) },
  { method: 'POST', path: `/rest${B}/job/:id/cancel`, operation: O.jobCancel.name, handler: rest(O.jobCancel, inputs.id) },
  { method: 'GET', path: `/rest${B}/parts`, operation: O.partsList.name, handler: rest(O.partsList) },
  { method: 'GET', path: `/rest${B}/parts/:id`, operation: O.partsGet.name, handler: rest(O.partsGet, inputs.id) },
  { method: 'POST', path: `/rest${B}/validate`, operation: O.validate.name, handler: rest(O.validate, inputs.restPiece) },
];

export const APPLIANCE_PREFIX = '/appliances/:appliance';

export const routes: Route<VcenterState>[] = [...table, ...table.map((r) => ({ ...r, path: APPLIANCE_PREFIX + r.path }))];
