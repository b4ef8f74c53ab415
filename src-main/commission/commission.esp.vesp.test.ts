/**
 * Commissioning ESP32 boards end to end on the virtual ESP (../shared/tools/virtual-esp): its
 * IoTMP device app reads the identity from the real ESP-IDF NVS format, boots, dials the broker on
 * 127.0.0.1 and serves resources. The app's own ROM-loader flasher writes it over the pty.
 * Blank board → plan → flash → NVS identity → join → checks →
 * certificate; the faulty firmware fails naming the resource; a wrong credential is diagnosed;
 * four boards in one batch.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Studio } from '../app/Studio';
import type { CommissionPlanInput } from '../contract/commissionSchemas';
import { buildNvsImage } from '../provision/protocol';
import { startEsp, stopEsps, type VirtualEsp } from '../provision/testing/vesp';
import { certificatePdf } from './certificate/certificates';
import type { CommissionRun } from './CommissionRun';
import { TCP_ONLY_LISTENERS } from '../transports/testing/brokerFixture';
import { ESP32_FIXTURES, esp32Firmware } from './testing/esp32Firmware';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The technician at the bench: confirms writes and passes manual checks as they come. */
function technician(run: CommissionRun): void {
  const seen = new Set<string>();
  run.onChange((r) => {
    for (const p of r.info().prompts) {
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      queueMicrotask(() =>
        r.answer(
          p.id,
          p.kind === 'confirm'
            ? { kind: 'confirm', confirmed: true }
            : { kind: 'manual', verdict: 'pass', note: 'LED blinked' },
        ),
      );
    }
  });
}

describe('commissioning ESP32 boards (virtual ESP)', { timeout: 120_000 }, () => {
  let dir: string;
  let studio: Studio;
  const boards: VirtualEsp[] = [];
  let plan: (over?: Partial<CommissionPlanInput>) => CommissionPlanInput;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iotmp-commission-esp-'));
    studio = await Studio.start({
      dataDir: dir,
      listeners: TCP_ONLY_LISTENERS,
      scryptCost: { logN: 10, r: 8, p: 1 },
    });
    const port = studio.broker.port('tcp')!;
    plan = (over = {}) => ({
      name: 'Sensor node',
      target: { kind: 'esp', chip: 'esp32' },
      firmware: esp32Firmware(),
      identity: { pattern: 'node-{n}' },
      broker: { host: '127.0.0.1', port },
      provisioning: 'nvs',
      joinTimeoutS: 30,
      checks: {
        types: { temperature: 'number' },
        ranges: [{ resource: 'temperature', min: -20, max: 60 }],
        roundTrips: [{ input: 'led', output: 'led_state', value: true }],
        manual: [{ id: 'blink', prompt: 'The LED blinked' }],
      },
      ...over,
    });
  });

  afterAll(async () => {
    await studio?.stop();
    await stopEsps(...boards);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const nvsFor = async (device: string, credential: string) => {
    const file = join(dir, `${device}.nvs.bin`);
    writeFileSync(
      file,
      buildNvsImage(
        { host: '127.0.0.1', port: studio.broker.port('tcp')!, user: 'studio', device, credential },
        { size: 0x6000 },
      ),
    );
    return file;
  };

  const blank = async (mac?: string) => {
    const b = await startEsp('esp32', '--flash-time-scale', '0', ...(mac ? ['--mac', mac] : []));
    boards.push(b);
    return b;
  };

  it('a blank ESP32: flashed, identity in NVS, joins, checks pass, certificate PDF says so', async () => {
    const b = await blank();
    const run = await studio.commission.start({
      plan: plan(),
      ports: [{ path: b.port }],
      site: 'Plant 1',
      technician: 'Ana',
    });
    technician(run);
    const [r] = await run.done;
    expect(r!.error).toBeNull();
    expect(r!.status).toBe('pass');
    expect(r!.identity).toEqual({ user: 'studio', device: 'node-1' });
    expect(r!.board).toMatchObject({
      chip: 'ESP32',
      mac: '24:0a:c4:12:34:56',
      board: 'esp32',
    });
    expect(r!.firmware.verified).toBe(true);
    expect(r!.provisioning.readBack).toMatchObject({ device: 'node-1', credential: '********' });
    expect(r!.join).toMatchObject({
      transport: 'tcp',
      remoteAddress: '127.0.0.1',
      diagnosis: null,
    });
    expect(r!.join!.serialTail.length).toBeGreaterThan(0);
    expect(r!.checks.map((c) => [c.id, c.status])).toEqual(
      expect.arrayContaining([
        ['rtt', 'pass'],
        ['output:temperature', 'pass'],
        ['input:led', 'pass'],
        ['roundtrip:0:led', 'pass'],
        ['manual:blink', 'pass'],
      ]),
    );
    expect(r!.registryState).toMatch(/node-1 registered; the board holds its credential/);
    const file = join(dir, 'node-1.pdf');
    writeFileSync(file, await certificatePdf(r!));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('PASS');
    expect(text).toContain('node-1');
    expect(text).toContain(sha(`${ESP32_FIXTURES}iotmp-sensor.bin`));
  });

  it('the faulty firmware fails, naming the resource and the measured against the expected value', async () => {
    const b = await blank('24:0a:c4:00:00:02');
    const run = await studio.commission.start({
      plan: plan({
        firmware: esp32Firmware(`${ESP32_FIXTURES}iotmp-faulty.bin`),
        checks: {
          types: { temperature: 'number' },
          roundTrips: [{ input: 'led', output: 'led_state', value: true }],
        },
      }),
      ports: [{ path: b.port }],
      site: 'Plant 1',
      technician: 'Ana',
    });
    technician(run);
    const [r] = await run.done;
    expect(r!.status).toBe('fail');
    expect(r!.stoppedAt).toBe('check');
    const stuck = r!.checks.find((c) => c.id === 'roundtrip:0:led')!;
    expect(stuck).toMatchObject({ status: 'fail', measured: 'false', expected: 'true' });
    expect(stuck.note).toBe('led_state: expected true after writing led, measured false');
    const type = r!.checks.find((c) => c.id === 'output:temperature')!;
    expect(type.status).toBe('fail');
    expect(type.note).toMatch(/^temperature: expected a number, measured a string \("2\d\.\d+"\)$/);
    expect(r!.error).toMatch(/led_state: expected true after writing led, measured false/);
  });

  it('a board holding a wrong credential: "rejected: wrong credential from 127.0.0.1"', async () => {
    await studio.broker.devices.add('studio', 'pump-7', { credential: 'the-right-one' });
    const nvs = join(dir, 'wrong.bin');
    writeFileSync(
      nvs,
      buildNvsImage(
        {
          host: '127.0.0.1',
          port: studio.broker.port('tcp')!,
          user: 'studio',
          device: 'pump-7',
          credential: 'an-old-one',
        },
        { size: 0x6000 },
      ),
    );
    const b = await startEsp(
      'esp32',
      '--flash-time-scale',
      '0',
      '--app',
      `${ESP32_FIXTURES}iotmp-sensor.bin`,
      '--nvs',
      nvs,
    );
    boards.push(b);
    const run = await studio.commission.start({
      plan: plan({
        firmware: [],
        provisioning: 'none',
        identity: { pattern: 'pump-7', onExisting: 'reuse' },
      }),
      ports: [{ path: b.port }],
      site: 'Plant 1',
      technician: 'Ana',
    });
    const [r] = await run.done;
    expect(r!.status).toBe('fail');
    expect(r!.stoppedAt).toBe('join');
    expect(r!.join!.diagnosis).toMatch(/^rejected: wrong credential from 127\.0\.0\.1/);
    expect(r!.error).toMatch(/^rejected: wrong credential from 127\.0\.0\.1.*last serial lines:/);
  });

  it("re-running a site's checks: the commissioned device is checked again, nothing written", async () => {
    const run = studio.commission.recheck('Plant 1', { user: 'studio', device: 'node-1' });
    technician(run);
    const [r] = await run.done;
    expect(r!.status).toBe('pass');
    expect(r!.steps.filter((s) => s.status === 'passed').map((s) => s.step)).toEqual([
      'check',
      'record',
    ]);
    expect(r!.checks.find((c) => c.id === 'roundtrip:0:led')!.status).toBe('pass');
  });

  it('the broker not listening where the plan says, and a board that joins as someone else', async () => {
    const b = await startEsp(
      'esp32',
      '--flash-time-scale',
      '0',
      '--app',
      `${ESP32_FIXTURES}iotmp-sensor.bin`,
      '--nvs',
      await nvsFor('other-1', 'secret-1'),
    );
    boards.push(b);
    await studio.broker.devices.add('studio', 'other-1', { credential: 'secret-1' });
    const wrongPort = await studio.commission.start({
      plan: plan({
        firmware: [],
        provisioning: 'none',
        identity: { pattern: 'pump-9' },
        broker: { host: '127.0.0.1', port: 1 },
      }),
      ports: [{ path: b.port }],
      site: 'Plant 1',
      technician: 'Ana',
    });
    const [w] = await wrongPort.done;
    expect(w!.error).toBe(
      'the broker is not listening on 127.0.0.1:1, the address the plan gives devices: start its TCP listener on that port or change the plan',
    );
    const other = await studio.commission.start({
      plan: plan({
        firmware: [],
        provisioning: 'none',
        identity: { pattern: 'pump-9' },
        joinTimeoutS: 5,
      }),
      ports: [{ path: b.port }],
      site: 'Plant 1',
      technician: 'Ana',
    });
    const [o] = await other.done;
    expect(o!.stoppedAt, o!.join!.diagnosis ?? '').toBe('join');
    // Other boards of this suite retry too (pump-7's wrong credential, under load it may come
    // first): the diagnosis lists what came meanwhile, other-1's connection among it.
    expect(o!.join!.diagnosis).toMatch(/; meanwhile (.*, )?studio\/other-1 connected from /);
    expect(o!.join!.diagnosis).toMatch(
      /^no connection attempt as studio\/pump-9 seen in 5 s: check Wi-Fi and the broker address 127\.0\.0\.1:\d+; meanwhile .*\(a board with another identity\?\)$/,
    );
  });

  it('four boards in one batch: each its own row, identity and record', async () => {
    const four = await Promise.all([3, 4, 5, 6].map((i) => blank(`24:0a:c4:00:00:0${i}`)));
    const run = await studio.commission.start({
      plan: plan({
        identity: { pattern: 'node-{mac6}' },
        // Four emulated boards on two shared cores: the round trip is not what this test is about.
        checks: { types: { temperature: 'number' }, maxRttMs: 10_000 },
      }),
      ports: four.map((b) => ({ path: b.port })),
      site: 'Plant 2',
      technician: 'Ana',
    });
    expect(run.info().boards).toHaveLength(4);
    const records = await run.done;
    expect(
      records.map((r) => [r.identity?.device, r.status, r.error]),
      JSON.stringify(records.map((r) => r.steps)),
    ).toEqual([3, 4, 5, 6].map((i) => [`node-00000${i}`, 'pass', null]));
    expect(studio.commission.store.sites().find((s) => s.site === 'Plant 2')).toMatchObject({
      devices: 4,
      passed: 4,
    });
  });
});
