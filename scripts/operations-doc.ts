// `npm run docs`: README's operation reference from the vendors' operation tables.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationReference, withReference } from '../src/operations/reference';
import { VENDORS } from '../src/registry';

const file = join(__dirname, '..', 'README.md');
writeFileSync(file, withReference(readFileSync(file, 'utf8'), operationReference(VENDORS)));
process.stdout.write(`wrote the operation reference in ${file}\n`);
