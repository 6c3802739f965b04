/**
 * Commvault CommServ: the Commvault REST API family (family.ts) on the CommServ's ports, with
 * a few faker-named clients when the scenario seeds none. The first ids match the DRBackup
 * seed page's JSON sample (taskId 433, job 2141).
 */
import { commvaultFamily } from './family';

export default commvaultFamily({
  name: 'commvault',
  title: 'Commvault CommServ',
  listeners: [
    { name: 'http', protocol: 'http', defaultPort: 8400, offset: 1 },
    { name: 'https', protocol: 'https', defaultPort: 8404, offset: 5 },
  ],
  defaultCommCell: (faker) => {
    const name = `${faker.internet.domainWord()}-cs`;
    return { name, hostName: `${name}.${faker.internet.domainName()}`.toLowerCase() };
  },
  defaultClients: (faker) => [
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
                // No storage policy: backups are refused (587207178), for demos of the refusal.
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
});
