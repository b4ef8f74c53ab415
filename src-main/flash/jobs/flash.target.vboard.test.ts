/**
 * Firmware knows its board, on an emulated Uno (real Optiboot): a Mega 2560 file is refused
 * before the port is opened (the board keeps its firmware), and an avr-gcc .elf flashes like its
 * .hex, its chip read from the device-info note.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BOARDS, loadFirmwareFile } from '..';
import { FIRMWARE_DIR, firmwarePath, startBoard, type VirtualBoard } from '../testing/vboard';
import { avrFlashRig } from '../testing/avrFlashRig';

const BANNER_MS = 6000;

describe('the firmware file names its chip (virtual Uno)', { timeout: 30_000 }, () => {
  let board: VirtualBoard;
  const rig = avrFlashRig();
  const { opener, flasher, monitor } = rig;

  beforeAll(async () => {
    board = await startBoard('uno', { spmUs: 0, app: firmwarePath('uno', 'hello') });
  });

  afterAll(async () => {
    await rig.shutDown(board);
  });

  test('a Mega 2560 .hex on an Uno is refused before the port is touched', async () => {
    const opensBefore = opener.opens();
    const results = await flasher.flashFile(firmwarePath('mega2560', 'hello'), [
      { path: board.port, board: BOARDS.uno },
    ]);
    const r = results[0]!;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      code: 'WRONG_CHIP',
      detail: '57 interrupt vectors; board uno has an ATmega328P',
    });
    expect(r.error.message).toMatch(/^built for ATmega2560 \(Mega 2560\), this board is an Uno/);
    expect(opener.opens()).toBe(opensBefore);
    // The Uno still runs what it had.
    const session = await monitor.open(board.port, { baudRate: 115200 });
    expect((await session.waitForLine(/^BANNER /, BANNER_MS)).text).toContain(
      'fw=hello version=1.0.0 mcu=atmega328p',
    );
    await session.close();
  });

  test('an .elf flashes and verifies like its .hex; its chip comes from the note', async () => {
    const firmware = await loadFirmwareFile(`${FIRMWARE_DIR}build/uno/hello-v2.elf`);
    expect(firmware.target?.source).toBe('elf-device-info');
    const job = flasher.flashOne(firmware, { path: board.port, board: BOARDS.uno });
    const r = await job.result;
    expect(r, job.log.join('\n')).toMatchObject({ ok: true, verified: true, dataBytes: 284 });
    expect(job.log).toContain(
      'firmware built for ATmega328P (Uno, Nano) (avr-gcc device-info note: atmega328p)',
    );
    const session = await monitor.open(board.port, { baudRate: 115200 });
    expect((await session.waitForLine(/^BANNER /, BANNER_MS)).text).toContain(
      'fw=hello version=2.0.0',
    );
    await session.close();
  });

  test('a Mega .elf on an Uno is refused the same way', async () => {
    const results = await flasher.flashFile(`${FIRMWARE_DIR}build/mega2560/hello.elf`, [
      { path: board.port, board: BOARDS.uno },
    ]);
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'WRONG_CHIP' } });
  });
});
