import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A request as the official Python SDK sent it (fixtures/vcenter/sdk/). */
export interface SdkRequest {
  description: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any;
}

const DIR = join(__dirname, '../../../fixtures/vcenter/sdk');

/** Load a captured SDK request, putting `session` where the capture had `${SESSION}`. */
export function loadSdkRequest(name: string, session = 'no-session'): SdkRequest {
  const text = readFileSync(join(DIR, `${name}.json`), 'utf8').split('${SESSION}').join(session);
  return JSON.parse(text) as SdkRequest;
}

export function loadFixture(path: string): any {
  return JSON.parse(readFileSync(join(__dirname, '../../../fixtures/vcenter', path), 'utf8'));
}
