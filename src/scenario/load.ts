import type { Document, LineCounter, YAMLError } from 'yaml';
import type { z } from 'zod';
import { scenarioTextIssue, scenarioValue } from './limits';
import type { Scenario, ScenarioSchema } from './schema';

/** The YAML parser (JSON is YAML too), loaded when a scenario is parsed: a start served from the validated-scenario cache skips it. */
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

function formatIssue(i: ScenarioIssue): string {
  return `${i.file}:${i.line}:${i.col}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

export interface ScenarioSource {
  /** Shown in errors: a path, or a label such as `<admin body>`. */
  file: string;
  text: string;
}

export interface ParsedSource {
  file: string;
  doc: Document;
  lines: LineCounter;
  value: Record<string, unknown>;
}

/**
 * yaml's messages sometimes quote the text they stopped at (`Unexpected scalar token in YAML
 * stream: "..."`, `Invalid escape sequence \q`, `Unresolved tag: !x`). A scenario can come from
 * an admin client or an include, so an error says what is wrong and where, never what the text
 * holds: the message is cut before any quoted text, and the messages that embed it unquoted are
 * replaced by their code's meaning.
 */
const CONTENT_FREE: Record<string, string> = {
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_SCALAR_START: 'a plain value cannot start with this character',
  TAG_RESOLVE_FAILED: 'unresolved tag',
  BAD_DIRECTIVE: 'unknown directive',
};

function parserMessage(e: YAMLError): string {
  const message = CONTENT_FREE[e.code] ?? e.message.split('\n')[0].split(': ')[0].replace(/\s*"[^"]*"/g, '').trim();
  return message || 'not valid YAML or JSON';
}

/** One parse per source object: finding its includes and validating it share it. */
const parsed = new WeakMap<ScenarioSource, ParsedSource>();

/** Parse one source (YAML or JSON) into a mapping, with what locates its nodes. */
export function parseSource(src: ScenarioSource): ParsedSource {
  const known = parsed.get(src);
  if (known) return known;
  const limit = scenarioTextIssue(src);
  if (limit) throw new ScenarioError([limit]);
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(src.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return { file: src.file, line: pos.line, col: pos.col, path: '', message: parserMessage(e) };
      }),
    );
  }
  const js = scenarioValue(doc);
  if ('error' in js) throw new ScenarioError([{ file: src.file, line: 1, col: 1, path: '', message: js.error }]);
  const value: unknown = js.value ?? {};
  if (!isPlainObject(value)) {
    throw new ScenarioError([{ file: src.file, line: 1, col: 1, path: '', message: 'a scenario is a mapping of sections' }]);
  }
  const p = { file: src.file, doc, lines, value };
  parsed.set(src, p);
  return p;
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
function mergeScenarioInputs(inputs: Record<string, unknown>[]): Record<string, unknown> {
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
  const all = sources.map(parseSource);
  const merged = mergeScenarioInputs(all.map((p) => p.value));
  const r = schema.safeParse(merged);
  if (r.success) return r.data as unknown as Scenario;
  // Something is wrong: validate each file alone to name the file and line it is on.
  const issues: ScenarioIssue[] = [];
  for (const p of all) {
    const own = schema.safeParse(p.value);
    if (!own.success) issues.push(...issuesOf(p, own.error));
  }
  // Only cross-file conflicts are valid file by file; blame the last file.
  throw new ScenarioError(issues.length ? issues : issuesOf(all[all.length - 1], r.error));
}
