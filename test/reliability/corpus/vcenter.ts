/**
 * vCenter's doors under bad input: REST /api, vAPI-REST /rest and JSON-RPC on POST /api, on the
 * http listener (all of it) and the https one (the framing and TLS cases, and a sample of the
 * rest: the doors are the same code behind another socket).
 */
import { noStack, status, vcenterApiError, vcenterRestError, vcenterRpcError, type Problems } from '../shapes';
import type { Seen } from '../wire';
import { httpBytes } from '../wire';
import { casesOf, type Case, type CaseContext } from './case';
import { BAD_PERCENT, bigJson, deepJsonArray, deepJsonObject, INVALID_UTF8, LONE_SURROGATES, LONG_TOKEN, MiB, PROTO_NAMES, withInvalidUtf8 } from './payloads';

const B = '/appliance/recovery/backup';
const JOB = 'com.vmware.appliance.recovery.backup.job';
const PIECE = { parts: ['seat'], location_type: 'SFTP', location: 'sftp://10.0.0.5/backups' };
const JSON_CT = { 'content-type': 'application/json' };

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function basic(c: CaseContext): string {
  const l = c.t.logins.vcenter!;
  return `Basic ${b64(`${l.username}:${l.password}`)}`;
}

async function session(c: CaseContext, base: string): Promise<string> {
  const r = await c.send(base, { method: 'POST', path: '/api/session', headers: { authorization: basic(c) } });
  const sid = JSON.parse(r.text) as unknown;
  if (typeof sid !== 'string') throw new Error(`login failed: ${r.status} ${r.text}`);
  return sid;
}

const api = (seen: Seen, want: number | number[]): Problems => [...status(seen, want), ...vcenterApiError(seen), ...noStack(seen)];
const rest = (seen: Seen, want: number | number[]): Problems => [...status(seen, want), ...vcenterRestError(seen), ...noStack(seen)];
const rpc = (seen: Seen, want: number | number[] = 200): Problems => [...status(seen, want), ...vcenterRpcError(seen), ...noStack(seen)];

/** A JSON-RPC invoke as the Python SDK's json connector sends it. */
function invoke(serviceId: string, operationId: string, input: unknown, securityCtx?: unknown, id: unknown = '1'): Record<string, unknown> {
  return { jsonrpc: '2.0', method: 'invoke', id, params: { serviceId, operationId, input, ctx: { appCtx: { opId: 'hostile' }, ...(securityCtx !== undefined ? { securityCtx } : {}) } } };
}
const sessionCtx = (sessionId: unknown) => ({ schemeId: 'com.vmware.vapi.std.security.session_id', sessionId });

/** Bad auth in every form the three dialects accept it. */
function authCases(listener: string): Case[] {
  const needs = [`vcenter.${listener}`];
  const u = (c: CaseContext) => c.url('vcenter', listener);
  const badBasic = ['Basic', 'Basic !!!', `Basic ${b64('no-colon')}`, `Basic ${b64(':')}`, `Basic ${b64('administrator@vsphere.local:wrong')}`, 'Bearer abc', 'Negotiate', `Basic ${b64(LONG_TOKEN)}`, 'basic', 'Basic  ', `Basic ${b64('a:b')}===`];
  const badSessions = [...PROTO_NAMES, '', ' ', 'null', '0', LONG_TOKEN, 'ffffffffffffffffffffffffffffffff', '../../etc/passwd', '%00'];
  return casesOf('vcenter', `/api and /rest (${listener})`, needs, [
    [
      'malformed and wrong Basic headers: 401 in each dialect',
      async (c) => {
        const p: Problems = [];
        for (const h of badBasic) {
          p.push(...api(await c.send(u(c), { method: 'POST', path: '/api/session', headers: { authorization: h } }), 401));
          p.push(...rest(await c.send(u(c), { method: 'POST', path: '/rest/com/vmware/cis/session', headers: { authorization: h } }), 401));
        }
        return p;
      },
    ],
    [
      'no credentials at all: 401',
      async (c) => [
        ...api(await c.send(u(c), { method: 'POST', path: '/api/session' }), 401),
        ...rest(await c.send(u(c), { method: 'POST', path: '/rest/com/vmware/cis/session' }), 401),
        ...api(await c.send(u(c), { path: `/api${B}/job` }), 401),
      ],
    ],
    [
      'forged, prototype-named, empty and huge session ids in the header and the cookie: 401, no job',
      async (c) => {
        const p: Problems = [];
        for (const sid of badSessions) {
          p.push(...api(await c.send(u(c), { method: 'POST', path: `/api${B}/job`, headers: { 'vmware-api-session-id': sid, ...JSON_CT }, body: JSON.stringify(PIECE) }), 401));
          p.push(...rest(await c.send(u(c), { path: `/rest${B}/job`, headers: { cookie: `vmware-api-session-id=${encodeURIComponent(sid)}` } }), 401));
        }
        p.push(...api(await c.send(u(c), { path: `/api${B}/job`, headers: { cookie: 'vmware-api-session-id=%E0%A4%A; a=b' } }), 401));
        p.push(...api(await c.send(u(c), { path: `/api${B}/job`, headers: { cookie: ';;;=;vmware-api-session-id' } }), 401));
        return p;
      },
    ],
    [
      'a session that was deleted is refused in every dialect',
      async (c) => {
        const sid = await session(c, u(c));
        const del = await c.send(u(c), { method: 'DELETE', path: '/api/session', headers: { 'vmware-api-session-id': sid } });
        return [
          ...status(del, 204),
          ...api(await c.send(u(c), { path: `/api${B}/job`, headers: { 'vmware-api-session-id': sid } }), 401),
          ...rest(await c.send(u(c), { path: `/rest${B}/job`, headers: { 'vmware-api-session-id': sid } }), 401),
          ...rpc(await c.send(u(c), { method: 'POST', path: '/api', headers: JSON_CT, body: JSON.stringify(invoke(JOB, 'list', { STRUCTURE: { 'operation-input': {} } }, sessionCtx(sid))) })),
        ];
      },
    ],
  ]);
}

/** Bodies /api and /rest cannot use. */
function bodyCases(listener: string): Case[] {
  const u = (c: CaseContext) => c.url('vcenter', listener);
  const withSession = async (c: CaseContext, body: string | Buffer, headers: Record<string, string> = JSON_CT) => {
    const sid = await session(c, u(c));
    return {
      api: await c.send(u(c), { method: 'POST', path: `/api${B}/job`, headers: { 'vmware-api-session-id': sid, ...headers }, body }),
      rest: await c.send(u(c), { method: 'POST', path: `/rest${B}/job`, headers: { 'vmware-api-session-id': sid, ...headers }, body }),
    };
  };
  const bad = (label: string, body: string | Buffer, want: number, headers?: Record<string, string>): [string, (c: CaseContext) => Promise<Problems>] => [
    label,
    async (c) => {
      const r = await withSession(c, body, headers);
      return [...api(r.api, want), ...rest(r.rest, want)];
    },
  ];
  return casesOf('vcenter', `/api and /rest bodies (${listener})`, [`vcenter.${listener}`], [
    bad('malformed JSON: 400 INVALID_REQUEST', '{"parts": [', 400),
    bad('JSON arrays nested 200,000 deep: 400', deepJsonArray(200_000), 400),
    bad('JSON objects nested 100,000 deep: 400', deepJsonObject(100_000, 'piece'), 400),
    bad('invalid UTF-8 in a JSON body: 400', withInvalidUtf8('{"piece":{"comment":"', '"}}'), 400),
    bad('lone surrogates in JSON strings: 400', `{"piece":{"parts":[${LONE_SURROGATES}],"location_type":${LONE_SURROGATES},"location":${LONE_SURROGATES}}}`, 400),
    bad('prototype names as keys and values: 400', `{"__proto__":{"parts":["seat"]},"constructor":{"prototype":{"x":1}},"piece":{"parts":["__proto__","constructor"],"location_type":"toString","location":"valueOf"}}`, 400),
    bad('a text/plain body: 415', JSON.stringify({ piece: PIECE }), 415, { 'content-type': 'text/plain' }),
    bad('an XML body: 415', '<piece/>', 415, { 'content-type': 'application/xml' }),
    bad('a multipart body: 415', '--x\r\n\r\n{}\r\n--x--', 415, { 'content-type': 'multipart/form-data; boundary=x' }),
    bad('a UTF-16 body (as its charset says): 400', Buffer.from(JSON.stringify({ piece: PIECE }), 'utf16le'), 400, { 'content-type': 'application/json; charset=utf-16' }),
    bad('a number, a string, null and an array as the whole body: 400', '[1,"x",null]', 400),
    bad('one byte over the 1 MiB body limit: 413', bigJson(MiB + 1), 413),
    [
      'twelve megabytes: refused (413) or cut off; the server stays up',
      async (c) => {
        const seen = await c.send(u(c), { method: 'POST', path: `/api${B}/job`, headers: JSON_CT, body: Buffer.alloc(12 * MiB, 'a') }, 'atMostOne');
        return seen.status === undefined ? [] : api(seen, 413);
      },
    ],
    [
      'bytes that are not UTF-8 anywhere: 400 or 401, never 500',
      async (c) => api(await c.send(u(c), { method: 'POST', path: `/api${B}/job`, headers: JSON_CT, body: INVALID_UTF8 }), [400, 401]),
    ],
  ]);
}

/** Paths: unknown routes, methods and actions, ids named after prototype members, bad encodings. */
function pathCases(listener: string): Case[] {
  const u = (c: CaseContext) => c.url('vcenter', listener);
  return casesOf('vcenter', `/api and /rest paths (${listener})`, [`vcenter.${listener}`], [
    [
      'every path parameter of every route as a prototype name: the door answers 4xx in its shape',
      async (c) => {
        const sid = await session(c, u(c));
        const ops = JSON.parse((await c.send(c.t.admin, { path: '/vendors/vcenter/operations' }, 'none')).text) as { operations: Array<{ doors: Record<string, string[]> }> };
        const p: Problems = [];
        for (const op of ops.operations) {
          for (const door of ['api', 'rest'] as const) {
            for (const route of op.doors[door] ?? []) {
              const [method, template] = route.split(' ');
              if (!template.includes(':')) continue;
              for (const name of PROTO_NAMES) {
                const path = template.split('?')[0].replace(/:[a-z_]+/g, encodeURIComponent(name)) + (template.includes('?') ? `?${template.split('?')[1]}` : '');
                const seen = await c.send(u(c), { method, path, headers: { 'vmware-api-session-id': sid, ...JSON_CT }, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }) });
                const shape = door === 'api' ? vcenterApiError(seen) : vcenterRestError(seen);
                if (seen.status === undefined || seen.status < 400 || seen.status >= 500 || shape.length) p.push(`${method} ${path}: ${seen.status} ${seen.text.slice(0, 120)}`);
              }
            }
          }
        }
        for (const name of PROTO_NAMES) p.push(...api(await c.send(u(c), { method: 'POST', path: `/appliances/${encodeURIComponent(name)}/api/session`, headers: { authorization: basic(c) } }), 404));
        return p;
      },
    ],
    [
      'unknown routes, methods and actions: 404 in each dialect',
      async (c) => {
        const sid = { 'vmware-api-session-id': await session(c, u(c)) };
        return [
          ...api(await c.send(u(c), { path: '/api/nothing/here', headers: sid }), 404),
          ...api(await c.send(u(c), { method: 'PATCH', path: `/api${B}/job`, headers: sid }), 404),
          ...api(await c.send(u(c), { method: 'POST', path: `/api${B}/job/1?action=explode`, headers: sid }), 404),
          ...rest(await c.send(u(c), { path: '/rest/nothing/here', headers: sid }), 404),
          ...rest(await c.send(u(c), { method: 'PUT', path: `/rest${B}/job`, headers: sid }), 404),
        ];
      },
    ],
    [
      'percent-encodings that do not decode, in ids and queries: 4xx in the door shape',
      async (c) => {
        const sid = { 'vmware-api-session-id': await session(c, u(c)) };
        const p: Problems = [];
        for (const bad of BAD_PERCENT) {
          p.push(...api(await c.send(u(c), { path: `/api${B}/job/${bad}`, headers: sid }), [400, 404]));
          p.push(...api(await c.send(u(c), { path: `/api${B}/job/details?jobs=${bad}`, headers: sid }), [200, 400, 404]).filter((x) => !x.startsWith('/api error')));
          p.push(...rest(await c.send(u(c), { path: `/rest${B}/parts/${bad}`, headers: sid }), [400, 404]));
        }
        return p;
      },
    ],
    [
      'a query of 5,000 repeated parameters and a 30 KB path: answered in the door shape',
      async (c) => {
        const sid = { 'vmware-api-session-id': await session(c, u(c)) };
        const many = `?${Array.from({ length: 5000 }, (_, i) => `jobs=${i}`).join('&')}`;
        const details = await c.send(u(c), { path: `/api${B}/job/details${many}`, headers: sid });
        return [...status(details, [200, 400, 404]), ...noStack(details), ...api(await c.send(u(c), { path: `/api/${'x'.repeat(30_000)}`, headers: sid }), 404)];
      },
    ],
  ]);
}

/** JSON-RPC envelopes and typed values the vAPI runtime refuses. */
function rpcCases(listener: string): Case[] {
  const u = (c: CaseContext) => c.url('vcenter', listener);
  const post = (c: CaseContext, body: string | Buffer, headers: Record<string, string> = JSON_CT) => c.send(u(c), { method: 'POST', path: '/api', headers, body });
  const code = (seen: Seen, want: number): Problems => {
    try {
      const got = (JSON.parse(seen.text) as { error?: { code?: number } }).error?.code;
      return got === want ? [] : [`JSON-RPC error code ${got}, wanted ${want}`];
    } catch {
      return [];
    }
  };
  const stdError = (seen: Seen, name: string): Problems => {
    try {
      const got = Object.keys((JSON.parse(seen.text) as { result: { error: { ERROR: object } } }).result.error.ERROR)[0];
      return got === `com.vmware.vapi.std.errors.${name}` ? [] : [`vAPI error ${got}, wanted ${name}`];
    } catch {
      return [`not a vAPI error result: ${seen.text.slice(0, 120)}`];
    }
  };
  return casesOf('vcenter', `JSON-RPC (${listener})`, [`vcenter.${listener}`], [
    ['not JSON: -32700', async (c) => { const s = await post(c, '{"jsonrpc":'); return [...rpc(s), ...code(s, -32700)]; }],
    ['invalid UTF-8: -32700 or -32600', async (c) => rpc(await post(c, withInvalidUtf8('{"jsonrpc":"2.0","method":"invoke","id":"', '"}')))],
    ['an array, a string and null as the envelope: -32600', async (c) => { const p: Problems = []; for (const b of ['[]', '"x"', 'null', '[{"jsonrpc":"2.0"}]']) { const s = await post(c, b); p.push(...rpc(s), ...code(s, -32600)); } return p; }],
    ['version 1.0, a missing version, an object as id: -32600', async (c) => { const p: Problems = []; for (const b of [{ jsonrpc: '1.0', method: 'invoke', id: 1 }, { method: 'invoke', id: 1 }, { jsonrpc: '2.0', method: 'invoke', id: { a: 1 } }]) { const s = await post(c, JSON.stringify(b)); p.push(...rpc(s), ...code(s, -32600)); } return p; }],
    ['a method other than invoke: -32601', async (c) => { const s = await post(c, JSON.stringify({ jsonrpc: '2.0', method: '__proto__', id: '1', params: {} })); return [...rpc(s), ...code(s, -32601)]; }],
    ['params missing or of the wrong types: -32602', async (c) => { const p: Problems = []; for (const params of [undefined, null, [], 'x', { serviceId: 1, operationId: 'list' }, { serviceId: JOB, operationId: ['list'] }]) { const s = await post(c, JSON.stringify({ jsonrpc: '2.0', method: 'invoke', id: '1', params })); p.push(...rpc(s), ...code(s, -32602)); } return p; }],
    ['vapi-service and vapi-operation headers that disagree with the body: -31001', async (c) => { const s = await post(c, JSON.stringify(invoke(JOB, 'list', {})), { ...JSON_CT, 'vapi-service': 'com.vmware.cis.session', 'vapi-operation': 'create' }); return [...rpc(s), ...code(s, -31001)]; }],
    ['a text/plain envelope: 415 with -32600', async (c) => rpc(await post(c, JSON.stringify(invoke(JOB, 'list', {})), { 'content-type': 'text/plain' }), 415)],
    ['no content type: 415 with -32600', async (c) => rpc(await post(c, JSON.stringify(invoke(JOB, 'list', {})), {}), 415)],
    ['one byte over the body limit: 413 with -32600', async (c) => rpc(await post(c, bigJson(MiB + 1)), 413)],
    ['envelopes nested 200,000 deep: a JSON-RPC error', async (c) => rpc(await post(c, `{"jsonrpc":"2.0","method":"invoke","id":"1","params":${deepJsonArray(200_000)}}`))],
    ['typed input nested 50,000 deep: a JSON-RPC error', async (c) => rpc(await post(c, JSON.stringify(invoke(JOB, 'list', JSON.parse(deepJsonObject(2000, 'STRUCTURE'))))))],
    [
      'typed values the runtime refuses (bad OPTIONAL, SECRET, LIST, BINARY, DATETIME, ERROR): -32602 or a vAPI error',
      async (c) => {
        const p: Problems = [];
        for (const input of [{ STRUCTURE: 1 }, { STRUCTURE: { a: {}, b: {} } }, { OPTIONAL: { x: 1 } }, { SECRET: [] }, { LIST: {} }, { BINARY: '!!!' }, { DATETIME: 'yesterday' }, { ERROR: { x: 1 } }, { STRUCTURE: { 'operation-input': { piece: { STRUCTURE: { [`${JOB}.backup_request`]: { parts: { LIST: 'x' } } } } } } }, { __proto__: { x: 1 } }, { STRUCTURE: { __proto__: {} } }]) {
          p.push(...rpc(await post(c, JSON.stringify(invoke(JOB, 'create', input, sessionCtx('x'))))));
        }
        return p;
      },
    ],
    [
      'security contexts of the wrong types and prototype-named sessions: unauthenticated, no job',
      async (c) => {
        const p: Problems = [];
        const input = { STRUCTURE: { 'operation-input': {} } };
        for (const ctx of [null, [], 'x', { schemeId: 1 }, { schemeId: 'com.vmware.vapi.std.security.session_id', sessionId: 123 }, { schemeId: 'com.vmware.vapi.std.security.session_id', sessionId: {} }, { schemeId: 'com.vmware.vapi.std.security.user_pass', userName: [], password: {} }, ...PROTO_NAMES.map((n) => sessionCtx(n))]) {
          const s = await post(c, JSON.stringify(invoke(JOB, 'list', input, ctx)));
          p.push(...rpc(s), ...stdError(s, 'unauthenticated'));
        }
        for (const name of PROTO_NAMES) {
          const s = await post(c, JSON.stringify(invoke(JOB, 'list', input)), { ...JSON_CT, 'vmware-api-session-id': name });
          p.push(...rpc(s), ...stdError(s, 'unauthenticated'));
        }
        return p;
      },
    ],
    [
      'unknown and prototype-named services and operations: operation_not_found',
      async (c) => {
        const p: Problems = [];
        for (const [svc, op] of [['com.vmware.nothing', 'list'], [JOB, 'explode'], ['__proto__', 'constructor'], ['constructor', 'toString'], [`${JOB}.__proto__`, 'valueOf'], ['', '']]) {
          const s = await post(c, JSON.stringify(invoke(svc, op, { STRUCTURE: { 'operation-input': {} } }, sessionCtx('x'))));
          p.push(...rpc(s), ...stdError(s, 'operation_not_found'));
        }
        return p;
      },
    ],
  ]);
}

/** Framing the HTTP parser refuses, connections cut off, TLS garbage. */
function framingCases(listener: string): Case[] {
  const u = (c: CaseContext) => c.url('vcenter', listener);
  const bare = (seen: Seen): Problems => (seen.status === undefined || (seen.status >= 400 && seen.status < 500) ? noStack(seen) : [`status ${seen.status} for a request Node cannot parse`]);
  return casesOf('vcenter', `HTTP framing (${listener})`, [`vcenter.${listener}`], [
    ['a request line that is not HTTP: Node refuses it (400), nothing journalled', async (c) => bare(await c.raw(u(c), () => ({ write: ['GARBAGE / HTTP/9.9\r\n\r\n'] }), 'none'))],
    ['both Content-Length and Transfer-Encoding (request smuggling): refused', async (c) => bare(await c.raw(u(c), (tag) => ({ write: [`POST /api/session HTTP/1.1\r\nhost: x\r\n${tag}\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n`] }), 'none'))],
    ['broken chunked framing: refused or cut off', async (c) => bare(await c.raw(u(c), (tag) => ({ write: [`POST /api/session HTTP/1.1\r\nhost: x\r\n${tag}\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nxx\r\n`] }), 'atMostOne'))],
    ['a header with CR, NUL or a space in its name: refused', async (c) => bare(await c.raw(u(c), (tag) => ({ write: [`GET /api/session HTTP/1.1\r\nhost: x\r\n${tag}\r\nbad name: 1\r\nx: a\0b\r\n\r\n`] }), 'none'))],
    [
      'UTF-8 and binary bytes in header values: a 401 or Node\'s 400',
      async (c) => {
        const seen = await c.raw(u(c), (tag) => ({ write: [Buffer.concat([Buffer.from(`GET /api${B}/job HTTP/1.1\r\nhost: x\r\n${tag}\r\nconnection: close\r\nvmware-api-session-id: `), Buffer.from('☃ünï'), INVALID_UTF8, Buffer.from('\r\n\r\n')])] }), 'atMostOne');
        return seen.status === 401 ? api(seen, 401) : bare(seen);
      },
    ],
    ['headers past 64 KiB: Node answers 431', async (c) => bare(await c.raw(u(c), (tag) => ({ write: [httpBytes('GET', '/api/session', { [tag.split(':')[0]]: tag.split(': ')[1], 'x-big': 'a'.repeat(70_000) })] }), 'none'))],
    [
      'a body cut off half way (the client disconnects mid-request): nothing answered, the server carries on',
      async (c) => {
        await c.raw(u(c), (tag) => ({ write: [`POST /api${B}/job HTTP/1.1\r\nhost: x\r\n${tag}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"piece":`], abort: true }), 'atMostOne');
        await c.raw(u(c), (tag) => ({ write: [`POST /api/session HTTP/1.1\r\nhost: x\r\n${tag}\r\nauthor`], abort: true }), 'none');
        return api(await c.send(u(c), { path: `/api${B}/job` }), 401);
      },
    ],
    [
      'a client gone mid-answer: the server carries on',
      async (c) => {
        const sid = await session(c, u(c));
        for (let i = 0; i < 5; i++) await c.raw(u(c), (tag) => ({ write: [httpBytes('GET', `/api${B}/parts`, { 'vmware-api-session-id': sid, [tag.split(':')[0]]: tag.split(': ')[1] })], readAtMost: 20 }), 'atMostOne');
        return status(await c.send(u(c), { path: `/api${B}/parts`, headers: { 'vmware-api-session-id': sid } }), 200);
      },
    ],
    [
      'pipelined requests on one connection, the last one broken: the first ones answered',
      async (c) => {
        // Node's parser answers the broken one with its bare 400 and ends the connection, possibly before the first answer is written.
        const seen = await c.raw(u(c), (tag) => ({ write: [Buffer.concat([httpBytes('GET', '/api/session', { [tag.split(':')[0]]: `${tag.split(': ')[1]}`, connection: 'keep-alive' }), Buffer.from('GET /x HTTP/1.1\r\nhost: x\r\nbad header\r\n\r\n')])] }), 'atMostOne');
        return seen.status === 401 || seen.status === 400 ? noStack(seen) : [`pipelined: ${seen.status ?? seen.ended}`];
      },
    ],
    ...(listener === 'https'
      ? ([
          ['plain HTTP to the TLS port: the connection ends, nothing journalled', async (c) => bare(await c.raw(c.url('vcenter', 'https').replace('https:', 'http:'), () => ({ write: [httpBytes('GET', '/api/session', {})], timeoutMs: 5000 }), 'none'))],
          ['garbage instead of a TLS handshake: the connection ends', async (c) => bare(await c.raw(c.url('vcenter', 'https').replace('https:', 'http:'), () => ({ write: [Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 1, 2, 3, 4])], timeoutMs: 5000 }), 'none'))],
        ] as Array<[string, (c: CaseContext) => Promise<Problems>]>)
      : []),
  ]);
}

export function vcenterCases(): Case[] {
  return [...authCases('http'), ...bodyCases('http'), ...pathCases('http'), ...rpcCases('http'), ...framingCases('http'), ...authCases('https').slice(0, 2), ...bodyCases('https').slice(0, 3), ...rpcCases('https').slice(0, 2), ...framingCases('https')];
}
