import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness } from '../../helpers';
import type { VirtuozzoClient } from '../../../src/clients/virtuozzo';
import { unb64 } from '../../../mocks/virtuozzo/messages';
import { CT1, loggedIn, SEEDED_BACKUP, startVz } from './helpers';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/virtuozzo', name), 'utf8').trim();

/** What the connector does with a row: `row.text` split on newlines (empty lines dropped) or whitespace. */
function rowsOf(raw: string): string[][] {
  return [...raw.matchAll(/<ns2:row>([\s\S]*?)<\/ns2:row>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, '')
      .split('\n')
      .filter((l) => l !== '')
      .map(unb64),
  );
}

describe('virtuozzo pager2/select (the connector reads lists this way)', () => {
  let h: Harness;
  let vz: VirtuozzoClient;
  beforeAll(async () => {
    h = await startVz();
    vz = await loggedIn(h);
  });
  afterAll(async () => {
    vz.close();
    await h.stop();
  });

  const send = async (file: string) => {
    const text = fixture(file).replace(/<packet\b/, '<packet id="p1"').replace(/<packet id="p1"([^>]*) id="[^"]*"/, '<packet id="p1"$1');
    return vz.request(text, 'p1');
  };

  it('selects environments by upper(title) LIKE, columns in field-name order, hardware nodes filtered', async () => {
    const r = await send('connector.pager2_ve_list.request.xml');
    // eid, env_type_name, ip_text, name, parent_eid, parent_title, state (alphabetical, as the connector zips them)
    expect(rowsOf(r.raw)).toEqual([[CT1, 'virtuozzo', '10.130.1.6', 'Test-VE6', '89e27960-97b8-461f-902f-557b4b16784b', 'dhcp0-40.sw.ru', '6']]);
  });

  it('lists hardware nodes, backups by container and grouped backups (LIKE is case-insensitive)', async () => {
    expect(rowsOf((await send('connector.pager2_nodes_stat.request.xml')).raw)[0]).toHaveLength(9);
    const backups = rowsOf((await send('connector.pager2_backup_list.request.xml')).raw);
    expect(backups).toEqual([[CT1, SEEDED_BACKUP, '12709275', 'backup-storage', '2025-12-31T22:00:00+0000', '0']]);
    expect(rowsOf((await send('connector.pager2_backup_list_grouped.request.xml')).raw)).toEqual([[CT1, 'Test-VE6', 'dhcp0-40.sw.ru']]);
  });

  it('answers backup_subscriber/reload_all with ok and unknown lists with an error', async () => {
    expect((await send('connector.backup_subscriber_reload_all.request.xml')).find('ok')).toBeDefined();
    const bad = await vz.call('pager2', '<select><list>vNothing</list><field>eid</field></select>');
    expect(bad.error?.code).toBe(6);
  });
});
