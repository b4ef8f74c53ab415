/**
 * `npm run bench:flash`: our flasher against avrdude on the same emulated board (real Optiboot,
 * default 4 ms page timing), the same big.hex, write + verify, runs alternating between the two.
 * Prints each run, the medians, the ratio to avrdude and to the UART floor (the image written and
 * read back at 115 200 baud 8N1, 10 bits per byte). Last line:
 * `RESULT time_vs_avrdude=<x> time_vs_floor=<x>` (our median time divided by theirs; ≤ 1 is the goal).
 *
 * BENCH_RUNS (default 3) and BENCH_BOARD (uno | mega2560, default uno) change the run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BOARDS, Flasher, loadFirmwareFile } from '../src-main/flash';
import {
  firmwarePath,
  startBoard,
  stopBoards,
  type BoardKind,
} from '../src-main/flash/testing/vboard';
import { PortLeases } from '../src-main/serial/SerialPortLease';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KIND = (process.env.BENCH_BOARD ?? 'uno') as BoardKind;
/** 115 200 baud, 8N1: 10 bits on the wire per byte. */
const UART_BYTES_PER_S = 115200 / 10;
/** Between runs, so each one starts from a port closed long enough to reset the board on open. */
const PAUSE_MS = 500;

const AVRDUDE_ARGS: Record<BoardKind, string[]> = {
  uno: ['-c', 'arduino', '-p', 'm328p'],
  // stk500boot_v2 answers chip erase with "failed": -D, as `vboard flash` does.
  mega2560: ['-c', 'wiring', '-p', 'm2560', '-D'],
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const s = (ms: number) => (ms / 1000).toFixed(2);

async function main(): Promise<void> {
  const hex = firmwarePath(KIND, 'big');
  const firmware = await loadFirmwareFile(hex);
  const board = await startBoard(KIND);
  const flasher = new Flasher({ leases: new PortLeases() });
  const ours: number[] = [];
  const theirs: number[] = [];
  try {
    const { stdout } = await run('avrdude', ['-v'], { encoding: 'utf8' }).catch(
      (e: { stderr?: string }) => ({ stdout: e.stderr ?? '' }),
    );
    const version = /Version ([\d.]+)/.exec(stdout)?.[1] ?? '?';
    console.log(
      `flash bench: ${board.kind} (${board.port}), ${hex.split('/').slice(-2).join('/')} ` +
        `${firmware.dataBytes} bytes, write + verify, ${RUNS} runs each; avrdude ${version}`,
    );
    for (let i = 0; i < RUNS; i++) {
      await sleep(PAUSE_MS);
      let t0 = performance.now();
      const job = flasher.flashOne(firmware, { path: board.port, board: BOARDS[KIND] });
      const r = await job.result;
      const mine = performance.now() - t0;
      if (!r.ok) throw new Error(`our flash failed: ${r.error.message} (${r.error.detail})`);
      ours.push(mine);

      await sleep(PAUSE_MS);
      t0 = performance.now();
      await run('avrdude', [
        ...AVRDUDE_ARGS[KIND],
        '-P',
        board.port,
        '-b',
        '115200',
        '-U',
        `flash:w:${hex}:i`,
      ]).catch((e: { stderr?: string }) => {
        throw new Error(`avrdude failed: ${e.stderr?.split('\n').slice(-5).join('\n')}`);
      });
      theirs.push(performance.now() - t0);
      console.log(`run ${i + 1}: ours ${s(mine)} s, avrdude ${s(theirs.at(-1)!)} s`);
    }
  } finally {
    await stopBoards(board);
  }

  const floorMs = ((2 * firmware.dataBytes) / UART_BYTES_PER_S) * 1000;
  const mOurs = median(ours);
  const mTheirs = median(theirs);
  console.log(
    `ours    min/median/max ${s(Math.min(...ours))} / ${s(mOurs)} / ${s(Math.max(...ours))} s`,
  );
  console.log(
    `avrdude min/median/max ${s(Math.min(...theirs))} / ${s(mTheirs)} / ${s(Math.max(...theirs))} s`,
  );
  console.log(
    `UART floor (2 × ${firmware.dataBytes} B at ${UART_BYTES_PER_S} B/s): ${s(floorMs)} s`,
  );
  console.log(
    `RESULT time_vs_avrdude=${(mOurs / mTheirs).toFixed(3)} time_vs_floor=${(mOurs / floorMs).toFixed(3)}`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
