// `npm pack` / `npm publish` (prepack, postpack): the published package.json has no `prepare`.
// In this repository `prepare` builds after `npm ci`, and it is what builds a git install
// (npm installs a git dependency's dev dependencies and runs its prepare). A package made by
// `npm pack` is built already, and npm 11 flags a `prepare` in it as an install script, so
// `strip` takes it out for the pack and `restore` puts package.json back as it was.
const fs = require('node:fs');
const path = require('node:path');

const manifest = path.join(__dirname, '..', 'package.json');
const saved = path.join(__dirname, '..', 'node_modules', '.cache', 'backup-mocks', 'package.json');

const command = process.argv[2];
if (command === 'strip') {
  const text = fs.readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  if (pkg.scripts && pkg.scripts.prepare !== undefined) {
    fs.mkdirSync(path.dirname(saved), { recursive: true });
    fs.writeFileSync(saved, text);
    delete pkg.scripts.prepare;
    fs.writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  }
} else if (command === 'restore') {
  if (fs.existsSync(saved)) {
    fs.writeFileSync(manifest, fs.readFileSync(saved));
    fs.rmSync(saved);
  }
} else {
  process.stderr.write('usage: node scripts/manifest.js strip|restore\n');
  process.exit(2);
}
