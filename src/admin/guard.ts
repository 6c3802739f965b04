import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who may talk to the admin API. It holds passwords and live tokens (`GET /state`) and can replace
 * the scenario, so a web page in the user's browser must not reach it:
 * - DNS rebinding: a page on evil.example re-resolves its own name to 127.0.0.1 and reads the
 *   admin API as same-origin. The browser still sends `Host: evil.example`, so only Host names
 *   on the allow-list are served: loopback names, the address the API is bound to, and any name
 *   opened with `adminAllowHosts` (`*` opens it to every name).
 * - Cross-site writes: a form or fetch() may POST text/plain to any address without a preflight.
 *   Browsers send `Origin` with every such request, so a write (anything but GET/HEAD/OPTIONS)
 *   whose Origin is not on the same allow-list is refused. Tools (curl, SDKs, tests) send no
 *   Origin and are not affected.
 */
export interface AdminAccess {
  /** The address the admin API listens on. */
  host: string;
  /** Extra Host / Origin names to accept; `*` accepts any. */
  allowHosts?: readonly string[];
}

export interface Refusal {
  status: number;
  error: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** The host name of a Host header value, lower-cased, without port or IPv6 brackets. */
export function hostName(value: string): string {
  const v = value.trim().toLowerCase();
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    return end < 0 ? v : v.slice(1, end);
  }
  const colon = v.indexOf(':');
  // One colon is a port; more is a bare IPv6 address.
  return colon >= 0 && v.indexOf(':', colon + 1) < 0 ? v.slice(0, colon) : v;
}

function isLoopback(name: string): boolean {
  if (LOOPBACK_NAMES.has(name) || name.endsWith('.localhost')) return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

export function adminGuard(access: AdminAccess): (req: IncomingMessage) => Refusal | undefined {
  const extra = new Set((access.allowHosts ?? []).map((h) => hostName(h)));
  const openToAll = extra.has('*');
  const bound = hostName(access.host);
  const allowed = (name: string) => openToAll || isLoopback(name) || extra.has(name) || (!WILDCARD_HOSTS.has(bound) && name === bound);
  const hint = (name: string) => `only loopback names${WILDCARD_HOSTS.has(bound) ? '' : ` and ${bound}`} are served; open it with --admin-allow-host ${name} (adminAllowHosts)`;

  return (req) => {
    const host = req.headers.host;
    if (host !== undefined) {
      const name = hostName(host);
      if (!allowed(name)) return { status: 403, error: `admin API: Host "${name}" refused: ${hint(name)}` };
    }
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
    const origin = req.headers.origin;
    if (origin === undefined) return undefined;
    let name: string;
    try {
      name = origin === 'null' ? 'null' : hostName(new URL(origin).host);
    } catch {
      name = origin;
    }
    if (!openToAll && (name === 'null' || !allowed(name))) {
      return { status: 403, error: `admin API: a ${method} from Origin "${origin}" refused (cross-site writes are not accepted): ${hint(name)}` };
    }
    return undefined;
  };
}
