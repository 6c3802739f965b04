#!/usr/bin/env node
'use strict';
/**
 * The `backup-mocks` command. It runs the bundled CLI (dist/backup-mocks.cjs) through V8's code
 * cache, kept in the temp folder, so a start compiles almost nothing: the same thing Node 22's
 * module.enableCompileCache() does, which Node 20 lacks. Falls back to the unbundled build.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'backup-mocks.cjs');

function loadBundle() {
  const source = fs.readFileSync(bundle, 'utf8');
  const stat = fs.statSync(bundle);
  const dir = process.env.BACKUP_MOCKS_CACHE || path.join(os.tmpdir(), `backup-mocks-${process.getuid ? process.getuid() : 'user'}`);
  const cacheFile = path.join(dir, `code-cache-${process.version}-${stat.size}-${Math.round(stat.mtimeMs)}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    cachedData,
    // Lets any import() in the bundle use Node's own loader, as it would in a plain module.
    importModuleDynamically: vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(path.dirname(bundle));
  const req = (id) => mod.require(id);
  req.resolve = (id, opts) => Module._resolveFilename(id, mod, false, opts);
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, bundle, path.dirname(bundle));
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written on the first start (a read-only temp folder only costs the next start), and once
    // more a few seconds in, so that code compiled while serving the first requests is in it too.
    const write = () => {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        fs.writeFileSync(cacheFile, script.createCachedData(), { mode: 0o600 });
      } catch {
        /* no cache this time */
      }
    };
    write();
    setTimeout(write, 3000).unref();
  }
  return mod.exports;
}

const cli = fs.existsSync(bundle) ? loadBundle() : require('../dist/src/cli.js');
cli.main(process.argv);
