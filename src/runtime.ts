/**
 * What the launcher that loaded this build (bin/backup-mocks.js, lib/load.js) tells it. Empty
 * when the code runs from source (tsx, Jest) or was required directly.
 */
export interface Runtime {
  /** Changes with every build; keys the validated-scenario cache (src/scenario/cache.ts). */
  buildId?: string;
  /**
   * How the bundle was compiled: `node` through Node's compile cache, `hit` or `miss` through
   * the launcher's own code cache; unset when it was required as is.
   */
  codeCache?: 'node' | 'hit' | 'miss';
  /** Called once, after the first harness of the process is listening: the launcher writes its code cache. */
  onStarted?: () => void;
}

export const runtime: Runtime = {};
