/**
 * Delimiter framing of packet protocols: every packet ends with one delimiter byte (the
 * Virtuozzo Agent's NUL), so packets may arrive split across reads or several in one read.
 */

/** Default cap on one packet (bytes before its delimiter); larger packets are skipped with an error. */
export const DEFAULT_MAX_PACKET = 1024 * 1024;

export type FrameEvent = { kind: 'packet'; text: string } | { kind: 'oversized'; bytes: number };

/** Whitespace between packets (clients put a newline or spaces there): not a packet. */
function blank(b: Buffer): boolean {
  for (const c of b) if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  return true;
}

/**
 * Accumulates reads and yields complete packets. An oversized packet is skipped up to its
 * delimiter (reported once) so the connection's later packets still work. Empty frames (a bare
 * delimiter, whitespace) cost a scan and nothing else.
 */
export class PacketSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;
  private skipped = 0;

  constructor(
    private readonly maxPacket = DEFAULT_MAX_PACKET,
    private readonly delimiter = 0,
  ) {}

  push(chunk: Buffer): FrameEvent[] {
    const out: FrameEvent[] = [];
    let start = 0;
    while (start <= chunk.length) {
      const end = chunk.indexOf(this.delimiter, start);
      if (end === -1) {
        this.keep(chunk.subarray(start));
        break;
      }
      this.keep(chunk.subarray(start, end));
      if (this.skipping) out.push({ kind: 'oversized', bytes: this.skipped });
      else if (this.size > 0) {
        const whole = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size);
        if (!blank(whole)) out.push({ kind: 'packet', text: whole.toString('utf8') });
      }
      this.parts = [];
      this.size = 0;
      this.skipping = false;
      this.skipped = 0;
      start = end + 1;
    }
    return out;
  }

  /** Bytes buffered without a delimiter yet (a client that never terminates its packet). */
  get pending(): number {
    return this.size;
  }

  private keep(piece: Buffer): void {
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
    // A copy: the socket's read buffer is reused.
    this.parts.push(Buffer.from(piece));
    this.size += piece.length;
  }
}

/** The packets of one body (an HTTP stream door's POST): delimiter-separated, the last delimiter optional. */
export function splitPackets(body: Buffer, delimiter: number): string[] {
  const splitter = new PacketSplitter(Number.MAX_SAFE_INTEGER, delimiter);
  const events = splitter.push(body[body.length - 1] === delimiter ? body : Buffer.concat([body, Buffer.from([delimiter])]));
  return events.flatMap((e) => (e.kind === 'packet' ? [e.text] : []));
}
