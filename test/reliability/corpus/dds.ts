/**
 * Open Telekom Cloud DDS under bad input: the Keystone door (`/v3/auth/...`, Keystone's error
 * shape), the DDS door (`/v3/{project_id}/...`, `{error_code, error_msg}`) and the OBS door
 * (presigned download links, S3's XML errors).
 */
import { ddsError, keystoneError, noStack, obsError, status, type Problems } from '../shapes';
import type { Seen } from '../wire';
import { casesOf, type Case, type CaseContext } from './case';
import { BAD_PERCENT, bigJson, deepJsonArray, deepJsonObject, INVALID_UTF8, LONE_SURROGATES, LONG_TOKEN, MiB, PROTO_NAMES, withInvalidUtf8 } from './payloads';

const JSON_CT = { 'content-type': 'application/json' };

function passwordAuth(c: CaseContext, over: Record<string, unknown> = {}): Record<string, unknown> {
  const l = c.t.logins.dds!;
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: l.user, password: l.password, domain: { name: l.domain } } } },
      scope: { project: { name: l.project, domain: { name: l.domain } } },
      ...over,
    },
  };
}

async function login(c: CaseContext): Promise<{ token: string; project: string }> {
  const r = await c.send(c.url('dds', 'http'), { method: 'POST', path: '/v3/auth/tokens', headers: JSON_CT, body: JSON.stringify(passwordAuth(c)) });
  const token = r.headers['x-subject-token'];
  const project = (JSON.parse(r.text) as { token?: { project?: { id?: string } } }).token?.project?.id;
  if (typeof token !== 'string' || !project) throw new Error(`Keystone login failed: ${r.status} ${r.text}`);
  return { token, project };
}

const ks = (seen: Seen, want: number | number[]): Problems => [...status(seen, want), ...keystoneError(seen), ...noStack(seen)];
const dbs = (seen: Seen, want: number | number[]): Problems => [...status(seen, want), ...ddsError(seen), ...noStack(seen)];
const obs = (seen: Seen, want: number | number[]): Problems => [...status(seen, want), ...obsError(seen), ...noStack(seen)];

const HOSTILE_BODIES: Array<[string, string | Buffer, Record<string, string>?]> = [
  ['malformed JSON', '{"auth": '],
  ['JSON arrays nested 200,000 deep', deepJsonArray(200_000)],
  ['JSON objects nested 100,000 deep', deepJsonObject(100_000, 'auth')],
  ['invalid UTF-8', withInvalidUtf8('{"auth":{"identity":{"methods":["', '"]}}}')],
  ['lone surrogates', `{"auth":{"identity":{"methods":[${LONE_SURROGATES}]}}}`],
  ['a JSON array', '[{"auth":{}}]'],
  ['null', 'null'],
  ['a text/plain body', '{"auth":{}}', { 'content-type': 'text/plain' }],
  ['an XML body', '<auth/>', { 'content-type': 'application/xml' }],
  ['no content type', '{"auth":{}}', {}],
];

function keystoneCases(): Case[] {
  const u = (c: CaseContext) => c.url('dds', 'http');
  return casesOf('dds', 'Keystone', ['dds.http'], [
    ...HOSTILE_BODIES.map(([what, body, headers]): [string, (c: CaseContext) => Promise<Problems>] => [
      `a token request with ${what}: 400 (401 for an auth method it cannot name) in Keystone's shape`,
      async (c) => ks(await c.send(u(c), { method: 'POST', path: '/v3/auth/tokens', headers: headers ?? JSON_CT, body }), [400, 401]),
    ]),
    ['a token request one byte over the body limit: 413 in Keystone\'s shape', async (c) => ks(await c.send(u(c), { method: 'POST', path: '/v3/auth/tokens', headers: JSON_CT, body: bigJson(MiB + 1) }), 413)],
    [
      'token requests whose fields have the wrong types: 400 or 401, no token',
      async (c) => {
        const p: Problems = [];
        const bodies: unknown[] = [
          { auth: null },
          { auth: { identity: { methods: 'password' } } },
          { auth: { identity: { methods: ['password'], password: { user: [] } } } },
          { auth: { identity: { methods: ['token'], token: { id: PROTO_NAMES[0] } } } },
          { auth: { identity: { methods: ['password', 'password', 'x'.repeat(10_000)] } } },
          passwordAuth(c, { scope: { project: { id: {} } } }),
          passwordAuth(c, { scope: { domain: [] } }),
          passwordAuth(c, { scope: 'project' }),
          passwordAuth(c, { identity: { methods: ['password'], password: { user: { name: 'x'.repeat(100_000), password: 1, domain: { id: null } } } } }),
        ];
        for (const b of bodies) {
          const s = await c.send(u(c), { method: 'POST', path: '/v3/auth/tokens', headers: JSON_CT, body: JSON.stringify(b) });
          p.push(...ks(s, [400, 401]));
          if (s.headers['x-subject-token']) p.push(`a token was issued for ${JSON.stringify(b).slice(0, 80)}`);
        }
        return p;
      },
    ],
    [
      'validating and revoking with forged, huge and missing tokens: 401 or 404 in Keystone\'s shape',
      async (c) => {
        const p: Problems = [];
        const { token } = await login(c);
        for (const forged of ['', 'MII' + 'A'.repeat(180), LONG_TOKEN, ...PROTO_NAMES.slice(0, 3)]) {
          p.push(...ks(await c.send(u(c), { path: '/v3/auth/tokens', headers: { 'x-auth-token': forged, 'x-subject-token': token } }), 401));
          p.push(...ks(await c.send(u(c), { path: '/v3/auth/tokens', headers: { 'x-auth-token': token, 'x-subject-token': forged } }), [400, 404]));
          p.push(...ks(await c.send(u(c), { method: 'DELETE', path: '/v3/auth/tokens', headers: { 'x-auth-token': token, 'x-subject-token': forged } }), [400, 404]));
        }
        p.push(...ks(await c.send(u(c), { path: '/v3/auth/tokens', headers: { 'x-auth-token': token } }), [400, 404]));
        return p;
      },
    ],
    [
      'unknown Keystone paths and methods: 404 or 405 in Keystone\'s shape',
      async (c) => {
        const p: Problems = [];
        for (const [method, path] of [['GET', '/v3/auth/nothing'], ['PUT', '/v3/auth/tokens'], ['GET', '/v3/auth/__proto__'], ['GET', '/v3/auth/%E0%A4%A']]) {
          p.push(...ks(await c.send(u(c), { method, path, headers: JSON_CT }), [404, 405]));
        }
        return p;
      },
    ],
  ]);
}

function ddsDoorCases(): Case[] {
  const u = (c: CaseContext) => c.url('dds', 'http');
  return casesOf('dds', 'DDS v3', ['dds.http'], [
    [
      'no, forged, prototype-named, huge tokens: 401 DBS.280056 on every DDS route',
      async (c) => {
        const { project } = await login(c);
        const p: Problems = [];
        for (const token of [undefined, '', ' ', ...PROTO_NAMES, LONG_TOKEN, 'MII' + 'x'.repeat(180)]) {
          const headers: Record<string, string> = token === undefined ? {} : { 'x-auth-token': token };
          for (const [method, path] of [['GET', 'instances'], ['POST', 'backups'], ['GET', 'backups'], ['GET', 'jobs?id=x'], ['DELETE', 'backups/x']]) {
            const s = await c.send(u(c), { method, path: `/v3/${project}/${path}`, headers: { ...headers, ...JSON_CT }, ...(method === 'POST' ? { body: '{}' } : {}) });
            p.push(...dbs(s, 401));
          }
        }
        return p;
      },
    ],
    [
      'a token of the project used on another project id, prototype-named or undecodable: 400 DBS.280408 or 404',
      async (c) => {
        const { token } = await login(c);
        const p: Problems = [];
        for (const other of ['0'.repeat(32), ...PROTO_NAMES.map(encodeURIComponent), ...BAD_PERCENT]) p.push(...dbs(await c.send(u(c), { path: `/v3/${other}/instances`, headers: { 'x-auth-token': token } }), [400, 404]));
        return p;
      },
    ],
    ...HOSTILE_BODIES.map(([what, body, headers]): [string, (c: CaseContext) => Promise<Problems>] => [
      `a backup request with ${what}: 400 DBS.200001`,
      async (c) => {
        const { token, project } = await login(c);
        return dbs(await c.send(u(c), { method: 'POST', path: `/v3/${project}/backups`, headers: { ...(headers ?? JSON_CT), 'x-auth-token': token }, body }), 400);
      },
    ]),
    [
      'every request body one byte over the limit: 413 DBS.200001',
      async (c) => {
        const { token, project } = await login(c);
        const p: Problems = [];
        for (const [method, path] of [['POST', 'backups'], ['PUT', 'instances/x/backups/policy'], ['POST', 'instances/recovery'], ['POST', 'instances']]) {
          p.push(...dbs(await c.send(u(c), { method, path: `/v3/${project}/${path}`, headers: { ...JSON_CT, 'x-auth-token': token }, body: bigJson(MiB + 1) }), 413));
        }
        return p;
      },
    ],
    [
      'query strings DBS refuses (negative, huge, NaN, repeated, undecodable, 3,000 parameters): 400 with a DBS code, or an empty list',
      async (c) => {
        const { token, project } = await login(c);
        const p: Problems = [];
        const queries = [
          'instances?limit=-1', 'instances?limit=1e309', 'instances?limit=99999999999999999999', 'instances?offset=NaN', 'instances?offset=-5',
          'instances?limit=1&limit=2', 'instances?name=*', 'instances?tags=,,,', `instances?tags=${Array.from({ length: 30 }, (_, i) => `k${i}=v`).join(',')}`,
          'instances?mode=__proto__', 'instances?datastore_type=%E0%A4%A', `instances?${Array.from({ length: 3000 }, (_, i) => `x${i}=1`).join('&')}`,
          'backups?begin_time=yesterday&end_time=tomorrow', 'backups?begin_time=2026-01-01%2000:00:00', 'backups?backup_type=Neither', 'backups?limit=0',
          'jobs', 'jobs?id=', 'jobs?id=%00', `jobs?id=${'x'.repeat(20_000)}`,
          'backups/download-file', 'backups/download-file?instance_id=&backup_id=',
        ];
        for (const q of queries) {
          const s = await c.send(u(c), { path: `/v3/${project}/${q}`, headers: { 'x-auth-token': token } });
          p.push(...(s.status === 200 ? noStack(s) : dbs(s, [400, 404])).map((x) => `${q.slice(0, 60)}: ${x}`));
        }
        return p;
      },
    ],
    [
      'restore and policy bodies with fields of the wrong types and sizes: 400 with a DBS code, nothing started',
      async (c) => {
        const { token, project } = await login(c);
        const h = { ...JSON_CT, 'x-auth-token': token };
        const p: Problems = [];
        const instances = JSON.parse((await c.send(u(c), { path: `/v3/${project}/instances`, headers: h })).text) as { instances: Array<{ id: string }> };
        const id = instances.instances[0].id;
        const bodies: Array<[string, string, unknown]> = [
          ['PUT', `instances/${id}/backups/policy`, { backup_policy: { keep_days: 'forever', start_time: '25:99-26:99' } }],
          ['PUT', `instances/${id}/backups/policy`, { backup_policy: { keep_days: 1e309, period: [] } }],
          ['PUT', `instances/${id}/backups/policy`, { backup_policy: null }],
          ['POST', 'instances/recovery', { source: { instance_id: id, type: 'timestamp', restore_time: -1 }, target: { instance_id: id } }],
          ['POST', 'instances/recovery', { source: { instance_id: id, type: 'timestamp', restore_time: 1e20 }, target: { instance_id: id } }],
          ['POST', 'instances/recovery', { source: [], target: 'x' }],
          ['POST', `instances/${id}/restore/collections`, { restore_collections: [{ database: {}, collections: 'x' }] }],
          ['POST', `instances/${id}/restore/collections`, { restore_collections: Array.from({ length: 2000 }, () => ({ database: 'x' })) }],
          ['POST', 'instances', { name: [], flavor: {}, restore_point: 'x' }],
          ['POST', 'backups', { backup: { instance_id: id, name: 'x'.repeat(100_000) } }],
          ['POST', 'backups', { backup: { instance_id: id, name: '', description: { x: 1 } } }],
        ];
        const jobsBefore = (await c.send(u(c), { path: `/v3/${project}/backups`, headers: h })).text;
        for (const [method, path, body] of bodies) {
          const s = await c.send(u(c), { method, path: `/v3/${project}/${path}`, headers: h, body: JSON.stringify(body) });
          p.push(...dbs(s, [400, 404]).map((x) => `${method} ${path}: ${x}`));
        }
        const jobsAfter = (await c.send(u(c), { path: `/v3/${project}/backups`, headers: h })).text;
        if (jobsAfter !== jobsBefore) p.push('a refused request changed the backups');
        return p;
      },
    ],
    [
      'unknown routes and methods: the API gateway\'s 404 APIGW.0101',
      async (c) => {
        const { token, project } = await login(c);
        const p: Problems = [];
        for (const [method, path] of [['GET', `/v3/${project}/nothing`], ['PATCH', `/v3/${project}/backups`], ['GET', '/v2/x'], ['GET', '/%E0%A4%A'], ['GET', `/${'x'.repeat(30_000)}`]]) {
          p.push(...dbs(await c.send(u(c), { method, path, headers: { 'x-auth-token': token } }), 404));
        }
        return p;
      },
    ],
    [
      'a client gone mid-request and mid-answer: the server carries on',
      async (c) => {
        await c.raw(u(c), (tag) => ({ write: [`POST /v3/auth/tokens HTTP/1.1\r\nhost: x\r\n${tag}\r\ncontent-type: application/json\r\ncontent-length: 9000\r\n\r\n{"auth":`], abort: true }), 'atMostOne');
        const { token, project } = await login(c);
        for (let i = 0; i < 3; i++) await c.raw(u(c), (tag) => ({ write: [`GET /v3/${project}/instances HTTP/1.1\r\nhost: x\r\n${tag}\r\nx-auth-token: ${token}\r\nconnection: close\r\n\r\n`], readAtMost: 40 }), 'atMostOne');
        return status(await c.send(u(c), { path: `/v3/${project}/instances`, headers: { 'x-auth-token': token } }), 200);
      },
    ],
    [
      'a token header with UTF-8 and binary bytes: 401 DBS.280056 or Node\'s 400',
      async (c) => {
        const s = await c.raw(u(c), (tag) => ({ write: [Buffer.concat([Buffer.from(`GET /v3/x/instances HTTP/1.1\r\nhost: x\r\n${tag}\r\nconnection: close\r\nx-auth-token: MII`), Buffer.from('☃'), INVALID_UTF8, Buffer.from('\r\n\r\n')])] }), 'atMostOne');
        return s.status === 401 ? ddsError(s) : s.status === 400 ? [] : [`status ${s.status ?? s.ended}`];
      },
    ],
  ]);
}

function obsCases(): Case[] {
  const u = (c: CaseContext) => c.url('dds', 'http');
  return casesOf('dds', 'OBS download links', ['dds.http'], [
    [
      'links without, or with a nonsense or past, Expires: 403 AccessDenied in S3\'s shape',
      async (c) => {
        const p: Problems = [];
        for (const q of ['', '?Expires=', '?Expires=NaN', '?Expires=1e309', '?Expires=-1', '?Expires=1', '?Expires=1&Expires=99999999999', `?Expires=${'9'.repeat(400)}`]) {
          const s = await c.send(u(c), { path: `/dds-backup-files/ddsbucket.x/backup.tar.gz${q}` });
          if (q === `?Expires=${'9'.repeat(400)}`) p.push(...obs(s, [403, 404]));
          else p.push(...obs(s, 403));
        }
        return p;
      },
    ],
    [
      'traversal, prototype-named and undecodable names: the placeholder of that name or an S3 error, never a file',
      async (c) => {
        const p: Problems = [];
        const far = Date.parse('2100-01-01T00:00:00Z') / 1000;
        for (const path of ['/dds-backup-files/../../etc/passwd', '/dds-backup-files/%2e%2e/%2e%2e/etc/passwd', '/dds-backup-files/ddsbucket.__proto__/constructor', '/dds-backup-files/x', '/dds-backup-files/x/y/z', '/dds-backup-files/%E0%A4%A/x']) {
          const s = await c.send(u(c), { path: `${path}?Expires=${far}` });
          // A link names no file on disk: any bucket and name with a live Expires gets the placeholder (the link carries no signature).
          if (s.status === 200) p.push(...(s.text.startsWith('backup-mocks placeholder for DDS backup file') ? [] : [`${path}: 200 ${s.text.slice(0, 80)}`]));
          else p.push(...(s.status === 404 && s.text.startsWith('{') ? dbs(s, 404) : obs(s, [403, 404])).map((x) => `${path}: ${x}`));
        }
        return p;
      },
    ],
  ]);
}

export function ddsCorpus(): Case[] {
  return [...keystoneCases(), ...ddsDoorCases(), ...obsCases()];
}
