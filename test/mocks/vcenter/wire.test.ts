import { decodeRpc, encodeValue, formatDateTime, RpcDecodeError } from '../../../mocks/vcenter/codec';
import { BackupJobStatus, DetailsInfo, list, map, OUTPUTS, Part, str } from '../../../mocks/vcenter/vapi-types';
import vcenter from '../../../mocks/vcenter';
import { errors, errorTypeOf, httpStatusOf, vapiErrorName } from '../../../mocks/vcenter/errors';
import { apiError, parseRpcRequest, restError, rpcError, rpcOk, rpcProtocolError, RpcProtocolError } from '../../../mocks/vcenter/wire';
import { compileVendor, type HttpTarget } from '../../../src/operations/table';
import { loadSdkRequest } from './sdk-fixtures';

const status = {
  id: '20261123-061747-c0678c',
  state: 'INPROGRESS',
  messages: [{ id: 'm', default_message: 'Backing up', args: [] }],
  progress: 40,
  start_time: '2026-11-23T06:17:47.000Z',
};

function body(reply: { body?: string | Buffer }): any {
  return JSON.parse(String(reply.body));
}

describe('vcenter codec', () => {
  it('encodes a structure for JSON-RPC with every optional wrapped, unset ones as OPTIONAL null', () => {
    expect(encodeValue(BackupJobStatus, status, 'jsonrpc')).toEqual({
      STRUCTURE: {
        'com.vmware.appliance.recovery.backup.job.backup_job_status': {
          id: status.id,
          state: 'INPROGRESS',
          messages: [
            { STRUCTURE: { 'com.vmware.appliance.recovery.backup.job.localizable_message': status.messages[0] } },
          ],
          progress: 40,
          start_time: status.start_time,
          end_time: { OPTIONAL: null },
        },
      },
    });
    expect(encodeValue(BackupJobStatus, { ...status, end_time: 'X' }, 'jsonrpc')).toMatchObject({
      STRUCTURE: { 'com.vmware.appliance.recovery.backup.job.backup_job_status': { end_time: { OPTIONAL: 'X' } } },
    });
  });

  it('leaves unset optionals out of /api and /rest answers', () => {
    expect(encodeValue(BackupJobStatus, status, 'api')).toEqual(status);
    expect(encodeValue(BackupJobStatus, status, 'rest')).not.toHaveProperty('end_time');
  });

  it('encodes maps per dialect: object on /api, key/value list on /rest, map-entry structures on JSON-RPC', () => {
    const t = map(str, str);
    expect(encodeValue(t, { a: 'x' }, 'api')).toEqual({ a: 'x' });
    expect(encodeValue(t, { a: 'x' }, 'rest')).toEqual([{ key: 'a', value: 'x' }]);
    expect(encodeValue(t, { a: 'x' }, 'jsonrpc')).toEqual([{ STRUCTURE: { 'map-entry': { key: 'a', value: 'x' } } }]);
  });

  it('wraps the session id as a SECRET for JSON-RPC only', () => {
    const t = OUTPUTS['com.vmware.cis.session.create'];
    expect(encodeValue(t, 'sid', 'jsonrpc')).toEqual({ SECRET: 'sid' });
    expect(encodeValue(t, 'sid', 'rest')).toBe('sid');
  });

  it('encodes a list of parts with localizable names', () => {
    const part = { id: 'seat', name: { id: 'n', default_message: 'Stats', args: [] }, description: { id: 'd', default_message: 'D', args: [] }, selected_by_default: true, optional: true };
    const out = encodeValue(list(Part), [part], 'jsonrpc') as any[];
    expect(out[0].STRUCTURE['com.vmware.appliance.recovery.backup.parts.part'].name).toEqual({
      STRUCTURE: { 'com.vmware.appliance.recovery.backup.parts.localizable_message': part.name },
    });
  });

  it('decodes the SDK create input to plain JSON', () => {
    const req = loadSdkRequest('jsonrpc-job-create');
    const input = decodeRpc(req.body.params.input) as any;
    expect(input.piece).toEqual({
      parts: ['seat'],
      backup_password: 'Passw0rd!',
      location_type: 'SFTP',
      location: 'sftp://10.0.0.5/backups',
      location_user: 'backup',
      location_password: 'S3cret!x',
      comment: 'nightly',
      fast_backup: false,
    });
    const unset = decodeRpc(loadSdkRequest('jsonrpc-job-create-unset-optionals').body.params.input) as any;
    expect(unset.piece.backup_password).toBeNull();
  });

  it('rejects malformed typed values', () => {
    expect(() => decodeRpc({ STRUCTURE: { a: {}, b: {} } })).toThrow(RpcDecodeError);
    expect(() => decodeRpc({ NOPE: 1 })).toThrow(RpcDecodeError);
    expect(() => decodeRpc({ SECRET: 5 })).toThrow(RpcDecodeError);
    expect(() => decodeRpc({ OPTIONAL: 1, SECRET: 'x' })).toThrow(RpcDecodeError);
  });

  it('formats datetimes as RFC 3339 with T and Z', () => {
    expect(formatDateTime(Date.UTC(2026, 10, 23, 6, 17, 47, 5))).toBe('2026-11-23T06:17:47.005Z');
  });

  it('knows every details field the SDK binding declares', () => {
    expect(Object.keys((DetailsInfo as any).fields)).toHaveLength(20);
  });
});

describe('vcenter errors', () => {
  it('names std errors in every spelling', () => {
    expect(errorTypeOf('FEATURE_IN_USE')).toBe('FEATURE_IN_USE');
    expect(errorTypeOf('com.vmware.vapi.std.errors.not_found')).toBe('NOT_FOUND');
    expect(errorTypeOf('service_unavailable')).toBe('SERVICE_UNAVAILABLE');
    expect(errorTypeOf('BAD_REQUEST')).toBe('INVALID_REQUEST');
    expect(errorTypeOf('nonsense')).toBeUndefined();
    expect(vapiErrorName('FEATURE_IN_USE')).toBe('com.vmware.vapi.std.errors.feature_in_use');
  });

  it('maps std errors to the HTTP status of vapi_to_http_error_map', () => {
    expect(httpStatusOf('FEATURE_IN_USE')).toBe(400);
    expect(httpStatusOf('INVALID_ARGUMENT')).toBe(400);
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(httpStatusOf('UNAUTHENTICATED')).toBe(401);
    expect(httpStatusOf('SERVICE_UNAVAILABLE')).toBe(503);
    expect(httpStatusOf('ERROR')).toBe(500);
  });

  it('renders FEATURE_IN_USE in the /api shape of the Create Recovery Backup Job page', () => {
    const reply = apiError(errors.featureInUse());
    expect(reply.status).toBe(400);
    expect(body(reply)).toEqual({
      error_type: 'FEATURE_IN_USE',
      messages: [{ id: 'com.vmware.applmgmt.err_backup_in_progress', default_message: 'A backup or restore is already in progress.', args: [] }],
    });
  });

  it('renders /rest errors as type and value', () => {
    const reply = restError(errors.notFound('Backup job', 'x'));
    expect(reply.status).toBe(404);
    expect(body(reply)).toEqual({
      type: 'com.vmware.vapi.std.errors.not_found',
      value: { messages: [{ id: 'com.vmware.applmgmt.err_not_found', default_message: 'Backup job x does not exist.', args: ['x'] }] },
    });
  });

  it('renders JSON-RPC errors as an ERROR structure with HTTP 200 and the request id', () => {
    const reply = rpcError('7', errors.unauthenticated());
    expect(reply.status).toBe(200);
    expect(reply.headers?.['vapi-error']).toBe('com.vmware.vapi.std.errors.unauthenticated');
    const b = body(reply);
    expect(b.id).toBe('7');
    expect(b.jsonrpc).toBe('2.0');
    const err = b.result.error.ERROR['com.vmware.vapi.std.errors.unauthenticated'];
    expect(err.error_type).toEqual({ OPTIONAL: 'UNAUTHENTICATED' });
    expect(err.data).toEqual({ OPTIONAL: null });
    expect(err.messages[0].STRUCTURE['com.vmware.vapi.std.localizable_message'].id).toBe(
      'com.vmware.vapi.endpoint.method.authentication.required',
    );
  });

  it('renders JSON-RPC results and protocol errors', () => {
    expect(body(rpcOk('3', list(str), ['a']))).toEqual({ jsonrpc: '2.0', id: '3', result: { output: ['a'] } });
    expect(body(rpcProtocolError('3', 'PARSE_ERROR'))).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error.' } });
    expect(body(rpcProtocolError('3', 'INVALID_OPERATION')).id).toBe('3');
  });
});

describe('vcenter JSON-RPC request parsing', () => {
  it('reads the SDK login request', () => {
    const req = loadSdkRequest('jsonrpc-session-create');
    const parsed = parseRpcRequest(JSON.stringify(req.body), req.headers);
    expect(parsed).toMatchObject({ id: '0', serviceId: 'com.vmware.cis.session', operationId: 'create' });
    expect(parsed.securityCtx).toEqual({
      schemeId: 'com.vmware.vapi.std.security.user_pass',
      userName: 'administrator@vsphere.local',
      password: 'VMware1!',
    });
  });

  it.each([
    ['{not json', 'PARSE_ERROR'],
    ['[]', 'INVALID_REQUEST'],
    ['{"jsonrpc":"1.0","method":"invoke","id":"1"}', 'INVALID_REQUEST'],
    ['{"jsonrpc":"2.0","method":"other","id":"1"}', 'METHOD_NOT_FOUND'],
    ['{"jsonrpc":"2.0","method":"invoke","params":{},"id":"1"}', 'INVALID_PARAMS'],
  ])('rejects %s with %s', (text, code) => {
    expect(() => parseRpcRequest(text, {})).toThrow(RpcProtocolError);
    try {
      parseRpcRequest(text, {});
    } catch (e) {
      expect((e as RpcProtocolError).code).toBe(code);
    }
  });

  it('rejects a body that disagrees with the vapi-service header', () => {
    const req = loadSdkRequest('jsonrpc-job-list');
    expect(() => parseRpcRequest(JSON.stringify(req.body), { ...req.headers, 'vapi-service': 'other' })).toThrow(/INVALID_OPERATION/);
  });

  it('tells the dialects apart by path', () => {
    const { router } = compileVendor(vcenter).http('http');
    const dialectOf = (method: 'GET' | 'POST', path: string) => {
      const target = router.find(method, path)!.store as HttpTarget;
      return target.kind === 'route' ? target.candidates[0].door : target.door;
    };
    expect(dialectOf('POST', '/api')).toBe('jsonrpc');
    expect(dialectOf('POST', '/appliances/vc-02/api')).toBe('jsonrpc');
    expect(dialectOf('POST', '/api/session')).toBe('api');
    expect(dialectOf('GET', '/rest/appliance/recovery/backup/job')).toBe('rest');
  });
});
