import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
let built = false;

/**
 * Build the bundle from the current sources before a test runs bin/backup-mocks.js
 * (scripts/build.js --bundle rewrites only what changed, so the caches keyed by it stay valid).
 */
export function ensureBundle(): void {
  if (built) return;
  execFileSync(process.execPath, [join(root, 'scripts', 'build.js'), '--bundle'], { stdio: 'inherit' });
  built = true;
}
