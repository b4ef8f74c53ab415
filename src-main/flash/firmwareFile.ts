import { readFile, stat } from 'node:fs/promises';
import {
  FlashError,
  FlashErrorCode,
  MAX_HEX_TEXT_CHARS,
  parseFirmware,
  type Firmware,
} from './protocol';

/** Reads and parses a .hex file; refuses files too large to be an AVR image before reading them. */
export async function loadFirmwareFile(path: string): Promise<Firmware> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_HEX_TEXT_CHARS) {
      throw new FlashError(
        FlashErrorCode.HEX_INVALID,
        `the firmware file is too large to be an Arduino image (${info.size} bytes)`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof FlashError) throw e;
    throw new FlashError(FlashErrorCode.FILE_ERROR, `cannot read the firmware file ${path}`, {
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  return parseFirmware(text);
}
