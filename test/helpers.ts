import { startHarness, type Harness, type HarnessOptions } from '../src/harness';

/** A harness on ephemeral ports with a manual clock, for tests. Stop it in afterAll. */
export function startTestHarness(options: HarnessOptions = {}): Promise<Harness> {
  return startHarness({ clock: 'manual', ports: 'ephemeral', ...options });
}

export type { Harness };
