/**
 * The ESP boards a technician chooses for a port: one per chip family this app flashes. The chip
 * is read from the ROM before anything is written, so the choice is checked (WRONG_BOARD) the way
 * an AVR board's signature is; it is remembered per serial number like any board.
 */
import { ESP_CHIPS, type EspChipKey } from './chips';
import { ESP_ROM_BAUD } from './limits';

export interface EspBoardProfile {
  readonly id: EspChipKey;
  readonly name: string;
  /** The chip as a technician reads it: "ESP32-S3". */
  readonly mcu: string;
  readonly protocol: 'esp-rom';
  /** The ROM loader's rate (the stub then moves to 921600). */
  readonly baudRate: number;
  /** Typical module flash; the real size is read from the chip before writing. */
  readonly flashBytes: number;
}

const board = (id: EspChipKey, flashBytes: number): EspBoardProfile => ({
  id,
  name: ESP_CHIPS[id].name,
  mcu: ESP_CHIPS[id].name,
  protocol: 'esp-rom',
  baudRate: ESP_ROM_BAUD,
  flashBytes,
});

/** Keyed by id; the order is the board chooser's. */
export const ESP_BOARDS = {
  esp32: board('esp32', 4 * 1048576),
  esp32s3: board('esp32s3', 8 * 1048576),
  esp8266: board('esp8266', 4 * 1048576),
} as const satisfies Record<string, EspBoardProfile>;

export function espBoardById(id: string): EspBoardProfile | undefined {
  return (ESP_BOARDS as Record<string, EspBoardProfile>)[id];
}
