import type { Document } from 'yaml';
import type { ScenarioIssue, ScenarioSource } from './load';

/**
 * Bounds on scenario text, checked before the YAML parser sees it. yaml composes documents
 * recursively: a few thousand nested levels exhaust the stack, and when that happens inside V8's
 * regular-expression compiler the process dies instead of throwing. These bounds are far above
 * what a scenario needs (the deepest shipped one nests about 8 levels).
 */
export const SCENARIO_TEXT_LIMITS = {
  /** Bytes of one scenario source (yaml parses about 1 MB a second, on the thread every listener shares). */
  bytes: 1024 * 1024,
  /** Nesting levels, counted generously (an upper bound of what the parser will build). */
  depth: 64,
  /** yaml's maxAliasCount: alias expansions in one document (yaml's own default). */
  aliases: 100,
} as const;

/** The first limit a source breaks, as a scenario issue, or undefined. */
export function scenarioTextIssue(src: ScenarioSource): ScenarioIssue | undefined {
  const bytes = Buffer.byteLength(src.text);
  if (bytes > SCENARIO_TEXT_LIMITS.bytes) {
    return { file: src.file, line: 1, col: 1, path: '', message: `the scenario is ${bytes} bytes; at most ${SCENARIO_TEXT_LIMITS.bytes} bytes are accepted` };
  }
  const deep = tooDeep(src.text, SCENARIO_TEXT_LIMITS.depth);
  if (deep) return { file: src.file, line: deep.line, col: deep.col, path: '', message: `nested deeper than ${SCENARIO_TEXT_LIMITS.depth} levels` };
  return undefined;
}

/**
 * The most tenants, rules and job rules one scenario may hold. Validation, credential indexing and
 * rule matching are linear in these, and they run on the thread every listener shares.
 */
export const SCENARIO_LIMITS = { tenants: 1000, rules: 1000, jobs: 1000 } as const;

const SECTION_NOUNS = { tenants: 'tenants', rules: 'rules', jobs: 'job rules' } as const;

/**
 * The document as plain values, with alias expansion bounded and the counted sections checked
 * before any schema walks them; a document over a bound gives a message instead.
 */
export function scenarioValue(doc: Document): { value: unknown } | { error: string } {
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: SCENARIO_TEXT_LIMITS.aliases });
  } catch (e) {
    return { error: `${(e as Error).message} (at most ${SCENARIO_TEXT_LIMITS.aliases} alias expansions)` };
  }
  if (value !== null && typeof value === 'object') {
    for (const key of ['tenants', 'rules', 'jobs'] as const) {
      const list = (value as Record<string, unknown>)[key];
      if (Array.isArray(list) && list.length > SCENARIO_LIMITS[key]) return { error: `${key}: at most ${SCENARIO_LIMITS[key]} ${SECTION_NOUNS[key]} in one scenario (this one has ${list.length})` };
    }
  }
  return { value };
}

const isBlank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\r';

/**
 * Where nesting first exceeds `limit`, by one linear scan of YAML (or JSON) text. Counts block
 * indentation levels (a compact `- ` / `? ` entry opens one at its content's column) and flow
 * brackets, skipping quoted scalars, comments and block scalar text. It may count more levels
 * than the parser builds, never fewer.
 */
function tooDeep(text: string, limit: number): { line: number; col: number } | undefined {
  const indents: number[] = [];
  let flow = 0;
  /** An open quoted scalar, which may run over lines. */
  let quote = '';
  /** Lines indented past this column are block scalar text (`key: |`); -1 when not in one. */
  let blockParent = -1;
  let line = 0;
  for (let pos = 0; pos <= text.length; ) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    line++;
    let i = pos;
    while (i < eol && text[i] === ' ') i++;
    const indent = i - pos;
    const blank = i >= eol || text[i] === '#' || text[i] === '\r';
    if (blockParent >= 0 && (blank || indent > blockParent)) {
      pos = eol + 1;
      continue;
    }
    blockParent = -1;
    if (blank && !quote) {
      pos = eol + 1;
      continue;
    }
    if (!quote && flow === 0) {
      if (indent === 0 && (text.startsWith('---', i) || text.startsWith('...', i))) indents.length = 0;
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    /** Column of the node an entry on this line belongs to (block scalar text must be indented past it). */
    let nodeCol = indent;
    let scalarStart = true;
    const over = () => indents.length + flow > limit;
    if (over()) return { line, col: i - pos + 1 };
    for (; i < eol; i++) {
      const c = text[i];
      if (quote) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) {
          quote = '';
          scalarStart = false;
        }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if (c === '#' && (i === pos || isBlank(text[i - 1]))) break;
      if ((c === '"' || c === "'") && scalarStart) {
        quote = c;
        continue;
      }
      if (c === '[' || c === '{') {
        flow++;
        if (over()) return { line, col: i - pos + 1 };
        scalarStart = true;
        continue;
      }
      if (c === ']' || c === '}') {
        if (flow > 0) flow--;
        scalarStart = false;
        continue;
      }
      if (c === ',') {
        scalarStart = flow > 0;
        continue;
      }
      if ((c === '-' || c === '?') && scalarStart && flow === 0 && isBlank(text[i + 1])) {
        // A compact entry opens a level at the column its content starts at, which later,
        // more indented lines nest under (`- k:` then `    - k:`).
        let j = i + 1;
        while (j < eol && text[j] === ' ') j++;
        indents.push(j - pos);
        if (over()) return { line, col: i - pos + 1 };
        // `- |`: the text belongs to the entry at the dash; `- key: |`: to the key after it.
        nodeCol = text[j] === '|' || text[j] === '>' ? i - pos : j - pos;
        i = j - 1;
        continue;
      }
      if (c === ':' && (flow > 0 || isBlank(text[i + 1]))) {
        scalarStart = true;
        continue;
      }
      if ((c === '|' || c === '>') && scalarStart && flow === 0 && /^[-+0-9]*\s*(#.*)?$/.test(text.slice(i + 1, eol))) {
        blockParent = nodeCol;
        break;
      }
      if ((c === '&' || c === '!') && scalarStart) {
        // an anchor or a tag: a value may still follow it
        while (i + 1 < eol && !isBlank(text[i + 1])) i++;
        continue;
      }
      scalarStart = false;
    }
    pos = eol + 1;
  }
  return undefined;
}
