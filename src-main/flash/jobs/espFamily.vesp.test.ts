/**
 * The other chips and the other operations on the virtual ESP: ESP32-S3 and ESP8266 flashed and
 * booting, a full-flash backup restored byte for byte, erase, a corrupt image refused before any
 * port is opened, the port gone mid-write, and two boards at once. 1 MB flashes and
 * --flash-time-scale 0 keep the reads and erases short.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { PortLeases } from '../../serial/SerialPortLease';
import { trackingOpener } from '../testing/vboard';
import {
  dumpFlash,
  espStatus,
  expectLine,
  readFixture,
  vespFixture as readFixturePath,
  startEsp,
  stopEsps,
  type EspKind,
  type VirtualEsp,
  type VespOptions,
} from '../testing/vesp';
import { writeEspBackup } from '../espBackup';
import { EspFlasher } from './EspFlasher';
import type { EspJob } from './EspJob';

describe('ESP family on the virtual ESP', { timeout: 90_000 }, () => {
  const boards: VirtualEsp[] = [];
  const leases = new PortLeases();
  const opener = trackingOpener();
  const flasher = new EspFlasher({ leases, open: opener.open });
  const tmp = mkdtempSync(join(tmpdir(), 'iotmp-esp-'));

  const start = async (chip: EspKind, options: VespOptions = {}) => {
    const b = await startEsp(chip, { flashTimeScale: 0, ...options });
    boards.push(b);
    return b;
  };
  const exportOf = (chip: EspKind, app = 'hello.bin') =>
    flasher.plan([
      { name: 'sketch.ino.bootloader.bin', data: readFixture(chip, 'bootloader.bin') },
      { name: 'sketch.ino.partitions.bin', data: readFixture(chip, 'partitions.bin') },
      { name: 'sketch.ino.bin', data: readFixture(chip, app) },
    ]);

  afterAll(async () => {
    await stopEsps(...boards);
    rmSync(tmp, { recursive: true, force: true });
    expect(leases.size).toBe(0);
    expect(opener.live()).toBe(0);
  });

  test('ESP32-S3: identified, an Arduino export (bootloader at 0x0) boots', async () => {
    const b = await start('esp32s3');
    const id = await flasher.identify({ path: b.port });
    expect(id).toMatchObject({
      ok: true,
      facts: { chip: 'esp32s3', mac: b.mac, flashSize: 4 * 1048576 },
    });
    const plan = exportOf('esp32s3', 'hello-v2.bin');
    expect(plan.regions[0]!.offset).toBe(0);
    const r = await flasher.flash([{ path: b.port }], plan)[0]!.result;
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, verified: true, baudRate: 921600 });
    expect(await expectLine(b, 'fw=')).toMatch(/fw=hello version=2\.0\.0 chip=esp32s3/);
  });

  test('ESP8266: identified (26 MHz crystal), its image at 0x0 boots', async () => {
    const b = await start('esp8266');
    const plan = flasher.plan([
      { name: 'firmware.bin', data: readFixture('esp8266', 'hello.bin') },
    ]);
    const r = await flasher.flash([{ path: b.port }], plan)[0]!.result;
    expect(r, JSON.stringify(r)).toMatchObject({
      ok: true,
      verified: true,
      facts: { chip: 'esp8266', name: 'ESP8266', mac: b.mac, crystalMhz: 26 },
    });
    expect(await dumpFlash(b, 0, 3984)).toEqual(readFixture('esp8266', 'hello.bin'));
    expect(await expectLine(b, 'fw=')).toMatch(/fw=hello version=1\.0\.0 chip=esp8266/);
  });

  test('backup before writing, then restore: the flash is byte for byte what it was', async () => {
    // 1 MB keeps the read short (~12 s at 921600); the app alone (no partition table) fits it.
    const b = await start('esp32', {
      flashSize: '1MB',
      preload: { 0x10000: readFixturePath('esp32', 'hello.bin') },
    });
    const before = await dumpFlash(b, 0, b.flashSize);
    const plan = flasher.plan([
      { name: 'hello-v2.bin', data: readFixture('esp32', 'hello-v2.bin') },
    ]);
    const job = flasher.flash([{ path: b.port }], plan, { backupDir: tmp })[0]!;
    const r = await job.result;
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, verified: true });
    if (!r.ok) return;
    expect(r.backupFile).toMatch(/esp32_240ac4123456_.*_backup\.bin$/);
    expect(new Uint8Array(readFileSync(r.backupFile!))).toEqual(before);
    const meta = JSON.parse(readFileSync(r.backupFile!.replace(/\.bin$/, '.json'), 'utf8'));
    expect(meta).toMatchObject({ chip: 'esp32', mac: b.mac, flashSize: 1048576 });
    expect(Date.parse(meta.date)).toBeGreaterThan(0);
    expect(await dumpFlash(b, 0, b.flashSize)).not.toEqual(before);

    const restore = await (await flasher.restore({ path: b.port }, r.backupFile!)).result;
    expect(restore, JSON.stringify(restore)).toMatchObject({ ok: true, verified: true });
    expect(await dumpFlash(b, 0, b.flashSize)).toEqual(before);
  });

  test('a partition table larger than the flash is refused before writing', async () => {
    const b = await start('esp32', { flashSize: '1MB' });
    const r = await flasher.flash([{ path: b.port }], exportOf('esp32'))[0]!.result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('IMAGE_TOO_LARGE');
    expect(r.error.message).toContain('"factory" ends at 0x200000, past this board\'s 1 MB flash');
  });

  test('a restore onto another chip family is refused before writing', async () => {
    const b = await start('esp8266');
    const file = readdirSync(tmp).find((f) => f.endsWith('.bin'))!;
    const r = await (await flasher.restore({ path: b.port }, join(tmp, file))).result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'WRONG_CHIP', phase: 'checking' });
  });

  test('a backup larger than the flash is refused before writing', async () => {
    // A 4 MB backup of an ESP32 (made here, hashes and all) onto a 1 MB ESP32.
    const file = writeEspBackup(tmp, new Uint8Array(4 * 1048576).fill(0xff), {
      chip: 'esp32',
      chipName: 'ESP32',
      mac: '24:0a:c4:00:00:01',
      flashId: 'ef4016',
      date: '2026-01-01T00:00:00.000Z',
      port: '/dev/ttyUSB0',
      serialNumber: null,
    });
    const b = await start('esp32', { flashSize: '1MB' });
    const r = await (await flasher.restore({ path: b.port }, file)).result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      message: 'this backup holds 4 MB of flash, this board has 1 MB: nothing was written',
    });
    expect(await espStatus(b)).toMatchObject({ flash: { bytes_programmed: 0 } });
    rmSync(file);
    rmSync(file.replace(/\.bin$/, '.json'));
  });

  test('erase a region, then the whole flash', async () => {
    const b = await start('esp32', {
      flashSize: '1MB',
      app: readFixturePath('esp32', 'hello.bin'),
    });
    const region = await flasher.erase({ path: b.port }, { offset: 0x10000, length: 0x1000 })
      .result;
    expect(region, JSON.stringify(region)).toMatchObject({ ok: true, erased: true });
    expect((await dumpFlash(b, 0x10000, 0x1000)).every((x) => x === 0xff)).toBe(true);
    expect((await dumpFlash(b, 0x1000, 16)).some((x) => x !== 0xff)).toBe(true);
    const all = await flasher.erase({ path: b.port }, 'all').result;
    expect(all).toMatchObject({ ok: true, erased: true });
    expect((await dumpFlash(b, 0, b.flashSize)).every((x) => x === 0xff)).toBe(true);
  });

  test('a corrupt image is refused before any port is opened', () => {
    const opens = opener.opens();
    expect(() =>
      flasher.plan([{ name: 'bad.bin', data: readFixture('esp32', 'corrupt-checksum.bin') }]),
    ).toThrow(/bad\.bin is damaged: checksum failed/);
    expect(opener.opens()).toBe(opens);
  });

  test('the port gone mid-write: a clear error, the lease released, the next flash succeeds', async () => {
    const b = await start('esp32', { flashSize: '4MB' });
    const plan = flasher.plan([{ name: 'big.bin', data: readFixture('esp32', 'bench-1mb.bin') }]);
    const job = flasher.flash([{ path: b.port }], plan, { maxBaud: 230400 })[0]!;
    await untilWriting(job, 5);
    await stopEsps(b);
    const r = await job.result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('PORT_LOST');
    expect(r.error.message).toBe(
      'port disappeared during write: plug the board back in and flash again',
    );
    expect(leases.size).toBe(0);
    const next = await start('esp32');
    const ok = await flasher.flash([{ path: next.port }], exportOf('esp32'))[0]!.result;
    expect(ok).toMatchObject({ ok: true, verified: true });
  });

  test('two boards at once, each with its own result', async () => {
    const [a, c] = await Promise.all([start('esp32'), start('esp32')]);
    const jobs = flasher.flash(
      [{ path: a!.port }, { path: c!.port }],
      exportOf('esp32', 'hello-v2.bin'),
    );
    const results = await Promise.all(jobs.map((j) => j.result));
    expect(results.map((r) => [r.ok, r.path])).toEqual([
      [true, a!.port],
      [true, c!.port],
    ]);
    expect(await expectLine(a!, 'fw=')).toMatch(/version=2\.0\.0/);
    expect(await expectLine(c!, 'fw=')).toMatch(/version=2\.0\.0/);
  });
});

function untilWriting(job: EspJob, percent: number): Promise<void> {
  return new Promise((resolve) => {
    const off = job.onProgress((p) => {
      if (p.phase === 'writing' && p.phaseDone / Math.max(1, p.phaseTotal) >= percent / 100) {
        off();
        resolve();
      }
    });
  });
}
