/**
 * An ESP image's chip as a FirmwareTarget (../target.ts), the shape AVR files get too, so the UI
 * and commissioning show "built for ESP32-S3" and compare it with a board the same way.
 */
import type { FirmwareTarget } from '../target';
import { ESP_CHIPS } from './chips';
import type { EspImageInfo } from './image';

/** Null when the header names no known chip (then the file does not say). */
export function espImageTarget(info: Pick<EspImageInfo, 'chip' | 'chipId'>): FirmwareTarget | null {
  if (!info.chip) return null;
  const def = ESP_CHIPS[info.chip];
  return {
    family: 'esp',
    chip: def.key,
    name: def.name,
    chips: [def.key],
    source: 'esp-image-header',
    evidence:
      info.chipId === null
        ? 'image without an extended header (ESP8266 layout)'
        : `image header chip id ${info.chipId}`,
  };
}
