/**
 * A packet session's outbox: its packets written one at a time, in the order they were queued,
 * each after its request's pacing (a rule's `packetDelay` on the virtual clock, `dropAfterPackets`),
 * the listener's write gap (wall time) and the transport's own back-pressure.
 */
import type { Clock } from '../clock';
import type { Pace, PacketSink } from './packet-faults';

export type Outcome = 'sent' | 'closed';

interface Outgoing {
  /** Bytes to write, or nothing: end the sink (after a logout's reply). */
  readonly data?: Buffer;
  readonly pace?: Pace;
  readonly done?: (outcome: Outcome) => void;
}

export class Outbox {
  private readonly queue: Outgoing[] = [];
  private pumping = false;
  private lastWrite = 0;

  constructor(
    private readonly sink: PacketSink,
    private readonly clock: Clock,
    private readonly writeGapMs: number,
    /** After each packet is written (or given up): the session's load fell. */
    private readonly onWritten: () => void,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Packets queued and not yet written. */
  get size(): number {
    return this.queue.length;
  }

  send(data: Buffer, pace?: Pace, done?: (outcome: Outcome) => void): void {
    this.push({ data, ...(pace ? { pace } : {}), ...(done ? { done } : {}) });
  }

  /** End the sink once everything queued before is written. */
  end(): void {
    this.push({});
  }

  private push(item: Outgoing): void {
    this.queue.push(item);
    void this.pump().catch(this.onError);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const item = this.queue[0];
        let outcome: Outcome = 'closed';
        if (item.data === undefined) this.sink.end();
        else outcome = await this.write(item.data, item.pace);
        this.queue.shift();
        item.done?.(outcome);
        this.onWritten();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async write(data: Buffer, pace: Pace | undefined): Promise<Outcome> {
    if (this.sink.closed) return 'closed';
    if (pace) {
      if (pace.dropAfter !== undefined && pace.sent >= pace.dropAfter) {
        pace.dropped = true;
        this.sink.destroy();
        return 'closed';
      }
      // Virtual time: a rule's packetDelay follows the scenario's clock like job timelines do.
      if (pace.delay > 0 && pace.sent > 0) await this.clock.sleep(pace.delay);
      if (this.sink.closed) return 'closed';
      pace.sent++;
    }
    // Wall time: the gap is about how the client reads, not about the scenario's time.
    const wait = this.lastWrite + this.writeGapMs - Date.now();
    if (this.writeGapMs > 0 && wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (this.sink.closed) return 'closed';
    }
    if (!this.sink.write(data)) await this.sink.drained();
    this.lastWrite = Date.now();
    return 'sent';
  }
}
