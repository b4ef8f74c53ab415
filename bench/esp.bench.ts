/**
 * `npm run bench:esp`: write + verify the virtual ESP's bench-1mb.bin (compressed, at 921 600
 * baud, MD5 verify) on the virtual ESP32 with datasheet flash timings, BENCH_RUNS (default 3)
 * runs. Times the write and verify phases (from the first compressed block to the MD5 match; the
 * connect, stub upload and baud change come before and are printed apart) against the UART
 * floor: the compressed bytes and the MD5 exchange crossing the wire at 921 600 baud, 10 bits per
 * byte. With BENCH_ESPTOOL=<esptool source folder> it also runs Espressif's esptool (Debian's
 * python3-serial; BENCH_PYTHON=/usr/bin/python3 picks Debian's interpreter) on the same board and
 * prints its ratio. Last line:
 * `RESULT esp_time_vs_floor=<x>` (≤ 1.2 is the goal).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EspFlasher } from '../src-main/flash/jobs/EspFlasher';
import { compressRegion } from '../src-main/flash/jobs/EspJob';
import { readFixture, startEsp, stopEsps, vespFixture } from '../src-main/flash/testing/vesp';
import { PortLeases } from '../src-main/serial/SerialPortLease';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BAUD = 921600;
const WIRE_BYTES_PER_S = BAUD / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => (ms / 1000).toFixed(2);

async function main(): Promise<void> {
  const image = readFixture('esp32', 'bench-1mb.bin');
  const region = compressRegion('bench-1mb.bin', 0x10000, image);
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
      console.log(
        `run ${i}: write+verify ${s(ms)} s (${(ms / floorMs).toFixed(2)}× floor), connect+stub+baud ${s(writeAt - t0)} s`,
      );
      await new Promise((res) => setTimeout(res, 300));
    }
    let peer = '';
    const esptool = process.env.BENCH_ESPTOOL;
    if (esptool) {
      const t0 = performance.now();
      // Debian's python3 (with python3-serial), not a pyenv shim earlier on PATH.
      const { stdout } = await run(
        process.env.BENCH_PYTHON ?? 'python3',
        [
          '-m',
          'esptool',
          '--chip',
          'esp32',
          '-p',
          board.port,
          '-b',
          String(BAUD),
          'write-flash',
          '0x10000',
          vespFixture('esp32', 'bench-1mb.bin'),
        ],
        { env: { ...process.env, PYTHONPATH: esptool }, encoding: 'utf8' },
      );
      const total = performance.now() - t0;
      const took = Number(
        /compressed\) at 0x[0-9a-f]+ in ([\d.]+) seconds/.exec(stdout)?.[1] ?? NaN,
      );
      console.log(
        `esptool: write ${took.toFixed(2)} s (${((took * 1000) / floorMs).toFixed(2)}× floor), whole run with connect and verify ${s(total)} s`,
      );
      peer = ` esptool_write_vs_floor=${((took * 1000) / floorMs).toFixed(2)}`;
    }
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
