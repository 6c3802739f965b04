import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  key: string;
  cert: string;
}

let cached: Promise<TlsMaterial> | undefined;

/** Where the generated certificate is kept between runs (it is only ever for localhost). */
export function tlsCacheFile(): string {
  return join(process.env.BACKUP_MOCKS_CACHE ?? join(tmpdir(), `backup-mocks-${process.getuid?.() ?? 'user'}`), 'localhost-tls.json');
}

function fromCache(): TlsMaterial | undefined {
  try {
    const m = JSON.parse(readFileSync(tlsCacheFile(), 'utf8')) as TlsMaterial & { notAfter: number };
    if (m.key && m.cert && m.notAfter > Date.now() + 86_400_000) return { key: m.key, cert: m.cert };
  } catch {
    // no cache yet, or unreadable: generate
  }
  return undefined;
}

/**
 * A self-signed certificate for localhost, 127.0.0.1 and ::1, generated on first use and kept in
 * the temp folder so later starts are instant (generating one costs a few hundred ms). Vendor
 * SDKs that verify certificates must be told not to, or given this cert to trust (README).
 */
export function selfSignedTls(): Promise<TlsMaterial> {
  cached ??= (async () => {
    const hit = fromCache();
    if (hit) return hit;
    // Loaded on first use, with require like the project's other lazily loaded libraries.
    const { generate } = require('selfsigned') as typeof import('selfsigned');
    const notAfter = Date.now() + 825 * 86_400_000;
    const r = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      notAfterDate: new Date(notAfter),
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    });
    const material = { key: r.private, cert: r.cert };
    try {
      mkdirSync(join(tlsCacheFile(), '..'), { recursive: true, mode: 0o700 });
      writeFileSync(tlsCacheFile(), JSON.stringify({ ...material, notAfter }), { mode: 0o600 });
    } catch {
      // a read-only temp folder only costs the next start the generation time
    }
    return material;
  })();
  return cached;
}
