import { startTestHarness, type Harness } from '../../helpers';
import { VirtuozzoClient, type Progress } from '../../../src/clients/virtuozzo';
import type { VirtuozzoState } from '../../../mocks/virtuozzo/model';

export const CT1 = '57c2cd6c-c02b-4645-bdb5-e883ea005896';
export const CT2 = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
export const MISSING = '00000000-1111-4222-8333-444444444444';
export const SEEDED_BACKUP = `${CT1}/20251231220000`;

/** A small Virtuozzo scenario: root / vzadmin, two containers, one stored backup, no greeting. */
export function scenario(vendorOptions: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    seed: 7,
    vendors: { virtuozzo: { greeting: 'off', writeGap: 0, ...vendorOptions } },
    tenants: [{ id: 'default', credentials: { virtuozzo: { name: 'root', password: 'vzadmin' } } }],
    entities: {
      virtuozzo: {
        nodes: [{ eid: '89e27960-97b8-461f-902f-557b4b16784b', title: 'dhcp0-40.sw.ru' }],
        environments: [
          { eid: CT1, name: 'Test-VE6', hostname: 'Host-106', ip: '10.130.1.6', size: 21182125 },
          { eid: CT2, name: 'web-01', hostname: 'web-01.example.test', ip: '10.130.1.7', size: 1000000 },
        ],
        backups: [{ eid: CT1, time: '2025-12-31T22:00:00Z', type: 0, size: 12709275, description: 'Nightly full' }],
      },
    },
    ...extra,
  };
}

export function startVz(vendorOptions: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<Harness> {
  return startTestHarness({ vendors: ['virtuozzo'], scenario: scenario(vendorOptions, extra) });
}

export const NODE = '89e27960-97b8-461f-902f-557b4b16784b';
export const NODE2 = '11e27960-97b8-461f-902f-557b4b16784c';
/** A container deleted since: only its backups remain. */
export const GONE = '3c9f0b7e-1d2a-4e8b-9f60-7a5b4c3d2e1f';

/** The small scenario with more Virtuozzo entities (config, retention, tasks, environments...) laid over its own. */
export function startVzWith(entities: Record<string, unknown>, extra: Record<string, unknown> = {}, vendorOptions: Record<string, unknown> = {}): Promise<Harness> {
  const base = scenario(vendorOptions) as { entities: { virtuozzo: Record<string, unknown> } };
  return startTestHarness({ vendors: ['virtuozzo'], scenario: { ...base, entities: { virtuozzo: { ...base.entities.virtuozzo, ...entities } }, ...extra } });
}

/**
 * Run `body` against a harness of `startVzWith(entities, extra)` and a logged-in client, then
 * close both. `advanceFirst` moves the clock before anything uses the tenant's state.
 */
export async function withVz(
  entities: Record<string, unknown>,
  body: (h: Harness, vz: VirtuozzoClient) => Promise<void>,
  opts: { extra?: Record<string, unknown>; advanceFirst?: string } = {},
): Promise<void> {
  const h = await startVzWith(entities, opts.extra);
  if (opts.advanceFirst) h.clock.advance(opts.advanceFirst);
  const vz = await loggedIn(h);
  try {
    await body(h, vz);
  } finally {
    vz.close();
    await h.stop();
  }
}

/** The tenant's Virtuozzo state, to check what the wire does not show. */
export function vzState(h: Harness): VirtuozzoState {
  return h.engine.tenancy.handle<VirtuozzoState>('virtuozzo', 'default').state;
}

/** Backup ids of an environment as `backupm list` gives them, oldest first. */
export async function backupIds(vz: VirtuozzoClient, eid?: string): Promise<string[]> {
  const r = await vz.call('backupm', eid ? `<list><options><eid>${eid}</eid></options></list>` : '<list/>');
  return r.findAll('backup').map((b: { id: string }) => String(b.id));
}

/** Environments in this env_statusType state (envm get_list with a status filter). */
export async function envsIn(vz: VirtuozzoClient, state: number): Promise<string[]> {
  return (await vz.call('envm', `<get_list><status><state>${state}</state></status></get_list>`)).findAll('eid').map(String);
}

export async function loggedIn(h: Harness, listener = 'tcp'): Promise<VirtuozzoClient> {
  const vz = await VirtuozzoClient.connect(h.url('virtuozzo', listener), { timeoutMs: 10_000 });
  await vz.login('root', 'vzadmin');
  return vz;
}

/** Progress collector whose `first` resolves at the first progress packet (the job has started). */
export function progressWatch(): { seen: Progress[]; first: Promise<void>; onProgress: (p: Progress) => void; until(n: number): Promise<void> } {
  const seen: Progress[] = [];
  const waiters: Array<[number, () => void]> = [];
  let resolveFirst!: () => void;
  const first = new Promise<void>((r) => (resolveFirst = r));
  return {
    seen,
    first,
    until: (n) => new Promise<void>((r) => (seen.length >= n ? r() : waiters.push([n, r]))),
    onProgress: (p) => {
      seen.push(p);
      resolveFirst();
      for (const [n, r] of waiters) if (seen.length >= n) r();
    },
  };
}

/** Resolves when the next Virtuozzo job starts (the server has taken the request): no sleeps. */
export function jobStarted(h: Harness, count = 1): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const on = (change: { job: { vendor: string }; cause: string }) => {
      if (change.cause !== 'start' || change.job.vendor !== 'virtuozzo') return;
      if (++seen >= count) {
        h.engine.jobs.events.off('change', on);
        resolve();
      }
    };
    h.engine.jobs.events.on('change', on);
  });
}

/** Raw packets read from a socket, for framing tests. */
export function collectPackets(socket: import('node:net').Socket): { packets: string[]; next(n: number): Promise<string[]> } {
  const packets: string[] = [];
  let buf = Buffer.alloc(0);
  const waiters: Array<[number, (p: string[]) => void]> = [];
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    let i: number;
    while ((i = buf.indexOf(0)) >= 0) {
      packets.push(buf.subarray(0, i).toString('utf8'));
      buf = buf.subarray(i + 1);
    }
    for (const w of [...waiters]) if (packets.length >= w[0]) (waiters.splice(waiters.indexOf(w), 1), w[1](packets.slice()));
  });
  return { packets, next: (n) => new Promise((r) => (packets.length >= n ? r(packets.slice()) : waiters.push([n, r]))) };
}
