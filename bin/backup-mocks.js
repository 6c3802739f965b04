#!/usr/bin/env node
'use strict';
/**
 * The `backup-mocks` command. It runs the bundled CLI (dist/backup-mocks.cjs) through V8's code
 * cache, kept in the temp folder, so a start compiles almost nothing: the same thing Node 22's
 * module.enableCompileCache() does, which Node 20 lacks. Libraries a start does not need (XML,
 * zod, yaml, faker: scripts/bundle.js) are bundled apart in dist/chunks/ and load the same way on
 * first use. Falls back to the unbundled build.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const dist = path.join(__dirname, '..', 'dist');
const cacheDir = process.env.BACKUP_MOCKS_CACHE || path.join(os.tmpdir(), `backup-mocks-${process.getuid ? process.getuid() : 'user'}`);
/** Libraries the bundle leaves out and loads from dist/chunks/ instead: module id -> file (scripts/bundle.js). */
let CHUNKS = {};
try {
  CHUNKS = JSON.parse(fs.readFileSync(path.join(dist, 'chunks', 'index.json'), 'utf8'));
} catch {
  CHUNKS = {};
}

/** Every script run through the cache, so that saveCodeCache() can write them all. */
const cached = [];

/** Changes with every build of a file and with the Node version. */
function buildIdOf(file) {
  const stat = fs.statSync(file);
  return `${process.version}-${stat.size}-${Math.round(stat.mtimeMs)}`;
}

/**
 * Run one bundled CommonJS file through the code cache; returns its exports. `firstWrite`: when
 * to write a missing cache: 'now' (after the top level ran), or 'soon' (once the code that
 * required it has used it, so the functions of that first use are in the cache too).
 */
function runCached(file, buildId, firstWrite) {
  const name = path.basename(file, '.cjs');
  // esbuild writes ASCII only (charset: ascii), so latin1 reads it exactly, and faster than utf8.
  const source = fs.readFileSync(file, 'latin1');
  const cacheFile = path.join(cacheDir, `code-cache-${name}-${buildId}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    // Lets any import() in the bundle use Node's own loader, as it would in a plain module.
    importModuleDynamically: vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const req = (id) => (Object.prototype.hasOwnProperty.call(CHUNKS, id) ? loadChunk(id) : mod.require(id));
  req.resolve = (id, opts) => Module._resolveFilename(id, mod, false, opts);
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
  const write = () => {
    try {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(cacheFile, script.createCachedData(), { mode: 0o600 });
      // Caches of earlier builds are of no more use.
      for (const f of fs.readdirSync(cacheDir)) {
        if (f.startsWith(`code-cache-${name}-`) && f !== path.basename(cacheFile)) fs.unlinkSync(path.join(cacheDir, f));
      }
    } catch {
      /* no cache this time */
    }
  };
  cached.push(write);
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written at once (a read-only temp folder only costs the next start), and once more a few
    // seconds in, so that code compiled while serving the first requests is in it too.
    // `backup-mocks warm-cache` (run by npm run build) writes the fuller cache the same way.
    if (firstWrite === 'now') write();
    else setImmediate(write).unref();
    setTimeout(write, 3000).unref();
  }
  return mod.exports;
}

const chunks = new Map();
function loadChunk(id) {
  let exports = chunks.get(id);
  if (exports === undefined) {
    const file = path.join(dist, 'chunks', CHUNKS[id]);
    exports = fs.existsSync(file) ? runCached(file, buildIdOf(file), 'soon') : require(id);
    chunks.set(id, exports);
  }
  return exports;
}

const bundle = path.join(dist, 'backup-mocks.cjs');
if (fs.existsSync(bundle)) {
  // The build id also keys the validated-scenario cache (src/scenario/cache.ts).
  const buildId = buildIdOf(bundle);
  const saveCodeCache = () => cached.forEach((write) => write());
  runCached(bundle, buildId, 'now').main(process.argv, { cacheDir, buildId, saveCodeCache });
} else {
  require('../dist/src/cli.js').main(process.argv);
}
