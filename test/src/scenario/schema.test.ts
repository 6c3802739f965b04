import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../../../src/scenario/export-schema';

describe('scenario JSON Schema for editors', () => {
  it('schemas/scenario.schema.json matches the zod schema (run `npm run schema` after changing one)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it('describes every engine section and every vendor section', () => {
    const s = scenarioJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['seed', 'clock', 'tenants', 'entities', 'jobs', 'rules', 'vendors', 'include']));
    expect(Object.keys(s.properties.vendors.properties!)).toEqual(['commvault', 'metallic', 'dds', 'vcenter', 'virtuozzo']);
  });
});

describe('names in the JSON Schema', () => {
  it("completes each vendor's operation and error names in rules, and its job operations in job rules", () => {
    const s = scenarioJsonSchema() as { properties: Record<string, { items: { allOf: Array<{ if: unknown; then: Record<string, any> }> } }> };
    const forVendor = (kind: 'rules' | 'jobs', vendor: string) =>
      s.properties[kind].items.allOf.find((c) => JSON.stringify(c.if).includes(`"const":"${vendor}"`))!.then.properties;
    expect(forVendor('rules', 'vcenter').match.properties.operation.anyOf[0].enum).toContain('job.create');
    expect(forVendor('rules', 'vcenter').respond.properties.error.enum).toContain('FEATURE_IN_USE');
    expect(forVendor('jobs', 'vcenter').match.properties.operation.anyOf[0].enum).toEqual(['backup', 'reconciliation', 'restore']);
  });
});
