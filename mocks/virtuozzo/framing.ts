/**
 * NUL framing of the Virtuozzo Agent protocol. Every packet ends with one `\0` byte; the agent
 * finds packet ends by it, so packets may arrive split across reads or several in one read
 * (vendor notes, "Transport"). Replies end in `\n\0` with the NUL as the very last byte: the
 * Python connector strips NULs only at the ends of each 4096-byte read (vendor notes).
 */

export const NUL = 0;

/** Default cap on one packet (bytes before its NUL); larger packets are dropped with an error. */
export const DEFAULT_MAX_PACKET = 1024 * 1024;

export type FrameEvent = { kind: 'packet'; text: string } | { kind: 'oversized'; bytes: number };

/**
 * Accumulates socket reads and yields complete packets. An oversized packet is skipped up to
 * its NUL (reported once) so the connection's later packets still work.
 */
export class PacketSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;
  private skipped = 0;

  constructor(private readonly maxPacket = DEFAULT_MAX_PACKET) {}

  push(chunk: Buffer): FrameEvent[] {
    const out: FrameEvent[] = [];
    let start = 0;
    while (start <= chunk.length) {
      const end = chunk.indexOf(NUL, start);
      if (end === -1) {
        this.keep(chunk.subarray(start), out);
        break;
      }
      this.keep(chunk.subarray(start, end), out);
      if (this.skipping) {
        out.push({ kind: 'oversized', bytes: this.skipped });
      } else {
        const text = Buffer.concat(this.parts, this.size).toString('utf8');
        // Clients put a newline or spaces between packets; an empty frame is not a packet.
        if (text.trim() !== '') out.push({ kind: 'packet', text });
      }
      this.parts = [];
      this.size = 0;
      this.skipping = false;
      this.skipped = 0;
      start = end + 1;
    }
    return out;
  }

  /** Bytes buffered without a NUL yet (a client that never terminates its packet). */
  get pending(): number {
    return this.size;
  }

  private keep(piece: Buffer, _out: FrameEvent[]): void {
    if (piece.length === 0) return;
    if (this.skipping) {
      this.skipped += piece.length;
      return;
    }
    if (this.size + piece.length > this.maxPacket) {
      this.skipping = true;
      this.skipped = this.size + piece.length;
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(Buffer.from(piece));
    this.size += piece.length;
  }
}

/** Frame one outgoing packet: `...</packet>\n\0`, the NUL last. */
export function frame(xml: string): Buffer {
  return Buffer.from(`${xml}\n\0`, 'utf8');
}
