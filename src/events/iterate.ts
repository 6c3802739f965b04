import type { Feed } from './bus';
import type { DroppedNotice, HarnessEvent } from './types';

/**
 * A feed as an async iterator (`for await (const e of harness.events(...))`). Leaving the loop
 * (break, return, throw) closes the feed; a consumer slower than the events gets a DroppedNotice
 * in place of what its bounded buffer could not hold.
 */
export function iterateFeed(feed: Feed): AsyncIterableIterator<HarnessEvent | DroppedNotice> {
  let wake: (() => void) | undefined;
  feed.onReady = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const done = (): IteratorResult<HarnessEvent | DroppedNotice> => ({ done: true, value: undefined });
  const iterator: AsyncIterableIterator<HarnessEvent | DroppedNotice> = {
    async next() {
      for (;;) {
        if (feed.closed) return done();
        const item = feed.take();
        if (item !== undefined) return { done: false, value: item };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return() {
      feed.close();
      return done();
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
