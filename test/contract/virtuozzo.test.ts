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
