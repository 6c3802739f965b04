import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { privateCacheDir, writePrivate } from '../lib/cache-dir';

export interface TlsMaterial {
  key: string;
  cert: string;
}

/** What every generated certificate covers. */
const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];

const generated = new Map<string, Promise<TlsMaterial>>();

/** The cache file of the certificate for these extra names (none: the localhost one). */
function cacheName(extra: readonly string[]): string {
  if (!extra.length) return 'localhost-tls.json';
  return `tls-${createHash('sha256').update(extra.join('\0')).digest('hex').slice(0, 16)}.json`;
}

function fromCache(dir: string, name: string): TlsMaterial | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, name), 'utf8')) as TlsMaterial & { notAfter: number };
    if (m.key && m.cert && m.notAfter > Date.now() + 86_400_000) return { key: m.key, cert: m.cert };
  } catch {
    // no cache yet, or unreadable: generate
  }
  return undefined;
}

/**
 * A self-signed certificate for localhost, 127.0.0.1 and ::1, and for `extraNames` (DNS names or
 * IP addresses, e.g. the host name of a CI service container), generated on first use and kept
 * in the cache folder (lib/cache-dir.js: 0600 files in a folder of this user's alone; nowhere
 * else) so that later starts are instant: generating one costs a few hundred ms. Vendor SDKs
 * that verify certificates must be told not to, or given this one to trust (README).
 */
export function selfSignedTls(extraNames: readonly string[] = []): Promise<TlsMaterial> {
  const extra = [...new Set(extraNames)].filter((n) => !LOCAL_NAMES.includes(n)).sort();
  const name = cacheName(extra);
  let material = generated.get(name);
  if (!material) {
    material = generate(name, extra);
    generated.set(name, material);
  }
  return material;
}

async function generate(name: string, extra: string[]): Promise<TlsMaterial> {
  const dir = privateCacheDir();
  const hit = dir && fromCache(dir, name);
  if (hit) return hit;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generate: make } = require('selfsigned') as typeof import('selfsigned');
  const notAfter = Date.now() + 825 * 86_400_000;
  const r = await make([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    notAfterDate: new Date(notAfter),
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      // Subject alternative names: type 2 a DNS name, type 7 an IP address (RFC 5280 4.2.1.6).
      { name: 'subjectAltName', altNames: [...LOCAL_NAMES, ...extra].map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    ],
  });
  const material = { key: r.private, cert: r.cert };
  // Not kept when there is no private folder: a read-only or shared temp folder only costs the next start the generation.
  if (dir) writePrivate(dir, name, JSON.stringify({ ...material, notAfter }));
  return material;
}
