/**
 * An ESP32 commissioning plan's firmware as the virtual ESP's fixtures lay it out (the layout
 * `arduino-cli` and PlatformIO build): ESP-IDF's second-stage bootloader at 0x1000, the partition
 * table at 0x8000, the application at 0x10000. For tests and benches that commission ESP32s.
 */
import type { CommissionPlanInput } from '../../contract/commissionSchemas';
import { VESP_FIXTURES } from '../../flash/testing/vesp';

/** The virtual ESP's ESP32 fixtures (bootloader, partition table, IoTMP sensor builds). */
export const ESP32_FIXTURES = `${VESP_FIXTURES}esp32/`;

/** The three images, with `app` (a path) as the application; default the IoTMP sensor. */
export function esp32Firmware(
  app = `${ESP32_FIXTURES}iotmp-sensor.bin`,
): NonNullable<CommissionPlanInput['firmware']> {
  return [
    { file: `${ESP32_FIXTURES}bootloader.bin`, offset: 0x1000 },
    { file: `${ESP32_FIXTURES}partitions.bin`, offset: 0x8000 },
    { file: app, offset: 0x10000 },
  ];
}
