/**
 * The entry of the one bundle, dist/backup-mocks.cjs (scripts/build.js): the library
 * (lib/index.js), the Jest helpers (lib/jest/), the remote client (lib/client.js), the command
 * line (bin/backup-mocks.js) and what the launcher tells the build (lib/load.js).
 */
export * as library from './index';
export * as jest from './jest';
export * as client from './client';
export { main } from './cli';
export { runtime } from './runtime';

import { createXml, parseXml } from './codec/xml';
import { runtime } from './runtime';

/**
 * Run, once, the code a first XML answer and a first XML request run: the launcher calls this
 * before it writes its code cache (lib/load.js), so that xml2js and xmlbuilder2, which load on
 * first use, are compiled in the cache too. Without it every start that answers XML first
 * (Virtuozzo's packets, Commvault's XML) compiles xmlbuilder2 again: some 15-20 ms.
 */
export function warmCodeCache(): void {
  createXml().ele('warm').att('a', '1').ele('b').txt('c').up().end({ headless: true });
  parseXml('<warm a="1"><b>c</b></warm>');
  runtime.codeCacheWarmed = true;
}
