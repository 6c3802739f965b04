import commvault from '../mocks/commvault';
import dds from '../mocks/dds';
import metallic from '../mocks/metallic';
import vcenter from '../mocks/vcenter';
import virtuozzo from '../mocks/virtuozzo';
import type { VendorModule } from './vendor';

/** Every vendor emulator the harness serves, in start-banner order. */
export const VENDORS: readonly VendorModule[] = [commvault, metallic, dds, vcenter, virtuozzo];
