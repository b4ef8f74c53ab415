/** Flashing an emulated Mega 2560 (real stk500boot_v2) end to end. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BOARDS, loadFirmwareFile } from '..';
import { firmwarePath, startBoard, type VirtualBoard } from '../testing/vboard';
import { avrFlashRig } from '../testing/avrFlashRig';

const BANNER_MS = 6000;

describe('Mega 2560 (stk500v2) on the virtual board', { timeout: 30_000 }, () => {
  let board: VirtualBoard;
  const rig = avrFlashRig();
  const { flasher, monitor } = rig;

  beforeAll(async () => {
    board = await startBoard('mega2560', { spmUs: 0 });
  });

  afterAll(async () => {
    await rig.shutDown(board);
  });

  const target = () => ({ path: board.port, board: BOARDS.mega2560 });

  test('hello flashes and the serial monitor shows version=1.0.0', async () => {
    const r = await flasher.flashOne(
      await loadFirmwareFile(firmwarePath('mega2560', 'hello')),
      target(),
    ).result;
    expect(r).toMatchObject({ ok: true, verified: true, signature: '1e9801', dataBytes: 412 });
    const session = await monitor.open(board.port, { baudRate: 115200 });
    expect((await session.waitForLine(/^BANNER /, BANNER_MS)).text).toBe(
      'BANNER fw=hello version=1.0.0 mcu=atmega2560',
    );
  });

  test('hello-v2 with the monitor open: the monitor shows version=2.0.0 after the flash', async () => {
    const session = monitor.get(board.port)!;
    const seq = session.lines().at(-1)?.seq ?? 0;
    const r = await flasher.flashOne(
      await loadFirmwareFile(firmwarePath('mega2560', 'hello-v2')),
      target(),
    ).result;
    expect(r).toMatchObject({ ok: true, verified: true });
    expect((await session.waitForLine(/^BANNER /, BANNER_MS, seq)).text).toContain('version=2.0.0');
  });

  test('big.hex is written and verified, and checks its table on the target', async () => {
    const session = monitor.get(board.port)!;
    const seq = session.lines().at(-1)?.seq ?? 0;
    const r = await flasher.flashOne(
      await loadFirmwareFile(firmwarePath('mega2560', 'big')),
      target(),
    ).result;
    expect(r).toMatchObject({ ok: true, verified: true, dataBytes: 25458, bytesWritten: 25600 });
    expect((await session.waitForLine(/^TABLE /, BANNER_MS, seq)).text).toBe('TABLE OK crc=0f8b');
  });

  test('an Uno image for an Uno, sent to this Mega: "this is an ATmega2560 …, not an Arduino Uno"', async () => {
    const t0 = performance.now();
    const r = await flasher.flashOne(await loadFirmwareFile(firmwarePath('uno', 'hello')), {
      path: board.port,
      board: BOARDS.uno,
    }).result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('WRONG_BOARD');
    expect(r.error.message).toMatch(/^this is an ATmega2560 \(Mega 2560\), not an Arduino Uno/);
    expect(performance.now() - t0).toBeLessThan(5000);
    // Nothing was written: the Mega still runs big, and the next flash works.
    const session = monitor.get(board.port)!;
    expect((await session.waitForLine(/^BANNER fw=big/, BANNER_MS)).text).toContain('fw=big');
    const againJob = flasher.flashOne(
      await loadFirmwareFile(firmwarePath('mega2560', 'hello')),
      target(),
    );
    const again = await againJob.result;
    expect(again.ok, againJob.log.join('\n')).toBe(true);
  });
});
