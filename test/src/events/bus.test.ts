import { EventBus } from '../../../src/events/bus';
import type { DroppedNotice, HarnessEvent } from '../../../src/events/types';

const publishReset = (bus: EventBus, tenant?: string) => bus.publish('reset', { ...(tenant ? { tenant } : {}), virtualTime: 0 }, tenant ? { tenant } : {});
const publishRule = (bus: EventBus, vendor: string, tenant: string) =>
  bus.publish('rule', { vendor, tenant, virtualTime: 0 }, { action: 'hit', id: 1, label: 'rule#1', seen: 1, fired: 1 });

function drain(feed: { take(): HarnessEvent | DroppedNotice | undefined }): Array<HarnessEvent | DroppedNotice> {
  const out: Array<HarnessEvent | DroppedNotice> = [];
  for (let e = feed.take(); e !== undefined; e = feed.take()) out.push(e);
  return out;
}

describe('the event bus', () => {
  it('numbers events in publish order and hands every subscriber the same objects', () => {
    const bus = new EventBus();
    const a = bus.subscribe({}, { tail: 0 });
    const b = bus.subscribe({}, { tail: 0 });
    const sent = [publishReset(bus), publishRule(bus, 'dds', 'w1'), publishReset(bus, 'w2')];
    expect(sent.map((e) => e.id)).toEqual([1, 2, 3]);
    const got = drain(a);
    expect(got).toEqual(sent);
    expect(drain(b).every((e, i) => e === got[i])).toBe(true);
  });

  it('filters by vendor, tenant and type; events of no vendor or tenant reach every filter', () => {
    const bus = new EventBus();
    const dds = bus.subscribe({ vendor: ['dds'] }, { tail: 0 });
    const w1 = bus.subscribe({ tenant: ['w1'] }, { tail: 0 });
    const rules = bus.subscribe({ types: ['rule'] }, { tail: 0 });
    publishRule(bus, 'dds', 'w1');
    publishRule(bus, 'vcenter', 'w1');
    publishRule(bus, 'dds', 'w2');
    publishReset(bus);
    publishReset(bus, 'w2');
    expect(drain(dds).map((e) => e.type === 'dropped' ? 0 : e.id)).toEqual([1, 3, 4, 5]);
    expect(drain(w1).map((e) => e.type === 'dropped' ? 0 : e.id)).toEqual([1, 2, 4]);
    expect(drain(rules).map((e) => e.type === 'dropped' ? 0 : e.id)).toEqual([1, 2, 3]);
  });

  it('replays kept events after an id, the newest N, or none, and says when the replay starts before the history', () => {
    const bus = new EventBus({ size: 5 });
    for (let i = 0; i < 8; i++) publishReset(bus);
    expect(drain(bus.subscribe({}, { since: 6 })).map((e) => (e.type === 'dropped' ? 'dropped' : e.id))).toEqual([7, 8]);
    expect(drain(bus.subscribe({}, { tail: 2 })).map((e) => (e.type === 'dropped' ? 'dropped' : e.id))).toEqual([7, 8]);
    expect(drain(bus.subscribe({}, { tail: 0 }))).toEqual([]);
    expect(drain(bus.subscribe({})).length).toBe(5);
    const late = drain(bus.subscribe({}, { since: 1 }));
    expect(late[0]).toEqual({ type: 'dropped', data: { count: 2, reason: 'history' } });
    expect(late.slice(1).map((e) => (e.type === 'dropped' ? 0 : e.id))).toEqual([4, 5, 6, 7, 8]);
  });

  it("bounds a subscriber that does not keep up: the oldest waiting events go, and its next take says how many", () => {
    const bus = new EventBus();
    const slow = bus.subscribe({}, { tail: 0, limit: 10 });
    for (let i = 0; i < 1000; i++) publishReset(bus);
    expect(slow.stats()).toMatchObject({ queued: 10, dropped: 990 });
    const got = drain(slow);
    expect(got[0]).toEqual({ type: 'dropped', data: { count: 990, reason: 'slow' } });
    expect(got.slice(1).map((e) => (e.type === 'dropped' ? 0 : e.id))).toEqual([991, 992, 993, 994, 995, 996, 997, 998, 999, 1000]);
  });

  it('bounds the history by bytes as well as by count', () => {
    const bus = new EventBus({ size: 1000, maxBytes: 10 * 512 });
    for (let i = 0; i < 50; i++) publishReset(bus);
    expect(bus.recent().map((e) => e.id)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
  });

  it('keeps publishing when a synchronous listener throws, and reports the failure', () => {
    const bus = new EventBus();
    const failures: unknown[] = [];
    bus.onListenerError = (e) => failures.push(e);
    const seen: number[] = [];
    bus.on(() => {
      throw new Error('listener bug');
    });
    const off = bus.on((e) => seen.push(e.id));
    publishReset(bus);
    off();
    publishReset(bus);
    expect(seen).toEqual([1]);
    expect(failures).toHaveLength(2);
  });

  it('forgets a closed subscriber', () => {
    const bus = new EventBus();
    const feed = bus.subscribe({}, { tail: 0 });
    expect(bus.subscribers()).toHaveLength(1);
    feed.close();
    publishReset(bus);
    expect(bus.subscribers()).toHaveLength(0);
    expect(feed.take()).toBeUndefined();
  });
});

describe('deferred events', () => {
  const make = (calls: number[]) => (id: number): HarnessEvent => {
    calls.push(id);
    return { id, type: 'reset', wallTime: 'w', virtualTime: 'v', data: {} };
  };

  it('are numbered with the others but built only when read, once', () => {
    const bus = new EventBus();
    const calls: number[] = [];
    publishReset(bus);
    bus.publishDeferred('reset', undefined, undefined, 512, make(calls));
    publishReset(bus);
    expect(calls).toEqual([]);
    const [a, b, c] = bus.recent();
    expect([a.id, b.id, c.id]).toEqual([1, 2, 3]);
    expect(calls).toEqual([2]);
    expect(bus.recent()[1]).toBe(b);
    expect(calls).toEqual([2]);
  });

  it('are built at once for a listener or a subscriber that wants them, and not for one that does not', () => {
    const bus = new EventBus();
    const calls: number[] = [];
    const off = bus.on(() => undefined, { types: ['rule'] });
    bus.publishDeferred('reset', undefined, undefined, 512, make(calls));
    expect(calls).toEqual([]);
    const feed = bus.subscribe({ types: ['reset'] }, { tail: 0 });
    bus.publishDeferred('reset', undefined, undefined, 512, make(calls));
    expect(calls).toEqual([2]);
    expect(drain(feed).map((e) => (e.type === 'dropped' ? 0 : e.id))).toEqual([2]);
    off();
    const seen: number[] = [];
    bus.on((e) => seen.push(e.id));
    bus.publishDeferred('reset', undefined, undefined, 512, make(calls));
    expect(calls).toEqual([2, 3]);
    expect(seen).toEqual([3]);
  });

  it('replay a deferred event to a late subscriber (since)', () => {
    const bus = new EventBus();
    const calls: number[] = [];
    bus.publishDeferred('reset', undefined, undefined, 512, make(calls));
    bus.publishDeferred('reset', undefined, undefined, 512, make(calls));
    const feed = bus.subscribe({}, { since: 1 });
    expect(drain(feed).map((e) => (e.type === 'dropped' ? 0 : e.id))).toEqual([2]);
    expect(calls).toEqual([2]);
  });
});
