import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml } from '../../../src/codec/xml';
import { percentMessage, operationStatus, PROGRESS } from '../../../mocks/virtuozzo/jobs';
import { errorCodes } from '../../../mocks/virtuozzo/errors';
import { answerXml, backupXml, child, EMPTY, errorXml, text, unb64, vzTime } from '../../../mocks/virtuozzo/messages';
import { backupStamp } from '../../../mocks/virtuozzo/catalogue';
import type { BackupRecord, ScheduledTask } from '../../../mocks/virtuozzo/model';
import { readFileRestoreRequest, readRestoreRequest, readTask } from '../../../mocks/virtuozzo/requests';
import { decodePacket, encodePacket, PacketError, progressPacket, sniffHeader } from '../../../mocks/virtuozzo/wire';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/virtuozzo', name), 'utf8');
const local = (xml: string) => parseXml<Record<string, any>>(xml, { localNames: true });

describe('virtuozzo wire: decoding requests by local name', () => {
  it('reads the backup_env page request (progress on, options)', () => {
    const p = decodePacket(fixture('backup_env.request.xml'));
    expect(p.header).toMatchObject({ id: '2', version: '4.0.0', progress: true, log: true, targets: ['backupm'] });
    expect(p.calls).toHaveLength(1);
    const call = p.calls[0];
    expect([call.operator, call.name]).toEqual(['backupm', 'backup_env']);
    expect(text(child(child(call.body, 'env_list'), 'eid'))).toBe('57c2cd6c-c02b-4645-bdb5-e883ea005896');
    expect(unb64(text(child(child(call.body, 'backup_options'), 'description')))).toBe('Full backup 2007-01-12');
  });

  it("reads VM::Virtuozzo's prefixed packets (vzlp:packet, x0:backup_env)", () => {
    const login = decodePacket(fixture('perl.system_login.request.xml'));
    expect(login.header.targets).toEqual([]);
    expect([login.calls[0].operator, login.calls[0].name]).toEqual(['system', 'login']);
    expect(unb64(text(child(login.calls[0].body, 'password')))).toBe('vzadmin');
    const backup = decodePacket(fixture('perl.backup_env.request.xml'));
    expect(backup.header).toMatchObject({ id: '2', progress: false, targets: ['backupm'] });
    expect(backup.calls[0].name).toBe('backup_env');
  });

  it("reads the connector's packets (xml declaration, xsi:type, no id, several removes)", () => {
    const s = decodePacket(fixture('connector.sessionm_login.request.xml'));
    expect(s.header.id).toBeUndefined();
    expect(unb64(text(child(s.calls[0].body, 'name')))).toBe('root');
    const r = decodePacket(fixture('connector.backupm_remove.request.xml'));
    expect(r.header).toMatchObject({ version: '4.5.0', type: '2' });
    expect(r.calls.map((c) => c.name)).toEqual(['remove', 'remove']);
  });

  it('classifies bad packets and still sniffs id and cookie', () => {
    expect(() => decodePacket('<packet id="9"><data>')).toThrow(PacketError);
    expect(() => decodePacket('<hello/>')).toThrow(/not <packet>/);
    expect(() => decodePacket('<packet id="3"><data/></packet>')).toThrow(/no operator/);
    expect(sniffHeader('<packet id="7"><cookie>c1</cookie><data>')).toMatchObject({ id: '7', cookie: 'c1' });
  });
});

describe('virtuozzo wire: encoding', () => {
  const seedBackup: BackupRecord = {
    id: '57c2cd6c-c02b-4645-bdb5-e883ea005896/20070219150134',
    eid: '57c2cd6c-c02b-4645-bdb5-e883ea005896',
    count: 2,
    time: Date.parse('2007-02-19T20:01:34Z'),
    size: 12709275,
    type: 0,
    storageEid: '89e27960-97b8-461f-902f-557b4b16784b',
    env: {
      eid: '57c2cd6c-c02b-4645-bdb5-e883ea005896',
      hostname: 'Host-106',
      ip: '10.130.1.6',
      name: 'Test-VE6',
      title: 'Test-VE6',
      platform: 'Linux',
      parentEid: '89e27960-97b8-461f-902f-557b4b16784b',
      parentTitle: 'dhcp0-40.sw.ru',
      type: 'virtuozzo',
    },
  };

  it('encodes the backup_env page final reply (golden)', () => {
    const header = { id: '7c45db0eb2t72aer488', origin: 'backupm', target: 'vzclient3', time: '2007-02-19T15:05:29+0000' };
    const ours = local(encodePacket(header, 'backupm', backupXml(seedBackup))).packet;
    const gold = local(fixture('backup_env.response.xml')).packet;
    expect(ours.data).toEqual(gold.data);
    for (const k of ['origin', 'target', 'dst', 'src']) expect(ours[k]).toEqual(gold[k]);
    expect(ours.$).toMatchObject({ id: gold.$.id, time: gold.$.time, priority: '4000', version: '4.0.0' });
  });

  it("writes the backup_env page's backup element byte for byte (xmlbuilder2 serialisation)", () => {
    const header = { id: '7c45db0eb2t72aer488', origin: 'backupm', target: 'vzclient3', time: '2007-02-19T15:05:29+0000' };
    const xml = encodePacket(header, 'backupm', backupXml(seedBackup));
    const section = (s: string) => s.slice(s.indexOf('<ns2:backup>'), s.indexOf('</ns2:backup>') + '</ns2:backup>'.length);
    // The fixture is one element per line; the agent's packets have no whitespace between elements.
    expect(section(xml)).toBe(section(fixture('backup_env.response.xml')).replace(/\n/g, ''));
    expect(xml.startsWith('<ns1:packet xmlns:ns1="http://www.swsoft.com/webservices/vzl/4.0.0/protocol" xmlns:ns2=')).toBe(true);
    expect(xml.endsWith('<ns1:src><ns1:director>gend</ns1:director></ns1:src></ns1:packet>')).toBe(true);
  });

  it('escapes text and attributes, and writes empty content as an empty operator element', () => {
    const xml = encodePacket({ id: 'a"<&', origin: 'backupm', time: vzTime(0) }, 'backupm', errorXml(5, 'x<y & "z"'));
    expect(xml).toContain(' id="a&quot;&lt;&amp;" ');
    expect(local(xml).packet.data.backupm.error.message).toBe('x<y & "z"');
    expect(encodePacket({ origin: 'backupm', time: vzTime(0) }, 'backupm', EMPTY)).toContain('<ns1:data><ns2:backupm/></ns1:data>');
  });

  it('encodes the backup_env page progress packet (golden)', () => {
    const header = { id: '2', origin: 'backupm', target: 'vzclient3', time: '2007-02-16T16:14:04+0000', logSubscription: true };
    const xml = progressPacket(header, { op: 'backupm.backup_env', message: operationStatus('backup_env', 'started'), status: PROGRESS.started });
    const ours = local(xml).packet;
    const gold = local(fixture('backup_env.progress.xml')).packet;
    const { id: _id, ...progress } = ours.data.progress;
    expect(progress).toEqual(gold.data.progress);
    expect(ours.data.progress.id).toBe('2');
    expect(ours.target).toEqual(gold.target);
    expect(ours.$).toMatchObject({ id: '2', type: '1', time: gold.$.time });
  });

  it('writes percent messages with a percent element', () => {
    const xml = progressPacket({ id: '5', origin: 'backupm', time: vzTime(0) }, { op: 'backupm.backup_env', message: percentMessage(54), status: PROGRESS.processing, percent: 54 });
    const p = local(xml).packet.data.progress;
    expect(p.percent).toBe('54');
    expect(unb64(p.message.message)).toBe('Percent: %percent%');
    expect(unb64(p.message.parameter.message)).toBe('54');
  });

  it('puts code before message in errors (the connector reads the first <code>)', () => {
    const xml = encodePacket({ origin: 'backupm', time: vzTime(0) }, 'backupm', errorXml(308, 'no config'));
    expect(xml.indexOf('<ns1:code>308</ns1:code>')).toBeLessThan(xml.indexOf('<ns1:message>no config'));
    expect(local(xml).packet.data.backupm.error).toEqual({ code: '308', message: 'no config' });
  });

  it('formats times and backup stamps from the clock', () => {
    const t = Date.parse('2026-01-01T02:03:04.567Z');
    expect(vzTime(t)).toBe('2026-01-01T02:03:04+0000');
    expect(backupStamp(t)).toBe('20260101020304');
  });
});

describe('virtuozzo wire: the lifecycle calls (golden)', () => {
  it("reads restore_env as the PVA reference, VM::Virtuozzo and the connector write it", () => {
    const doc = decodePacket(fixture('restore_env.request.xml'));
    expect(doc.header).toMatchObject({ id: '2', progress: true, targets: ['backupm'] });
    expect(readRestoreRequest(doc.calls[0].body)).toEqual({ backupId: '57c2cd6c-c02b-4645-bdb5-e883ea005896/20070219150134', force: false });
    const perl = decodePacket(fixture('perl.restore_env.request.xml'));
    expect([perl.calls[0].operator, perl.calls[0].name]).toEqual(['backupm', 'restore_env']);
    expect(readRestoreRequest(perl.calls[0].body)).toEqual({ backupId: '57c2cd6c-c02b-4645-bdb5-e883ea005896/20251231220000', force: true });
    const connector = decodePacket(fixture('connector.restore_env.request.xml'));
    expect(connector.header).toMatchObject({ id: 'rs7qz1uhebaaata6q5ywc4e6x16icaaa', version: '4.5.0', type: '2', progress: true });
    expect(readRestoreRequest(connector.calls[0].body)).toMatchObject({ force: true });
  });

  it("reads VM::Virtuozzo's selective_restore_env (base64 paths) and scheduler add (a base64 packet inside)", () => {
    const sel = decodePacket(fixture('perl.selective_restore_env.request.xml'));
    expect(readFileRestoreRequest(sel.calls[0].body)).toEqual({ backupId: '57c2cd6c-c02b-4645-bdb5-e883ea005896/20251231220000', eid: '57c2cd6c-c02b-4645-bdb5-e883ea005896', paths: ['/etc/hosts'], skipLocked: false });
    const add = decodePacket(fixture('perl.scheduler_add.request.xml'));
    expect([add.calls[0].operator, add.calls[0].name]).toEqual(['scheduler', 'add']);
    const task = readTask(add.calls[0].body, false);
    expect(task).toMatchObject({ title: 'Nightly backup', category: 'vz.backup.ves', trigger: { kind: 'once', start: Date.parse('2027-01-01T22:00:00Z') }, disabled: false });
    expect(task.backups).toEqual([{ eids: ['57c2cd6c-c02b-4645-bdb5-e883ea005896'], ignoreError: false, ignoreUnexistent: false, remove: false }]);
  });

  it('writes restore progress in the backup_env page layout', () => {
    const header = { id: '2', origin: 'backupm', target: 'vzclient3', time: '2007-02-16T16:14:04+0000', logSubscription: true };
    const ours = local(progressPacket(header, { op: 'backupm.restore_env', message: operationStatus('restore_env', 'started'), status: PROGRESS.started })).packet;
    const gold = local(fixture('restore_env.progress.xml')).packet;
    const { id: _id, ...progress } = ours.data.progress;
    expect(progress).toEqual(gold.data.progress);
    expect(ours.$).toMatchObject({ id: '2', type: '1' });
  });

  it('writes a scheduler task as VZLScheduler.xsd taskType, its trigger with xsi:type (golden)', () => {
    const task: ScheduledTask = {
      id: '5b0e6c1a-8d3f-4a2b-9c7e-1f0a2b3c4d5e',
      title: 'Nightly backup',
      category: 'vz.backup.ves',
      trigger: { kind: 'weekly', start: Date.parse('2026-01-01T22:00:00Z'), weeksInterval: 1, daysOfWeek: [1, 5] },
      backups: [{ eids: ['57c2cd6c-c02b-4645-bdb5-e883ea005896'], ignoreError: false, ignoreUnexistent: false, remove: false }],
      disabled: false,
      runs: 0,
    };
    const header = { id: '3', origin: 'scheduler', target: 'vzclient1', time: '2026-01-01T00:00:00+0000' };
    const xml = encodePacket(header, 'scheduler', answerXml({ kind: 'tasks', tasks: [{ task, nextStart: Date.parse('2026-01-02T22:00:00Z') }] }, errorCodes()));
    const gold = fixture('scheduler_list.response.xml');
    expect(local(xml).packet.data).toEqual(local(gold).packet.data);
    const section = (s: string) => s.slice(s.indexOf('<ns2:task>'), s.indexOf('</ns2:task>') + '</ns2:task>'.length);
    expect(section(xml)).toBe(section(gold).replace(/\n/g, ''));
  });
});
