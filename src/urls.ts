import type { VendorName } from './registry';

/** A built-in vendor's name (completed by editors), or a custom module's. */
type Name = VendorName | (string & {});

export interface HarnessUrls {
  admin?: string;
  /** Listener URLs per vendor (built-in names typed; a custom module's name works too). */
  vendors: Partial<Record<Name, Record<string, string>>>;
}

/** Base URL of one vendor listener (default: the vendor's first), or why there is none. */
export function listenerUrl(urls: HarnessUrls, vendor: Name, listener?: string): string {
  const all = urls.vendors[vendor];
  if (!all) throw new Error(`${vendor} is not being served`);
  const name = listener ?? Object.keys(all)[0];
  const u = all[name];
  if (!u) throw new Error(`${vendor} has no ${name} listener (it has ${Object.keys(all).join(', ')})`);
  return u;
}
