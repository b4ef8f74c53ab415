/**
 * What tells ESP chips apart and where each keeps its facts: the ROM's magic word at 0x40001000
 * (or GET_SECURITY_INFO's chip id on newer chips), the eFuse words holding the MAC, the UART clock
 * divider the ROM set while auto-bauding (which gives the crystal), the SPI registers used to ask
 * the flash for its JEDEC id, and where the bootloader lives. Register addresses are the chips'
 * (Espressif technical reference manuals; esptool reads the same ones).
 */
import { at } from '../../../contract/present';

export type EspChipKey = 'esp8266' | 'esp32' | 'esp32s2' | 'esp32s3' | 'esp32c3' | 'esp32c6';

interface SpiRegs {
  readonly base: number;
  readonly usr: number;
  readonly usr1: number;
  readonly usr2: number;
  readonly w0: number;
  /** MISO bit-length register; null on the ESP8266, which keeps it in USR1 bits 8–16. */
  readonly misoDlen: number | null;
}

export interface EspChipDef {
  readonly key: EspChipKey;
  readonly name: string;
  /** Chip id in the ESP-IDF image's extended header; null: images have none (ESP8266). */
  readonly imageChipId: number | null;
  readonly bootloaderOffset: number;
  /** Status bytes at the end of a ROM response (the stub always sends 2). */
  readonly romStatusBytes: number;
  /** Whether this app can flash it (tested on the emulated chips, with a flasher stub). */
  readonly supported: boolean;
  readonly uartClkdivReg: number;
  /** esptool's XTAL_CLK_DIVIDER: the ESP8266's UART runs from crystal × 2. */
  readonly xtalClkDivider: number;
  readonly spi: SpiRegs | null;
  /** Register addresses to read for the MAC, and how to assemble it. */
  readonly macRegs: readonly number[];
  readonly mac: (words: readonly number[]) => number[];
  /** Whether the ROM needs SPI_ATTACH before flash commands (not the ESP8266). */
  readonly spiAttach: boolean;
}

/** The ROM's magic word register. */
export const CHIP_MAGIC_REG = 0x40001000;

const ESP32_EFUSE = 0x3ff5a000;
const S3_EFUSE = 0x60007000;

/** Byte `shift` of MAC word `i` (`mac` gets one word per `macRegs` entry, in order). */
const b = (words: readonly number[], i: number, shift: number) =>
  (at(words, i, 'MAC register word') >>> shift) & 0xff;

export const ESP_CHIPS: Record<EspChipKey, EspChipDef> = {
  esp8266: {
    key: 'esp8266',
    name: 'ESP8266',
    imageChipId: null,
    bootloaderOffset: 0x0,
    romStatusBytes: 2,
    supported: true,
    uartClkdivReg: 0x60000014,
    xtalClkDivider: 2,
    spi: { base: 0x60000200, usr: 0x1c, usr1: 0x20, usr2: 0x24, w0: 0x40, misoDlen: null },
    macRegs: [0x3ff00050, 0x3ff00054, 0x3ff0005c],
    // OTP words: MAC bytes 3–5 in words 0/1, the OUI in word 3 (older parts: Espressif's OUIs).
    mac: (w) => {
      const oui =
        at(w, 2, 'MAC register word') !== 0
          ? [b(w, 2, 16), b(w, 2, 8), b(w, 2, 0)]
          : b(w, 1, 16) === 0
            ? [0x18, 0xfe, 0x34]
            : [0xac, 0xd0, 0x74];
      return [...oui, b(w, 1, 8), b(w, 1, 0), b(w, 0, 24)];
    },
    spiAttach: false,
  },
  esp32: {
    key: 'esp32',
    name: 'ESP32',
    imageChipId: 0,
    bootloaderOffset: 0x1000,
    romStatusBytes: 4,
    supported: true,
    uartClkdivReg: 0x3ff40014,
    xtalClkDivider: 1,
    spi: { base: 0x3ff42000, usr: 0x1c, usr1: 0x20, usr2: 0x24, w0: 0x80, misoDlen: 0x2c },
    macRegs: [ESP32_EFUSE + 0x04, ESP32_EFUSE + 0x08],
    mac: (w) => [b(w, 1, 8), b(w, 1, 0), b(w, 0, 24), b(w, 0, 16), b(w, 0, 8), b(w, 0, 0)],
    spiAttach: true,
  },
  esp32s3: {
    key: 'esp32s3',
    name: 'ESP32-S3',
    imageChipId: 9,
    bootloaderOffset: 0x0,
    romStatusBytes: 4,
    supported: true,
    uartClkdivReg: 0x60000014,
    xtalClkDivider: 1,
    spi: { base: 0x60002000, usr: 0x18, usr1: 0x1c, usr2: 0x20, w0: 0x58, misoDlen: 0x28 },
    macRegs: [S3_EFUSE + 0x44, S3_EFUSE + 0x48],
    mac: (w) => [b(w, 1, 8), b(w, 1, 0), b(w, 0, 24), b(w, 0, 16), b(w, 0, 8), b(w, 0, 0)],
    spiAttach: true,
  },
  // Recognised so that a technician gets a clear answer, not flashed: untested here.
  esp32s2: unsupported('esp32s2', 'ESP32-S2', 2),
  esp32c3: unsupported('esp32c3', 'ESP32-C3', 5),
  esp32c6: unsupported('esp32c6', 'ESP32-C6', 13),
};

function unsupported(key: EspChipKey, name: string, imageChipId: number): EspChipDef {
  return {
    key,
    name,
    imageChipId,
    bootloaderOffset: 0,
    romStatusBytes: 4,
    supported: false,
    uartClkdivReg: 0,
    xtalClkDivider: 1,
    spi: null,
    macRegs: [],
    mac: () => [],
    spiAttach: true,
  };
}

/** Magic word at CHIP_MAGIC_REG → chip, for the chips that have a distinctive one. */
const MAGIC: Record<number, EspChipKey> = {
  0xfff0c101: 'esp8266',
  0x00f01d83: 'esp32',
  0x00000009: 'esp32s3',
  0x000007c6: 'esp32s2',
  0x6921506f: 'esp32c3',
  0x1b31506f: 'esp32c3',
  0x4881606f: 'esp32c3',
  0x4361606f: 'esp32c3',
};

export function chipFromMagic(magic: number): EspChipKey | null {
  return MAGIC[magic >>> 0] ?? null;
}

export function chipFromImageId(id: number): EspChipDef | null {
  return Object.values(ESP_CHIPS).find((c) => c.imageChipId === id) ?? null;
}

/** Crystal in MHz from the UART divider the ROM chose for `baud` (snapped to a real part). */
export function crystalMhz(chip: EspChipDef, clkdiv: number, baud: number): number {
  const mhz = ((clkdiv & 0xfffff) * baud) / 1e6 / chip.xtalClkDivider;
  const parts = [24, 26, 32, 40, 48];
  return parts.reduce((best, p) => (Math.abs(p - mhz) < Math.abs(best - mhz) ? p : best));
}

export const macText = (mac: readonly number[]): string =>
  mac.map((x) => x.toString(16).padStart(2, '0')).join(':');

/** JEDEC capacity byte → bytes (0x16 → 4 MB); null when the flash did not answer sensibly. */
export function flashSizeFromId(jedec: number): number | null {
  const cap = (jedec >>> 16) & 0xff;
  if (cap < 0x12 || cap > 0x1a) return null;
  return 2 ** cap;
}
