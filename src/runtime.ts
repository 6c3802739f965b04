/**
 * What the launcher that loaded this build (bin/backup-mocks.js, lib/load.js) tells it. Empty
 * when the code runs from source (tsx, Jest) or was required directly.
 */
export interface Runtime {
  /** Changes with every build; keys the validated-scenario cache (src/scenario/cache.ts). */
  buildId?: string;
  /** Whether the launcher's code cache had this build's compiled code; unset when the bundle was required as is. */
  codeCache?: 'hit' | 'miss';
  /** Set once the XML libraries were run for the code cache about to be written (the command line's). */
  codeCacheWarmed?: boolean;
  /** Called once, after the first harness of the process is listening: the launcher writes its code cache. */
  onStarted?: () => void;
}

export const runtime: Runtime = {};
