import { validateHeaderName, validateHeaderValue } from 'node:http';
import { parseDuration } from './duration';
import { stringMatcher } from './match';
import type { DelaySpec, RuleAction, RuleSpec } from './faults-schema';

/**
 * Scenario rules: serialisable match + action data (mockttp's rule steps), applied around
 * vendor handlers by the engine. Fault kinds follow WireMock's names. `times` limits how often
 * a rule fires, so 500 -> 503 -> 200 is three rules (or two and the normal answer).
 */
export const FAULT_KINDS = [
  'connection_reset', // HTTP: destroy the socket before answering (WireMock CONNECTION_RESET_BY_PEER)
  'empty_response', // HTTP: close without a byte (EMPTY_RESPONSE)
  'malformed_chunk', // HTTP: valid status line, then garbage chunked framing (MALFORMED_RESPONSE_CHUNK)
  'random_data_then_close', // garbage bytes then close (RANDOM_DATA_THEN_CLOSE)
  'drop', // TCP: close the connection (mid-stream for packet protocols)
  'garbage_packet', // TCP: send a packet that is not XML, then carry on
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type { DelaySpec, RuleAction, RuleInput, RuleMatch, RuleSpec } from './faults-schema';

export interface RuleQuery {
  vendor: string;
  listener: string;
  tenant: string;
  method?: string;
  path?: string;
  operation?: string;
  headers?: Record<string, string | string[] | undefined>;
  /** Lazily parsed body for `match.body`. */
  body?: () => unknown;
  rawBody?: () => string;
}

export interface RuleState {
  id: number;
  spec: RuleSpec;
  seen: number;
  fired: number;
}

export interface RuleHit {
  rule: RuleState;
  label: string;
  action: RuleAction;
}

function getPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function matches(spec: RuleSpec, q: RuleQuery): boolean {
  const m = spec.match;
  if (m.vendor !== undefined && m.vendor !== q.vendor) return false;
  if (m.listener !== undefined && m.listener !== q.listener) return false;
  if (m.tenant !== undefined && !stringMatcher(m.tenant)(q.tenant)) return false;
  if (m.method !== undefined && m.method.toUpperCase() !== q.method) return false;
  if (m.path !== undefined && !stringMatcher(m.path)(q.path)) return false;
  if (m.operation !== undefined && !stringMatcher(m.operation)(q.operation)) return false;
  if (m.headers) {
    for (const [name, want] of Object.entries(m.headers)) {
      const v = q.headers?.[name.toLowerCase()];
      if (!stringMatcher(want)(Array.isArray(v) ? v.join(', ') : v)) return false;
    }
  }
  if (m.bodyContains !== undefined && !(q.rawBody?.() ?? '').includes(m.bodyContains)) return false;
  if (m.body) {
    let body: unknown;
    try {
      body = q.body?.();
    } catch {
      return false;
    }
    for (const [path, want] of Object.entries(m.body)) {
      const got = getPath(body, path);
      if (typeof want === 'string') {
        if (!stringMatcher(want)(got === undefined || got === null ? undefined : String(got))) return false;
      } else if (got !== want) return false;
    }
  }
  return true;
}

/**
 * Header names and values a rule answers with are checked as Node checks them when it sends
 * (node:http validateHeaderName / validateHeaderValue: a token name; no CR, LF, NUL or character
 * above U+00FF in the value), so a rule Node would refuse at send is refused at load instead.
 * Framing headers are the engine's to set from the body; `fault: malformed_chunk` breaks framing
 * on purpose.
 */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding']);
const MAX_HEADER_LENGTH = 8 * 1024;

export function responseHeaderIssue(name: string, value: string): string | undefined {
  try {
    validateHeaderName(name);
  } catch {
    return `header name ${JSON.stringify(name)} is not an HTTP token (letters, digits and !#$%&'*+-.^_\`|~, no spaces)`;
  }
  if (FRAMING_HEADERS.has(name.toLowerCase())) return `header ${name} is set by the engine from the body (use fault: malformed_chunk to break framing)`;
  try {
    validateHeaderValue(name, value);
  } catch {
    return `header ${name}: the value ${JSON.stringify(value)} has a character Node cannot send (CR, LF, NUL, another control character, or one above U+00FF)`;
  }
  if (value.length > MAX_HEADER_LENGTH) return `header ${name}: the value is longer than ${MAX_HEADER_LENGTH} characters`;
  return undefined;
}

/**
 * Check a rule the schema may not have seen (the library's Rules.add): its `re:` patterns are
 * compiled now and its answer headers checked, so a bad rule is refused when it is added, not
 * when a request meets it.
 */
function checkRule(spec: RuleSpec): void {
  const m = spec.match;
  for (const p of [m.tenant, m.path, m.operation, ...Object.values(m.headers ?? {})]) if (p !== undefined) stringMatcher(p);
  for (const want of Object.values(m.body ?? {})) if (typeof want === 'string') stringMatcher(want);
  for (const [name, value] of Object.entries(spec.respond?.headers ?? {})) {
    const issue = responseHeaderIssue(name, value);
    if (issue) throw new RuleError(issue);
  }
}

/** A rule that cannot be applied (a bad answer header). */
export class RuleError extends Error {
  override name = 'RuleError';
}

/** What happened to the live rules (the event bus shows hits, additions and removals). */
export type RuleChange = { action: 'hit'; hit: RuleHit; query: RuleQuery } | { action: 'added'; rule: RuleState } | { action: 'removed'; id: number };

/** A rule's name, or `rule#<id>`: what the journal's `rule` field says. */
export function ruleLabel(rule: RuleState): string {
  return rule.spec.name ?? `rule#${rule.id}`;
}

/** The live rule list. Matching counts hits, so `skip` and `times` give call sequences. */
export class Rules {
  private rules: RuleState[] = [];
  private seq = 0;
  onChange: (change: RuleChange) => void = () => undefined;

  constructor(public random: () => number = Math.random) {}

  load(specs: RuleSpec[]): void {
    specs.forEach(checkRule);
    this.rules = specs.map((spec) => ({ id: ++this.seq, spec, seen: 0, fired: 0 }));
  }

  add(spec: RuleSpec): RuleState {
    checkRule(spec);
    const state = { id: ++this.seq, spec, seen: 0, fired: 0 };
    this.rules.push(state);
    this.onChange({ action: 'added', rule: state });
    return state;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    const removed = this.rules.length !== before;
    if (removed) this.onChange({ action: 'removed', id });
    return removed;
  }

  list(): RuleState[] {
    return this.rules;
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** First live rule matching the query; counts it. */
  match(q: RuleQuery): RuleHit | undefined {
    for (const rule of this.rules) {
      const { spec } = rule;
      if (spec.times !== undefined && rule.fired >= spec.times) continue;
      if (!matches(spec, q)) continue;
      rule.seen++;
      if (rule.seen <= spec.skip) continue;
      rule.fired++;
      const { name: _n, match: _m, skip: _s, times: _t, ...action } = spec;
      const hit = { rule, label: ruleLabel(rule), action };
      this.onChange({ action: 'hit', hit, query: q });
      return hit;
    }
    return undefined;
  }

  /** Sample a delay in ms (uniform and lognormal draw from the seeded generator). */
  delayMs(spec: DelaySpec | undefined): number {
    if (spec === undefined) return 0;
    if (typeof spec === 'string' || typeof spec === 'number') return parseDuration(spec);
    if ('fixed' in spec) return parseDuration(spec.fixed);
    if ('uniform' in spec) {
      const [a, b] = spec.uniform.map(parseDuration);
      return Math.round(a + (b - a) * this.random());
    }
    const median = parseDuration(spec.lognormal.median);
    // Box-Muller: a standard normal from two uniforms.
    const u = 1 - this.random();
    const v = this.random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.round(median * Math.exp(spec.lognormal.sigma * z));
  }
}
