import { Clock } from '../../../src/clock';
import { addBackup, backupSize } from '../../../mocks/virtuozzo/catalogue';
import { findEnv } from '../../../mocks/virtuozzo/model';
import { createState, usersOf } from '../../../mocks/virtuozzo/seed';

function seeded(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}
const init = (entities: any, credentials?: any, seed = 1) => ({ tenant: 't', credentials, entities, options: {} as any, seed, faker: {} as any, random: seeded(seed), clock: new Clock({ mode: 'manual' }), since: 0 });

describe('virtuozzo model', () => {
  it('seeds three environments and the demo user when a scenario gives none, the same for the same seed', () => {
    const a = createState(init(undefined));
    const b = createState(init(undefined));
    expect([...a.environments.values()].map((e) => e.name)).toEqual(['Test-VE6', 'web-01', 'db-01']);
    expect([...a.environments.keys()]).toEqual([...b.environments.keys()]);
    expect([...a.users.values()]).toEqual([{ name: 'root', password: 'vzadmin', realm: '00000000-0000-0000-0000-000000000000' }]);
    // Data only, Maps included: the state survives structuredClone, as state snapshots take it.
    const entries = (s: typeof a) => Object.entries(s).map(([k, v]) => [k, v !== null && typeof v === 'object' && Symbol.iterator in v ? [...(v as Iterable<unknown>)] : v]);
    expect(entries(structuredClone(a))).toEqual(entries(a));
  });

  it('reads one user or a list of users', () => {
    expect(usersOf({ users: [{ name: 'a', password: 'x', realm: '00000000-0000-0000-0000-000000000000' }, { name: 'b', password: 'y', realm: '00000000-0000-0000-0000-000000000000' }] }).map((u) => u.name)).toEqual(['a', 'b']);
  });

  it('stores seeded backups with <eid>/<stamp> ids and counts, bumping a clashing second', () => {
    const s = createState(init({ environments: [{ eid: '57C2CD6C-C02B-4645-BDB5-E883EA005896', name: 'x' }], backups: [{ eid: '57c2cd6c-c02b-4645-bdb5-e883ea005896', time: '2026-01-01T00:00:00Z' }] }));
    const env = findEnv(s, '57C2CD6C-c02b-4645-bdb5-e883ea005896')!;
    expect([...s.backups.keys()][0]).toBe('57c2cd6c-c02b-4645-bdb5-e883ea005896/20260101000000');
    const next = addBackup(s, env, { time: Date.parse('2026-01-01T00:00:00.500Z'), type: 1, size: 10, compression: 1 });
    expect(next.id).toBe('57c2cd6c-c02b-4645-bdb5-e883ea005896/20260101000001');
    expect(next.count).toBe(2);
  });

  it('sizes backups by compression, type and path lists', () => {
    const env = { size: 1_000_000 } as any;
    expect(backupSize(env, 0, 0)).toBe(1_000_000);
    expect(backupSize(env, 0, 2)).toBe(600_000);
    expect(backupSize(env, 1, 0)).toBe(80_000);
    expect(backupSize(env, 0, 0, ['/etc'])).toBe(200_000);
  });
});
