import { Deque } from './deque';
import { requestWeight } from './weight';
import type { DroppedNotice, EventDataOf, EventFilter, EventOf, EventType, HarnessEvent } from './types';

export type { DroppedNotice, EventFilter, EventOf, EventType, HarnessEvent } from './types';
export { EVENT_TYPES } from './types';

/** Bounds of the history every new subscriber may replay from. */
export const HISTORY_DEFAULTS = { size: 1000, maxBytes: 16 * 1024 * 1024 } as const;
/** Bounds of one subscriber's buffer: past them the oldest waiting events are dropped (and the subscriber told). */
export const FEED_DEFAULTS = { limit: 1000, maxBytes: 4 * 1024 * 1024 } as const;

/** Rough memory an event holds: journal entries carry bodies, the rest is small. */
export function weightOf(e: HarnessEvent): number {
  if (e.type !== 'request') return 512;
  return requestWeight(e.data.body.length, e.data.response?.body.length ?? 0, e.data.path.length);
}

/** What a filter looks at: an event's kind, vendor and tenant (known before its data is built). */
interface Addressed {
  type: EventType;
  vendor?: string;
  tenant?: string;
}

export function matchesFilter(f: EventFilter, e: Addressed): boolean {
  if (f.types && !f.types.includes(e.type)) return false;
  // Events of no vendor (the clock, scenario reloads) or no tenant (the shared clock) concern every subscriber.
  if (f.vendor && e.vendor !== undefined && !f.vendor.includes(e.vendor)) return false;
  if (f.tenant && e.tenant !== undefined && !f.tenant.includes(e.tenant)) return false;
  return true;
}

export interface FeedOptions {
  /** Most events waiting (default FEED_DEFAULTS.limit). */
  limit?: number;
  /** Most bytes waiting, as `weigh` counts them (default FEED_DEFAULTS.maxBytes). */
  maxBytes?: number;
  weigh?: (e: HarnessEvent) => number;
  /** Called (synchronously, from publish) when an event is waiting; the consumer takes it when it can. */
  onReady?: () => void;
}

export interface FeedStats {
  queued: number;
  queuedBytes: number;
  /** Events dropped since the consumer last took one (reported to it as a DroppedNotice). */
  dropped: number;
  droppedTotal: number;
  delivered: number;
}

/**
 * One subscriber's buffer: bounded by count and bytes. When it is full the oldest waiting event
 * is dropped and counted, and the consumer's next take is a DroppedNotice, so a consumer that
 * cannot keep up loses events knowingly and the server never grows a queue for it.
 */
export class Feed {
  private queue = new Deque<HarnessEvent>();
  private weights = new Deque<number>();
  private bytes = 0;
  private missed = 0;
  private missedReason: DroppedNotice['data']['reason'] = 'slow';
  private droppedTotal = 0;
  private delivered = 0;
  private readonly limit: number;
  private readonly maxBytes: number;
  private readonly weigh: (e: HarnessEvent) => number;
  closed = false;
  onReady: () => void;

  constructor(
    readonly filter: EventFilter,
    options: FeedOptions,
    private readonly detach: (feed: Feed) => void,
  ) {
    this.limit = Math.max(1, options.limit ?? FEED_DEFAULTS.limit);
    this.maxBytes = options.maxBytes ?? FEED_DEFAULTS.maxBytes;
    this.weigh = options.weigh ?? weightOf;
    this.onReady = options.onReady ?? (() => undefined);
  }

  /** @internal the bus offers every matching event. */
  offer(e: HarnessEvent): void {
    if (this.closed) return;
    const w = this.weigh(e);
    while (this.queue.length > 0 && (this.queue.length >= this.limit || this.bytes + w > this.maxBytes)) this.dropOldest('slow');
    this.queue.push(e);
    this.weights.push(w);
    this.bytes += w;
    this.onReady();
  }

  /** @internal a replay that starts before the history's oldest event. */
  markMissed(count: number): void {
    this.missed += count;
    this.missedReason = 'history';
  }

  /** The next thing to deliver: a notice of what was dropped first, then the oldest waiting event. */
  take(): HarnessEvent | DroppedNotice | undefined {
    if (this.missed > 0) {
      const notice: DroppedNotice = { type: 'dropped', data: { count: this.missed, reason: this.missedReason } };
      this.missed = 0;
      this.missedReason = 'slow';
      return notice;
    }
    const e = this.queue.shift();
    if (e === undefined) return undefined;
    this.bytes -= this.weights.shift() ?? 0;
    this.delivered++;
    return e;
  }

  get waiting(): boolean {
    return this.missed > 0 || this.queue.length > 0;
  }

  stats(): FeedStats {
    return { queued: this.queue.length, queuedBytes: this.bytes, dropped: this.missed, droppedTotal: this.droppedTotal, delivered: this.delivered };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.clear();
    this.weights.clear();
    this.bytes = 0;
    this.detach(this);
    // A consumer waiting for the next event learns that there is none.
    this.onReady();
  }

  private dropOldest(reason: DroppedNotice['data']['reason']): void {
    this.queue.shift();
    this.bytes -= this.weights.shift() ?? 0;
    this.missed++;
    this.droppedTotal++;
    if (reason === 'slow' && this.missedReason !== 'history') this.missedReason = 'slow';
  }
}

export interface SubscribeOptions extends FeedOptions {
  /** Replay kept events after this id (the last one the subscriber saw: SSE's Last-Event-ID). */
  since?: number;
  /** Without `since`: replay at most the newest N kept events (default: every kept one; 0: none). */
  tail?: number;
}

type Listener = (e: HarnessEvent) => void;

/**
 * An event published while nobody listened: numbered and kept in the history like any other, its
 * object (and its data) built only when a replay or `recent` first reads it.
 */
class Deferred implements Addressed {
  private built?: HarnessEvent;
  constructor(
    readonly id: number,
    readonly type: EventType,
    readonly vendor: string | undefined,
    readonly tenant: string | undefined,
    private make: ((id: number) => HarnessEvent) | undefined,
  ) {}

  get event(): HarnessEvent {
    if (this.built === undefined) {
      this.built = this.make!(this.id);
      this.make = undefined;
    }
    return this.built;
  }
}

type Kept = HarnessEvent | Deferred;

function eventOf(k: Kept): HarnessEvent {
  return k instanceof Deferred ? k.event : k;
}

/**
 * The harness's one event bus: every journal entry, job change, clock change, scenario load,
 * reset and rule hit is published here once, numbered, kept in a bounded history, and handed to
 * synchronous listeners (the CLI's log, `harness.on`) and to buffered subscribers (the SSE
 * stream, `harness.events()`), each of which gets the same event object, never a copy.
 */
export class EventBus {
  private history = new Deque<Kept>();
  private historyWeights = new Deque<number>();
  private historyBytes = 0;
  private seq = 0;
  private listeners: Array<{ fn: Listener; filter?: EventFilter }> = [];
  private feeds = new Set<Feed>();
  private capacity: number;
  private maxBytes: number;
  /** Where a listener's exception goes (it must not fail the request that published). */
  onListenerError: (error: unknown) => void = () => undefined;

  constructor(options: { size?: number; maxBytes?: number } = {}) {
    this.capacity = options.size ?? HISTORY_DEFAULTS.size;
    this.maxBytes = options.maxBytes ?? HISTORY_DEFAULTS.maxBytes;
  }

  /** The id of the newest event published (0 before any). */
  get lastId(): number {
    return this.seq;
  }

  /** Events currently kept for replay, oldest first. */
  recent(filter: EventFilter = {}): HarnessEvent[] {
    const out: HarnessEvent[] = [];
    for (let i = 0; i < this.history.length; i++) {
      const k = this.history.at(i)!;
      if (matchesFilter(filter, k)) out.push(eventOf(k));
    }
    return out;
  }

  /** `virtualTime` as epoch ms, or already an ISO string (a journal entry's), as is `wallTime` when given. */
  publish<K extends EventType>(type: K, where: { vendor?: string; tenant?: string; virtualTime: number | string; wallTime?: string }, data: EventDataOf[K]): EventOf<K> {
    const event = {
      id: ++this.seq,
      type,
      wallTime: where.wallTime ?? new Date().toISOString(),
      virtualTime: typeof where.virtualTime === 'string' ? where.virtualTime : new Date(where.virtualTime).toISOString(),
      ...(where.vendor !== undefined ? { vendor: where.vendor } : {}),
      ...(where.tenant !== undefined ? { tenant: where.tenant } : {}),
      data,
    } as EventOf<K>;
    const e = event as unknown as HarnessEvent;
    this.keep(e, weightOf(e));
    this.deliver(e);
    return event;
  }

  /**
   * Publish an event whose object `make` builds (with the id it is given), only when something
   * reads it: at once if a listener or a subscriber wants it, else when the history is replayed.
   * The hot path's events (one per request) cost a number and a slot when nobody watches.
   */
  publishDeferred(type: EventType, vendor: string | undefined, tenant: string | undefined, weight: number, make: (id: number) => HarnessEvent): void {
    const d = new Deferred(++this.seq, type, vendor, tenant, make);
    this.keep(d, weight);
    if (this.wanted(d)) this.deliver(d.event);
  }

  private wanted(a: Addressed): boolean {
    for (const l of this.listeners) if (!l.filter || matchesFilter(l.filter, a)) return true;
    for (const feed of this.feeds) if (matchesFilter(feed.filter, a)) return true;
    return false;
  }

  private deliver(e: HarnessEvent): void {
    for (const l of this.listeners) {
      if (l.filter && !matchesFilter(l.filter, e)) continue;
      try {
        l.fn(e);
      } catch (err) {
        this.onListenerError(err);
      }
    }
    for (const feed of this.feeds) if (matchesFilter(feed.filter, e)) feed.offer(e);
  }

  /** A synchronous listener, called inside publish (keep it quick); returns the unsubscribe function. */
  on(fn: Listener, filter?: EventFilter): () => void {
    const entry = { fn, ...(filter ? { filter } : {}) };
    this.listeners = [...this.listeners, entry];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== entry);
    };
  }

  /** A buffered subscriber, with its replay already waiting in it. Close the feed to unsubscribe. */
  subscribe(filter: EventFilter = {}, options: SubscribeOptions = {}): Feed {
    const feed = new Feed(filter, options, (f) => this.feeds.delete(f));
    const oldest = this.history.peek()?.id ?? this.seq + 1;
    if (options.since !== undefined) {
      // Ids are global, so this counts events of every kind that are gone: an upper bound of what the filter lost.
      if (options.since < oldest - 1) feed.markMissed(oldest - 1 - options.since);
      for (let i = 0; i < this.history.length; i++) {
        const k = this.history.at(i)!;
        if (k.id > options.since && matchesFilter(filter, k)) feed.offer(eventOf(k));
      }
    } else if (options.tail !== 0) {
      const matching = this.recent(filter);
      for (const e of options.tail === undefined ? matching : matching.slice(-options.tail)) feed.offer(e);
    }
    this.feeds.add(feed);
    return feed;
  }

  /** Buffered subscribers and their buffers (tests, diagnostics). */
  subscribers(): FeedStats[] {
    return [...this.feeds].map((f) => f.stats());
  }

  /** End every buffered subscriber (the harness stops; their iterators finish). */
  closeFeeds(): void {
    for (const f of [...this.feeds]) f.close();
  }

  private keep(e: Kept, w: number): void {
    if (this.capacity === 0) return;
    while (this.history.length > 0 && (this.history.length >= this.capacity || this.historyBytes + w > this.maxBytes)) {
      this.history.shift();
      this.historyBytes -= this.historyWeights.shift() ?? 0;
    }
    this.history.push(e);
    this.historyWeights.push(w);
    this.historyBytes += w;
  }
}
