import { join } from 'node:path';
import { parseXml, XML_LIMITS, XmlSyntaxError } from '../../../src/codec/xml';
import { startHarness } from '../../../src/harness';

describe('the shared XML parser refuses hostile documents as syntax errors', () => {
  it.each([
    ['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>', /DOCTYPE/],
    ['an external entity', '<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>', /DOCTYPE/],
    ['an entity declaration alone', '<r><!ENTITY x "y"></r>', /ENTITY/],
    ['deep nesting', `${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}`, /nested deeper than 100/],
    ['huge attribute counts', `<r ${Array.from({ length: 10_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`, /more than 256 attributes/],
  ])('%s', (_what, text, message) => {
    expect(() => parseXml(text)).toThrow(XmlSyntaxError);
    expect(() => parseXml(text)).toThrow(message);
  });

  it('still parses ordinary documents: comments, CDATA, processing instructions, quoted > and deep-but-sane nesting', () => {
    const depth = XML_LIMITS.depth;
    const doc = parseXml<Record<string, unknown>>(
      `<?xml version="1.0"?><!-- <!DOCTYPE in a comment> --><r a="x>y" b='<!ENTITY'><![CDATA[<!DOCTYPE no>]]>${'<n>'.repeat(depth - 1)}v${'</n>'.repeat(depth - 1)}</r>`,
    );
    expect(Object.keys(doc)).toEqual(['r']);
    expect(() => parseXml(`${'<n>'.repeat(depth + 1)}${'</n>'.repeat(depth + 1)}`)).toThrow(/nested deeper/);
    expect(() => parseXml(`<r ${Array.from({ length: XML_LIMITS.attributes }, (_, i) => `a${i}="1"`).join(' ')}/>`)).not.toThrow();
  });

  it("deep XML to a vendor answers the vendor's own 400", async () => {
    const h = await startHarness({ clock: 'manual', tlsEnabled: false, admin: false, vendors: ['commvault'], scenarioFiles: [join(__dirname, '..', '..', '..', 'scenarios', 'default.yaml')] });
    try {
      const deep = `${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`;
      const r = await fetch(`${h.url('commvault', 'http')}/webconsole/api/Login`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: deep });
      expect(r.status).toBe(400);
      expect(await r.text()).toMatch(/Malformed XML: elements nested deeper/);
    } finally {
      await h.stop();
    }
  });
});
