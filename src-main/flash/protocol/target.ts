/**
 * The chip a firmware file was built for, as the file records it: an AVR ELF's device-info note,
 * an AVR image's interrupt vector table, an ESP image's extended header (esp/image.ts), or a
 * commissioning plan. One shape for every family, so a job refuses a mismatch the same way and
 * the UI can ask for the right file.
 */

type FirmwareFamily = 'avr' | 'esp';

type FirmwareTargetSource =
  /** avr-gcc's `.note.gnu.avr.deviceinfo` in an ELF file: names the exact -mmcu. */
  | 'elf-device-info'
  /** The length of the interrupt vector table at address 0 of an AVR image. */
  | 'avr-vector-table'
  /** The chip id in an ESP-IDF image's extended header. */
  | 'esp-image-header'
  /** What a commissioning plan says the firmware was built for. */
  | 'plan';

export interface FirmwareTarget {
  readonly family: FirmwareFamily;
  /**
   * The chip, lower case, as the toolchains spell it (avr-gcc `-mmcu`: `atmega2560`; esptool
   * `--chip`: `esp32s3`).
   */
  readonly chip: string;
  /** For a technician: "ATmega2560 (Mega 2560)", "ESP32-S3". */
  readonly name: string;
  /**
   * Every chip the evidence fits: a vector table's length only tells a family of chips (26
   * vectors: ATmega328P and its siblings). A board whose chip is in this list takes the file.
   */
  readonly chips: readonly string[];
  readonly source: FirmwareTargetSource;
  /** The evidence, for the log: "device-info note: atmega2560", "57 interrupt vectors". */
  readonly evidence: string;
}

/** Whether a board with chip `chip` (any case: "ATmega328P", "esp32") runs this firmware. */
export function targetFits(target: FirmwareTarget, chip: string): boolean {
  return target.chips.includes(chip.toLowerCase().replace(/[^a-z0-9]/g, ''));
}
