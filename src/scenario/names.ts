/**
 * Names a scenario uses must exist: a rule's vendor, operation and `respond.error`, a job rule's
 * vendor and job operation. A typo would otherwise load fine and never fire (`operation:
 * backup.create` for DDS, whose operation is `CreateManualBackup`). Exact names are checked with
 * a "did you mean"; a `re:` pattern must match at least one name.
 */
import type { z } from 'zod';
import type { Vendor } from '../vendor';
import { ENGINE_ERRORS } from '../errors';
import { stringMatcher } from '../match';

export interface VendorNames {
  operations: readonly string[];
  jobOperations: readonly string[];
  errors: readonly string[];
}

/** The names of every vendor that declares them (vendors on the old route contract are not checked). */
export type NameCatalog = ReadonlyMap<string, VendorNames>;

export function nameCatalog(modules: readonly Vendor[]): NameCatalog {
  const out = new Map<string, VendorNames>();
  for (const m of modules) {
    out.set(m.name, {
      operations: [...new Set(m.operations.map((o) => o.name))],
      jobOperations: Object.keys(m.defaultTimelines ?? {}).filter((k) => k !== '*'),
      errors: [...new Set([...m.errors.names, ...ENGINE_ERRORS])],
    });
  }
  return out;
}

/** Lower-case words of a name: `CreateManualBackup` and `backup.create` share `create` and `backup`. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The known names closest to a wrong one: most shared words first, then fewest edits. */
export function closest(wrong: string, known: readonly string[], max = 3): string[] {
  const want = new Set(words(wrong));
  const scored = known.map((name) => {
    const shared = words(name).filter((w) => want.has(w)).length;
    return { name, shared, edits: distance(wrong.toLowerCase(), name.toLowerCase()) };
  });
  const near = scored.filter((s) => s.shared > 0 || s.edits <= Math.max(2, Math.floor(wrong.length / 3)));
  return near
    .sort((a, b) => b.shared - a.shared || a.edits - b.edits)
    .slice(0, max)
    .map((s) => s.name);
}

function hint(wrong: string, known: readonly string[]): string {
  const near = closest(wrong, known);
  return near.length ? ` (did you mean ${near.join(', ')}?)` : '';
}

/** Where a problem is reported: the path of the offending field, and what is wrong. */
export type ReportName = (path: Array<string | number>, message: string) => void;

/** A zod refinement's reporter: each problem an issue at its path (so it gets file:line:col). */
export function zodReporter(ctx: z.core.$RefinementCtx): ReportName {
  return (path, message) => ctx.addIssue({ code: 'custom', path, message });
}

interface NamedInput {
  rules?: Array<{ match?: { vendor?: string; operation?: string }; respond?: { error?: string } }>;
  jobs?: Array<{ match?: { vendor?: string; operation?: string } }>;
}

/** Check one name (exact or `re:`) against a list; returns the problem, if any. */
function problem(kind: string, value: string, known: readonly string[], where: string): string | undefined {
  if (known.length === 0) return undefined;
  if (value.startsWith('re:')) {
    let test: (v: string) => boolean;
    try {
      const m = stringMatcher(value);
      test = (v) => m(v);
    } catch {
      return undefined; // the pattern's own check reports it
    }
    return known.some(test) ? undefined : `${kind} pattern ${value} matches no ${kind} of ${where}`;
  }
  return known.includes(value) ? undefined : `unknown ${kind} ${value} of ${where}${hint(value, known)}`;
}

/** The vendors a match names (exact, `re:`, or every one when absent), and a problem with the name itself. */
function vendorsOf(vendor: string | undefined, catalog: NameCatalog, all: readonly string[]): { names: string[]; problem?: string } {
  // Any vendor: only checkable when every vendor's names are known.
  if (vendor === undefined) return { names: catalog.size === all.length ? [...catalog.keys()] : [] };
  const p = problem('vendor', vendor, all, 'this harness');
  if (p) return { names: [], problem: p };
  const m = stringMatcher(vendor);
  return { names: [...catalog.keys()].filter((v) => m(v)) };
}

/**
 * Report every unknown name at its path (a scenario's, or a rule added through the admin API).
 * `vendors` is every vendor the harness has; the catalog holds those whose names are known.
 */
export function checkScenarioNames(value: NamedInput, catalog: NameCatalog, vendors: readonly string[], report: ReportName): void {
  const union = (names: string[], pick: (n: VendorNames) => readonly string[]) => [...new Set(names.flatMap((v) => pick(catalog.get(v)!)))];
  const where = (names: string[], explicit: boolean) => (explicit && names.length === 1 ? names[0] : 'any vendor');
  (value.rules ?? []).forEach((rule, i) => {
    const v = vendorsOf(rule.match?.vendor, catalog, vendors);
    if (v.problem) report(['rules', i, 'match', 'vendor'], v.problem);
    if (v.names.length === 0) return;
    const explicit = rule.match?.vendor !== undefined;
    const op = rule.match?.operation;
    const opProblem = op === undefined ? undefined : problem('operation', op, union(v.names, (n) => n.operations), where(v.names, explicit));
    if (opProblem) report(['rules', i, 'match', 'operation'], opProblem);
    const err = rule.respond?.error;
    const errProblem = err === undefined || err.startsWith('re:') ? undefined : problem('error', err, union(v.names, (n) => n.errors), where(v.names, explicit));
    if (errProblem) report(['rules', i, 'respond', 'error'], errProblem);
  });
  (value.jobs ?? []).forEach((job, i) => {
    const v = vendorsOf(job.match?.vendor, catalog, vendors);
    if (v.problem) report(['jobs', i, 'match', 'vendor'], v.problem);
    const op = job.match?.operation;
    if (v.names.length === 0 || op === undefined) return;
    const p = problem('job operation', op, union(v.names, (n) => n.jobOperations), where(v.names, job.match?.vendor !== undefined));
    if (p) report(['jobs', i, 'match', 'operation'], p);
  });
}
