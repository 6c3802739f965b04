import { z } from 'zod';
import { json } from '../../src/http/reply';
import { defineVendor } from '../../src/vendor';

/** Placeholder module: replaced by the real emulator. */
export default defineVendor({
  name: 'vcenter',
  title: 'vCenter Server Appliance',
  listeners: [
    { name: 'https', protocol: 'https', defaultPort: 8443, offset: 44 },
    { name: 'http', protocol: 'http', defaultPort: 8480, offset: 81 },
  ],
  schemas: {
    credentials: z.unknown(),
    entities: z.unknown(),
    options: z.object({}).passthrough(),
  },
  createState: () => ({}),
  routes: [],
  renderError: (name, _call, message) =>
    json(name === 'NOT_FOUND' ? 404 : name === 'PAYLOAD_TOO_LARGE' ? 413 : name === 'INTERNAL' ? 500 : 400, { error: name, message }),
});
