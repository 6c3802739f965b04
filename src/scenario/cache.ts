import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writePrivate } from '../../lib/cache-dir';
import { expandIncludes } from './includes';
import type { ScenarioSource } from './load';
import type { Scenario } from './schema';

/**
 * Validated scenarios, kept between runs of the CLI (the way tsc's and ESLint's caches keep
 * work they have done). An entry is keyed by the build of backup-mocks and the exact text of
 * every source, includes and `--set` overrides among them, so a changed file, a changed
 * schema or another version never reads an old result. Only a scenario that passed validation
 * is stored; an invalid one is validated, and reported, every time.
 */
export interface ScenarioCache {
  get(sources: readonly ScenarioSource[]): Scenario | undefined;
  set(sources: readonly ScenarioSource[], scenario: Scenario): void;
  /**
   * The sources of these files with their includes expanded (expandIncludes), taken from the
   * cache while every file read last time still has the same text.
   */
  expand(files: readonly string[]): ScenarioSource[];
}

/** Entries kept per cache folder; the oldest go first. */
const KEEP = 32;

export function fileScenarioCache(dir: string, buildId: string): ScenarioCache {
  const digest = (text: string) => createHash('sha256').update(text).digest('hex');
  const fileOf = (sources: readonly ScenarioSource[]) => {
    const h = createHash('sha256').update(buildId);
    for (const s of sources) h.update('\0').update(s.file).update('\0').update(s.text);
    return join(dir, `scenario-${h.digest('hex').slice(0, 32)}.json`);
  };
  const write = (file: string, text: string) => {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (writePrivate(dir, basename(file), text)) prune(dir);
    } catch {
      // A read-only or full temp folder only costs the next start its validation.
    }
  };
  return {
    expand(files) {
      const record = join(dir, `scenario-${digest(`${buildId}\0${process.cwd()}\0${files.map((f) => resolve(f)).join('\0')}`).slice(0, 32)}.files.json`);
      try {
        const known = JSON.parse(readFileSync(record, 'utf8')) as Array<{ file: string; sha256: string }>;
        const sources = known.map(({ file }) => ({ file, text: readFileSync(file, 'utf8') }));
        if (sources.every((s, i) => digest(s.text) === known[i].sha256)) return sources;
      } catch {
        // no record yet, or a file is gone: expand afresh
      }
      const sources = expandIncludes([...files]);
      write(record, JSON.stringify(sources.map((s) => ({ file: s.file, sha256: digest(s.text) }))));
      return sources;
    },
    get(sources) {
      try {
        return JSON.parse(readFileSync(fileOf(sources), 'utf8')) as Scenario;
      } catch {
        return undefined;
      }
    },
    set(sources, scenario) {
      const text = JSON.stringify(scenario);
      // Only plain data survives the trip through JSON; anything else is not cached.
      if (isDeepStrictEqual(JSON.parse(text), scenario)) write(fileOf(sources), text);
    },
  };
}

function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((f) => f.startsWith('scenario-') && f.endsWith('.json'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(KEEP)) unlinkSync(join(dir, f));
}
