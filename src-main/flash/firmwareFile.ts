import { readFile, stat } from 'node:fs/promises';
import {
  FlashError,
  FlashErrorCode,
  isElf,
  MAX_ELF_BYTES,
  MAX_HEX_TEXT_CHARS,
  parseElfFirmware,
  parseFirmware,
  type Firmware,
} from './protocol';

/**
 * Reads and parses a firmware file: an avr-gcc ELF (recognised by its magic, whatever its name)
 * or Intel HEX text. Refuses files too large to be an AVR image before reading them.
 */
export async function loadFirmwareFile(path: string): Promise<Firmware> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.size > Math.max(MAX_HEX_TEXT_CHARS, MAX_ELF_BYTES)) {
      throw new FlashError(
        FlashErrorCode.HEX_INVALID,
        `the firmware file is too large to be an Arduino image (${info.size} bytes)`,
      );
    }
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof FlashError) throw e;
    throw new FlashError(FlashErrorCode.FILE_ERROR, `cannot read the firmware file ${path}`, {
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  if (isElf(bytes)) return parseElfFirmware(bytes);
  if (bytes.length > MAX_HEX_TEXT_CHARS) {
    throw new FlashError(
      FlashErrorCode.HEX_INVALID,
      `the firmware file is too large to be an Arduino image (${bytes.length} bytes)`,
    );
  }
  return parseFirmware(new TextDecoder().decode(bytes));
}
