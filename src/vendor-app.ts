import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createHarness, type Harness, type HarnessOptions } from './harness';
import type { VendorName } from './registry';
import { mountedHandler } from './transport/express';

/** A built-in vendor's name (completed by editors), or a custom module's. */
type Name = VendorName | (string & {});

export interface VendorAppOptions extends HarnessOptions {
  /** Serve this harness's engine: state, clocks, jobs, journal and rules shared with its listeners and admin API. */
  harness?: Harness;
  /** Whose routes the app serves, for a vendor with several HTTP listeners (default: its first). */
  listener?: string;
}

/**
 * One vendor emulator as an Express app (it is one: `express()`), typed without Express's own
 * types so that mounting it needs none: `app.use('/vc', vendorApp('vcenter', { harness }))`.
 */
export interface VendorApp {
  (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void;
  /** The harness whose engine answers: the one given, or one made for this app (no listeners). */
  readonly harness: Harness;
  readonly vendor: string;
  readonly listener: string;
  /** Serve it on its own (Express's app.listen). */
  listen(port?: number, host?: string, callback?: () => void): Server;
}

/**
 * The vendor's HTTP door as an Express app to mount in your own server, on the same engine as
 * a harness (`{ harness }`: what a request does shows in its journal, jobs and clock) or on a
 * harness of its own (any HarnessOptions: `{ scenarioFiles: ['vcenter-demo'], clock: 'manual' }`;
 * drive it through `app.harness`). The node:http listeners stay the fast path; this is the same
 * request handler, mounted.
 */
export function vendorApp(vendor: Name, options: VendorAppOptions = {}): VendorApp {
  const { harness: given, listener: wanted, ...harnessOptions } = options;
  if (given && Object.keys(harnessOptions).length) throw new Error(`vendorApp: give a harness or harness options (${Object.keys(harnessOptions).join(', ')}), not both`);
  const harness = given ?? createHarness({ ...harnessOptions, admin: false, vendors: [...(harnessOptions.vendors ?? []), vendor] });
  const module = harness.engine.modules.get(vendor);
  if (!module) throw new Error(`vendorApp: no vendor ${vendor} (there are ${[...harness.engine.modules.keys()].join(', ')})`);
  if (!harness.engine.enabled(vendor)) throw new Error(`vendorApp: ${vendor} is not enabled in the scenario (vendors.${vendor}.enabled)`);
  const http = module.listeners.filter((l) => l.protocol === 'http' || l.protocol === 'https');
  const spec = wanted === undefined ? http[0] : http.find((l) => l.name === wanted);
  if (!spec) throw new Error(`vendorApp: ${vendor} has no HTTP listener${wanted === undefined ? '' : ` ${wanted}`} (it has ${http.map((l) => l.name).join(', ') || 'none'})`);
  const handle = mountedHandler(harness.engine, module, spec.name);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require('express') as typeof import('express');
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res) => handle(req, res));
  return Object.assign(app, { harness, vendor, listener: spec.name }) as unknown as VendorApp;
}
