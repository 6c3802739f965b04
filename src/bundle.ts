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
