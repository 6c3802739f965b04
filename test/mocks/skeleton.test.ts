import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VENDORS } from '../../src/registry';

const MOCKS = join(__dirname, '..', '..', 'mocks');

/** The files every vendor has, in its own folder or in the family folder it is built from. */
const SKELETON = ['operations.ts', 'model.ts', 'seed.ts', 'wire.ts', 'errors.ts', 'schema.ts'];

/** Names that say nothing of what a file holds (STYLE.md "Habits"). */
const VAGUE = /^(handlers?|helpers?|utils?|misc|common|routes|dialects)(-.*)?\.ts$/;

function familyOf(vendor: string): string | undefined {
  const index = readFileSync(join(MOCKS, vendor, 'index.ts'), 'utf8');
  return /from '\.\.\/families\/([\w-]+)\//.exec(index)?.[1];
}

describe('vendor folders', () => {
  it.each(VENDORS.map((v) => v.name))('%s has the skeleton (index.ts, then operations, model, seed, wire, errors, schema, here or in its family)', (vendor) => {
    expect(existsSync(join(MOCKS, vendor, 'index.ts'))).toBe(true);
    const family = familyOf(vendor);
    const home = family ? join(MOCKS, 'families', family) : join(MOCKS, vendor);
    expect(SKELETON.filter((f) => !existsSync(join(home, f)))).toEqual([]);
  });

  it('no vendor imports another vendor\'s folder, and no file is named after a helper', () => {
    const names = new Set<string>(VENDORS.map((v) => v.name));
    const problems: string[] = [];
    const folders = [...names].map((n) => join(MOCKS, n)).concat(readdirSync(join(MOCKS, 'families')).map((f) => join(MOCKS, 'families', f)));
    for (const folder of folders) {
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
        if (VAGUE.test(file)) problems.push(`${folder}/${file}: a vague name`);
        const text = readFileSync(join(folder, file), 'utf8');
        for (const m of text.matchAll(/from '\.\.\/([\w-]+)(?:\/|')/g)) {
          if (names.has(m[1])) problems.push(`${folder}/${file} imports ../${m[1]}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
