/**
 * Builds the serial-provisioning test firmware (main.c + the device-side protocol of
 * resources/firmware/IotmpProvisioning) with Debian's avr-gcc for a virtual board, once per test
 * process, into a temporary folder. Returns the .hex path.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = fileURLToPath(new URL('.', import.meta.url));
const PROTOCOL_C_DIR = fileURLToPath(
  new URL('../../../../resources/firmware/IotmpProvisioning/', import.meta.url),
);

const MCU = { uno: 'atmega328p', mega2560: 'atmega2560' } as const;
const built = new Map<string, Promise<string>>();
let dir: string | undefined;

export function buildProvisioningFirmware(board: keyof typeof MCU): Promise<string> {
  let hex = built.get(board);
  if (!hex) {
    hex = (async () => {
      dir ??= mkdtempSync(join(tmpdir(), 'iotmp-prov-fw-'));
      const elf = join(dir, `${board}.elf`);
      const out = join(dir, `${board}.hex`);
      await run('avr-gcc', [
        `-mmcu=${MCU[board]}`,
        '-Os',
        '-std=gnu99',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-DF_CPU=16000000UL',
        '-ffunction-sections',
        '-fdata-sections',
        '-Wl,--gc-sections',
        `-I${PROTOCOL_C_DIR}`,
        '-o',
        elf,
        join(HERE, 'main.c'),
        join(PROTOCOL_C_DIR, 'iotmp_provision.c'),
      ]);
      await run('avr-objcopy', ['-O', 'ihex', '-R', '.eeprom', elf, out]);
      return out;
    })();
    built.set(board, hex);
  }
  return hex;
}
