import { z } from 'zod';
import { json } from '../../src/http/reply';
import { defineVendor } from '../../src/vendor';

/** Placeholder module: replaced by the real emulator. */
export default defineVendor({
  name: 'virtuozzo',
  title: 'Virtuozzo Agent',
  listeners: [
    { name: 'tcp', protocol: 'tcp', defaultPort: 4433, offset: 90 },
    { name: 'tls', protocol: 'tls', defaultPort: 4434, offset: 91 },
    { name: 'http', protocol: 'http', defaultPort: 8403, offset: 4 },
  ],
  schemas: {
    credentials: z.unknown(),
    entities: z.unknown(),
    options: z.object({}).passthrough(),
  },
  createState: () => ({}),
  routes: [],
  tcp: (socket) => socket.end(),
  renderError: (name, _call, message) =>
    json(name === 'NOT_FOUND' ? 404 : name === 'PAYLOAD_TOO_LARGE' ? 413 : name === 'INTERNAL' ? 500 : 400, { error: name, message }),
});
