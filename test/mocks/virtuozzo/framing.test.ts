import { PacketSplitter } from '../../../src/transport/packet-framing';
import { codec } from '../../../mocks/virtuozzo/wire';

const frame = codec.frame;

const texts = (events: ReturnType<PacketSplitter['push']>) =>
  events.filter((e) => e.kind === 'packet').map((e) => (e as { text: string }).text);

describe('virtuozzo NUL framing', () => {
  it('joins a packet split across reads, byte by byte', () => {
    const s = new PacketSplitter();
    const bytes = Buffer.from('<packet id="1"><data/></packet>\0');
    const out: string[] = [];
    for (const b of bytes) out.push(...texts(s.push(Buffer.from([b]))));
    expect(out).toEqual(['<packet id="1"><data/></packet>']);
    expect(s.pending).toBe(0);
  });

  it('splits several packets coalesced in one read and keeps the tail', () => {
    const s = new PacketSplitter();
    expect(texts(s.push(Buffer.from('<a/>\0\n<b/>\0<c')))).toEqual(['<a/>', '\n<b/>']);
    expect(s.pending).toBe(2);
    expect(texts(s.push(Buffer.from('/>\0')))).toEqual(['<c/>']);
  });

  it('ignores empty frames (a bare NUL or whitespace between packets)', () => {
    const s = new PacketSplitter();
    expect(texts(s.push(Buffer.from('\0\0 \n\0<a/>\0')))).toEqual(['<a/>']);
  });

  it('skips an oversized packet up to its NUL and keeps the next one', () => {
    const s = new PacketSplitter(16);
    const events = [...s.push(Buffer.from('x'.repeat(10))), ...s.push(Buffer.from('y'.repeat(20) + '\0<ok/>\0'))];
    expect(events).toEqual([
      { kind: 'oversized', bytes: 30 },
      { kind: 'packet', text: '<ok/>' },
    ]);
  });

  it('handles multi-byte UTF-8 split across reads', () => {
    const s = new PacketSplitter();
    const bytes = Buffer.from('<a>é€</a>\0');
    expect(texts(s.push(bytes.subarray(0, 5)))).toEqual([]);
    expect(texts(s.push(bytes.subarray(5)))).toEqual(['<a>é€</a>']);
  });

  it('frames replies with the NUL as the very last byte after a newline', () => {
    const b = frame('<packet/>');
    expect(b[b.length - 1]).toBe(0);
    expect(b[b.length - 2]).toBe(0x0a);
  });
});
