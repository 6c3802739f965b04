import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BEGIN, END, operationReference } from '../../../src/operations/reference';
import { VENDORS } from '../../../src/registry';

describe("README's operation reference", () => {
  it('is what the operation tables say (run `npm run docs` after changing an operation)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(BEGIN) + BEGIN.length, readme.indexOf(END)).trim();
    expect(section).toBe(operationReference(VENDORS));
  });

  it('lists every operation of every vendor with its doors', () => {
    const text = operationReference(VENDORS);
    for (const v of VENDORS) for (const op of v.operations) expect(text).toContain(`| \`${op.name}\` |`);
    expect(text).toContain('`POST /api/appliance/recovery/backup/job`');
    expect(text).toContain('jsonrpc: `com.vmware.appliance.recovery.backup.job.create`');
  });
});
