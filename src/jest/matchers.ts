import type { Harness } from '../harness';
import { checkCount } from '../harness';
import { describeCriteria, type JournalCriteria } from '../journal';

/**
 * `expect(harness).toHaveReceived({vendor: 'vcenter', operation: 'job.create'})`, optionally with
 * a count: `toHaveReceived(criteria, 2)` or `{atLeast: 1, atMost: 3}`.
 */
export const matchers = {
  toHaveReceived(this: { isNot?: boolean }, harness: Harness, criteria: JournalCriteria, count?: number | { atLeast?: number; atMost?: number }) {
    const found = harness.journal.find(criteria);
    const { ok, want } = checkCount(found.length, count);
    return {
      pass: ok,
      message: () =>
        `expected harness ${this.isNot ? 'not ' : ''}to have received ${want} request(s) matching ${describeCriteria(criteria)}, found ${found.length}` +
        (found.length === 0
          ? `\nrecent: ${harness.journal
              .all()
              .slice(-5)
              .map((e) => `${e.vendor} ${e.operation} ${e.status}`)
              .join(', ') || '(none)'}`
          : ''),
    };
  },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveReceived(criteria: JournalCriteria, count?: number | { atLeast?: number; atMost?: number }): R;
    }
  }
}
