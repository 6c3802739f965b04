import { MASK, maskBody, maskHeaders, maskQuery, maskText } from '../../src/mask';

describe('masking secrets', () => {
  it('masks secret query parameters by name', () => {
    expect(maskQuery({ password: 'p', token: 't', sessionId: 's', api_key: 'k', page: '2' })).toEqual({ password: MASK, token: MASK, sessionId: MASK, api_key: MASK, page: '2' });
    expect(Object.keys(maskQuery(Object.fromEntries([['__proto__', 'x']])))).toEqual(['__proto__']);
  });

  it('masks every secret header, keeping the auth scheme and cookie names', () => {
    const out = maskHeaders({
      authorization: 'Basic YWxpY2U6YS1wYXNz',
      'proxy-authorization': 'Digest username="a", response="abc"',
      cookie: 'JSESSIONID=abc123; theme=dark',
      'set-cookie': ['sid=s3cr3t; Path=/; HttpOnly'],
      'x-auth-token': 'tok',
      authtoken: 'QSDK 0123abcd',
      'vmware-api-session-id': 'f00',
      'x-subject-token': 'gAAAA',
      'x-api-key': 'k',
      'x-mock-tenant': 'alpha',
      accept: 'application/json',
    });
    expect(out).toEqual({
      authorization: `Basic ${MASK}`,
      'proxy-authorization': `Digest ${MASK}`,
      cookie: `JSESSIONID=${MASK}; theme=${MASK}`,
      'set-cookie': `sid=${MASK}; Path=/; HttpOnly`,
      'x-auth-token': MASK,
      authtoken: `QSDK ${MASK}`,
      'vmware-api-session-id': MASK,
      'x-subject-token': MASK,
      'x-api-key': MASK,
      'x-mock-tenant': 'alpha',
      accept: 'application/json',
    });
  });

  it('masks a JSON password sent as an array, a nested object, a number or a name/value pair', () => {
    const body = JSON.stringify({
      username: 'u',
      password: ['first', 'second'],
      credentials: { user: 'u', secret: { value: 'deep' } },
      pin: { password: 1234 },
      settings: [{ name: 'proxyPassword', value: 'p@ss' }, { name: 'colour', value: 'blue' }],
      rememberPassword: true,
    });
    const masked = JSON.parse(maskBody(body, 'application/json'));
    expect(masked).toEqual({
      username: 'u',
      password: [MASK, MASK],
      credentials: { user: MASK, secret: { value: MASK } },
      pin: { password: MASK },
      settings: [{ name: 'proxyPassword', value: MASK }, { name: 'colour', value: 'blue' }],
      rememberPassword: true,
    });
  });

  it('masks JSON that is cut short or nested too deeply to walk', () => {
    expect(maskBody('{"user":"u","password":"hunter2', 'application/json')).toBe(`{"user":"u","password":"${MASK}"`);
    expect(maskBody('{"a":1,"token":["x","y"],"b":', 'application/json')).toBe(`{"a":1,"token":"${MASK}","b":`);
    const deep = `${'['.repeat(5000)}{"password":"hunter2"}${']'.repeat(5000)}`;
    expect(maskBody(deep, 'application/json')).not.toContain('hunter2');
  });

  it('masks XML elements (prefixed, nested, CDATA) and attributes', () => {
    const xml =
      '<login user="u" password="p1" ns:sessionId=\'s1\'><ns:password>p2</ns:password><token><![CDATA[p3]]></token>' +
      '<secret><value>p4</value><hint>p5</hint></secret><session>p6</session><name>ok</name></login>';
    const out = maskBody(xml, 'application/xml');
    for (const s of ['p1', 's1', 'p2', 'p3', 'p4', 'p5', 'p6']) expect(out).not.toContain(s);
    expect(out).toContain('<name>ok</name>');
    expect(out).toContain('user="u"');
    // The root names the message: a CheckCredentialReq keeps its user name, not its password.
    const login = maskBody('<DM2ContentIndexing_CheckCredentialReq username="admin" password="Q29t"><token>t</token></DM2ContentIndexing_CheckCredentialReq>', 'application/xml');
    expect(login).toBe(`<DM2ContentIndexing_CheckCredentialReq username="admin" password="${MASK}"><token>${MASK}</token></DM2ContentIndexing_CheckCredentialReq>`);
  });

  it('masks form bodies, and text shaped like a form', () => {
    expect(maskBody('username=u&password=p%40ss&grant_type=password', 'application/x-www-form-urlencoded')).toBe(`username=u&password=${MASK}&grant_type=password`);
    expect(maskText('user=u&pass%77ord=x')).toBe(`user=u&pass%77ord=${MASK}`);
  });

  it('stays linear on hostile text (every rule scans each character a bounded number of times)', () => {
    const hostile = ['a.'.repeat(100_000), `a='${'x'.repeat(100_000)}`, '"'.repeat(100_000), `${'<a '.repeat(50_000)}`, `${'"k":"'.repeat(40_000)}`];
    for (const text of hostile) expect(maskText(`${text} password="hunter2"`)).not.toContain('hunter2');
  });
});
