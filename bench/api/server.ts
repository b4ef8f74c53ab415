/**
 * bench:api's app side: a Studio (temp data folder, IoTMP over TCP on 127.0.0.1) with
 * BENCH_DEVICES simulated thermostats online, and the management API over it with a small web
 * console folder.
 * Says `ready` with the API's port and token; stops on `stop`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiHttp } from '../../src-main/api/http';
import { Studio } from '../../src-main/app/Studio';
import { preset } from '../../src-main/simulator/presets';
import { SimulatedDevice } from '../../src-main/simulator/SimulatedDevice';
import { serveBenchCommands } from '../broker/child';
import { TCP_ONLY_LISTENERS } from '../../src-main/transports/testing/brokerFixture';

const TOKEN = 'bench-api-token';
const CONSOLE_KIB = Number(process.env.BENCH_CONSOLE_KIB ?? 32);
const dir = mkdtempSync(join(tmpdir(), 'iotmp-bench-api-'));
const consoleDir = join(dir, 'console');
mkdirSync(join(consoleDir, 'assets'), { recursive: true });
writeFileSync(
  join(consoleDir, 'index.html'),
  '<!doctype html><html><head><script type="module" src="/assets/index-bench.js"></script></head><body><div id="root"></div></body></html>\n',
);
// A console file (the built console's are larger: one 2.8 MB script, an 87 KB stylesheet).
writeFileSync(
  join(consoleDir, 'assets', 'index-bench.js'),
  `export const x = ${JSON.stringify('x'.repeat(CONSOLE_KIB * 1024))};\n`,
);

const studio = await Studio.start({
  dataDir: join(dir, 'data'),
  listeners: TCP_ONLY_LISTENERS,
});
const thermostat = preset('demo').profiles.find((p) => p.name === 'thermostat')!;
const devices: SimulatedDevice[] = [];
for (let n = 0; n < Number(process.env.BENCH_DEVICES ?? 16); n++) {
  await studio.broker.devices.add('site', `thermo-${n}`, { credential: 'pw' });
  const device = new SimulatedDevice({
    host: '127.0.0.1',
    port: studio.broker.port('tcp')!,
    transport: 'tcp',
    user: 'site',
    device: `thermo-${n}`,
    credential: 'pw',
    profile: thermostat,
  });
  device.start();
  devices.push(device);
}
for (const d of devices) await d.waitForState('online', AbortSignal.timeout(60_000));
const http = await startApiHttp({ api: studio.api(), token: TOKEN, port: 0, consoleDir });

serveBenchCommands<{ cmd: 'stop' }>(
  async () => {
    await http.close();
    await Promise.all(devices.map((d) => d.stop()));
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
    setImmediate(() => process.exit(0));
  },
  { port: http.port, token: TOKEN },
);
