/**
 * Metallic's own defaults: the object-storage content group of Metallic's REST API page
 * "POST Run Backup Job" (CreateTask, object storage) and a plan-protected file server, and
 * first ids matching that page's sample response (taskId 4038, job 5976).
 */
import type { VendorDefaults } from '../families/commvault/seed';

export const defaults: VendorDefaults = {
  commCell: () => ({ name: 'm6', hostName: 'm6.metallic.io' }),
  clients: (faker) => [
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
};
