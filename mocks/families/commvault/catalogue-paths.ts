/**
 * Paths as a subclient's client writes them. Windows paths are `C:\Data\a.txt` (case-insensitive,
 * the drive is the first segment); Unix paths are `/etc/hosts`. cvpysdk sends either separator
 * and leading slashes (instance.py `_filter_paths`; the browse default path is `\`), so every
 * path is split on both and compared segment by segment.
 */
export type PathStyle = 'windows' | 'linux';

export function segmentsOf(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
}

export function joinPath(segments: readonly string[], style: PathStyle): string {
  return style === 'windows' ? segments.join('\\') || '\\' : `/${segments.join('/')}`;
}

/** The segments' identity: Windows paths compare without case. */
export function keyOf(segments: readonly string[], style: PathStyle): string {
  const text = segments.join('\0');
  return style === 'windows' ? text.toLowerCase() : text;
}

/** `prefix` is `path` itself or one of its folders. */
export function isUnder(path: readonly string[], prefix: readonly string[], style: PathStyle): boolean {
  if (prefix.length > path.length) return false;
  return keyOf(path.slice(0, prefix.length), style) === keyOf(prefix, style);
}

/** A file name pattern as find() sends it (`*.txt`, `report?.doc`): `*` any run, `?` one character. */
export function namePattern(glob: string, style: PathStyle): RegExp {
  const body = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, style === 'windows' ? 'i' : '');
}
