import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, privateCacheDir, writePrivate } from '../../lib/cache-dir';
import { tempDir } from '../tmp';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('the cache folder (lib/cache-dir.js)', () => {
  const saved = process.env.BACKUP_MOCKS_CACHE;
  afterEach(() => {
    if (saved === undefined) delete process.env.BACKUP_MOCKS_CACHE;
    else process.env.BACKUP_MOCKS_CACHE = saved;
  });

  it('is $BACKUP_MOCKS_CACHE when set, and the temp folder when unset or set but empty', () => {
    const own = tempDir('bm-cd-');
    process.env.BACKUP_MOCKS_CACHE = own;
    expect(cacheDir()).toBe(own);
    process.env.BACKUP_MOCKS_CACHE = '';
    expect(cacheDir()).toBe(join(tmpdir(), `backup-mocks-${process.getuid!()}`));
    delete process.env.BACKUP_MOCKS_CACHE;
    expect(cacheDir()).toBe(join(tmpdir(), `backup-mocks-${process.getuid!()}`));
  });

  it('is made 0700, and refused when someone else could write to it or it is not a real folder', () => {
    const parent = tempDir('bm-cd-');
    process.env.BACKUP_MOCKS_CACHE = join(parent, 'made');
    expect(privateCacheDir()).toBe(join(parent, 'made'));
    expect(mode(join(parent, 'made'))).toBe(0o700);
    mkdirSync(join(parent, 'shared'));
    chmodSync(join(parent, 'shared'), 0o777);
    process.env.BACKUP_MOCKS_CACHE = join(parent, 'shared');
    expect(privateCacheDir()).toBeUndefined();
    symlinkSync(join(parent, 'made'), join(parent, 'link'));
    process.env.BACKUP_MOCKS_CACHE = join(parent, 'link');
    expect(privateCacheDir()).toBeUndefined();
    writeFileSync(join(parent, 'file'), '');
    process.env.BACKUP_MOCKS_CACHE = join(parent, 'file');
    expect(privateCacheDir()).toBeUndefined();
  });

  it('writes files 0600, replacing the old file whole', () => {
    const dir = tempDir('bm-cd-');
    writeFileSync(join(dir, 'a.json'), 'old', { mode: 0o644 });
    expect(writePrivate(dir, 'a.json', 'new')).toBe(true);
    expect(mode(join(dir, 'a.json'))).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(writePrivate(join(dir, 'missing'), 'b.json', 'x')).toBe(false);
  });
});
