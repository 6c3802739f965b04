/**
 * Commvault CommServ: the Commvault REST API family (mocks/families/commvault) on the
 * CommServ's ports, with its own default entities and first ids (seed.ts).
 */
import { commvaultFamily } from '../families/commvault/family';
import { defaults } from './seed';

export default commvaultFamily({
  name: 'commvault',
  title: 'Commvault CommServ',
  listeners: [
    { name: 'http', protocol: 'http', defaultPort: 8400, offset: 1 },
    { name: 'https', protocol: 'https', defaultPort: 8404, offset: 5 },
  ],
  defaults,
});
