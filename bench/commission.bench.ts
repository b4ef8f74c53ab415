/**
 * `npm run bench:commission`: a blank virtual ESP32 (datasheet flash timings, strict baud) taken
 * to a certificate with a 1 MB IoTMP firmware: identify, flash (ROM loader, MD5 verify), NVS
 * identity, join, generated checks, record, certificate PDF. Median of BENCH_RUNS (default 3)
 * single-board runs, then one batch of 4 boards at once. Goals (issue 19): ≤ 30 s per board, a
 * batch of 4 in ≤ 1.3× one board's time. Last line:
 * `RESULT commission_s=<median one board> batch4_vs_one=<batch time / median>`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Studio } from '../src-main/app/Studio';
import type { CommissionPlanInput, CommissionRecord } from '../src-main/contract/commissionSchemas';
import { certificatePdf } from '../src-main/commission/certificate/certificates';
import {
  startEsp,
  stopEsps,
  VESP,
  VESP_FIXTURES,
  type VirtualEsp,
} from '../src-main/provision/testing/vesp';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BATCH = 4;
/**
 * The emulator's flash erase/program time factor (1 = datasheet typical). On a loaded machine the
 * emulated chip falls behind wall time and the flasher's block timeouts fire: BENCH_FLASH_SCALE=0
 * keeps the UART (the real bottleneck at 921 600 baud) and drops the erase waits.
 */
const FLASH_SCALE = process.env.BENCH_FLASH_SCALE ?? '1';
const FW = `${VESP_FIXTURES}esp32/`;

/** The fixture sensor's resources, in an app image padded to 1 MB like a real build. */
const PROFILE = {
  behaviour: 'iotmp-device',
  name: 'bench-sensor',
  version: '1.0.0',
  resources: [
    {
      name: 'temperature',
      fn: 'output',
      type: 'number',
      wave: { base: 21.5, amplitude: 1.5, period_s: 30 },
    },
    { name: 'led', fn: 'input', type: 'bool', initial: false },
    { name: 'led_state', fn: 'output', type: 'bool', mirror: 'led' },
    { name: 'settings', fn: 'input_output', type: 'map', initial: { interval_s: 5, unit: 'C' } },
    { name: 'reboot', fn: 'run' },
  ],
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => (ms / 1000).toFixed(2);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iotmp-bench-commission-'));
  const app = join(dir, 'bench-sensor-1mb.bin');
  await run('python3', [
    VESP,
    'image',
    app,
    '--profile',
    JSON.stringify(PROFILE),
    '--size',
    String(1024 * 1024),
  ]);
  const studio = await Studio.start({
    dataDir: dir,
    listeners: {
      tcp: { host: '127.0.0.1', port: 0 },
      tcpLegacy: null,
      tls: null,
      wss: null,
      ws: null,
    },
  });
  const plan: CommissionPlanInput = {
    name: 'Bench sensor',
    target: { kind: 'esp', chip: 'esp32' },
    firmware: [
      { file: `${FW}bootloader.bin`, offset: 0x1000 },
      { file: `${FW}partitions.bin`, offset: 0x8000 },
      { file: app, offset: 0x10000 },
    ],
    identity: { pattern: 'bench-{n:3}' },
    broker: { host: '127.0.0.1', port: studio.broker.port('tcp')! },
    provisioning: 'nvs',
    checks: {
      types: { temperature: 'number' },
      ranges: [{ resource: 'temperature', min: -20, max: 60 }],
    },
  };
  const boards: VirtualEsp[] = [];
  let mac = 0x10;
  const blank = async () => {
    const b = await startEsp(
      'esp32',
      '--mac',
      `24:0a:c4:00:01:${(mac++).toString(16).padStart(2, '0')}`,
    );
    boards.push(b);
    return b;
  };
  /** Blank boards to certificates: the time from Start to the last PDF. */
  const commission = async (n: number): Promise<{ ms: number; records: CommissionRecord[] }> => {
    const fresh = await Promise.all(Array.from({ length: n }, blank));
    const t0 = performance.now();
    const r = await studio.commission.start({
      plan,
      ports: fresh.map((b) => ({ path: b.port })),
      site: 'Bench',
      technician: 'bench',
    });
    const records = await r.done;
    await Promise.all(records.map((rec) => certificatePdf(rec)));
    const ms = performance.now() - t0;
    for (const rec of records)
      if (rec.status !== 'pass')
        throw new Error(`${rec.board.port}: ${rec.stoppedAt}: ${rec.error}`);
    return { ms, records };
  };
  try {
    console.log(
      `commission bench: virtual ESP32, ${statSync(app).size} B app + bootloader + partition table, flash timing ×${FLASH_SCALE} of the datasheet; ${RUNS} single runs, then ${BATCH} boards at once`,
    );
    const singles: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { ms, records } = await commission(1);
      const steps = records[0]!.steps
        .filter((st) => st.startedAt !== null && st.endedAt !== null)
        .map((st) => `${st.step} ${s(st.endedAt! - st.startedAt!)}`)
        .join(', ');
      console.log(`run ${i + 1}: ${s(ms)} s (${steps})`);
      singles.push(ms);
      await stopEsps(...boards.splice(0));
    }
    const one = median(singles);
    const batch = await commission(BATCH);
    console.log(`batch of ${BATCH}: ${s(batch.ms)} s, all passed`);
    console.log(
      `median one board: ${s(one)} s (goal ≤ 30 s); batch of ${BATCH} / one: ${(batch.ms / one).toFixed(2)} (goal ≤ 1.3)`,
    );
    console.log(`RESULT commission_s=${s(one)} batch4_vs_one=${(batch.ms / one).toFixed(2)}`);
  } finally {
    await studio.stop();
    await stopEsps(...boards);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
