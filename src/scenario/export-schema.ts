import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VENDORS } from '../registry';
import { nameCatalog, type NameCatalog, type VendorNames } from './names';
import { buildScenarioSchema } from './schema';
import type { Scenario } from './schema';

type JsonSchema = Record<string, unknown>;

/** A name field: one of the known names, or a `re:` pattern. */
function nameOf(names: readonly string[], description: string): JsonSchema {
  return { description, anyOf: [{ enum: [...names].sort() }, { type: 'string', pattern: '^re:' }] };
}

/** `if match.vendor is <vendor> then <fields> name that vendor's things`: editors complete per vendor. */
function perVendor(catalog: NameCatalog, then: (names: VendorNames) => JsonSchema): JsonSchema[] {
  return [...catalog].map(([vendor, names]) => ({
    if: { properties: { match: { properties: { vendor: { const: vendor } }, required: ['vendor'] } }, required: ['match'] },
    then: then(names),
  }));
}

function withNames(items: JsonSchema, catalog: NameCatalog, kind: 'rules' | 'jobs'): JsonSchema {
  const all = (pick: (n: VendorNames) => readonly string[]) => [...new Set([...catalog.values()].flatMap(pick))];
  const ops = (n: VendorNames) => (kind === 'rules' ? n.operations : n.jobOperations);
  const match = (names: readonly string[]) => ({ properties: { match: { properties: { operation: nameOf(names, kind === 'rules' ? 'an operation of the vendor' : 'a job operation of the vendor') } } } });
  const vendorThen = (n: VendorNames): JsonSchema =>
    kind === 'rules' ? { properties: { ...match(ops(n)).properties, respond: { properties: { error: { enum: [...n.errors].sort() } } } } } : match(ops(n));
  return {
    ...items,
    allOf: [
      // Without a vendor, any vendor's names will do.
      { if: { not: { properties: { match: { required: ['vendor'] } }, required: ['match'] } }, then: match(all(ops)) },
      ...perVendor(catalog, vendorThen),
    ],
  };
}

/** The scenario schema as JSON Schema, for editors (yaml-language-server, VS Code), with every vendor's names. */
export function scenarioJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(buildScenarioSchema(VENDORS), { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  const catalog = nameCatalog(VENDORS);
  const props = schema.properties as Record<string, { items: JsonSchema }>;
  for (const kind of ['rules', 'jobs'] as const) props[kind] = { ...props[kind], items: withNames(props[kind].items, catalog, kind) };
  return {
    ...schema,
    $id: 'https://backup-mocks.dev/schemas/scenario.schema.json',
    title: 'backup-mocks scenario',
    description: 'Users, entities, job timelines and faults for the backup-mocks vendor emulators',
  };
}

/**
 * What an empty scenario (`{}`) parses to with the built-in vendors. Kept in
 * src/scenario/empty-scenario.json so that a harness started without a scenario needs neither
 * zod nor the schemas (test/src/scenario/schema.test.ts checks it is current).
 */
export function emptyScenario(): Scenario {
  return buildScenarioSchema(VENDORS).parse({}) as unknown as Scenario;
}

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  const outputs: Array<[string, unknown]> = [
    [join(root, 'schemas', 'scenario.schema.json'), scenarioJsonSchema()],
    [join(__dirname, 'empty-scenario.json'), emptyScenario()],
  ];
  for (const [file, value] of outputs) {
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  }
}
