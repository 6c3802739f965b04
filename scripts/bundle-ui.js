// Builds the dashboard (ui/) into dist/ui/: index.html, app.css and one app.js bundle (esbuild),
// so an installed package serves it with no build step and no network. The admin API, run from
// source (tsx, jest), builds the same files in memory through uiAssets().
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', 'ui');

/** The dashboard's files: name -> contents. */
async function uiAssets() {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
    outfile: 'app.js',
  });
  return {
    'index.html': fs.readFileSync(path.join(root, 'index.html')),
    'app.css': fs.readFileSync(path.join(root, 'app.css')),
    'app.js': Buffer.from(result.outputFiles[0].contents),
  };
}

module.exports = { uiAssets };

if (require.main === module) {
  uiAssets()
    .then((files) => {
      const out = path.join(__dirname, '..', 'dist', 'ui');
      fs.mkdirSync(out, { recursive: true });
      for (const [name, contents] of Object.entries(files)) {
        const file = path.join(out, name);
        let same = false;
        try {
          same = Buffer.compare(fs.readFileSync(file), contents) === 0;
        } catch {
          same = false;
        }
        if (!same) fs.writeFileSync(file, contents);
      }
    })
    .catch((e) => {
      process.stderr.write(`bundle-ui: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}
