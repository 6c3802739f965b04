/**
 * Commvault Metallic (SaaS): the same REST API family as the CommServ (mocks/commvault/family.ts)
 * on its own ports and tenants. Its default entities are the object-storage content group of
 * the CreateTask seed page (vendor-docs/metallic-createtask-object-storage.txt), and its first
 * ids match that page's sample response (taskId 4038, job 5976).
 */
import { commvaultFamily } from '../commvault/family';

export default commvaultFamily({
  name: 'metallic',
  title: 'Commvault Metallic',
  listeners: [
    { name: 'http', protocol: 'http', defaultPort: 8401, offset: 2 },
    { name: 'https', protocol: 'https', defaultPort: 8405, offset: 6 },
  ],
  defaultCommCell: () => ({ name: 'm6', hostName: 'm6.metallic.io' }),
  defaultClients: (faker) => [
    {
      name: 's-adhoc-object-storage',
      os: 'linux',
      agents: [
        {
          appName: 'Cloud Apps',
          instance: 's-adhoc-object-storage',
          enableBackup: true,
          backupsets: [
            { name: 'defaultBackupSet', plan: 'default-plan', onDemand: true, subclients: [{ name: 'stestgroup', enableBackup: true, content: ['/sk'] }] },
          ],
        },
      ],
    },
    {
      name: `${faker.internet.domainWord()}-fs01`,
      os: 'windows',
      agents: [
        {
          appName: 'File System',
          enableBackup: true,
          backupsets: [{ name: 'defaultBackupSet', plan: 'server-plan', subclients: [{ name: 'default', enableBackup: true, content: ['C:\\'] }] }],
        },
      ],
    },
  ],
  firstJobId: 5976,
  firstTaskId: 4038,
});
