import type { RemoteHarness } from '../clients/harness';
import type { Harness } from '../harness';
import type { JournalCriteria } from '../journal';
import { checkCount, matcherMessage, RECENT_SHOWN, type Count } from '../verify';

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

const isRemote = (v: unknown): v is RemoteHarness => typeof v === 'object' && v !== null && (v as { remote?: unknown }).remote === true && typeof (v as RemoteHarness).find === 'function';
const isHarness = (v: unknown): v is Harness => typeof v === 'object' && v !== null && typeof (v as Harness).journal?.find === 'function';

function describe(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  return v.constructor?.name ?? 'an object';
}

/**
 * `expect(harness).toHaveReceived({vendor: 'vcenter', operation: 'job.create'})`, optionally with
 * a count: `toHaveReceived(criteria, 2)` or `{atLeast: 1, atMost: 3}`. A remote harness
 * (connectHarness, in a Jest worker) answers through its admin API: `await expect(client).toHaveReceived(...)`.
 */
export const matchers = {
  toHaveReceived(this: { isNot?: boolean }, received: Harness | RemoteHarness, criteria: JournalCriteria, count?: Count): MatcherResult | Promise<MatcherResult> {
    const isNot = this.isNot === true;
    if (isRemote(received)) {
      return (async () => {
        const found = await received.count(criteria);
        const { ok, want } = checkCount(found, count);
        const recent = found === 0 ? await received.recent(RECENT_SHOWN) : [];
        return { pass: ok, message: () => matcherMessage(isNot, criteria, want, found, recent) };
      })();
    }
    if (!isHarness(received)) {
      return {
        pass: false,
        message: () =>
          `expected a harness: startHarness()'s, or connectHarness()'s in a Jest worker (the global setup's harness lives in another process), got ${describe(received)}`,
      };
    }
    const found = received.journal.find(criteria).length;
    const { ok, want } = checkCount(found, count);
    return { pass: ok, message: () => matcherMessage(isNot, criteria, want, found, found === 0 ? received.journal.all().slice(-RECENT_SHOWN) : []) };
  },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> {
      /** With a remote harness (connectHarness) it answers a promise: `await expect(client).toHaveReceived(...)`. */
      toHaveReceived(criteria: JournalCriteria, count?: Count): T extends { readonly remote: true } ? Promise<R> : R;
    }
  }
}
