import commvault from '../mocks/commvault';
import dds from '../mocks/dds';
import metallic from '../mocks/metallic';
import vcenter from '../mocks/vcenter';
import virtuozzo from '../mocks/virtuozzo';
import type { Vendor } from './vendor';

/** Every vendor emulator the harness serves, in start-banner order. */
export const VENDORS = [commvault, metallic, dds, vcenter, virtuozzo] as const satisfies readonly Vendor[];

/** The name of a built-in vendor: `vcenter`, `commvault`... */
export type VendorName = (typeof VENDORS)[number]['name'];
