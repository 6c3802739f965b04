import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import commvault from '../../../../mocks/commvault';
import metallic from '../../../../mocks/metallic';
import { compileVendor } from '../../../../src/operations/table';
import { startTestHarness } from '../../../helpers';

describe('the Commvault family', () => {
  it('gives CommServ and Metallic one operation table, compiled once', () => {
    expect(metallic.operations).toBe(commvault.operations);
    expect(compileVendor(metallic)).toBe(compileVendor(commvault));
    expect(compileVendor(metallic).http('https')).toBe(compileVendor(commvault).http('https'));
  });

  it('is shared through mocks/families: neither vendor folder imports the other', () => {
    for (const [vendor, other] of [
      ['commvault', 'metallic'],
      ['metallic', 'commvault'],
    ]) {
      const dir = join('mocks', vendor);
      for (const file of readdirSync(dir)) {
        const text = readFileSync(join(dir, file), 'utf8');
        expect(text).not.toMatch(new RegExp(`from '\\.\\./${other}`));
        expect(text).toMatch(/from '\.\.\/families\/commvault\//);
      }
    }
  });

  it('lists its operations with their auth levels and doors', async () => {
    const h = await startTestHarness({ vendors: ['commvault', 'metallic'] });
    try {
      const res = await fetch(`${h.urls.admin!}/vendors/metallic/operations`);
      const { operations } = (await res.json()) as { operations: Array<{ name: string; auth: string; doors: Record<string, string[]> }> };
      const byName = new Map(operations.map((o) => [o.name, o]));
      expect([...byName.keys()]).toEqual(expect.arrayContaining(['Probe', 'Login', 'Logout', 'RenewLoginToken', 'WhoAmI', 'GetCommServ', 'DRBackup', 'GetClients', 'CreateTask', 'GetJobs', 'GetJob', 'GetJobDetails', 'KillJob', 'SuspendJob', 'ResumeJob', 'GetEvents']));
      expect(byName.get('Login')?.auth).toBe('none');
      expect(byName.get('KillJob')).toMatchObject({ auth: 'token', doors: { rest: ['POST /Job/:id/action/kill'] } });
      expect(byName.get('SuspendJob')?.doors.rest).toEqual(['POST /Job/:id/action/pause', 'POST /Job/:id/action/suspend']);
      expect(byName.get('GetJobs')?.doors.rest).toEqual(['GET /Job', 'POST /Jobs']);
    } finally {
      await h.stop();
    }
  });
});
