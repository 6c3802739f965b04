// Bundles the CLI into one file (dist/backup-mocks.cjs) so that start-up reads one script
// instead of some 400 modules. Libraries a start does not need are bundled apart in
// dist/chunks/ and bin/backup-mocks.js loads them (through the same code cache) on first use:
// the XML ones with the first XML request, zod and yaml when a scenario is validated (a start
// whose scenario is in the validated-scenario cache needs neither), faker with the first
// tenant state. dist/chunks/index.json maps each module id to its chunk. Express and
// selfsigned stay in node_modules, loaded on first use as they are.
// BUNDLE_MINIFY=0 keeps names and lines readable for profiling.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

/** module id -> what its chunk exports (faker: only what src/random.ts uses, one locale). */
const CHUNKS = {
  xmlbuilder2: 'module.exports = require("xmlbuilder2");',
  xml2js: 'module.exports = require("xml2js");',
  zod: 'module.exports = require("zod");',
  yaml: 'module.exports = require("yaml");',
  '@faker-js/faker': 'export { Faker, base, en } from "@faker-js/faker";',
};
const chunkFile = (id) => `${id.replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9_-]/g, '-')}.cjs`;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: process.env.BUNDLE_MINIFY !== '0',
  keepNames: true,
  charset: 'ascii', // bin/backup-mocks.js reads bundles as latin1
  logLevel: 'warning',
  sourcemap: 'linked',
  write: false,
};

/**
 * Write only the files whose content changed: an unchanged bundle keeps its mtime, so the code
 * cache and the validated-scenario cache (keyed by it) stay valid across `npm start`s.
 */
function writeChanged(result) {
  for (const out of result.outputFiles) {
    let same = false;
    try {
      same = Buffer.compare(fs.readFileSync(out.path), out.contents) === 0;
    } catch {
      same = false;
    }
    if (!same) {
      fs.mkdirSync(path.dirname(out.path), { recursive: true });
      fs.writeFileSync(out.path, out.contents);
    }
  }
}

Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/backup-mocks.cjs',
    external: ['express', 'selfsigned', ...Object.keys(CHUNKS)],
  }),
  ...Object.entries(CHUNKS).map(([id, contents]) =>
    esbuild.build({
      ...common,
      stdin: { contents, resolveDir: __dirname, loader: 'js' },
      outfile: `dist/chunks/${chunkFile(id)}`,
    }),
  ),
])
  .then((results) => {
    results.forEach(writeChanged);
    const index = JSON.stringify(Object.fromEntries(Object.keys(CHUNKS).map((id) => [id, chunkFile(id)])), null, 2);
    writeChanged({ outputFiles: [{ path: path.resolve('dist/chunks/index.json'), contents: Buffer.from(`${index}\n`) }] });
  })
  .catch(() => process.exit(1));
