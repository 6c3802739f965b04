// `npm pack` / `npm publish` (prepack, postpack): the published package.json has no `prepare`.
// In this repository `prepare` builds after `npm ci`, and it is what builds a git install
// (npm installs a git dependency's dev dependencies and runs its prepare). A package made by
// `npm pack` is built already, and npm 11 flags a `prepare` in it as an install script, so
// `strip` takes it out for the pack and `restore` puts package.json back as it was.
const fs = require('node:fs');
const path = require('node:path');

const manifest = path.join(__dirname, '..', 'package.json');
// Beside it while a pack runs; if a pack stops half way, `node scripts/manifest.js restore` puts it back.
const saved = path.join(__dirname, '..', '.package.json.packing');

/** Replace a file whole: anything reading package.json meanwhile sees the old text or the new. */
function replace(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

const command = process.argv[2];
if (command === 'strip') {
  const text = fs.readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  if (pkg.scripts && pkg.scripts.prepare !== undefined) {
    fs.writeFileSync(saved, text);
    delete pkg.scripts.prepare;
    replace(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  }
} else if (command === 'restore') {
  if (fs.existsSync(saved)) {
    replace(manifest, fs.readFileSync(saved, 'utf8'));
    fs.rmSync(saved);
  }
} else {
  process.stderr.write('usage: node scripts/manifest.js strip|restore\n');
  process.exit(2);
}
