/**
 * How scenario rules, job rules and journal queries match strings: exact by default,
 * a regular expression when written `re:<pattern>` (e.g. `re:^/api/appliance/.*`).
 */
export function stringMatcher(pattern: string): (value: string | undefined) => boolean {
  if (pattern.startsWith('re:')) {
    const re = new RegExp(pattern.slice(3));
    return (v) => v !== undefined && re.test(v);
  }
  return (v) => v === pattern;
}

export function isValidPattern(pattern: string): boolean {
  if (!pattern.startsWith('re:')) return true;
  try {
    new RegExp(pattern.slice(3));
    return true;
  } catch {
    return false;
  }
}
