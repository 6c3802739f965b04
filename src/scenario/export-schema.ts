import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VENDORS } from '../registry';
import { buildScenarioSchema } from './schema';

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

if (require.main === module) {
  const out = join(__dirname, '..', '..', 'schemas', 'scenario.schema.json');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}
