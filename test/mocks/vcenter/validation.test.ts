import { checkBackupPassword, validateBackupRequest } from '../../../mocks/vcenter/validation';
import { VapiError } from '../../../mocks/vcenter/errors';
import { PIECE } from './helpers';

const PARTS = ['common', 'seat'];

function failure(fn: () => unknown): { type: string; id: string; text: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof VapiError) return { type: e.type, id: e.messages[0].id, text: e.messages[0].default_message };
    throw e;
  }
  throw new Error('expected a VapiError');
}

describe('vcenter backup request rules (Create Recovery Backup Job page)', () => {
  it('accepts the seed request with real values and drops nulls (JSON-RPC unset optionals)', () => {
    expect(validateBackupRequest(PIECE, PARTS)).toEqual(PIECE);
    expect(validateBackupRequest({ parts: [], location_type: 'NFS', location: 'nfs://nas/b', backup_password: null, comment: null }, PARTS)).toEqual({
      parts: [],
      location_type: 'NFS',
      location: 'nfs://nas/b',
    });
  });

  it('ignores unknown fields like the real API', () => {
    expect(validateBackupRequest({ ...PIECE, colour: 'blue' }, PARTS)).not.toHaveProperty('colour');
  });

  it.each(['parts', 'location_type', 'location'])('reports a missing %s', (field) => {
    const piece: Record<string, unknown> = { ...PIECE };
    delete piece[field];
    expect(failure(() => validateBackupRequest(piece, PARTS))).toEqual({
      type: 'INVALID_ARGUMENT',
      id: 'vapi.data.structure.field.missing',
      text: `Structure com.vmware.appliance.recovery.backup.job.backup_request is missing a field "${field}"`,
    });
  });

  it('reports a missing piece', () => {
    expect(failure(() => validateBackupRequest(undefined, PARTS)).text).toBe('Structure operation-input is missing a field "piece"');
  });

  it.each([
    ['parts', 'seat'],
    ['parts', [1]],
    ['location', 5],
    ['location_type', true],
    ['fast_backup', 'yes'],
    ['comment', 3],
    ['backup_password', 12345678],
  ])('reports a wrong type for %s', (field, value) => {
    expect(failure(() => validateBackupRequest({ ...PIECE, [field]: value }, PARTS))).toMatchObject({
      type: 'INVALID_ARGUMENT',
      id: 'vapi.data.structure.field.invalid',
    });
  });

  it.each([
    [{ parts: ['seat', 'vcdb'] }, 'err_unknown_part', "Unknown backup part 'vcdb'"],
    [{ location_type: 'TAPE' }, 'err_invalid_location_type', 'It must be one of FTP HTTP FTPS HTTPS SCP SFTP NFS SMB'],
    [{ location_type: 'sftp' }, 'err_invalid_location_type', "Invalid location type 'sftp'"],
    [{ location: '   ' }, 'err_location_required', 'The backup location is required.'],
    [{ location: '/var/backups' }, 'err_invalid_location', 'Expected a URL such as sftp://host/path'],
    [{ location: 'https://h/p' }, 'err_location_type_mismatch', 'does not match the location type SFTP'],
  ])('rejects %j', (over, id, text) => {
    const f = failure(() => validateBackupRequest({ ...PIECE, ...over }, PARTS));
    expect(f.type).toBe('INVALID_ARGUMENT');
    expect(f.id).toBe(`com.vmware.applmgmt.backup.${id}`);
    expect(f.text).toContain(text);
  });

  it.each(['FTP', 'HTTP', 'FTPS', 'HTTPS', 'SCP', 'SFTP', 'NFS', 'SMB'])('accepts location type %s with its own scheme', (t) => {
    expect(validateBackupRequest({ ...PIECE, location_type: t, location: `${t.toLowerCase()}://host/path` }, PARTS).location_type).toBe(t);
  });
});

describe('vcenter backup password rules', () => {
  it.each([
    ['Sh0rt!', 'length'],
    ['Waytoolong1!Waytoolong', 'length'],
    ['Has space1!', 'charset'],
    ['Ünicode1!x', 'charset'],
    ['lowercase1!', 'uppercase'],
    ['UPPERCASE1!', 'lowercase'],
    ['NoDigits!!', 'digit'],
    ['NoSpecial12', 'special'],
  ])('%s fails the %s rule', (password, rule) => {
    expect(failure(() => checkBackupPassword(password)).id).toBe(`com.vmware.applmgmt.backup.err_password_${rule}`);
  });

  it.each(['Passw0rd!', 'Aa1!Aa1!', 'Abcdefghijklmnopq1#x'])('%s passes', (password) => {
    expect(() => checkBackupPassword(password)).not.toThrow();
  });
});
