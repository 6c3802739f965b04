/**
 * The Commvault family (CommServ and Metallic) under bad input: both vendors, the API's three URL
 * prefixes, XML and JSON bodies, answers in the format Accept asks for. The whole corpus runs on
 * CommServ's http listener under /webconsole/api; the other prefixes, Metallic and the https
 * listeners get the cases where the prefix, the vendor or the socket could matter.
 */
import { commvaultError, noStack, status, type Problems } from '../shapes';
import { httpBytes, type Seen } from '../wire';
import { casesOf, type Case, type CaseContext } from './case';
import { BAD_PERCENT, bigJson, deepJsonArray, deepJsonObject, deepXml, ENTITY_BOMB, INVALID_UTF8, LONG_TOKEN, manyAttributes, MiB, PARAMETER_ENTITY, PROTO_NAMES, withInvalidUtf8, XXE } from './payloads';

export const PREFIXES = ['/webconsole/api', '/commandcenter/api', '/SearchSvc/CVWebService.svc'] as const;
type Vendor = 'commvault' | 'metallic';
type Format = 'json' | 'xml';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const TYPE = { json: 'application/json', xml: 'application/xml' } as const;

interface Door {
  vendor: Vendor;
  listener: 'http' | 'https';
  prefix: string;
}

async function token(c: CaseContext, d: Door): Promise<string> {
  const l = c.t.logins[d.vendor]!;
  const r = await c.send(c.url(d.vendor, d.listener), { method: 'POST', path: `${d.prefix}/Login`, headers: { 'content-type': TYPE.json, accept: TYPE.json }, body: JSON.stringify({ username: l.username, password: b64(l.password) }) });
  const t = (JSON.parse(r.text) as { token?: string }).token;
  if (!t) throw new Error(`login failed: ${r.status} ${r.text}`);
  return t;
}

const err = (seen: Seen, want: number | number[], format: Format): Problems => [...status(seen, want), ...commvaultError(seen, format), ...noStack(seen)];

/** A POST of `body` (sent as `type`) with answers asked for in `format`. */
function post(c: CaseContext, d: Door, path: string, body: string | Buffer, type: string, format: Format, authtoken?: string): Promise<Seen> {
  return c.send(c.url(d.vendor, d.listener), { method: 'POST', path: `${d.prefix}${path}`, headers: { 'content-type': type, accept: TYPE[format], ...(authtoken ? { authtoken } : {}) }, body });
}

/** Hostile XML documents: each is refused as malformed (400), never parsed. */
const HOSTILE_XML: Array<[string, string | Buffer]> = [
  ['a DOCTYPE with an external entity (XXE)', XXE],
  ['the billion laughs', ENTITY_BOMB],
  ['a parameter entity pulling an external DTD', PARAMETER_ENTITY],
  ['elements nested 5,000 deep', deepXml(5000, 'TMMsg_CommcellDRBackupReq')],
  ['60,000 attributes on one element', manyAttributes(60_000, 'TMMsg_CommcellDRBackupReq')],
  ['an unclosed element', '<TMMsg_CommcellDRBackupReq jobType="1">'],
  ['two roots', '<a/><b/>'],
  ['invalid UTF-8', withInvalidUtf8('<TMMsg_CommcellDRBackupReq jobType="', '"/>')],
  ['a CDATA section that never ends', '<a><![CDATA[xxx'],
  ['two syntax errors (the parser throws the second)', '</a><TMMsg_CommcellDRBackupReq/></b>'],
  ['text only', 'not xml at all'],
];

const HOSTILE_JSON: Array<[string, string | Buffer]> = [
  ['malformed JSON', '{"jobType": '],
  ['JSON arrays nested 200,000 deep', deepJsonArray(200_000)],
  ['JSON objects nested 60,000 deep', deepJsonObject(60_000, 'taskInfo')],
  ['invalid UTF-8 in JSON', withInvalidUtf8('{"jobType":"', '"}')],
  ['a JSON array as the body', '[{"jobType":1}]'],
  ['a JSON string as the body', '"jobType"'],
  ['prototype names as keys', '{"__proto__":{"jobType":1},"constructor":{"prototype":{"polluted":1}}}'],
];

function bodyCases(d: Door, format: Format, all: boolean): Case[] {
  const door = `${d.vendor} ${d.prefix} bodies, ${format} answers (${d.listener})`;
  const list: Array<[string, (c: CaseContext) => Promise<Problems>]> = [];
  const xml = all ? HOSTILE_XML : [HOSTILE_XML[0], HOSTILE_XML[3]];
  const json = all ? HOSTILE_JSON : HOSTILE_JSON.slice(0, 2);
  for (const [what, body] of xml) {
    list.push([
      `Login, DRBackup and CreateTask with ${what} as XML: 400`,
      async (c) => {
        const t = await token(c, d);
        return [
          ...err(await post(c, d, '/Login', body, TYPE.xml, format), 400, format),
          ...err(await post(c, d, '/CommServ/DRBackup', body, TYPE.xml, format, t), 400, format),
          ...(all ? err(await post(c, d, '/CreateTask', body, TYPE.xml, format, t), 400, format) : []),
        ];
      },
    ]);
  }
  for (const [what, body] of json) {
    list.push([
      `Login, DRBackup and CreateTask with ${what}: 400`,
      async (c) => {
        const t = await token(c, d);
        return [
          ...err(await post(c, d, '/Login', body, TYPE.json, format), [200, 400], format),
          ...err(await post(c, d, '/CommServ/DRBackup', body, TYPE.json, format, t), 400, format),
          ...(all ? err(await post(c, d, '/CreateTask', body, TYPE.json, format, t), 400, format) : []),
        ];
      },
    ]);
  }
  list.push([
    'bodies in a content type the API does not read (text/plain, form, none): 400',
    async (c) => {
      const t = await token(c, d);
      const p: Problems = [];
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
        p.push(...err(await c.send(c.url(d.vendor, d.listener), { method: 'POST', path: `${d.prefix}/CommServ/DRBackup`, headers: { ...(type ? { 'content-type': type } : {}), accept: TYPE[format], authtoken: t }, body: '{"jobType":1}' }), 400, format));
      }
      return p;
    },
  ]);
  list.push([
    'one byte over the body limit: 413 in the asked format',
    async (c) => err(await post(c, d, '/CommServ/DRBackup', bigJson(MiB + 1), TYPE.json, format, await token(c, d)), 413, format),
  ]);
  if (all) {
    list.push([
      'twelve megabytes: refused (413) or cut off; the server stays up',
      async (c) => {
        const seen = await c.send(c.url(d.vendor, d.listener), { method: 'POST', path: `${d.prefix}/Login`, headers: { 'content-type': TYPE.xml, accept: TYPE[format] }, body: Buffer.alloc(12 * MiB, '<') }, 'atMostOne');
        return seen.status === undefined ? [] : err(seen, 413, format);
      },
    ]);
    list.push([
      'field values of the wrong types and sizes: 400 or the family\'s refusal, never 500',
      async (c) => {
        const t = await token(c, d);
        const p: Problems = [];
        for (const body of [{ jobType: [] }, { jobType: {} }, { jobType: 1e309 }, { jobType: -1, backupType: 'x'.repeat(100_000) }, { jobType: '1', backupType: null }]) {
          const s = await post(c, d, '/CommServ/DRBackup', JSON.stringify(body), TYPE.json, format, t);
          p.push(...status(s, [200, 400]), ...noStack(s));
        }
        for (const jobId of [[], {}, -1, 1e308, '99999999999999999999', '__proto__', '']) {
          const s = await post(c, d, '/JobDetails', JSON.stringify({ jobId }), TYPE.json, format, t);
          p.push(...status(s, [200, 400, 404]), ...noStack(s));
        }
        for (const user of [{ username: ['admin'], password: {} }, { username: 'admin', password: 'not base64 !!!' }, { username: 'x'.repeat(100_000), password: b64('x') }, {}]) {
          const s = await post(c, d, '/Login', JSON.stringify(user), TYPE.json, format);
          p.push(...err(s, [200, 400], format));
        }
        return p;
      },
    ]);
    list.push([
      'XML elements and attributes named after prototype members: 400 or data, never 500',
      async (c) => {
        const t = await token(c, d);
        const p: Problems = [];
        for (const name of PROTO_NAMES.filter((n) => /^[a-z_]/i.test(n))) {
          for (const body of [`<TMMsg_CommcellDRBackupReq ${name}="1"><${name}/></TMMsg_CommcellDRBackupReq>`, `<${name} jobType="1"/>`, `<JobManager_JobDetailRequest jobId="${name}"/>`]) {
            const s = await post(c, d, body.startsWith('<Job') ? '/JobDetails' : '/CommServ/DRBackup', body, TYPE.xml, format, t);
            p.push(...status(s, [200, 400]), ...noStack(s));
          }
        }
        return p;
      },
    ]);
  }
  return casesOf(d.vendor, door, [`${d.vendor}.${d.listener}`], list);
}

function authCases(d: Door, format: Format, all: boolean): Case[] {
  const door = `${d.vendor} ${d.prefix} auth, ${format} answers (${d.listener})`;
  const get = (c: CaseContext, path: string, headers: Record<string, string>) => c.send(c.url(d.vendor, d.listener), { path: `${d.prefix}${path}`, headers: { accept: TYPE[format], ...headers } });
  const tokens = [...PROTO_NAMES, ...PROTO_NAMES.map((n) => `QSDK ${n}`), 'QSDK', 'QSDK ', '', LONG_TOKEN, `QSDK ${'f'.repeat(128)}`, 'Bearer x', 'null'];
  return casesOf(d.vendor, door, [`${d.vendor}.${d.listener}`], [
    [
      'no, forged, prototype-named, empty and huge Authtokens: 401, no job',
      async (c) => {
        const p: Problems = [];
        for (const t of all ? tokens : tokens.slice(0, 4)) {
          p.push(...err(await get(c, '/CommServ', { authtoken: t }), 401, format));
          p.push(...err(await post(c, d, '/CommServ/DRBackup', '{"jobType":1}', TYPE.json, format, t), 401, format));
        }
        p.push(...err(await get(c, '/CommServ', {}), 401, format));
        p.push(...err(await get(c, '/CommServ', { authorization: `Basic ${b64('admin:Commvault!1')}` }), 401, format));
        return p;
      },
    ],
    [
      "a logged-out token and the other vendor's token: 401",
      async (c) => {
        const t = await token(c, d);
        const out = await post(c, d, '/Logout', '', TYPE.json, format, t);
        const other: Vendor = d.vendor === 'commvault' ? 'metallic' : 'commvault';
        const p = [...status(out, 200), ...err(await get(c, '/CommServ', { authtoken: t }), 401, format)];
        if (c.t.vendors[other]) p.push(...err(await get(c, '/CommServ', { authtoken: await token(c, { ...d, vendor: other, listener: 'http' }) }), 401, format));
        return p;
      },
    ],
    [
      'wrong and prototype-named users and passwords at Login: the login refusal (errorCode 5), no token',
      async (c) => {
        const p: Problems = [];
        for (const name of all ? [...PROTO_NAMES, 'admin'] : ['__proto__', 'admin']) {
          const s = await post(c, d, '/Login', JSON.stringify({ username: name, password: b64(`${name}-wrong`) }), TYPE.json, format);
          p.push(...err(s, 200, format));
          if (/token/.test(s.text)) p.push(`Login of ${name} answered a token`);
        }
        return p;
      },
    ],
  ]);
}

function pathCases(d: Door, format: Format): Case[] {
  const door = `${d.vendor} ${d.prefix} paths, ${format} answers (${d.listener})`;
  return casesOf(d.vendor, door, [`${d.vendor}.${d.listener}`], [
    [
      'every path parameter of every route as a prototype name: 4xx or an empty answer, never 500',
      async (c) => {
        const t = await token(c, d);
        const ops = JSON.parse((await c.send(c.t.admin, { path: `/vendors/${d.vendor}/operations` }, 'none')).text) as { operations: Array<{ doors: Record<string, string[]> }> };
        const p: Problems = [];
        for (const op of ops.operations) {
          for (const route of op.doors.rest ?? []) {
            const [method, template] = route.split(' ');
            if (!template.includes(':') || /Logout/.test(template)) continue;
            for (const name of PROTO_NAMES) {
              const path = `${d.prefix}${template.replace(/:[a-zA-Z_]+/g, encodeURIComponent(name))}`;
              const s = await c.send(c.url(d.vendor, d.listener), { method, path, headers: { accept: TYPE[format], authtoken: t, ...(method === 'GET' ? {} : { 'content-type': TYPE.json }) }, ...(method === 'GET' ? {} : { body: '{}' }) });
              if (s.status === undefined || s.status >= 500 || noStack(s).length) p.push(`${method} ${path}: ${s.status} ${s.text.slice(0, 120)}`);
            }
          }
        }
        return p;
      },
    ],
    [
      'unknown routes and methods, bad percent-encodings: 404 in the asked format',
      async (c) => {
        const t = await token(c, d);
        const u = c.url(d.vendor, d.listener);
        const p: Problems = [];
        p.push(...err(await c.send(u, { path: `${d.prefix}/Nothing/Here`, headers: { accept: TYPE[format], authtoken: t } }), 404, format));
        p.push(...err(await c.send(u, { method: 'DELETE', path: `${d.prefix}/CommServ`, headers: { accept: TYPE[format], authtoken: t } }), 404, format));
        for (const bad of BAD_PERCENT) {
          const s = await c.send(u, { path: `${d.prefix}/Client/${bad}`, headers: { accept: TYPE[format], authtoken: t } });
          p.push(...err(s, [400, 404], format));
        }
        return p;
      },
    ],
    [
      'Accept headers that are nonsense: JSON, never an error',
      async (c) => {
        const t = await token(c, d);
        const p: Problems = [];
        for (const accept of ['application/xml;q=abc, application/json;q=2', '*/*', 'text/html', ';;;', 'application/xml;q=NaN', 'x'.repeat(8000)]) {
          const s = await c.send(c.url(d.vendor, d.listener), { path: `${d.prefix}/CommServ`, headers: { accept, authtoken: t } });
          p.push(...status(s, 200), ...noStack(s));
        }
        return p;
      },
    ],
  ]);
}

function framingCases(d: Door): Case[] {
  const door = `${d.vendor} ${d.prefix} connections (${d.listener})`;
  return casesOf(d.vendor, door, [`${d.vendor}.${d.listener}`], [
    [
      'a client gone mid-request and mid-answer: the server carries on',
      async (c) => {
        const u = c.url(d.vendor, d.listener);
        await c.raw(u, (tag) => ({ write: [`POST ${d.prefix}/Login HTTP/1.1\r\nhost: x\r\n${tag}\r\ncontent-type: application/xml\r\ncontent-length: 5000\r\n\r\n<DM2ContentIndexing_CheckCredentialReq username="admin"`], abort: true }), 'atMostOne');
        const t = await token(c, d);
        for (let i = 0; i < 3; i++) await c.raw(u, (tag) => ({ write: [httpBytes('GET', `${d.prefix}/Client`, { authtoken: t, accept: 'application/xml', [tag.split(':')[0]]: tag.split(': ')[1] })], readAtMost: 30 }), 'atMostOne');
        return status(await c.send(u, { path: `${d.prefix}/Client`, headers: { authtoken: t } }), 200);
      },
    ],
    [
      'an Authtoken with UTF-8 and binary bytes: 401 or Node\'s 400',
      async (c) => {
        const s = await c.raw(c.url(d.vendor, d.listener), (tag) => ({ write: [Buffer.concat([Buffer.from(`GET ${d.prefix}/CommServ HTTP/1.1\r\nhost: x\r\n${tag}\r\nconnection: close\r\naccept: application/json\r\nauthtoken: QSDK `), Buffer.from('☃'), INVALID_UTF8, Buffer.from('\r\n\r\n')])] }), 'atMostOne');
        return s.status === 401 ? commvaultError(s, 'json') : s.status === 400 ? [] : [`status ${s.status ?? s.ended}`];
      },
    ],
  ]);
}

export function commvaultCases(): Case[] {
  const out: Case[] = [];
  const main: Door = { vendor: 'commvault', listener: 'http', prefix: PREFIXES[0] };
  for (const format of ['json', 'xml'] as const) out.push(...bodyCases(main, format, true), ...authCases(main, format, true), ...pathCases(main, format));
  out.push(...framingCases(main));
  for (const vendor of ['commvault', 'metallic'] as const) {
    for (const prefix of PREFIXES) {
      for (const listener of ['http', 'https'] as const) {
        const d: Door = { vendor, prefix, listener };
        if (vendor === 'commvault' && prefix === PREFIXES[0] && listener === 'http') continue;
        // One answer format per listener: both formats are the same encoder, whichever door asked.
        const format = listener === 'http' ? 'json' : 'xml';
        out.push(...bodyCases(d, format, false), ...authCases(d, format, false));
        if (listener === 'http') out.push(...framingCases(d));
      }
    }
  }
  return out;
}
