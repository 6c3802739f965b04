'use strict';
/**
 * Loads the one bundle, dist/backup-mocks.cjs (the library, the command line and the Jest
 * helpers; scripts/build.js makes it), so that a start compiles almost nothing.
 * - The bundle runs through a V8 code cache of its own, written once per build, after the first
 *   harness of a process is listening: it holds the code a start runs (the command line's also
 *   the XML libraries its first answers load, src/bundle.ts warmCodeCache). (Node's compile cache
 *   keeps only what V8 compiled before a module ran, which for a bundle is little more than its
 *   top level: on Node 22 a start through it measured some 15-40 ms slower.)
 * - The command line, which owns its process, also turns on Node's own compile cache
 *   (module.enableCompileCache, Node 22+) for the libraries it requires from node_modules on
 *   first use. The library does not: that switch is process-wide, and its host decides.
 * - Inside a sandbox such as a Jest test environment the bundle is required as is: code compiled
 *   here would run in the process's main context, not the sandbox's.
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const { privateCacheDir, writePrivate } = require('./cache-dir');

const BUNDLE = path.join(__dirname, '..', 'dist', 'backup-mocks.cjs');
let loaded;

/** @param {{ app?: boolean }} [options] app: the command line is loading. */
function load(options = {}) {
  if (loaded) return loaded;
  let stat;
  try {
    stat = fs.statSync(BUNDLE);
  } catch {
    throw new Error(`backup-mocks is not built: ${BUNDLE} is missing (run npm run build in ${path.dirname(__dirname)})`);
  }
  // Changes with every build and Node version: keys the caches.
  const buildId = `${process.version}-${stat.size}-${Math.round(stat.mtimeMs)}`;
  const dir = privateCacheDir();
  const nodeCache = options.app && typeof Module.enableCompileCache === 'function';
  if (nodeCache && process.env.NODE_COMPILE_CACHE) Module.enableCompileCache();
  else if (nodeCache && dir) Module.enableCompileCache(path.join(dir, 'node-compile-cache'));
  if (!dir || vm.runInThisContext('globalThis') !== globalThis) loaded = require(BUNDLE);
  else loaded = runCached(path.join(dir, `code-cache-${options.app ? 'cli' : 'lib'}-`), buildId, options.app === true);
  // Node writes its compile cache at exit; a server is often killed instead: write it once started too.
  if (nodeCache && typeof Module.flushCompileCache === 'function') {
    const before = loaded.runtime.onStarted;
    loaded.runtime.onStarted = () => {
      if (before) before();
      Module.flushCompileCache();
    };
  }
  if (dir) loaded.runtime.buildId = buildId;
  return loaded;
}

/** Run the bundle as CommonJS through the code cache `<prefix><buildId>.bin`; returns its exports. `app`: the command line. */
function runCached(prefix, buildId, app) {
  const cacheFile = `${prefix}${buildId}.bin`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // esbuild writes ASCII only (charset: ascii), so latin1 reads it exactly, and faster than utf8.
  const source = fs.readFileSync(BUNDLE, 'latin1');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
    // An import() in the bundle uses Node's own loader, as in a module required normally.
    importModuleDynamically: vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, Module.createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE));
  const hit = cachedData !== undefined && !script.cachedDataRejected;
  mod.exports.runtime.codeCache = hit ? 'hit' : 'miss';
  if (!hit) {
    mod.exports.runtime.onStarted = () => {
      // The server's first answers load the XML libraries: compile them into its cache as well.
      // The library's cache stays what a start runs (a bigger cache takes longer to read).
      if (app && typeof mod.exports.warmCodeCache === 'function') mod.exports.warmCodeCache();
      const dir = path.dirname(prefix);
      if (writePrivate(dir, path.basename(cacheFile), script.createCachedData())) prune(dir, path.basename(prefix));
    };
  }
  return mod.exports;
}

/**
 * Keep the newest few caches of this kind: builds come and go, but several can be in use at once
 * (two projects with different versions share the folder), and each must not delete the others'.
 */
function prune(dir, prefix, keep = 4) {
  try {
    const old = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(prefix) && f.endsWith('.bin'))
      .map((f) => ({ file: path.join(dir, f), mtime: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime)
      .slice(keep);
    for (const { file } of old) fs.rmSync(file, { force: true });
  } catch {
    // another process pruned at the same time
  }
}

module.exports = { load, BUNDLE };
