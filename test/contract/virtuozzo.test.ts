/**
 * Contract: the default scenario on real sockets, driven the way the two public clients drive
 * the agent (their own packets, recorded in fixtures/virtuozzo), plus the project's client.
 * VM::Virtuozzo writes at once and never reads a greeting; the Python connector opens a new
 * connection per request, waits for the greeting, logs in twice, then sends its request.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { startTestHarness, type Harness } from '../helpers';
import { Reply, VirtuozzoClient, expandInfo } from '../../src/clients/virtuozzo';

const ROOT = join(__dirname, '../..');
const fixture = (name: string) => readFileSync(join(ROOT, 'fixtures/virtuozzo', name), 'utf8').trim();
const TEST_VE6 = '57c2cd6c-c02b-4645-bdb5-e883ea005896';
const WEB01 = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

/** A raw connection that yields packets in arrival order. */
class Wire {
  private buf = Buffer.alloc(0);
  private queue: string[] = [];
  private waiting?: () => void;
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      let i: number;
      while ((i = this.buf.indexOf(0)) >= 0) {
        const text = this.buf.subarray(0, i).toString('utf8');
        expect(text.endsWith('\n')).toBe(true); // replies end in \n\0, the NUL last
        this.queue.push(text);
        this.buf = this.buf.subarray(i + 1);
      }
      this.waiting?.();
    });
  }
  static open(url: string): Promise<Wire> {
    const u = new URL(url);
    return new Promise((resolve) => {
      const s: Socket = connect({ host: u.hostname, port: Number(u.port) }, () => resolve(new Wire(s)));
    });
  }
  send(packet: string): void {
    this.socket.write(`${packet}\0`);
  }
  async next(): Promise<Reply> {
    while (this.queue.length === 0) await new Promise<void>((r) => (this.waiting = r));
    return new Reply(this.queue.shift()!);
  }
}

describe('virtuozzo contract (the default virtuozzo scenario, real TCP, manual clock)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['virtuozzo'], scenarioFiles: [join(ROOT, 'scenarios/default/virtuozzo.yaml')] });
  });
  afterAll(() => h.stop());

  it("VM::Virtuozzo's packets: login, envm/get_list, backup_env with progress, no greeting", async () => {
    const w = await Wire.open(h.url('virtuozzo', 'tcp'));
    w.send(fixture('perl.system_login.request.xml'));
    const login = await w.next(); // the first packet is the login reply: no greeting was sent
    expect(login.id).toBe('1');
    expect(login.find('token')).toBeDefined();
    w.send(fixture('perl.envm_get_list.request.xml').replace('id="3"', 'id="2"'));
    expect((await w.next()).findAll('eid')).toContain(TEST_VE6);
    w.send(fixture('perl.backup_env.request.xml').replace('id="2"', 'id="3" progress="on"'));
    const first = await w.next();
    expect(first.type).toBe('1');
    expect(expandInfo(first.find('progress').message)).toBe('Operation backup_env is started');
    h.clock.advance('10s');
    let r: Reply;
    const seen: string[] = [];
    while ((r = await w.next()).type === '1') seen.push(expandInfo(r.find('progress').message));
    expect(seen).toContain('Percent: 54');
    expect(seen[seen.length - 1]).toBe('Backup storage: filling resultant backup info');
    expect(r.id).toBe('3');
    expect(r.find('backup').id).toMatch(new RegExp(`^${TEST_VE6}/\\d{14}$`));
    w.socket.destroy();
  });

  it("the connector's packets: greeting, system/login, sessionm/login, then its request", async () => {
    const w = await Wire.open(h.url('virtuozzo', 'tcp'));
    const greeting = await w.next(); // sent after the auto window since the connector waits
    expect(greeting.error).toBeUndefined();
    w.send(fixture('connector.system_login.request.xml'));
    expect((await w.next()).find('token')).toBeDefined();
    w.send(fixture('connector.sessionm_login.request.xml'));
    expect(String((await w.next()).find('session_id'))).toMatch(/^vzl\./);
    // The connector finds errors by <error> anywhere: its remove of unknown ids gets one.
    w.send(fixture('connector.backupm_remove.request.xml'));
    const removed = await w.next();
    expect(removed.error?.code).toBe(307);
    expect(removed.id).toBe('4ipkw1uhebaaata6q5ywc4e6x16icaaa');
    w.socket.destroy();
  });

  it('the project client: a full backup of two containers with progress, then list and remove', async () => {
    const vz = await VirtuozzoClient.connect(h.url('virtuozzo', 'tcp'));
    await vz.login('root', 'vzadmin');
    const progress: string[] = [];
    let started!: () => void;
    const first = new Promise<void>((r) => (started = r));
    const p = vz.backupEnv([TEST_VE6, WEB01], '<type>0</type><compression>2</compression>', (pr) => {
      progress.push(`${pr.status}:${pr.text}`);
      started();
    });
    await first;
    h.clock.advance('10s');
    const r = await p;
    expect(r.error).toBeUndefined();
    expect(r.findAll('backup').map((b: any) => b.eid).sort()).toEqual([TEST_VE6, WEB01].sort());
    expect(progress.filter((x) => x === '1:Operation backup_env is started')).toHaveLength(2);
    const ids = r.findAll('backup').map((b: any) => String(b.id));
    const list = await vz.call('backupm', '<list><options><latest/></options></list>');
    expect(list.findAll('backup').map((b: any) => String(b.id)).sort()).toEqual(expect.arrayContaining(ids));
    const removed = await vz.call('backupm', ids.map((id: string) => `<remove><backup_id>${id}</backup_id></remove>`).join(''));
    expect(removed.find('ok')).toBeDefined();
    expect(h.find({ vendor: 'virtuozzo', operation: 'backupm.backup_env' }).length).toBeGreaterThan(0);
    vz.close();
  });
});

describe('virtuozzo contract: the backup lifecycle (scenarios/virtuozzo-lifecycle.yaml, real TCP, manual clock)', () => {
  const OLD_WEB = '3c9f0b7e-1d2a-4e8b-9f60-7a5b4c3d2e1f';
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ vendors: ['virtuozzo'], scenarioFiles: [join(ROOT, 'scenarios/virtuozzo-lifecycle.yaml')] });
  });
  afterAll(() => h.stop());

  /** Read packets until the reply to packet `id`; the texts of the progress packets read meanwhile. */
  async function replyTo(w: Wire, id: string): Promise<{ reply: Reply; progress: string[] }> {
    const progress: string[] = [];
    let r: Reply;
    while ((r = await w.next()).type === '1' || r.id !== id) if (r.type === '1') progress.push(expandInfo(r.find('progress').message));
    return { reply: r, progress };
  }
  const ids = (r: Reply) => r.findAll('backup').map((b: any) => String(b.id));

  it("backup -> list -> retention prune -> restore with progress -> list, with VM::Virtuozzo's and the connector's packets", async () => {
    // VM::Virtuozzo: login, then the seeded catalogue (times relative to the clock: 3, 2 and 1 days ago).
    const w = await Wire.open(h.url('virtuozzo', 'tcp'));
    w.send(fixture('perl.system_login.request.xml'));
    expect((await w.next()).find('token')).toBeDefined();
    const list = (id: number) => `<packet id="${id}" version="4.0.0"><target>backupm</target><data><backupm><list><options><eid>${TEST_VE6}</eid></options></list></backupm></data></packet>`;
    w.send(list(2));
    const seeded = ['20251229000000', '20251230000000', '20251231000000'].map((s) => `${TEST_VE6}/${s}`);
    expect(ids(await w.next())).toEqual(seeded);

    // Backup with progress: keep_max 3 prunes the oldest as the new one is made.
    w.send(fixture('perl.backup_env.request.xml').replace('id="2"', 'id="3" progress="on"'));
    const first = await w.next();
    expect(expandInfo(first.find('progress').message)).toBe('Operation backup_env is started');
    h.clock.advance('10s');
    const backup = await replyTo(w, '3');
    const made = String(backup.reply.find('backup').id);
    expect(made).toBe(`${TEST_VE6}/20260101000006`);
    w.send(list(4));
    expect(ids(await w.next())).toEqual([...seeded.slice(1), made]);

    // The nightly task at 22:00 makes one more, and keep_max prunes again; web-01 gets its nightly too.
    h.clock.advance('1d');
    w.send(list(5));
    const nightly = `${TEST_VE6}/20260101220006`;
    expect(ids(await w.next())).toEqual([seeded[2], made, nightly]);

    // Restore with progress (VM::Virtuozzo's restore_env with <force/>, progress on), from the latest full backup.
    w.send(fixture('perl.restore_env.request.xml').replace(`${TEST_VE6}/20251231220000`, seeded[2]).replace('id="4"', 'id="6" progress="on"'));
    expect(expandInfo((await w.next()).find('progress').message)).toBe('Operation restore_env is started');
    w.send(`<packet id="7"><target>envm</target><data><envm><get_list><status><state>3</state></status></get_list></envm></data></packet>`);
    const down = await replyTo(w, '7');
    expect(down.reply.findAll('eid')).toEqual([TEST_VE6]); // down while it restores
    h.clock.advance('10s');
    const restored = await replyTo(w, '6');
    restored.progress.unshift(...down.progress);
    expect(restored.reply.id).toBe('6');
    expect(restored.reply.find('ok')).toBeDefined();
    expect(restored.progress).toContain('Restoring private area.');

    // The connector's restore_env (its packet style, progress on) brings the deleted old-web back.
    const c = await Wire.open(h.url('virtuozzo', 'tcp'));
    expect((await c.next()).error).toBeUndefined(); // the greeting the connector waits for
    c.send(fixture('connector.system_login.request.xml'));
    expect((await c.next()).find('token')).toBeDefined();
    c.send(fixture('connector.restore_env.request.xml').replace(`${TEST_VE6}/20251231220000`, `${OLD_WEB}/${'20251222000000'}`));
    const started = await c.next();
    expect(started.type).toBe('1');
    h.clock.advance('10s');
    const back = await replyTo(c, 'rs7qz1uhebaaata6q5ywc4e6x16icaaa');
    expect(back.reply.find('ok')).toBeDefined();

    // List again: the catalogue is as the restores found it; old-web is back and running.
    w.send(list(8));
    expect(ids(await w.next())).toEqual([seeded[2], made, nightly]);
    w.send(`<packet id="9"><target>envm</target><data><envm><get_list><status><state>6</state></status></get_list></envm></data></packet>`);
    expect((await w.next()).findAll('eid')).toContain(OLD_WEB);
    w.send(`<packet id="10"><target>backupm</target><data><backupm><list><options><eid>${OLD_WEB}</eid></options></list></backupm></data></packet>`);
    expect(ids(await w.next())).toEqual(['20251212000000', '20251222000000'].map((s) => `${OLD_WEB}/${s}`));
    w.socket.destroy();
    c.socket.destroy();
  });
});
