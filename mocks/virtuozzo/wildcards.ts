/**
 * Wildcard patterns from client input: pager2's SQL LIKE (`%`, `_`, an escape character) and
 * backupm search's hostname and ip (VZLBackupm.xsd search_optionsType: "wildcards supported",
 * `*` and `?`). Matched case-insensitively by the two-pointer wildcard walk, not a regular
 * expression: a pattern of many wildcards cannot make it backtrack for long.
 */

type Token = { any: true } | { one: true } | { ch: string };

interface Syntax {
  any: string;
  one: string;
  escape?: string;
}

function tokenize(pattern: string, syntax: Syntax): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (syntax.escape && ch === syntax.escape && i + 1 < pattern.length) tokens.push({ ch: pattern[++i].toLowerCase() });
    else if (ch === syntax.any) {
      if (!tokens.length || !('any' in tokens[tokens.length - 1])) tokens.push({ any: true });
    } else if (ch === syntax.one) tokens.push({ one: true });
    else tokens.push({ ch: ch.toLowerCase() });
  }
  return tokens;
}

function walk(value: string, tokens: Token[]): boolean {
  const v = value.toLowerCase();
  let i = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (i < v.length) {
    const tok = tokens[t];
    if (tok && ('one' in tok || ('ch' in tok && tok.ch === v[i]))) {
      i++;
      t++;
    } else if (tok && 'any' in tok) {
      star = t++;
      resume = i;
    } else if (star >= 0) {
      t = star + 1;
      i = ++resume;
    } else return false;
  }
  while (t < tokens.length && 'any' in tokens[t]) t++;
  return t === tokens.length;
}

/**
 * SQL LIKE: `%` any run, `_` one character, the escape character makes the next one literal;
 * case-insensitive as in the common SQL defaults (the connector matches `upper(env_title)`
 * against a name it does not upper-case).
 */
export function like(value: string, pattern: string, escape: string): boolean {
  return walk(value, tokenize(pattern, { any: '%', one: '_', escape }));
}

/** Shell-style `*` and `?`, case-insensitive (host names). */
export function glob(value: string, pattern: string): boolean {
  return walk(value, tokenize(pattern, { any: '*', one: '?' }));
}
