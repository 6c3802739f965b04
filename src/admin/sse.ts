import type { Request, Response } from 'express';
import type { EventBus, Feed } from '../events/bus';
import type { DroppedNotice, EventFilter, EventType, HarnessEvent } from '../events/types';
import { briefOf } from '../journal';
import { AdminError } from './inputs';

export interface EventsQuery {
  vendor?: string[];
  tenant?: string[];
  types?: EventType[];
  since?: number;
  tail?: number;
  brief?: boolean;
}

/** One subscriber's buffer: 1,000 events or 4 MiB of frames, whichever comes first. */
const FEED_LIMIT = 1000;
const FEED_BYTES = 4 * 1024 * 1024;
/** Frames written in one go; past it the rest waits for the socket to drain. */
const CHUNK_BYTES = 64 * 1024;
/** A comment line this often (wall time) keeps proxies and browsers from timing out an idle stream. */
const KEEPALIVE_MS = 15_000;

/** Each event is serialised once for every subscriber that wants that form (not once per subscriber). */
const fullFrames = new WeakMap<HarnessEvent, string>();
const briefFrames = new WeakMap<HarnessEvent, string>();

function frameOf(e: HarnessEvent, brief: boolean): string {
  const cache = brief && e.type === 'request' ? briefFrames : fullFrames;
  let frame = cache.get(e);
  if (frame === undefined) {
    const event = brief && e.type === 'request' ? { ...e, data: briefOf(e.data) } : e;
    // JSON.stringify escapes newlines, so one `data:` line holds the event.
    frame = `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(event)}\n\n`;
    cache.set(e, frame);
  }
  return frame;
}

function noticeFrame(n: DroppedNotice): string {
  return `event: dropped\ndata: ${JSON.stringify(n)}\n\n`;
}

function lastEventId(req: Request): number | undefined {
  const v = req.get('last-event-id');
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,15}$/.test(v.trim())) throw new AdminError(400, 'Last-Event-ID: the id of an event (a whole number)');
  return Number(v.trim());
}

/**
 * GET /events: the bus as Server-Sent Events. The subscriber's buffer is bounded; the socket
 * is written only while it drains, so a client that stops reading costs the server one bounded
 * buffer and then loses events (told with an `event: dropped` frame), never the server's pace.
 */
export function serveEvents(bus: EventBus, req: Request, res: Response, q: EventsQuery): void {
  const since = lastEventId(req) ?? q.since;
  const brief = q.brief === true;
  const filter: EventFilter = {
    ...(q.vendor ? { vendor: q.vendor } : {}),
    ...(q.tenant ? { tenant: q.tenant } : {}),
    ...(q.types ? { types: q.types } : {}),
  };
  let blocked = false;
  let scheduled = false;
  const pump = () => {
    scheduled = false;
    if (feed.closed || res.destroyed) return;
    while (!blocked && feed.waiting) {
      let chunk = '';
      while (chunk.length < CHUNK_BYTES) {
        const item = feed.take();
        if (item === undefined) break;
        chunk += item.type === 'dropped' ? noticeFrame(item) : frameOf(item, brief);
      }
      if (chunk !== '' && !res.write(chunk)) {
        blocked = true;
        res.once('drain', () => {
          blocked = false;
          pump();
        });
      }
    }
  };
  const feed: Feed = bus.subscribe(filter, {
    ...(since !== undefined ? { since } : q.tail !== undefined ? { tail: q.tail } : {}),
    limit: FEED_LIMIT,
    maxBytes: FEED_BYTES,
    weigh: (e) => frameOf(e, brief).length,
    // Publishing only queues; writing happens once the publisher's work is done.
    onReady: () => {
      if (!scheduled && !blocked) {
        scheduled = true;
        setImmediate(pump);
      }
    },
  });
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // `retry` sets how soon a browser reconnects; the comment opens the stream at once.
  res.write(`retry: 2000\n: backup-mocks events, last id ${bus.lastId}\n\n`);
  const keepalive = setInterval(() => {
    if (!blocked) res.write(': keep-alive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();
  const end = () => {
    clearInterval(keepalive);
    feed.close();
  };
  res.on('close', end);
  req.on('close', end);
  if (feed.waiting) feed.onReady();
}
