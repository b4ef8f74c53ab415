/** Several boards at once: one batch, one job and one monitor per board, no cross-talk. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BOARDS, loadFirmwareFile, type FlashProgress } from '..';
import { firmwarePath, startBoard, type VirtualBoard } from '../testing/vboard';
import { avrFlashRig } from '../testing/avrFlashRig';

const BANNER_MS = 6000;

describe('several boards at once', { timeout: 40_000 }, () => {
  let unoA: VirtualBoard;
  let unoB: VirtualBoard;
  let mega: VirtualBoard;
  const rig = avrFlashRig();
  const { flasher, monitor } = rig;

  beforeAll(async () => {
    [unoA, unoB, mega] = await Promise.all([
      startBoard('uno', { spmUs: 0 }),
      startBoard('uno', { spmUs: 0 }),
      startBoard('mega2560', { spmUs: 0 }),
    ]);
  });

  afterAll(async () => {
    await rig.shutDown(unoA, unoB, mega);
  });

  test('two Unos flash big.hex in one batch, each with its own progress and result', async () => {
    const batch = flasher.flash(await loadFirmwareFile(firmwarePath('uno', 'big')), [
      { path: unoA.port, board: BOARDS.uno },
      { path: unoB.port, board: BOARDS.uno },
    ]);
    const seen = batch.jobs.map(() => [] as FlashProgress[]);
    batch.jobs.forEach((job, i) => job.onProgress((p) => seen[i]!.push(p)));
    const t0 = performance.now();
    const results = await batch.results;
    const elapsed = performance.now() - t0;
    expect(results.map((r) => [r.path, r.ok])).toEqual([
      [unoA.port, true],
      [unoB.port, true],
    ]);
    for (const s of seen) {
      expect(s.filter((p) => p.phase === 'writing').length).toBeGreaterThan(100);
      expect(s.at(-1)!.percent).toBe(100);
    }
    // In parallel: well under twice one flash (~5 s each with instant page writes).
    const longest = Math.max(...results.map((r) => r.durationMs));
    expect(elapsed).toBeLessThan(longest * 1.3);
  });

  test('monitors on an Uno and a Mega at once: each sees only its own board', async () => {
    await flasher.flash(await loadFirmwareFile(firmwarePath('mega2560', 'hello-v2')), [
      { path: mega.port, board: BOARDS.mega2560 },
    ]).results;
    const [a, m] = await Promise.all([
      monitor.open(unoA.port, { baudRate: 115200 }),
      monitor.open(mega.port, { baudRate: 115200, lineEnding: 'crlf' }),
    ]);
    const [la, lm] = await Promise.all([
      a.waitForLine(/^TABLE /, BANNER_MS),
      m.waitForLine(/^BANNER /, BANNER_MS),
    ]);
    expect(la.text).toBe('TABLE OK crc=0f8b');
    expect(lm.text).toBe('BANNER fw=hello version=2.0.0 mcu=atmega2560');

    await m.send('only-on-the-mega');
    await m.waitForLine(/^only-on-the-mega$/, 2000);
    await a.send('only-on-the-uno');
    await a.waitForLine(/^only-on-the-uno$/, 2000);
    expect(a.lines().some((l) => /atmega2560|only-on-the-mega/.test(l.text))).toBe(false);
    expect(m.lines().some((l) => /atmega328p|only-on-the-uno|TABLE/.test(l.text))).toBe(false);
    expect(monitor.list()).toHaveLength(2);
  });
});
