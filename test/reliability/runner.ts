/**
 * Runs corpus cases against a running server (in-process or `npm start`), through its listeners
 * and its admin API only, and checks the journal's side of each: every tagged HTTP exchange is
 * journalled once with the status the client got (at most once when the client left early),
 * and every packet the vendor answered is journalled.
 */
import { TAG_HEADER, type Case, type CaseContext, type Journalled } from './corpus/case';
import type { Problems } from './shapes';
import { urlOf, type Targets } from './targets';
import { exchange, raw, type Seen } from './wire';

export interface RunOptions {
  /** The server serves only this run: journal counts must match exactly (in-process tests). */
  exclusive?: boolean;
}

interface Sent {
  tag: string;
  seen: Seen;
  journal: Journalled;
}

interface JournalEntry {
  id: number;
  status: number;
  vendor: string;
  listener: string;
  method: string;
  headers: Record<string, unknown>;
}

async function adminJson(t: Targets, method: string, path: string, body?: unknown): Promise<{ status?: number; value: any }> {
  const res = await exchange(t.admin, {
    method,
    path,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    timeoutMs: 30_000,
  });
  let value: unknown;
  try {
    value = JSON.parse(res.text);
  } catch {
    value = undefined;
  }
  return { status: res.status, value };
}

/** The newest journal id (0 when empty), or undefined when the journal is off. */
export async function journalHead(t: Targets): Promise<number | undefined> {
  const r = await adminJson(t, 'GET', '/journal?limit=1&brief=true');
  if (r.status !== 200) return undefined;
  return (r.value?.requests?.[0]?.id as number | undefined) ?? 0;
}

let runs = 0;

/** Run one case; returns its problems and the journal's, or why it was skipped. */
export async function runCase(t: Targets, c: Case, opts: RunOptions = {}): Promise<{ problems: Problems; skipped?: string }> {
  const missing = c.needs.filter((n) => {
    const [v, l] = n.split('.');
    return urlOf(t, v, l) === undefined;
  });
  if (missing.length) return { problems: [], skipped: `not served: ${missing.join(', ')}` };
  const id = `${process.pid}-${++runs}`;
  const sent: Sent[] = [];
  const packets: Array<{ listener: string; min: number; max: number }> = [];
  let n = 0;
  const before = await journalHead(t);
  const ctx: CaseContext = {
    t,
    send: async (base, call, journal = 'one') => {
      const tag = `${id}.${++n}`;
      const seen = await exchange(base, { ...call, headers: { ...call.headers, [TAG_HEADER]: tag } });
      sent.push({ tag, seen, journal: seen.status === undefined && journal === 'one' ? 'atMostOne' : journal });
      return seen;
    },
    raw: async (url, build, journal = 'one') => {
      const tag = `${id}.${++n}`;
      const seen = await raw(url, build(`${TAG_HEADER}: ${tag}`));
      sent.push({ tag, seen, journal: seen.status === undefined && journal === 'one' ? 'atMostOne' : journal });
      return seen;
    },
    packets: (listener, min, max = min) => void packets.push({ listener, min, max }),
    url: (vendor, listener) => {
      const u = urlOf(t, vendor, listener);
      if (!u) throw new Error(`${vendor} ${listener} is not served`);
      return u;
    },
  };
  let problems: Problems;
  try {
    problems = await c.run(ctx);
  } catch (e) {
    problems = [`the case failed to run: ${(e as Error).stack ?? String(e)}`];
  }
  if (before !== undefined) problems.push(...(await journalProblems(t, id, before, sent, packets, opts)));
  return { problems };
}

async function journalProblems(t: Targets, id: string, before: number, sent: Sent[], packets: Array<{ listener: string; min: number; max: number }>, opts: RunOptions): Promise<Problems> {
  const problems: Problems = [];
  if (sent.length > 0) {
    const found = await adminJson(t, 'POST', '/journal/find', { since: before + 1, headers: { [TAG_HEADER]: `re:^${id.replace(/[.-]/g, '\\$&')}\\.` } });
    const entries = (found.value?.requests ?? []) as JournalEntry[];
    for (const s of sent) {
      const mine = entries.filter((e) => e.headers[TAG_HEADER] === s.tag);
      const want = s.journal === 'one' ? [1, 1] : s.journal === 'atMostOne' ? [0, 1] : [0, 0];
      if (mine.length < want[0] || mine.length > want[1]) problems.push(`journal: ${mine.length} entries for exchange ${s.tag} (wanted ${want[0] === want[1] ? want[0] : `${want[0]}-${want[1]}`})`);
      else if (mine.length === 1 && mine[0].status === 0 && s.journal === 'one') problems.push(`journal: exchange ${s.tag} journalled as never answered (0), the client got ${s.seen.status}`);
      else if (mine.length === 1 && mine[0].status !== 0 && s.seen.status !== undefined && mine[0].status !== s.seen.status && !s.seen.ended) {
        problems.push(`journal: exchange ${s.tag} journalled with status ${mine[0].status}, the client got ${s.seen.status}`);
      }
    }
  }
  for (const p of packets) {
    // A packet is journalled once its reply is written: allow the write to complete (bounded).
    const count = async () => {
      const r = await adminJson(t, 'POST', '/journal/count', { since: before + 1, vendor: 'virtuozzo', method: 'PACKET', listener: p.listener });
      return (r.value?.count as number | undefined) ?? -1;
    };
    let got = await count();
    for (let i = 0; i < 50 && got < p.min; i++) {
      await new Promise((r) => setTimeout(r, 20));
      got = await count();
    }
    if (got < p.min || (opts.exclusive && got > p.max)) problems.push(`journal: ${got} packets journalled on ${p.listener}, wanted ${p.min === p.max ? p.min : `${p.min}-${p.max}`}`);
  }
  return problems;
}
