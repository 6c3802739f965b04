import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parseSource, ScenarioError, type ScenarioIssue, type ScenarioSource } from './load';

/** Largest scenario file read (the shipped ones are a few KB). */
export const MAX_SCENARIO_FILE_BYTES = 4 * 1024 * 1024;
/** Most files one load may read, includes counted. */
export const MAX_SCENARIO_FILES = 256;
/** What an include may name: a scenario, never any other kind of file. */
const SCENARIO_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

type Where = Omit<ScenarioIssue, 'message'>;

function refuse(where: Where, message: string): never {
  throw new ScenarioError([{ ...where, message }]);
}

/**
 * Read one scenario file: a regular file (not a folder, device or FIFO: O_NONBLOCK keeps a FIFO
 * from blocking the open, and fstat checks what was opened), at most MAX_SCENARIO_FILE_BYTES.
 * Errors name the file and the reason, never its contents.
 */
export function readScenarioFile(file: string, where: Where = { file, line: 0, col: 0, path: '' }): ScenarioSource {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    refuse(where, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) refuse(where, `cannot read ${file}: not a regular file`);
    if (stat.size > MAX_SCENARIO_FILE_BYTES) refuse(where, `cannot read ${file}: larger than ${MAX_SCENARIO_FILE_BYTES / 1024 / 1024} MiB`);
    // Read to the end (a file may grow between fstat and read), one byte past the cap at most.
    const buf = Buffer.alloc(Math.min(stat.size, MAX_SCENARIO_FILE_BYTES) + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_SCENARIO_FILE_BYTES) refuse(where, `cannot read ${file}: larger than ${MAX_SCENARIO_FILE_BYTES / 1024 / 1024} MiB`);
    return { file, text: buf.toString('utf8', 0, n) };
  } finally {
    closeSync(fd);
  }
}

/** The files a source includes, with where each is named; includes resolve against `dir`. */
function includesOf(src: ScenarioSource, dir: string): Array<{ target: string; where: Where }> {
  const p = parseSource(src);
  if (!('include' in p.value)) return [];
  const node = p.doc.get('include', true) as { items?: Array<{ value?: unknown; range?: [number, number, number] }>; range?: [number, number, number] } | undefined;
  const at = (range?: [number, number, number]) => ({ file: src.file, ...p.lines.linePos(range?.[0] ?? 0), path: 'include' });
  const list = p.value.include;
  if (!Array.isArray(list) || !list.every((f) => typeof f === 'string') || !node?.items) {
    refuse(at(node?.range), 'include is a list of scenario files, e.g. include: [users.yaml]');
  }
  return node.items.map((item, i) => {
    const where = at(item.range);
    const name = list[i] as string;
    if (!SCENARIO_EXTENSIONS.has(extname(name).toLowerCase())) refuse(where, `${name} is not a scenario file (.yaml, .yml or .json)`);
    return { target: resolve(dir, name), where };
  });
}

/** Each source after the files it includes, depth first, every file once. */
function expand(src: ScenarioSource, dir: string, seen: Set<string>, out: ScenarioSource[]): void {
  for (const { target, where } of includesOf(src, dir)) {
    if (seen.has(target)) continue;
    seen.add(target);
    if (seen.size > MAX_SCENARIO_FILES) refuse(where, `more than ${MAX_SCENARIO_FILES} scenario files`);
    expand(readScenarioFile(target, where), dirname(target), seen, out);
  }
  out.push(src);
}

/**
 * Read scenario files and follow each one's `include:` list, in any format (YAML block or flow,
 * JSON). Paths are relative to the including file; included files load before it, so the
 * including file has the last word. A missing or unreadable include is an error at its line.
 */
export function expandIncludes(files: readonly string[]): ScenarioSource[] {
  const seen = new Set<string>();
  const out: ScenarioSource[] = [];
  for (const file of files) {
    const abs = resolve(file);
    if (seen.has(abs)) continue;
    seen.add(abs);
    expand(readScenarioFile(file), dirname(abs), seen, out);
  }
  return out;
}

/**
 * The same for scenarios given in code (`loadScenario({...})`, `POST /scenario`, the `scenario`
 * option): their includes resolve against `base`, a folder.
 */
export function expandInline(sources: readonly ScenarioSource[], base: string): ScenarioSource[] {
  const seen = new Set<string>();
  const out: ScenarioSource[] = [];
  for (const src of sources) expand(src, resolve(base), seen, out);
  return out;
}
