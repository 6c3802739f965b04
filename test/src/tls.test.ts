import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:tls';
import { cacheDir } from '../../lib/cache-dir';
import { startHarness } from '../../src/harness';
import { selfSignedTls } from '../../src/tls';
import { tempDir } from '../tmp';

function presented(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(s.getPeerCertificate().subjectaltname ?? '');
      s.destroy();
    });
    s.on('error', reject);
  });
}

describe('TLS material', () => {
  const cwd = process.cwd();
  const saved = process.env.BACKUP_MOCKS_CACHE;
  afterEach(() => {
    process.chdir(cwd);
    if (saved === undefined) delete process.env.BACKUP_MOCKS_CACHE;
    else process.env.BACKUP_MOCKS_CACHE = saved;
  });

  it('with BACKUP_MOCKS_CACHE set but empty, keeps the private key in the temp folder (0600), never in the current folder', async () => {
    const here = tempDir('bm-cwd-');
    process.chdir(here);
    process.env.BACKUP_MOCKS_CACHE = '';
    // A name of its own, so that a certificate is made (and kept) now.
    const name = `t${process.pid}-${Date.now()}.test`;
    const m = await selfSignedTls([name]);
    expect(new X509Certificate(m.cert).subjectAltName).toContain(`DNS:${name}`);
    expect(readdirSync(here)).toEqual([]);
    const kept = readdirSync(cacheDir())
      .filter((f) => f.startsWith('tls-'))
      .map((f) => `${cacheDir()}/${f}`)
      .filter((f) => (JSON.parse(readFileSync(f, 'utf8')) as { cert: string }).cert === m.cert);
    expect(kept).toHaveLength(1);
    expect(statSync(kept[0]).mode & 0o777).toBe(0o600);
    expect(statSync(cacheDir()).mode & 0o077).toBe(0);
    rmSync(kept[0]);
  }, 30_000);

  it('tlsNames adds subject alternative names that the listeners and GET /tls/cert present', async () => {
    const h = await startHarness({ clock: 'manual', vendors: ['vcenter'], tlsNames: ['backup-mocks', '10.9.8.7'] });
    try {
      const san = new X509Certificate(h.tls!.cert).subjectAltName;
      expect(san).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.9.8.7, DNS:backup-mocks');
      expect(await presented(Number(new URL(h.url('vcenter', 'https')).port))).toBe(san);
      expect(await (await fetch(`${h.urls.admin}/tls/cert`)).text()).toBe(h.tls!.cert);
    } finally {
      await h.stop();
    }
  }, 30_000);
});
