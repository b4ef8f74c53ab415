/**
 * Flashing the emulated ESP32 (../shared/tools/virtual-esp) end to end: identify, an Arduino
 * export and a merged image written compressed at 921600 and verified by MD5, the application's
 * banner after the reset. Small images and --flash-time-scale 0 keep it short.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PortLeases } from '../../serial/SerialPortLease';
import { trackingOpener } from '../testing/vboard';
import {
  dumpFlash,
  expectLine,
  readFixture,
  startEsp,
  stopEsps,
  type VirtualEsp,
} from '../testing/vesp';
import { espFlasherTool } from '../../commission/adapters/espFlasherTool';
import { EspFlasher } from './EspFlasher';

describe('ESP32 on the virtual ESP', { timeout: 60_000 }, () => {
  let board: VirtualEsp;
  const leases = new PortLeases();
  const opener = trackingOpener();
  const flasher = new EspFlasher({ leases, open: opener.open });

  beforeAll(async () => {
    board = await startEsp('esp32', { flashTimeScale: 0 });
  });
  afterAll(async () => {
    await stopEsps(board);
    expect(leases.size).toBe(0);
    expect(opener.live()).toBe(0);
  });

  test('identify reads chip, MAC, flash size and crystal', async () => {
    const r = await flasher.identify({ path: board.port });
    expect(r).toMatchObject({
      ok: true,
      facts: {
        chip: 'esp32',
        name: 'ESP32',
        mac: board.mac,
        flashSize: 4 * 1048576,
        flashId: 'ef4016',
        crystalMhz: 40,
      },
    });
  });

  test('an Arduino export (bootloader, partitions, app) is written at its offsets and verified', async () => {
    const plan = flasher.plan([
      { name: 'hello.ino.bootloader.bin', data: readFixture('esp32', 'bootloader.bin') },
      { name: 'hello.ino.partitions.bin', data: readFixture('esp32', 'partitions.bin') },
      { name: 'hello.ino.bin', data: readFixture('esp32', 'hello.bin') },
    ]);
    expect(plan.regions.map((r) => [r.offset, r.role])).toEqual([
      [0x1000, 'bootloader'],
      [0x8000, 'partitions'],
      [0x10000, 'app'],
    ]);
    const job = flasher.flash([{ path: board.port }], plan)[0]!;
    const phases: string[] = [];
    job.onProgress((p) => {
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
    });
    const r = await job.result;
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, verified: true, baudRate: 921600 });
    // A loaded host may miss the 1 s download window once: then resetting/syncing repeat.
    expect(phases.slice(0, 2)).toEqual(['resetting', 'syncing']);
    expect(phases.slice(-4)).toEqual(['checking', 'writing', 'verifying', 'done']);
    expect(await dumpFlash(board, 0x10000, 4032)).toEqual(readFixture('esp32', 'hello.bin'));
    expect(await expectLine(board, 'fw=')).toMatch(/fw=hello version=1\.0\.0 chip=esp32/);
  });

  test('a merged image goes at 0x0 and boots', async () => {
    const plan = flasher.plan([
      { name: 'hello.ino.merged.bin', data: readFixture('esp32', 'merged-hello.bin') },
    ]);
    expect(plan.regions.map((r) => [r.offset, r.role])).toEqual([[0, 'merged']]);
    expect(plan.chip).toBe('esp32');
    const r = await flasher.flash([{ path: board.port }], plan)[0]!.result;
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, verified: true });
    expect(await expectLine(board, 'fw=')).toMatch(/fw=hello version=1\.0\.0/);
  });

  test('an ESP32-S3 build is refused before anything is written', async () => {
    const before = await dumpFlash(board, 0x10000, 4032);
    const plan = flasher.plan([
      { name: 'hello-s3.bin', data: readFixture('esp32s3', 'hello-v2.bin') },
    ]);
    const r = await flasher.flash([{ path: board.port }], plan)[0]!.result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('WRONG_CHIP');
    expect(r.error.message).toContain('built for ESP32-S3, this board is an ESP32');
    expect(r.error.phase).toBe('checking');
    expect(await dumpFlash(board, 0x10000, 4032)).toEqual(before);
  });

  test("commissioning's EspTool over this flasher: identify, then write regions verified", async () => {
    const tool = espFlasherTool(flasher);
    const ctx = {
      signal: new AbortController().signal,
      progress: () => undefined,
      log: () => undefined,
    };
    expect(await tool.identify({ path: board.port }, ctx)).toEqual({
      chip: 'esp32',
      name: 'ESP32',
      mac: board.mac,
    });
    const w = await tool.write(
      { path: board.port },
      [{ name: 'hello-v2.bin', offset: 0x10000, data: readFixture('esp32', 'hello-v2.bin') }],
      ctx,
    );
    expect(w).toEqual({ verified: true });
    await expect(
      tool.write(
        { path: board.port },
        [{ name: 's3.bin', offset: 0x10000, data: readFixture('esp32s3', 'hello.bin') }],
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'WRONG_TARGET' });
  });
});
