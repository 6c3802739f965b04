/**
 * Fuzzing the Virtuozzo Agent's packet decoder: packets built from the protocol's vocabulary and
 * the real clients' packets mutated byte by byte (NULs included, so one write may be several
 * frames or half of one), on a logged-in TCP connection and through the HTTP stream door. The
 * property: every frame gets exactly one final reply, an agent packet; never a bug, never a hang.
 * The clock runs 1,000 times faster so that a backup a mutated packet starts replies in milliseconds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkNormal } from '../normal';
import { agentHttpError, agentPacket, noStack } from '../shapes';
import { serve } from '../suite';
import { exchange, openSocket, PacketReader, writeAll } from '../wire';
import { ANSWER_WITHIN_MS, FUZZ_TIMEOUT_MS, oddString, params, xmlOf } from './arbitraries';

const DIR = join(__dirname, '../../../fixtures/virtuozzo');
const SEEDS = readdirSync(DIR)
  .filter((f) => f.endsWith('.request.xml'))
  .map((f) => readFileSync(join(DIR, f), 'utf8').trim())
  // sessionm/logout ends the connection by design: not what this property is about.
  .filter((t) => !/<(?:\w+:)?logout\b/.test(t));

const OPERATORS = ['system', 'sessionm', 'backupm', 'scheduler', 'envm', 'vzaenvm', 'pager2', 'backup_subscriber'];
const CALLS = ['login', 'backup_env', 'restore_env', 'selective_restore_env', 'list', 'get_info', 'remove', 'search', 'get_config', 'set_config', 'add', 'update', 'get_list', 'select', 'reload_all'];
const ELEMENTS = ['eid', 'env_list', 'backup_id', 'options', 'name', 'password', 'realm', 'list', 'field', 'where', 'eq', 'and', 'or', 'not', 'value', 'type', 'status', 'state', 'parent_eid', 'path', 'backup_options', 'config', 'keep_max', 'task', 'id', 'trigger', 'hostname', 'description'];
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** How many frames the splitter makes of these bytes: NUL-separated parts that are not only whitespace. */
function frames(bytes: Buffer): number {
  let n = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0) {
      if (i === bytes.length) break;
      if (!/^[ \n\r\t]*$/.test(bytes.subarray(start, i).toString('latin1'))) n++;
      start = i + 1;
    }
  }
  return n;
}

const isFinal = (p: string) => !/<(?:\w+:)?packet\b[^>]*\stype="1"/.test(p);

const packet: fc.Arbitrary<string> = fc
  .record({
    id: fc.oneof(fc.nat().map(String), oddString.map((s) => s.replace(/["<&]/g, ''))),
    progress: fc.boolean(),
    target: fc.option(fc.constantFrom(...OPERATORS), { nil: undefined }),
    session: fc.option(oddString.map((s) => s.replace(/[<&]/g, '')), { nil: undefined }),
    operator: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...OPERATORS) }, fc.stringMatching(/^[a-z_]{1,10}$/)),
    call: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CALLS) }, fc.stringMatching(/^[a-z_]{1,10}$/)),
    children: fc.array(xmlOf(ELEMENTS, 3), { maxLength: 3 }),
  })
  .map((p) => `<packet id="${p.id}"${p.progress ? ' progress="on"' : ''}>${p.target ? `<target>${p.target}</target>` : ''}${p.session !== undefined ? `<session>${p.session}</session>` : ''}<data><${p.operator}><${p.call}>${p.children.join('')}</${p.call}></${p.operator}></data></packet>`);

/** Known-good packets with a few byte edits (NULs and angle brackets among the bytes put in). */
const mutated: fc.Arbitrary<Buffer> = fc.constantFrom(...SEEDS).chain((seed) =>
  fc.array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 40 }), put: fc.constantFrom('', '\0', '<', '>', '</', '"', '&', '\u00ff', '\0\0', '<packet>', ']]>', '\ud800') }), { minLength: 1, maxLength: 3 }).map((edits) => {
    let text = seed;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.put + text.slice(at + e.cut);
    }
    return Buffer.from(text, 'utf8');
  }),
);

describe('virtuozzo packet decoder under fuzzing', () => {
  const s = serve(['virtuozzo'], undefined, { vendors: { virtuozzo: { writeGap: '0', greeting: 'off' } } }, 'x1000');
  let conn: PacketReader | undefined;
  let seen = 0;

  async function loggedIn(): Promise<PacketReader> {
    if (conn && !conn.closed) return conn;
    conn = new PacketReader(await openSocket(s.t.vendors.virtuozzo.tcp));
    seen = 0;
    await writeAll(conn.socket, `<packet id="login"><data><system><login><name>${b64('root')}</name><password>${b64('vzadmin')}</password></login></system></data></packet>\0`);
    await conn.next(1, ANSWER_WITHIN_MS);
    seen = conn.packets.length;
    return conn;
  }
  afterAll(() => conn?.socket.destroy());

  async function property(bytes: Buffer): Promise<void> {
    const c = await loggedIn();
    const want = frames(Buffer.concat([bytes, Buffer.from([0])]));
    await writeAll(c.socket, Buffer.concat([bytes, Buffer.from([0])]));
    let finals: string[] = [];
    const deadline = Date.now() + ANSWER_WITHIN_MS;
    while (Date.now() < deadline && !c.closed) {
      finals = c.packets.slice(seen).filter(isFinal);
      if (finals.length >= want) break;
      await c.next(c.packets.length + 1, Math.max(1, deadline - Date.now()));
    }
    finals = c.packets.slice(seen).filter(isFinal);
    const all = c.packets.slice(seen);
    seen = c.packets.length;
    const problems = [...all.flatMap((p) => [...agentPacket(p), ...noStack({ status: 200, headers: {}, body: Buffer.alloc(0), text: p })]), ...s.takeBugs().map((b) => `bug logged: ${b}`)];
    if (finals.length !== want) problems.push(`${finals.length} final replies for ${want} frames${c.closed ? ' (the server closed the connection)' : ''}`);
    if (problems.length) throw new Error(problems.join('\n'));
  }

  it('answers packets built from the protocol vocabulary, one final reply each', async () => {
    await fc.assert(fc.asyncProperty(packet, (p) => property(Buffer.from(p, 'utf8'))), params());
  }, FUZZ_TIMEOUT_MS);

  it("answers the real clients' packets with bytes edited (NULs splitting them, brackets breaking them), one final reply per frame", async () => {
    await fc.assert(fc.asyncProperty(mutated, (b) => property(b)), params());
  }, FUZZ_TIMEOUT_MS);

  it('answers bodies of the HTTP stream door: a stream of agent packets, or a refusal in the agent format', async () => {
    const body = fc.array(fc.oneof(packet.map((p) => Buffer.from(p)), mutated), { minLength: 1, maxLength: 3 }).map((parts) => Buffer.concat(parts.flatMap((p) => [p, Buffer.from([0])])));
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('basic', 'none', 'bogus'), async (b, auth) => {
        const headers: Record<string, string> = { 'content-type': 'application/xml', ...(auth === 'basic' ? { authorization: `Basic ${b64('root:vzadmin')}` } : auth === 'bogus' ? { authorization: `Basic ${b64('root:nope')}` } : {}) };
        const r = await exchange(s.t.vendors.virtuozzo.http, { method: 'POST', path: '/', headers, body: b, timeoutMs: ANSWER_WITHIN_MS });
        const problems = [...s.takeBugs().map((x) => `bug logged: ${x}`), ...noStack(r)];
        if (r.status === undefined) problems.push(`no answer: ${r.ended}`);
        else if (r.status === 200) {
          const got = r.text.split('\0').map((p) => p.trim()).filter((p) => p !== '');
          problems.push(...got.flatMap(agentPacket));
          const want = frames(b);
          if (got.filter(isFinal).length !== want) problems.push(`${got.filter(isFinal).length} final replies for ${want} packets`);
        } else if (r.status >= 500) problems.push(`status ${r.status}`);
        else problems.push(...agentHttpError(r));
        if (problems.length) throw new Error(problems.join('\n'));
      }),
      params(),
    );
  }, FUZZ_TIMEOUT_MS);

  it('keeps answering normally afterwards', async () => {
    expect(await checkNormal(s.t, 'virtuozzo', { tenant: 'after-fuzz' })).toEqual([]);
    expect(s.takeBugs()).toEqual([]);
  });
});
