import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { scenarioTextIssue, scenarioValue } from './limits';
import type { Scenario, ScenarioSchema } from './schema';

/** The YAML parser, loaded when a scenario is parsed (a start served from the cache skips it). */
function yaml(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof import('yaml');
}

export interface ScenarioIssue {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

/** An invalid scenario: every issue names its file, line, column and field path. Never a stack trace. */
export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function formatIssue(i: ScenarioIssue): string {
  return `${i.file}:${i.line}:${i.col}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

export interface ScenarioSource {
  /** Shown in errors: a path, or a label such as `<admin body>`. */
  file: string;
  text: string;
}

interface ParsedSource {
  file: string;
  doc: Document;
  lines: LineCounter;
  value: unknown;
}

function parseSource(src: ScenarioSource): ParsedSource {
  const limit = scenarioTextIssue(src);
  if (limit) throw new ScenarioError([limit]);
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(src.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return { file: src.file, line: pos.line, col: pos.col, path: '', message: e.message.split('\n')[0] };
      }),
    );
  }
  const js = scenarioValue(doc);
  if ('error' in js) throw new ScenarioError([{ file: src.file, line: 1, col: 1, path: '', message: js.error }]);
  const value = js.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ScenarioError([{ file: src.file, line: 1, col: 1, path: '', message: 'a scenario is a mapping of sections' }]);
  }
  return { file: src.file, doc, lines, value };
}

/** Position of the deepest node on `path` that exists in the document. */
function locate(p: ParsedSource, path: PropertyKey[]): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = p.doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    const key = n > 0 ? findKey(p, path.slice(0, n)) : undefined;
    const offset = key ?? node?.range?.[0];
    if (offset !== undefined) return p.lines.linePos(offset);
  }
  return { line: 1, col: 1 };
}

/** For a mapping entry, point at its key (where a person looks for it). */
function findKey(p: ParsedSource, path: PropertyKey[]): number | undefined {
  const parent = path.length === 1 ? p.doc.contents : p.doc.getIn(path.slice(0, -1) as unknown[], true);
  if (!yaml().isMap(parent)) return undefined;
  const last = path[path.length - 1];
  for (const item of parent.items) {
    const k = item.key as { value?: unknown; range?: [number, number, number] } | null;
    if (k && k.value === last && k.range) return k.range[0];
  }
  return undefined;
}

function issuesOf(p: ParsedSource, error: z.ZodError): ScenarioIssue[] {
  return error.issues.map((issue) => {
    let path = issue.path as PropertyKey[];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      path = [...path, keys[0]];
      message = `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
    }
    const { line, col } = locate(p, path);
    return { file: p.file, line, col, path: path.map(String).join('.'), message };
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Later files win: values are replaced, `rules` and `jobs` are put in front, `tenants` merge by id. */
export function mergeScenarioInputs(inputs: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    for (const [key, value] of Object.entries(input)) {
      if (key === 'include') continue;
      if ((key === 'rules' || key === 'jobs') && Array.isArray(value)) {
        // A later file's rules come first: the first matching rule wins, so later files win.
        out[key] = [...value, ...((out[key] as unknown[]) ?? [])];
      } else if (key === 'tenants' && Array.isArray(value)) {
        const list = [...((out[key] as Record<string, unknown>[]) ?? [])];
        for (const t of value as Record<string, unknown>[]) {
          const i = list.findIndex((x) => isPlainObject(x) && isPlainObject(t) && x.id === t.id);
          if (i >= 0) list[i] = deepMerge(list[i], t) as Record<string, unknown>;
          else list.push(t);
        }
        out[key] = list;
      } else {
        out[key] = deepMerge(out[key], value);
      }
    }
  }
  return out;
}

function deepMerge(a: unknown, b: unknown): unknown {
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = deepMerge(a[k], v);
    return out;
  }
  return b;
}

/** Parse and validate one or more sources (YAML or JSON) into one scenario. */
export function loadScenarioSources(schema: ScenarioSchema, sources: ScenarioSource[]): Scenario {
  const parsed = sources.map(parseSource);
  const merged = mergeScenarioInputs(parsed.map((p) => p.value as Record<string, unknown>));
  const r = schema.safeParse(merged);
  if (r.success) return r.data as unknown as Scenario;
  // Something is wrong: validate each file alone to name the file and line it is on.
  const issues: ScenarioIssue[] = [];
  for (const p of parsed) {
    const own = schema.safeParse(p.value);
    if (!own.success) issues.push(...issuesOf(p, own.error));
  }
  // Only cross-file conflicts are valid file by file; blame the last file.
  throw new ScenarioError(issues.length ? issues : issuesOf(parsed[parsed.length - 1], r.error));
}

function readSource(file: string, from?: { file: string; line: number; col: number }): ScenarioSource {
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (e) {
    const reason = `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
    throw new ScenarioError([from ? { ...from, path: 'include', message: reason } : { file, line: 0, col: 0, path: '', message: reason }]);
  }
}

/**
 * Read scenario files, following each file's `include:` list (paths relative to that file,
 * loaded before it, so the including file has the last word).
 */
export function expandIncludes(files: string[], seen = new Set<string>()): ScenarioSource[] {
  const out: ScenarioSource[] = [];
  for (const file of files) {
    const abs = resolve(file);
    if (seen.has(abs)) continue;
    seen.add(abs);
    const src = readSource(file);
    // Only a file that mentions include is parsed here (the full parse comes later).
    let lines: LineCounter | undefined;
    let doc: Document | undefined;
    if (/^include\s*:/m.test(src.text)) {
      const limit = scenarioTextIssue(src);
      if (limit) throw new ScenarioError([limit]);
      const y = yaml();
      lines = new y.LineCounter();
      doc = y.parseDocument(src.text, { lineCounter: lines });
    }
    const inc = !doc || doc.errors.length ? undefined : (doc.get('include', true) as { items?: Array<{ value?: unknown; range?: [number, number, number] }> } | undefined);
    for (const item of inc?.items ?? []) {
      if (typeof item.value !== 'string') continue;
      const pos = lines!.linePos(item.range?.[0] ?? 0);
      const target = resolve(dirname(file), item.value);
      readSource(target, { file, line: pos.line, col: pos.col });
      out.push(...expandIncludes([target], seen));
    }
    out.push(src);
  }
  return out;
}

export function readScenarioFiles(schema: ScenarioSchema, files: string[]): Scenario {
  return loadScenarioSources(schema, expandIncludes(files));
}
