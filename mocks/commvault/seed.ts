/**
 * The CommServ's own defaults: a faker-named CommServe and two file servers when the scenario
 * seeds none (lnx01's `scratch` has no storage policy, so its backups are refused with
 * 587207178), and first ids matching the JSON sample of Commvault's
 * `POST CommServ/DRBackup` REST API page (taskId 433, job 2141).
 */
import type { VendorDefaults } from '../families/commvault/seed';

export const defaults: VendorDefaults = {
  commCell: (faker) => {
    const name = `${faker.internet.domainWord()}-cs`;
    return { name, hostName: `${name}.${faker.internet.domainName()}`.toLowerCase() };
  },
  clients: (faker) => [
    {
      name: `${faker.internet.domainWord()}-fs01`,
      os: 'windows',
      agents: [
        {
          appName: 'File System',
          enableBackup: true,
          backupsets: [
            {
              name: 'defaultBackupSet',
              subclients: [
                { name: 'default', enableBackup: true, content: ['C:\\'], storagePolicy: 'SP-Default-Disk' },
                { name: 'documents', enableBackup: true, content: ['D:\\Documents'], storagePolicy: 'SP-Default-Disk' },
              ],
            },
          ],
        },
      ],
    },
    {
      name: `${faker.internet.domainWord()}-lnx01`,
      os: 'linux',
      agents: [
        {
          appName: 'File System',
          enableBackup: true,
          backupsets: [
            {
              name: 'defaultBackupSet',
              subclients: [
                { name: 'default', enableBackup: true, content: ['/'], storagePolicy: 'SP-Default-Disk' },
                { name: 'scratch', enableBackup: true, content: ['/scratch'] },
              ],
            },
          ],
        },
      ],
    },
  ],
  firstJobId: 2141,
  firstTaskId: 433,
};
