import type { RE2JS } from 're2js';

/**
 * How scenario rules, job rules and journal queries match strings: exact by default, a regular
 * expression when written `re:<pattern>` (e.g. `re:^/api/appliance/.*`).
 *
 * Patterns run on RE2 (the re2js port), which matches in time linear in the input whatever the
 * pattern: a nested quantifier such as `(a+)+$` cannot freeze the server as it does on V8's
 * backtracking engine. The price is RE2's syntax: no lookaround and no backreferences
 * (https://github.com/google/re2/wiki/Syntax); such a pattern is refused when it is loaded.
 */
export type StringMatcher = (value: string | undefined) => boolean;

/** A `re:` pattern RE2 cannot compile, with RE2's reason. */
export class PatternError extends Error {
  override name = 'PatternError';
}

/** Longer patterns are refused: RE2 compiles in time and memory linear in the pattern, but a scenario never needs this much. */
export const MAX_PATTERN_LENGTH = 4096;

let loaded: typeof RE2JS | undefined;
function engine(): typeof RE2JS {
  // Loaded with the first `re:` pattern: most runs match exact strings only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= (require('re2js') as typeof import('re2js')).RE2JS);
}

/**
 * Compiled matchers by pattern. Rules and job rules are matched on every request, so a pattern is
 * compiled once; the cache is bounded because journal queries bring patterns from clients.
 */
const cache = new Map<string, StringMatcher>();
const CACHE_SIZE = 1000;

/** RE2 compiled, or PatternError with RE2's reason (re2js prefixes it with "error parsing regexp: "). */
function compileRe2(source: string, flags: number, label: string): RE2JS {
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  try {
    return engine().compile(source, flags);
  } catch (e) {
    const reason = (e as Error).message.replace(/^error parsing regexp:\s*/, '');
    throw new PatternError(`invalid ${label} ${JSON.stringify(source)}: ${reason} (RE2 syntax: no lookaround or backreferences)`);
  }
}

function compile(pattern: string): StringMatcher {
  if (!pattern.startsWith('re:')) return (v) => v === pattern;
  const re = compileRe2(pattern.slice(3), 0, 're: pattern');
  return (v) => v !== undefined && re.test(v);
}

/**
 * A regular expression from client input (SQL LIKE, filters) compiled for RE2: a test in time
 * linear in the input, whatever the pattern. Throws PatternError for a pattern RE2 refuses.
 */
export function linearMatcher(source: string, flags: { ignoreCase?: boolean; dotAll?: boolean } = {}): (value: string) => boolean {
  const RE2 = engine();
  const re = compileRe2(source, (flags.ignoreCase ? RE2.CASE_INSENSITIVE : 0) | (flags.dotAll ? RE2.DOTALL : 0), 'pattern');
  return (v) => re.test(v);
}

/** The matcher for an exact string or a `re:` pattern; throws PatternError for a pattern RE2 refuses. */
export function stringMatcher(pattern: string): StringMatcher {
  let m = cache.get(pattern);
  if (!m) {
    m = compile(pattern);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(pattern, m);
  }
  return m;
}

/** Why a pattern cannot be used, or undefined when it can (the scenario schema reports it). */
export function patternError(pattern: string): string | undefined {
  try {
    stringMatcher(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
