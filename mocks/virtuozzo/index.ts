/**
 * Virtuozzo Agent emulator: the XML API over NUL-framed TCP (4433, TLS 4434) and an HTTP door
 * (8403) streaming the same packets. See README.md (Virtuozzo Agent) and vendor-notes/virtuozzo.md.
 */
import { MockError, defineVendor, type HttpCall, type Reply } from '../../src/legacy/vendor';
import { agentErrorXml, isErrorName } from './errors';
import { frame } from './framing';
import { CONTENT_TYPE, httpPrincipal, httpRoutes } from './http';
import { createState, usersOf, type VirtuozzoState } from './model';
import { resolveOptions } from './options';
import type { VirtuozzoCredentials } from './schema';
import { serveConnection } from './tcp';
import { DEFAULT_TIMELINES } from './timelines';
import { encodePacket, sniffHeader, vzTime } from './wire';

/** Engine error names -> the agent's error names and HTTP statuses of the HTTP door. */
const ENGINE_ERRORS: Record<string, [string, number]> = {
  BAD_REQUEST: ['malformedPacket', 400],
  PAYLOAD_TOO_LARGE: ['packetTooLarge', 413],
  NOT_FOUND: ['unknownOperator', 404],
  UNAUTHENTICATED: ['badCredentials', 401],
  INTERNAL: ['backupFailed', 500],
};

function renderError(name: string, call: HttpCall<VirtuozzoState>, message?: string): Reply {
  const [agentName, status] = ENGINE_ERRORS[name] ?? [isErrorName(name) ? name : name, isErrorName(name) ? 400 : 500];
  const codes = resolveOptions(call.ctx.options).codes;
  const h = sniffHeader(call.rawBody.toString('utf8'));
  const xml = encodePacket({ id: h.id, cookie: h.cookie, origin: 'system', time: vzTime(call.ctx.clock.now()) }, 'system', agentErrorXml(codes, agentName, message));
  return { status, headers: { 'content-type': CONTENT_TYPE }, body: frame(xml) };
}

export default defineVendor<VirtuozzoState>({
  name: 'virtuozzo',
  title: 'Virtuozzo Agent',
  listeners: [
    { name: 'tcp', protocol: 'tcp', defaultPort: 4433, offset: 90 },
    { name: 'tls', protocol: 'tls', defaultPort: 4434, offset: 91 },
    { name: 'http', protocol: 'http', defaultPort: 8403, offset: 4 },
  ],
  schemas: () => (require('./schema') as typeof import('./schema')).schemas,
  createState: (init) => createState(init),
  routes: httpRoutes,
  principal: httpPrincipal,
  credentialPrincipals: (creds: VirtuozzoCredentials) => usersOf(creds).map((u) => `user:${u.name}`),
  describeCredentials: (creds: VirtuozzoCredentials) => usersOf(creds).map((u) => `${u.name} / ${u.password}`),
  renderError,
  defaultTimelines: DEFAULT_TIMELINES,
  tcp: (socket, ctx) => serveConnection(socket, ctx),
});

export { MockError };
