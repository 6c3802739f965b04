import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioSource } from './load';

/** Where the shipped scenarios live, from src/ or from dist/src/. */
export function scenariosDir(): string {
  // From src/scenario (tsx, jest), dist/src/scenario (tsc) or dist/ (the bundle).
  for (const dir of [join(__dirname, '..', '..', 'scenarios'), join(__dirname, '..', '..', '..', 'scenarios'), join(__dirname, '..', 'scenarios')]) {
    if (existsSync(dir)) return dir;
  }
  return join(process.cwd(), 'scenarios');
}

export function defaultScenarioPath(): string {
  return join(scenariosDir(), 'default.yaml');
}

/** A scenario given in code: YAML/JSON text or a plain object. */
export function sourceOf(input: string | Record<string, unknown>, label = '<inline>'): ScenarioSource {
  return { file: label, text: typeof input === 'string' ? input : JSON.stringify(input, null, 2) };
}
