/**
 * `npm run bench:esp`: write + verify the virtual ESP's bench-1mb.bin (compressed, at 921 600
 * baud, MD5 verify) on the virtual ESP32 with datasheet flash timings, BENCH_RUNS (default 3)
 * runs. Times the write and verify phases (from the first compressed block to the MD5 match; the
 * connect, stub upload and baud change come before and are printed apart) against the UART
 * floor: the compressed bytes and the MD5 exchange crossing the wire at 921 600 baud, 10 bits per
 * byte. Espressif's esptool runs as the peer on the same board, side by side, when its source is
 * there: BENCH_ESPTOOL=<esptool source folder> (default /tmp/esptool-peer, a checkout of a v5
 * release outside the repo; never committed), run by BENCH_PYTHON (default /usr/bin/python3:
 * Debian's, with python3-serial, -intelhex, -click, -rich-click). Both are timed the same way,
 * the whole run (connect, stub, baud change, compressed write, MD5 verify, reset) as a
 * technician waits for it, and esptool's own "Wrote … in X seconds" for its write. Last line:
 * `RESULT esp_time_vs_floor=<x> [esp_time_vs_esptool=<y> esptool_write_vs_floor=<z>]`
 * (esp_time_vs_floor ≤ 1.2 is the goal; esp_time_vs_esptool < 1: faster than esptool).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EspFlasher } from '../src-main/flash/jobs/EspFlasher';
import { compressRegion } from '../src-main/flash/jobs/espSessionPlan';
import { readFixture, startEsp, stopEsps, vespFixture } from '../src-main/flash/testing/vesp';
import { PortLeases } from '../src-main/serial/SerialPortLease';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BAUD = 921600;
const WIRE_BYTES_PER_S = BAUD / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => (ms / 1000).toFixed(2);

const ESPTOOL = process.env.BENCH_ESPTOOL ?? '/tmp/esptool-peer';
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/**
 * esptool on the same board, BENCH_RUNS times: the RESULT fields it adds, or '' (with a line
 * saying why) when its source or Debian's modules are missing.
 */
async function esptoolPeer(port: string, floorMs: number, oursMs: number): Promise<string> {
  if (!existsSync(join(ESPTOOL, 'esptool', '__init__.py'))) {
    console.log(`esptool peer: no esptool source at ${ESPTOOL} (set BENCH_ESPTOOL): skipped`);
    return '';
  }
  try {
    await run(PYTHON, ['-c', 'import serial, intelhex, click, rich_click'], { encoding: 'utf8' });
  } catch {
    console.log(
      `esptool peer: ${PYTHON} lacks python3-serial/-intelhex/-click/-rich-click (Debian packages): skipped`,
    );
    return '';
  }
  const writes: number[] = [];
  const totals: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const t0 = performance.now();
    const { stdout } = await run(
      PYTHON,
      [
        '-m',
        'esptool',
        '--chip',
        'esp32',
        '-p',
        port,
        '-b',
        String(BAUD),
        'write-flash',
        '0x10000',
        vespFixture('esp32', 'bench-1mb.bin'),
      ],
      { env: { ...process.env, PYTHONPATH: ESPTOOL }, encoding: 'utf8' },
    );
    const total = performance.now() - t0;
    const took = Number(/ in ([\d.]+) seconds/.exec(stdout)?.[1] ?? NaN) * 1000;
    if (!/Hash of data verified/.test(stdout)) throw new Error(`esptool run ${i}: ${stdout}`);
    writes.push(took);
    totals.push(total);
    console.log(
      `esptool run ${i}: write ${s(took)} s (${(took / floorMs).toFixed(2)}× floor), whole run ${s(total)} s`,
    );
    await new Promise((res) => setTimeout(res, 300));
  }
  const theirs = median(totals);
  console.log(`whole runs (connect to verified): ours ${s(oursMs)} s, esptool ${s(theirs)} s`);
  return ` esp_time_vs_esptool=${(oursMs / theirs).toFixed(2)} esptool_write_vs_floor=${(median(writes) / floorMs).toFixed(2)}`;
}

async function main(): Promise<void> {
  const image = readFixture('esp32', 'bench-1mb.bin');
  const region = await compressRegion('bench-1mb.bin', 0x10000, image);
  // FLASH_DEFL_DATA: 16-byte header + 8-byte command header + 2 SLIP ENDs per 16 KB block, plus
  // the escapes of C0/DB in the data; MD5: request 8+16 and response 8+16+2 bytes, each framed.
  const blocks = Math.ceil(region.compressed.length / 0x4000);
  let escapes = 0;
  for (const b of region.compressed) if (b === 0xc0 || b === 0xdb) escapes++;
  const wireBytes = region.compressed.length + escapes + blocks * (24 + 2) + (24 + 2) + (26 + 2);
  const floorMs = (wireBytes / WIRE_BYTES_PER_S) * 1000;
  console.log(
    `image ${image.length} bytes, ${region.compressed.length} compressed; floor ${s(floorMs)} s (${wireBytes} bytes at ${BAUD} baud)`,
  );

  const board = await startEsp('esp32');
  const flasher = new EspFlasher({ leases: new PortLeases() });
  const plan = flasher.plan([{ name: 'bench-1mb.bin', data: image, offset: 0x10000 }]);
  const times: number[] = [];
  const wholeRuns: number[] = [];
  try {
    for (let i = 1; i <= RUNS; i++) {
      const job = flasher.flash([{ path: board.port }], plan)[0]!;
      const t0 = performance.now();
      let writeAt = 0;
      let doneAt = 0;
      job.onProgress((p) => {
        if (p.phase === 'writing' && !writeAt) writeAt = performance.now();
        if (p.phase === 'done') doneAt = performance.now();
      });
      const r = await job.result;
      if (!r.ok || !r.verified) throw new Error(`run ${i} failed: ${JSON.stringify(r)}`);
      const ms = doneAt - writeAt;
      times.push(ms);
      wholeRuns.push(performance.now() - t0);
      console.log(
        `run ${i}: write+verify ${s(ms)} s (${(ms / floorMs).toFixed(2)}× floor), connect+stub+baud ${s(writeAt - t0)} s`,
      );
      await new Promise((res) => setTimeout(res, 300));
    }
    const peer = await esptoolPeer(board.port, floorMs, median(wholeRuns));
    const m = median(times);
    console.log(`median write+verify ${s(m)} s, floor ${s(floorMs)} s`);
    console.log(`RESULT esp_time_vs_floor=${(m / floorMs).toFixed(2)}${peer}`);
  } finally {
    await stopEsps(board);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
