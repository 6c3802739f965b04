import request from 'supertest';
import { connectHarness, type RemoteHarness } from '../../../src/client';
import { startHarness, type Harness } from '../../../src/harness';
import { matchers } from '../../../src/jest/matchers';
import { toyScenario, toyVendor } from '../toy-vendor';

describe('toHaveReceived, in process and through the remote client', () => {
  let h: Harness;
  let w1: RemoteHarness;
  beforeAll(async () => {
    h = await startHarness({ modules: [toyVendor], scenario: toyScenario, clock: 'manual' });
    w1 = await connectHarness(h.urls.admin, { tenant: 'w1' });
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    h.reset();
    for (const tenant of ['w1', 'w2']) {
      await request(h.url('toy')).post('/login').set('x-mock-tenant', tenant).send({ username: 'alice', password: 'a-pass' }).expect(201);
    }
  });

  it('a remote harness is awaited, and counts its own tenant only', async () => {
    await expect(w1).toHaveReceived({ operation: 'login' }, 1);
    await expect(w1).not.toHaveReceived({ operation: 'job.create' });
    expect(h).toHaveReceived({ operation: 'login' }, 2);
    await expect(expect(w1).toHaveReceived({ operation: 'login' }, 2)).rejects.toThrow(/expected harness to have received exactly 2 request\(s\) matching operation=login, found 1/);
  });

  it('fails with the same words for either harness', async () => {
    h.reset('w2');
    const local = matchers.toHaveReceived.call({ isNot: false }, h, { operation: 'job.create' });
    const remote = await matchers.toHaveReceived.call({ isNot: false }, w1, { operation: 'job.create' });
    expect('then' in local).toBe(false);
    expect((local as { pass: boolean }).pass).toBe(false);
    expect(remote.pass).toBe(false);
    expect(remote.message()).toBe((local as { message: () => string }).message());
    expect(remote.message()).toMatch(/found 0\nrecent: toy login 201/);
  });

  it('says what it needs when given no harness (the global setup harness is not in a worker)', () => {
    const g = globalThis as { __BACKUP_MOCKS__?: Harness };
    const r = matchers.toHaveReceived.call({}, g.__BACKUP_MOCKS__ as unknown as Harness, { operation: 'login' });
    expect(r).toMatchObject({ pass: false });
    expect((r as { message: () => string }).message()).toMatch(/connectHarness\(\)'s in a Jest worker.*got undefined/);
  });
});
