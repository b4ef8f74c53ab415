/**
 * Flashing an emulated Uno (real Optiboot) end to end: firmware, monitor, backup and restore.
 * Boards run with --spm-us 0 (instant page writes) to keep the suite short; bench:flash uses the
 * default 4 ms timing.
 */
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BOARDS, loadFirmwareFile } from '..';
import { firmwarePath, startBoard, type VirtualBoard } from '../testing/vboard';
import { avrFlashRig } from '../testing/avrFlashRig';

const BANNER_MS = 6000; // Optiboot waits 1 s before the application; generous for a loaded CI host

describe('Uno (Optiboot) on the virtual board', { timeout: 30_000 }, () => {
  let board: VirtualBoard;
  const rig = avrFlashRig();
  const { leases, flasher, monitor } = rig;
  const tmp = mkdtempSync(join(tmpdir(), 'iotmp-flash-'));

  beforeAll(async () => {
    board = await startBoard('uno', { spmUs: 0 });
  });

  afterAll(async () => {
    await rig.shutDown(board);
    rmSync(tmp, { recursive: true, force: true });
  });

  const target = () => ({ path: board.port, board: BOARDS.uno });

  test('hello flashes and the serial monitor shows its banner version=1.0.0', async () => {
    const job = flasher.flashOne(await loadFirmwareFile(firmwarePath('uno', 'hello')), target());
    const phases: string[] = [];
    job.onProgress((p) => {
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
    });
    const r = await job.result;
    expect(r).toMatchObject({ ok: true, verified: true, signature: '1e950f', dataBytes: 284 });
    expect(phases).toEqual(['resetting', 'syncing', 'checking', 'writing', 'verifying', 'done']);
    expect(job.progress.percent).toBe(100);
    expect(leases.size).toBe(0);

    const session = await monitor.open(board.port, { baudRate: 115200 });
    const line = await session.waitForLine(/^BANNER /, BANNER_MS);
    expect(line.text).toBe('BANNER fw=hello version=1.0.0 mcu=atmega328p');
    expect(line.t).toBeGreaterThan(Date.now() - 60_000);
  });

  test('while the monitor is open, "port busy: held by the serial monitor" for other owners', () => {
    expect(() => leases.acquire(board.port, { kind: 'other', label: 'another tool' })).toThrow(
      'port busy: held by the serial monitor',
    );
  });

  test('hello-v2 flashes while the monitor is open: it pauses, resumes by itself and shows 2.0.0', async () => {
    const session = monitor.get(board.port)!;
    const statuses: string[] = [];
    session.onStatus((s) => statuses.push(s.status));
    const lastSeq = session.lines().at(-1)?.seq ?? 0;
    const job = flasher.flashOne(await loadFirmwareFile(firmwarePath('uno', 'hello-v2')), target());
    const r = await job.result;
    expect(r).toMatchObject({ ok: true, verified: true });
    const line = await session.waitForLine(/^BANNER /, BANNER_MS, lastSeq);
    expect(line.text).toContain('version=2.0.0');
    expect(statuses).toEqual(['paused', 'opening', 'connected']);
    expect(leases.holderOf(board.port)?.label).toBe('the serial monitor');

    await session.send('ping');
    await session.waitForLine(/^ping$/, 2000, line.seq);
  });

  test('big.hex (25 KB) is written and verified; the firmware checks its table on the target', async () => {
    const session = monitor.get(board.port)!;
    const lastSeq = session.lines().at(-1)?.seq ?? 0;
    const job = flasher.flashOne(await loadFirmwareFile(firmwarePath('uno', 'big')), target());
    let maxRate = 0;
    job.onProgress((p) => (maxRate = Math.max(maxRate, p.bytesPerSecond)));
    const r = await job.result;
    expect(r).toMatchObject({ ok: true, verified: true, dataBytes: 25326, bytesWritten: 25344 });
    expect(maxRate).toBeGreaterThan(5000);
    expect((await session.waitForLine(/^TABLE /, BANNER_MS, lastSeq)).text).toBe(
      'TABLE OK crc=0f8b',
    );
  });

  test('backup of the current firmware, then restoring it from the .hex brings it back', async () => {
    const session = monitor.get(board.port)!;
    // big is on the board now: back it up while writing hello.
    const hello = await flasher.flashOne(
      await loadFirmwareFile(firmwarePath('uno', 'hello')),
      target(),
      { backupDir: tmp },
    ).result;
    expect(hello.ok).toBe(true);
    expect(hello.backupFile).toMatch(/uno_tty_.*_backup\.hex$/);
    expect(readdirSync(tmp)).toHaveLength(1);
    let seq = (await session.waitForLine(/^BANNER fw=hello/, BANNER_MS)).seq;

    const backup = await loadFirmwareFile(hello.backupFile!);
    expect(backup.start).toBe(0);
    expect(backup.end).toBeGreaterThanOrEqual(25326);
    const restored = await flasher.flashOne(backup, target()).result;
    expect(restored).toMatchObject({ ok: true, verified: true });
    seq = (await session.waitForLine(/^BANNER fw=big/, BANNER_MS, seq)).seq;
    expect((await session.waitForLine(/^TABLE /, BANNER_MS, seq)).text).toBe('TABLE OK crc=0f8b');
  });
});
