import { compileVendor, describeOperations } from '../../../src/operations/table';
import { defineVendor, type Vendor } from '../../../src/vendor';
import { toyOperations, toyVendor } from '../toy-vendor';

function withOperations(extra: typeof toyOperations): Vendor {
  return defineVendor({ ...toyVendor, operations: [...toyOperations, ...extra] } as unknown as Parameters<typeof defineVendor>[0]);
}

describe('compiling an operation table', () => {
  it('refuses two operations on one route with the same query constraints', () => {
    const clash = withOperations([{ ...toyOperations[0], name: 'login.again' }]);
    expect(() => compileVendor(clash).http('http')).toThrow(/POST \/login is bound to both login and login.again/);
  });

  it('refuses one mux key bound to two operations', () => {
    const twice = withOperations([{ ...toyOperations[2], name: 'job.get.again', doors: { rpc: { method: 'job.get' } } }]);
    expect(() => compileVendor(twice)).toThrow(/rpc key job.get is bound to both job.get and job.get.again/);
  });

  it('refuses an operation that names a door the vendor does not have', () => {
    const stray = withOperations([{ ...toyOperations[3], name: 'stray', doors: { nope: { method: 'GET', path: '/x' } } as never }]);
    expect(() => compileVendor(stray)).toThrow(/operation stray names an unknown door nope/);
  });

  it('lists every operation with its auth level and doors', () => {
    const info = describeOperations(toyVendor);
    expect(info.find((o) => o.name === 'job.get')).toEqual({
      name: 'job.get',
      auth: 'none',
      doors: { http: ['GET /jobs/:id'], v2: ['GET /v2/jobs/:id'], rpc: ['job.get'] },
    });
    expect(info.find((o) => o.name === 'job.count')?.doors).toEqual({ http: ['GET /jobs?view=count'] });
  });
});
