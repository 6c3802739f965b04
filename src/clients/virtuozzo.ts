/**
 * A small TypeScript client for the Virtuozzo Agent XML API (the emulator or a real agent):
 * connect over TCP or TLS, log in, send packets, collect progress packets and await the reply.
 * Replies are matched to requests by packet id; a greeting (packet without id) is kept aside.
 *
 *   const vz = await VirtuozzoClient.connect('tcp://127.0.0.1:4433');
 *   await vz.login('root', 'vzadmin');
 *   const r = await vz.call('backupm', '<backup_env><env_list><eid>...</eid></env_list></backup_env>',
 *     { progress: true, onProgress: (p) => console.log(p.percent, p.text) });
 *   console.log(r.find('backup'));
 *   vz.close();
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { createXml, parseXml } from '../codec/xml';
import { PacketSplitter } from '../transport/packet-framing';

type XmlBuilder = ReturnType<typeof createXml>;
/** Content to write into an element (the call element, a login...). */
export type Fragment = (parent: XmlBuilder) => void;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s.trim(), 'base64').toString('utf8');
function leaf(parent: XmlBuilder, name: string, value: string | number): XmlBuilder {
  return parent.ele(name).txt(String(value)).up();
}

export interface ClientOptions {
  /** TLS options for `tls://` URLs (the emulator's certificate is self-signed: `rejectUnauthorized: false`). */
  tls?: ConnectionOptions;
  /** Wait this long (ms) for a greeting after connecting (the server's `greeting: on|auto`); 0 = don't wait. */
  greetingWaitMs?: number;
  /** Reject a call after this many ms of wall time without its reply (default 30 s). */
  timeoutMs?: number;
}

export interface Progress {
  op: string;
  status: number;
  percent?: number;
  /** The message template with its parameters filled in, e.g. "Operation backup_env is started". */
  text: string;
  raw: string;
}

export class Reply {
  readonly doc: Record<string, any>;
  constructor(readonly raw: string) {
    this.doc = parseXml<Record<string, any>>(raw, { localNames: true });
  }
  get packet(): Record<string, any> {
    return this.doc.packet ?? {};
  }
  get id(): string | undefined {
    return this.packet.$?.id;
  }
  get type(): string | undefined {
    return this.packet.$?.type;
  }
  /** Every element with this local name, depth first. */
  findAll(name: string): any[] {
    const out: any[] = [];
    const walk = (node: any) => {
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (k === '$') continue;
        for (const item of Array.isArray(v) ? v : [v]) {
          if (k === name) out.push(item);
          walk(item);
        }
      }
    };
    walk(this.packet);
    return out;
  }
  find(name: string): any {
    return this.findAll(name)[0];
  }
  /** The first `<error>` of the reply, if any. */
  get error(): { code: number; message: string } | undefined {
    const e = this.find('error');
    return e ? { code: Number(e.code), message: String(e.message ?? '') } : undefined;
  }
}

/** "Operation %op_name% is %status%" + base64 parameters -> text (vzlt:infoType). */
export function expandInfo(info: any): string {
  if (!info || typeof info !== 'object') return '';
  let text = info.message ? unb64(String(info.message)) : '';
  const params = info.parameter ? (Array.isArray(info.parameter) ? info.parameter : [info.parameter]) : [];
  for (const p of params) text = text.split(`%${p.name}%`).join(p.message ? unb64(String(p.message)) : '');
  return text;
}

interface Pending {
  resolve(r: Reply): void;
  reject(e: Error): void;
  onProgress?: (p: Progress) => void;
  progress: Progress[];
  timer: NodeJS.Timeout;
}

export class VirtuozzoClient {
  greeting?: Reply;
  /** Packets that matched no request (garbage, unknown ids), for tests. */
  readonly stray: string[] = [];
  private readonly splitter = new PacketSplitter(64 * 1024 * 1024);
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private closedError?: Error;

  private constructor(
    readonly socket: Socket,
    private readonly options: ClientOptions,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const ev of this.splitter.push(chunk)) if (ev.kind === 'packet') this.dispatch(ev.text);
    });
    const fail = (e: Error) => {
      this.closedError = e;
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(e);
      }
      this.pending.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  /** `tcp://host:port` or `tls://host:port`. */
  static async connect(url: string, options: ClientOptions = {}): Promise<VirtuozzoClient> {
    const u = new URL(url);
    const port = Number(u.port || 4433);
    const host = u.hostname;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s =
        u.protocol === 'tls:'
          ? tlsConnect({ host, port, rejectUnauthorized: false, ...options.tls }, () => resolve(s))
          : netConnect({ host, port }, () => resolve(s));
      s.once('error', reject);
    });
    const client = new VirtuozzoClient(socket, options);
    if (options.greetingWaitMs) await client.waitForGreeting(options.greetingWaitMs);
    return client;
  }

  private waitForGreeting(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.greeting) return resolve();
      const t = setTimeout(resolve, ms);
      this.socket.once('data', () => setImmediate(() => (clearTimeout(t), resolve())));
    });
  }

  private dispatch(text: string): void {
    let reply: Reply;
    try {
      reply = new Reply(text);
    } catch {
      this.stray.push(text);
      return;
    }
    const id = reply.id;
    const p = id !== undefined ? this.pending.get(id) : undefined;
    if (!p) {
      if (id === undefined && !this.greeting) this.greeting = reply;
      else this.stray.push(text);
      return;
    }
    if (reply.type === '1') {
      const pr = reply.find('progress') ?? {};
      const progress: Progress = {
        op: String(pr.op ?? ''),
        status: Number(pr.status),
        ...(pr.percent !== undefined ? { percent: Number(pr.percent) } : {}),
        text: expandInfo(pr.message),
        raw: text,
      };
      p.progress.push(progress);
      p.onProgress?.(progress);
      return;
    }
    clearTimeout(p.timer);
    this.pending.delete(id!);
    p.resolve(reply);
  }

  /** Send a full packet (its `id` attribute must be set) and await its final reply. */
  request(packet: string, id: string, onProgress?: (p: Progress) => void): Promise<Reply & { progress: Progress[] }> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const progress: Progress[] = [];
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no reply to packet ${id} within ${this.options.timeoutMs ?? 30000} ms`));
      }, this.options.timeoutMs ?? 30_000);
      this.pending.set(id, { resolve: (r) => resolve(Object.assign(r, { progress })), reject, onProgress, progress, timer });
      this.socket.write(`${packet}\0`);
    });
  }

  /**
   * One call: `<packet><target>operator</target><data><operator>inner</operator></data></packet>`.
   * `inner` is content to write, or XML text (a test's hand-written request body), which
   * xmlbuilder2 parses into the packet.
   */
  call(
    operator: string,
    inner: string | Fragment,
    opts: { progress?: boolean; cookie?: string; onProgress?: (p: Progress) => void } = {},
  ): Promise<Reply & { progress: Progress[] }> {
    const id = String(this.nextId++);
    const doc = createXml();
    const packet = doc.ele('packet').att('version', '4.0.0').att('id', id);
    if (opts.progress) packet.att('progress', 'on');
    if (opts.cookie !== undefined) leaf(packet, 'cookie', opts.cookie);
    if (operator !== 'system') leaf(packet, 'target', operator);
    const op = packet.ele('data').ele(operator);
    if (typeof inner !== 'string') inner(op);
    else if (inner.trim() !== '') op.ele(inner);
    return this.request(doc.end({ headless: true }), id, opts.onProgress);
  }

  /** system/login with base64 name and password (VZLSystem.xsd); throws on an error packet. */
  async login(name: string, password: string, realm = '00000000-0000-0000-0000-000000000000'): Promise<Reply> {
    const r = await this.call('system', loginXml(name, password, realm));
    if (r.error) throw new Error(`login failed: ${r.error.code} ${r.error.message}`);
    return r;
  }

  /** sessionm/login: returns the session id (usable as `<session>` on the HTTP door). */
  async sessionLogin(name: string, password: string, realm = '00000000-0000-0000-0000-000000000000'): Promise<string> {
    const r = await this.call('sessionm', loginXml(name, password, realm));
    if (r.error) throw new Error(`session login failed: ${r.error.code} ${r.error.message}`);
    return String(r.find('session_id'));
  }

  /** backupm/backup_env for some eids with optional raw `<backup_options>` content. */
  backupEnv(eids: string[], options = '', onProgress?: (p: Progress) => void): Promise<Reply & { progress: Progress[] }> {
    const body: Fragment = (parent) => {
      const call = parent.ele('backup_env');
      const list = call.ele('env_list');
      for (const e of eids) leaf(list, 'eid', e);
      if (options) call.ele('backup_options').ele(options);
    };
    return this.call('backupm', body, {
      progress: onProgress !== undefined,
      onProgress,
    });
  }

  close(): void {
    this.socket.end();
  }
}

/** `<login>` of system and sessionm: base64 name and password, realm GUID (VZLSystem.xsd). */
function loginXml(name: string, password: string, realm: string): Fragment {
  return (parent) => {
    const login = parent.ele('login');
    leaf(login, 'name', b64(name));
    leaf(login, 'realm', realm);
    leaf(login, 'password', b64(password));
  };
}
