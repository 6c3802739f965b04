'use strict';
/**
 * The folder where backup-mocks keeps what it reuses between runs: compiled code, validated
 * scenarios, the generated certificate (its private key among them). `$BACKUP_MOCKS_CACHE` moves
 * it (set but empty counts as unset: a CI `env:` entry with an empty expression). Plain JS: the
 * launcher (lib/load.js) needs it before the bundle is loaded, and the bundle uses the same file.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function cacheDir() {
  const chosen = process.env.BACKUP_MOCKS_CACHE;
  if (chosen) return path.resolve(chosen);
  return path.join(os.tmpdir(), `backup-mocks-${process.getuid ? process.getuid() : 'user'}`);
}

/**
 * The cache folder, made (0700) if missing, or undefined when it cannot be ours alone: not a
 * real folder (a symlink, a file), owned by another user, or writable by others. Someone who can
 * write there could plant compiled code or read the private key, so nothing is cached then.
 */
function privateCacheDir() {
  const dir = cacheDir();
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    if (process.getuid && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** Write a cache file readable by its owner only (0600), atomically: a reader sees the old file or the new one. */
function writePrivate(dir, name, data) {
  const file = path.join(dir, name);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never written
    }
    return false;
  }
}

module.exports = { cacheDir, privateCacheDir, writePrivate };
