import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ScenarioSource } from './load';

let root: string | undefined;

/**
 * The folder of the backup-mocks package itself: the nearest folder above this module whose
 * package.json is backup-mocks'. The same from src/scenario/ (tsx, Jest) and from dist/ (the
 * bundle), in this repository and in a project's node_modules; never the current folder, which
 * may be a project with a scenarios/ folder of its own.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'backup-mocks') return (root = dir);
    } catch {
      // no package.json here: look further up
    }
    if (dirname(dir) === dir) throw new Error(`backup-mocks: cannot find its own package.json above ${__dirname}`);
  }
}

/** The shipped scenarios (scenarios/*.yaml in the package). */
function scenariosDir(): string {
  return join(packageRoot(), 'scenarios');
}

export function defaultScenarioPath(): string {
  return join(scenariosDir(), 'default.yaml');
}

/** Names of the shipped scenarios: `default`, `vcenter-demo`, ... */
export function shippedScenarios(): string[] {
  return readdirSync(scenariosDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/**
 * A scenario named on the command line or in `scenarioFiles`: a path when such a file exists,
 * otherwise the name of a shipped scenario (`vcenter-demo`); anything else is left as given, so
 * that reading it reports it missing.
 */
export function resolveScenarioFile(nameOrPath: string): string {
  if (existsSync(nameOrPath) || !/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath)) return nameOrPath;
  const shipped = join(scenariosDir(), `${nameOrPath}.yaml`);
  return existsSync(shipped) ? shipped : nameOrPath;
}

/** A scenario given in code: YAML/JSON text or a plain object. */
export function sourceOf(input: string | Record<string, unknown>, label = '<inline>'): ScenarioSource {
  return { file: label, text: typeof input === 'string' ? input : JSON.stringify(input, null, 2) };
}
