/**
 * Hand-over with re-provisioning over USB (issue 17): a virtual ESP32 commissioned on this laptop
 * (flashed, identity in NVS, joined) is handed over to a SECOND headless instance of this app as
 * the production server. The hand-over re-issues its credential, finds its board on a port
 * connected now (the commissioning record's port, the ROM loader's MAC), writes the new server's
 * address and the new credential into its NVS partition through the commissioning provisioner
 * (MD5-verified), boots it, and records it connecting there. A device whose board is not
 * connected is told what is left to do, in words.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessProcess, TEST_HEADLESS_ARGS } from '../app/testing/headlessProcess';
import { Studio } from '../app/Studio';
import type { HandoverJob } from '../contract';
import { startEsp, stopEsps, type VirtualEsp } from '../provision/testing/vesp';
import { TCP_ONLY_LISTENERS } from '../transports/testing/brokerFixture';
import { esp32Firmware } from '../commission/testing/esp32Firmware';

const root = join(import.meta.dirname, '..', '..');

describe('hand-over re-provisions boards over USB (virtual ESP32)', { timeout: 180_000 }, () => {
  let dir: string;
  let studio: Studio;
  let board: VirtualEsp;
  let target: ChildProcess;
  let targetDir: string;
  let base: string;
  let token: string;
  let targetTcp: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iotmp-handover-usb-'));
    targetDir = mkdtempSync(join(tmpdir(), 'iotmp-handover-usb-target-'));
    const [started, s, b] = await Promise.all([
      startHeadlessProcess(root, ['--data-dir', targetDir, ...TEST_HEADLESS_ARGS], 60_000),
      Studio.start({
        dataDir: dir,
        listeners: TCP_ONLY_LISTENERS,
        scryptCost: { logN: 10, r: 8, p: 1 },
      }),
      startEsp('esp32', '--flash-time-scale', '0', '--mac', '24:0a:c4:00:17:01'),
    ]);
    target = started.child;
    studio = s;
    board = b;
    const url = new URL(started.lines.find((l) => l.startsWith('console: '))!.slice(9));
    base = url.origin;
    token = url.searchParams.get('token')!;
    targetTcp = Number(/tcp:\/\/127\.0\.0\.1:(\d+)/.exec(started.lines.join('\n'))![1]);
  }, 90_000);

  afterAll(async () => {
    await studio?.stop();
    await stopEsps(board);
    if (target && target.exitCode === null) {
      target.kill('SIGTERM');
      await new Promise((r) => target.once('exit', r));
    }
    for (const d of [dir, targetDir]) if (d) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('writes the new server and credential into the board connected now, and sees it connect there', async () => {
    // Commissioned here first: flashed, identity in NVS, joined this laptop's broker.
    await studio.serial.watcher.addManualPort(board.port);
    const run = await studio.commission.start({
      plan: {
        name: 'Sensor node',
        target: { kind: 'esp', chip: 'esp32' },
        firmware: esp32Firmware(),
        identity: { pattern: 'node-{n}' },
        broker: { host: '127.0.0.1', port: studio.broker.port('tcp')! },
        provisioning: 'nvs',
        joinTimeoutS: 45,
        checks: { inputs: false, types: { temperature: 'number' } },
      },
      ports: [{ path: board.port }],
      site: 'Plant 17',
      technician: 'Ana',
    });
    const [record] = await run.done;
    expect(record!.error).toBeNull();
    expect(record!.identity).toEqual({ user: 'studio', device: 'node-1' });
    // A second device of the site whose board is not plugged in.
    await studio.broker.devices.add('studio', 'node-2', { name: 'node-2' });
    studio.commission.store.putRecord({
      ...record!,
      id: `${record!.id}-2`,
      identity: { user: 'studio', device: 'node-2' },
      board: { ...record!.board, port: '/dev/ttyUSB-not-here', mac: '24:0a:c4:00:17:02' },
    });
    expect(studio.commission.boardConnected('studio', 'node-1')?.path).toBe(board.port);
    expect(studio.commission.boardConnected('studio', 'node-2')).toBeNull();
    // What the hand-over dialog offers: the boards connected now.
    expect(studio.handover.boards('Plant 17')).toEqual([
      { user: 'studio', device: 'node-1', port: board.port },
    ]);

    const jobs: HandoverJob[] = [];
    const off = studio.handover.events.on('job', (j) => jobs.push(j));
    const started = studio.handover.start({
      target: base,
      token,
      site: 'Plant 17',
      credentials: {},
      watchSeconds: 120,
      reprovisionUsb: true,
      deviceAddress: { host: '127.0.0.1', port: targetTcp },
    });
    const row = (device: string) => jobs.at(-1)?.devices.find((d) => d.device === device) ?? null;
    // While it runs, the panel says what is being done to the board.
    await expect
      .poll(() => jobs.some((j) => j.devices.some((d) => d.reprovisioning?.state === 'running')), {
        timeout: 60_000,
      })
      .toBe(true);
    await expect
      .poll(() => row('node-1')?.reconnectedAt ?? null, { timeout: 90_000 })
      .not.toBeNull();
    const one = row('node-1')!;
    expect(one.credential).toBe('reissued');
    expect(one.created).toBe('created');
    expect(one.reprovisioning).toMatchObject({ state: 'done' });
    expect(one.reprovisioning!.detail).toContain(`re-provisioned over USB on ${board.port}`);
    expect(one.reprovisioning!.detail).toContain(`127.0.0.1:${targetTcp}`);
    expect(one.reprovisioning!.detail).toMatch(/verified by MD5/);
    expect(one.reprovisioning!.detail).not.toContain(one.newCredential!);
    const two = row('node-2')!;
    expect(two.reprovisioning).toEqual({
      state: 'left',
      detail:
        'its board (commissioned on /dev/ttyUSB-not-here) is not connected: connect it over USB and hand over again, or provision it by hand',
    });
    expect(two.reconnectedAt).toBeNull();

    // The production server sees the board online, with the credential issued for the cutover.
    const res = await fetch(`${base}/v1/users/studio/devices/node-1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await res.json()) as { connection: { active: boolean } }).connection.active).toBe(
      true,
    );
    // Its old server no longer has it.
    expect(studio.broker.broker.registry.get('studio/node-1')?.online ?? false).toBe(false);

    studio.handover.cancel(started.id);
    await expect.poll(() => jobs.at(-1)?.finishedAt ?? null, { timeout: 20_000 }).not.toBeNull();
    off();
  });
});
