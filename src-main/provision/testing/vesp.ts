/**
 * flash/testing/vesp with `startEsp` taking `virtual-esp start` options as arguments, as the
 * commissioning tests call it.
 */
import { startEsp as start, type EspKind, type VirtualEsp } from '../../flash/testing/vesp';

export { VESP, VESP_FIXTURES, stopEsps, type VirtualEsp } from '../../flash/testing/vesp';

export const startEsp = (chip: EspKind, ...extra: string[]): Promise<VirtualEsp> =>
  start(chip, { extra });
