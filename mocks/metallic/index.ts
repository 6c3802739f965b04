/**
 * Commvault Metallic (SaaS): the same REST API family as the CommServ
 * (mocks/families/commvault) on its own ports and tenants, with its own default entities and
 * first ids (seed.ts).
 */
import { commvaultFamily } from '../families/commvault/family';
import { defaults } from './seed';

export default commvaultFamily({
  name: 'metallic',
  title: 'Commvault Metallic',
  listeners: [
    { name: 'http', protocol: 'http', defaultPort: 8401, offset: 2 },
    { name: 'https', protocol: 'https', defaultPort: 8405, offset: 6 },
  ],
  defaults,
});
