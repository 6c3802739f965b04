import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VENDORS } from '../registry';
import { buildScenarioSchema } from './schema';
import type { Scenario } from './schema';

/** The scenario schema as JSON Schema, for editors (yaml-language-server, VS Code). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(buildScenarioSchema(VENDORS), { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
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
