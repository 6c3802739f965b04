// Bundles the CLI into one file (dist/backup-mocks.cjs) so that start-up reads one script
// instead of some 400 modules. Large modules that most runs never load stay outside.
require('esbuild')
  .build({
    entryPoints: ['src/cli.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: 'dist/backup-mocks.cjs',
    external: ['@faker-js/faker', 'express', 'selfsigned'],
    logLevel: 'warning',
    sourcemap: 'linked',
  })
  .catch(() => process.exit(1));
