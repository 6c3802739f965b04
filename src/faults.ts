import { z } from 'zod';
import { durationSchema } from './jobs/timeline';
import { parseDuration } from './duration';
import { isValidPattern, stringMatcher } from './match';

/**
 * Scenario rules: serialisable match + action data (mockttp's rule steps), applied around
 * vendor handlers by the engine. Fault kinds follow WireMock's names. `times` limits how often
 * a rule fires, so 500 -> 503 -> 200 is three rules (or two and the normal answer).
 */
export const delaySchema = z.union([
  durationSchema,
  z.object({ fixed: durationSchema }).strict(),
  z.object({ uniform: z.tuple([durationSchema, durationSchema]) }).strict(),
  z.object({ lognormal: z.object({ median: durationSchema, sigma: z.number().positive() }).strict() }).strict(),
]);
export type DelaySpec = z.infer<typeof delaySchema>;

export const FAULT_KINDS = [
  'connection_reset', // HTTP: destroy the socket before answering (WireMock CONNECTION_RESET_BY_PEER)
  'empty_response', // HTTP: close without a byte (EMPTY_RESPONSE)
  'malformed_chunk', // HTTP: valid status line, then garbage chunked framing (MALFORMED_RESPONSE_CHUNK)
  'random_data_then_close', // garbage bytes then close (RANDOM_DATA_THEN_CLOSE)
  'drop', // TCP: close the connection (mid-stream for packet protocols)
  'garbage_packet', // TCP: send a packet that is not XML, then carry on
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const stringMatch = z.string().refine(isValidPattern, 'an invalid re: regular expression').describe('exact value, or re:<regular expression>');

export const ruleMatchSchema = z
  .object({
    vendor: z.string().optional(),
    tenant: stringMatch.optional(),
    listener: z.string().optional(),
    method: z.string().optional(),
    path: stringMatch.optional(),
    operation: stringMatch.optional(),
    headers: z.record(z.string(), stringMatch).optional(),
    body: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .describe('dotted path into the parsed body -> expected value (strings may be re:<regex>)'),
    bodyContains: z.string().optional(),
  })
  .strict();
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

export const ruleActionSchema = z
  .object({
    delay: delaySchema.optional().describe('wait (virtual time) before answering'),
    respond: z
      .object({
        status: z.number().int().min(100).max(599).optional(),
        error: z.string().optional().describe("a vendor error name, rendered in the vendor's own format"),
        message: z.string().optional(),
        body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
        headers: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    fault: z.enum(FAULT_KINDS).optional(),
    dribble: z
      .object({ chunkBytes: z.number().int().positive().default(16), every: durationSchema.default('100ms') })
      .strict()
      .optional()
      .describe('send the real answer slowly, chunk by chunk'),
    invalidateAuth: z.boolean().optional().describe("forget the caller's session/token, then answer normally"),
    packetDelay: durationSchema.optional().describe('packet protocols: delay between packets'),
    dropAfterPackets: z.number().int().min(0).optional().describe('packet protocols: drop after N packets'),
  })
  .strict();
export type RuleAction = z.infer<typeof ruleActionSchema>;

export const ruleSchema = z
  .object({
    name: z.string().optional(),
    match: ruleMatchSchema.default({}),
    skip: z.number().int().min(0).default(0).describe('let the first N matching requests through'),
    times: z.number().int().positive().optional().describe('fire at most N times (default: always)'),
  })
  .extend(ruleActionSchema.shape)
  .strict();
export type RuleInput = z.input<typeof ruleSchema>;
export type RuleSpec = z.infer<typeof ruleSchema>;

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

/** The live rule list. Matching counts hits, so `skip` and `times` give call sequences. */
export class Rules {
  private rules: RuleState[] = [];
  private seq = 0;

  constructor(public random: () => number = Math.random) {}

  load(specs: RuleSpec[]): void {
    this.rules = specs.map((spec) => ({ id: ++this.seq, spec, seen: 0, fired: 0 }));
  }

  add(spec: RuleSpec): RuleState {
    const state = { id: ++this.seq, spec, seen: 0, fired: 0 };
    this.rules.push(state);
    return state;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
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
      return { rule, label: spec.name ?? `rule#${rule.id}`, action };
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
