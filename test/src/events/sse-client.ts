import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseFrame {
  id?: number;
  event: string;
  data: { id?: number; type: string; vendor?: string; tenant?: string; data: Record<string, unknown> };
}

/**
 * A small SSE reader for tests: parses frames as they arrive and resolves waits as soon as the
 * frames they wait for are in (no polling, no sleeps).
 */
export class SseClient {
  readonly frames: SseFrame[] = [];
  status = 0;
  headers: IncomingMessage['headers'] = {};
  private buffer = '';
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  private req?: ClientRequest;
  private res?: IncomingMessage;

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const c = new SseClient();
    return new Promise((resolve, reject) => {
      c.req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        c.res = res;
        c.status = res.statusCode ?? 0;
        c.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => c.feed(chunk));
        resolve(c);
      });
      c.req.on('error', reject);
      c.req.end();
    });
  }

  /** Frames of events (not notices) so far. */
  get events(): SseFrame[] {
    return this.frames.filter((f) => f.event !== 'dropped');
  }

  /** Resolves once `test` holds over the frames received. */
  until(test: (frames: SseFrame[]) => boolean): Promise<void> {
    if (test(this.frames)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test: () => test(this.frames), resolve }));
  }

  /** Resolves once an event with this id (or a later one) has arrived. */
  seen(id: number): Promise<void> {
    return this.until((fs) => fs.some((f) => (f.id ?? 0) >= id));
  }

  close(): void {
    this.res?.destroy();
    this.req?.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: number | undefined;
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) id = Number(line.slice(4));
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data !== '') this.frames.push({ ...(id !== undefined ? { id } : {}), event, data: JSON.parse(data) });
    }
    this.waiters = this.waiters.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }
}
