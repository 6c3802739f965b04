/**
 * What a vendor with a packet protocol (the Virtuozzo Agent's NUL-framed XML) declares so that
 * the engine's packet transport (src/transport/packet.ts) can serve it: how packets are framed,
 * how one is read into a header and keyed calls, and how replies, progress, greetings and
 * refusals are written. The transport does the rest once, for every packet vendor and for
 * both its TCP/TLS listeners and its HTTP stream door: sessions, the outbox and its pacing,
 * back-pressure, tenants, rules and faults, auth, the journal.
 */
import type { Clock } from '../clock';
import type { AnyOperation, PacketHeaderOf, VendorTypes } from './types';

/** How one connection (or one HTTP stream) behaves; from the vendor's options, per listener. */
export interface PacketSettings {
  /** `on`: greet at once; `off`: never; `auto`: greet a client that has not written within `greetingWindowMs`. */
  readonly greeting: 'on' | 'off' | 'auto';
  /** Wall ms (it is about how the client behaves, not about job timelines). */
  readonly greetingWindowMs: number;
  /** A packet longer than this (bytes before its delimiter) is skipped and refused; the connection carries on. */
  readonly maxPacketBytes: number;
  /** Wall ms kept between two writes to one connection (0: none). */
  readonly writeGapMs: number;
  /** Wall ms a connection may stay silent with nothing in flight before the server ends it (0: never). */
  readonly idleTimeoutMs: number;
}

/** One call of a decoded packet: its dispatch key (the packet door's keys) and its body. */
export interface DecodedCall {
  readonly key: string;
  readonly body: unknown;
}

export interface DecodedPacket<H> {
  readonly header: H;
  /** At least one: a packet without calls is the codec's to refuse. */
  readonly calls: readonly DecodedCall[];
}

/** The outcome of one call: the operation's value, or what it threw (the vendor's error, or an EngineError). */
export type PacketAnswer<T extends VendorTypes> = {
  readonly key: string;
  /** Absent when no operation has the key. */
  readonly op?: AnyOperation<T>;
} & ({ readonly value: T['output']; readonly error?: undefined } | { readonly error: unknown; readonly value?: undefined });

/** What the codec's encoders may read besides the header: the connection, the options, the clock. */
export interface PacketContext<T extends VendorTypes> {
  readonly conn: T['conn'];
  readonly options: T['options'];
  readonly clock: Clock;
  readonly listener: string;
}

export interface PacketCodec<T extends VendorTypes> {
  /** The byte that ends every request packet (`0`: NUL). Frames of whitespace only are ignored. */
  readonly delimiter: number;
  /** One outgoing packet with its framing (`...</packet>\n\0`). */
  frame(packet: string): Buffer;
  settings(options: T['options'], listener: string): PacketSettings;
  /** Journal names of packets that reach no operation: unreadable, and over `maxPacketBytes`. */
  readonly names: { readonly malformed: string; readonly oversized: string };
  /** Read one packet (its text without the delimiter). Throws the vendor's error when it cannot. */
  decode(text: string): DecodedPacket<PacketHeaderOf<T>>;
  /** What can be read of the header of a packet `decode` refused (to echo its id), fields unread left out. */
  sniff(text: string, error: unknown): PacketHeaderOf<T>;
  /** The journal's and rules' path of a call, e.g. `/backupm/backup_env`. */
  path(key: string): string;
  /** The vendor's error for a key no operation has; `keys` are every key its packet doors serve. */
  unknown(key: string, keys: readonly string[]): Error;
  /** Whether the packet asked for progress packets (`progress="on"`): only then do operations get `ctx.progress`. */
  wantsProgress(header: PacketHeaderOf<T>): boolean;
  /** The one reply to a packet: every call's answer, in order (several calls share one reply). */
  reply(header: PacketHeaderOf<T>, answers: readonly PacketAnswer<T>[], ctx: PacketContext<T>): string;
  /** A reply refusing a whole packet (unreadable, too large; `header` as far as it was read). */
  refuse(header: PacketHeaderOf<T> | undefined, error: unknown, ctx: PacketContext<T>): string;
  /** A progress packet for one event an operation emitted. */
  progress(header: PacketHeaderOf<T>, event: T['progress'], ctx: PacketContext<T>): string;
  /** The packet a connection is greeted with (`settings.greeting` says when). */
  greeting(ctx: PacketContext<T>): string;
  /** The journal status of an answer: 200, or the error's 400 / 401 / 413 / 500. */
  status(answer: PacketAnswer<T>): number;
  /** After the reply now being sent, end the connection (a logout). */
  ends?(conn: T['conn']): boolean;
}
