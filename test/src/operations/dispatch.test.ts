import request from 'supertest';
import { startHarness } from '../../../src/harness';
import { toyScenario, toyVendor } from '../toy-vendor';

describe('the operation context', () => {
  it("builds the tenant's state when an operation first reads it, not for one that never does", async () => {
    let built = 0;
    const counting = { ...toyVendor, createState: (init: Parameters<typeof toyVendor.createState>[0]) => (built++, toyVendor.createState(init)) };
    const h = await startHarness({ modules: [counting], scenario: toyScenario, clock: 'manual', admin: false });
    try {
      await request(h.url('toy')).get('/boom/header').expect(500);
      expect(built).toBe(0);
      await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).expect(201);
      expect(built).toBe(1);
      await request(h.url('toy')).post('/login').send({ username: 'alice', password: 'a-pass' }).expect(201);
      expect(built).toBe(1);
    } finally {
      await h.stop();
    }
  });
});
