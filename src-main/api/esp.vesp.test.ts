/**
 * The `esp.*` calls as the web console uses them: the app's composition root, the WebSocket API
 * with its token, and a virtual ESP32 added by path.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EspBoardResult, FlashEvent, FlashJobInfo, Port } from '../contract';
import { Studio } from '../app/Studio';
import { startEsp, stopEsps, vespFixture, type VirtualEsp } from '../flash/testing/vesp';
import { writeEspBackup } from '../flash/espBackup';
import type { EspChipKey } from '../flash/protocol';
import { startApiHttp, type ApiHttp } from './http';
import { errorOf } from './testing';
import { connectContractSocket, type ContractSocket } from './testingWs';

const TOKEN = 'esp-suite-token-0123456789abc';
const b64 = (name: string) => readFileSync(vespFixture('esp32', name)).toString('base64');

describe('esp.* through the API (virtual ESP32)', { timeout: 60_000 }, () => {
  let board: VirtualEsp;
  let dir: string;
  let studio: Studio;
  let http: ApiHttp;
  let ws: ContractSocket;

  beforeAll(async () => {
    board = await startEsp('esp32', { flashTimeScale: 0 });
    dir = mkdtempSync(join(tmpdir(), 'iotmp-esp-api-'));
    studio = await Studio.start({
      dataDir: dir,
      listeners: { tcp: null, tcpLegacy: null, tls: null, wss: null, ws: null },
    });
    http = await startApiHttp({ api: studio.api({ checkResponses: true }), token: TOKEN, port: 0 });
    ws = await connectContractSocket(http.url, TOKEN);
    await ws.call('ports.addByPath', { port: board.port });
  });

  afterAll(async () => {
    ws?.close();
    await http?.close();
    await studio?.stop();
    expect(studio?.serial.leases.size ?? 0).toBe(0);
    await stopEsps(board);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('esp.identify shows chip, MAC, flash size and crystal', async () => {
    const r = (await ws.call('esp.identify', { port: board.port })) as EspBoardResult;
    expect(r).toMatchObject({
      ok: true,
      chip: { chip: 'esp32', name: 'ESP32', mac: board.mac, flashSize: 4194304, crystalMhz: 40 },
      summary: `ESP32 · MAC ${board.mac}`,
    });
  });

  it('esp.inspect places an Arduino export and refuses a corrupt image; esp.flash writes it, verified', async () => {
    const files = [
      { name: 's.ino.bootloader.bin', data: b64('bootloader.bin') },
      { name: 's.ino.partitions.bin', data: b64('partitions.bin') },
      { name: 's.ino.bin', data: b64('hello-v2.bin') },
    ];
    expect(await ws.call('esp.inspect', { files })).toMatchObject({
      chip: 'esp32',
      appName: 'hello 2.0.0',
      regions: [
        { offset: 0x1000, role: 'bootloader' },
        { offset: 0x8000, role: 'partitions' },
        { offset: 0x10000, role: 'app' },
      ],
    });
    const err = await errorOf(
      ws.call('esp.inspect', { files: [{ name: 'bad.bin', data: b64('corrupt-checksum.bin') }] }),
    );
    expect(err).toMatchObject({ code: 'FIRMWARE_INVALID' });
    const r = (await ws.call('esp.flash', { ports: [board.port], files })) as {
      results: EspBoardResult[];
    };
    expect(r.results[0]).toMatchObject({ ok: true, verified: true, baudRate: 921600 });
    expect(r.results[0]!.summary).toMatch(/^Verified · 33 824 bytes in [\d.]+ s at 921600 baud$/);
  });

  it('flash.start takes ESP files as a job like an AVR flash: progress, result with the chip, the port shows it', async () => {
    const files = [
      { name: 's.ino.bootloader.bin', data: b64('bootloader.bin') },
      { name: 's.ino.partitions.bin', data: b64('partitions.bin') },
      { name: 's.ino.bin', data: b64('hello-v2.bin') },
    ];
    const info = (await ws.call('flash.inspectFirmware', { files, name: 's.ino.bin' })) as {
      target: { chip: string } | null;
      regions: { offset: number; role: string }[];
      fits: { board: string; fits: boolean; wrongChip: boolean }[];
    };
    expect(info.target?.chip).toBe('esp32');
    expect(info.regions.map((r) => r.role)).toEqual(['bootloader', 'partitions', 'app']);
    expect(info.fits.find((f) => f.board === 'esp32')).toMatchObject({ fits: true });
    expect(info.fits.find((f) => f.board === 'esp8266')).toMatchObject({ wrongChip: true });
    expect(info.fits.find((f) => f.board === 'uno')).toMatchObject({ wrongChip: true });

    const events: FlashEvent[] = [];
    const stop = await ws.subscribe('flash.progress', {}, (e) => events.push(e as FlashEvent));
    const { job } = (await ws.call('flash.start', {
      files,
      name: 's.ino.bin',
      targets: [{ port: board.port, board: 'esp32' }],
    })) as { job: FlashJobInfo };
    const done = await waitForJob(job.id);
    stop();
    const result = done.boards[0]!.result!;
    expect(result).toMatchObject({
      ok: true,
      verified: true,
      chip: { name: 'ESP32', mac: board.mac },
    });
    expect(done.firmware.target?.chip).toBe('esp32');
    expect(events.some((e) => e.kind === 'progress' && e.phase === 'writing')).toBe(true);
    expect(events.some((e) => e.kind === 'result' && e.port === board.port)).toBe(true);
    const { ports } = (await ws.call('ports.list', {})) as { ports: Port[] };
    expect(ports.find((p) => p.path === board.port)?.espChip).toMatchObject({
      name: 'ESP32',
      mac: board.mac,
      flashSize: 4194304,
    });
  });

  it('a board set as another ESP chip fails WRONG_BOARD naming the chip; a .hex is refused for an ESP board', async () => {
    const files = [{ name: 'hello.bin', data: b64('hello-v2.bin'), offset: 0x10000 }];
    const { job } = (await ws.call('flash.start', {
      files,
      targets: [{ port: board.port, board: 'esp32s3' }],
    })) as { job: FlashJobInfo };
    const done = await waitForJob(job.id);
    expect(done.boards[0]!.result).toMatchObject({
      ok: false,
      error: {
        code: 'WRONG_BOARD',
        message: expect.stringMatching(/this is an ESP32, not an ESP32-S3/i),
      },
    });
    const { job: job2 } = (await ws.call('flash.start', {
      files: [{ name: 'hello.bin', data: b64('hello-v2.bin'), offset: 0x10000 }],
      targets: [{ port: board.port, board: 'esp8266' }],
    })) as { job: FlashJobInfo };
    const r2 = (await waitForJob(job2.id)).boards[0]!.result!;
    expect(r2).toMatchObject({ ok: false, error: { code: 'WRONG_BOARD' } });
    const err = await errorOf(
      ws.call('flash.start', {
        hex: ':0100000000FF\n:00000001FF\n',
        targets: [{ port: board.port, board: 'esp32' }],
      }),
    );
    expect(err).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a monitor open during the flash reopens at 115200 with a marker line, then the new firmware talks', async () => {
    const opened = (await ws.call('serial.open', { port: board.port, baudRate: 9600 })) as {
      baudRate: number;
    };
    expect(opened.baudRate).toBe(9600);
    const { job } = (await ws.call('flash.start', {
      files: [{ name: 'hello.bin', data: b64('hello-v2.bin'), offset: 0x10000 }],
      targets: [{ port: board.port, board: 'esp32' }],
    })) as { job: FlashJobInfo };
    expect((await waitForJob(job.id)).boards[0]!.result).toMatchObject({ ok: true });
    let texts: string[] = [];
    for (let i = 0; i < 300; i++) {
      const r = (await ws.call('serial.buffer', { port: board.port })) as {
        monitor: { baudRate: number; status: string };
        lines: { text: string }[];
      };
      texts = r.lines.map((l) => l.text);
      const marker = texts.findIndex((t) => /^— flashed hello\.bin at \d\d:\d\d:\d\d —$/.test(t));
      if (
        marker >= 0 &&
        r.monitor.baudRate === 115200 &&
        texts.slice(marker + 1).some((t) => t.includes(`version=2.0.0 chip=esp32 mac=${board.mac}`))
      )
        break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(texts.some((t) => t.startsWith('— flashed hello.bin at '))).toBe(true);
    expect(texts.some((t) => t.includes('version=2.0.0'))).toBe(true);
    await ws.call('serial.close', { port: board.port });
  });

  it('an ESP board chosen for a port is remembered (by serial number, by path for a pty) over the chip read', async () => {
    const { port } = (await ws.call('ports.chooseBoard', {
      port: board.port,
      board: 'esp8266',
    })) as { port: Port };
    expect(port).toMatchObject({
      rememberedBoard: 'esp8266',
      detectedBoard: 'esp32',
      board: 'esp8266',
    });
    const { ports } = (await ws.call('ports.list', {})) as { ports: Port[] };
    expect(ports.find((p) => p.path === board.port)?.board).toBe('esp8266');
    await ws.call('ports.chooseBoard', { port: board.port, board: null });
  });

  it('esp.start erases a region as a job; refuses what cannot work before the board is touched; esp.backups lists the backup folder', async () => {
    await ws.call('esp.identify', { port: board.port });
    const { job } = (await ws.call('esp.start', {
      port: board.port,
      board: 'esp32',
      operation: { kind: 'erase', region: { offset: 0x300000, length: 0x2000 } },
    })) as { job: FlashJobInfo };
    expect(job).toMatchObject({ operation: 'erase', running: true });
    const done = await waitForJob(job.id);
    expect(done.summary.text).toBe('1 erased');
    expect(done.boards[0]!.result).toMatchObject({
      ok: true,
      summary: expect.stringMatching(
        new RegExp(`^Erased 0x300000–0x302000 in [\\d.]+ s · ESP32, MAC ${board.mac}$`),
      ),
    });

    const refused = async (operation: unknown, boardId = 'esp32') =>
      (await errorOf(ws.call('esp.start', { port: board.port, board: boardId, operation })))
        .message;
    expect(await refused({ kind: 'erase', region: { offset: 0x1800, length: 0x1000 } })).toBe(
      'an erase starts and ends on 4 KB sectors: 0x1800 + 0x1000 does not',
    );
    expect(await refused({ kind: 'erase', region: { offset: 0x3ff000, length: 0x2000 } })).toBe(
      `the region ends at 0x401000, past the 4 MB flash of the ESP32 on ${board.port}`,
    );
    expect(await refused({ kind: 'backup' }, 'uno')).toMatch(
      /is set as Arduino Uno: backup, restore and erase are for ESP boards$/,
    );
    // Backups made here (hashes and all): one of an ESP32-S3, one of an 8 MB ESP32.
    const folder = join(dir, 'esp-backups');
    const s3 = fakeBackup(folder, 'esp32s3', 'ESP32-S3', 1048576, '2026-01-02T00:00:00.000Z');
    const big = fakeBackup(folder, 'esp32', 'ESP32', 8 * 1048576, '2026-01-01T00:00:00.000Z');
    expect(await refused({ kind: 'restore', backupFile: s3 })).toBe(
      `this backup was taken from an ESP32-S3, ${board.port} is an ESP32: a backup goes back only onto the same chip family; nothing was written`,
    );
    expect(await refused({ kind: 'restore', backupFile: big })).toBe(
      `this backup holds 8 MB of flash, the ESP32 on ${board.port} has 4 MB: nothing was written`,
    );
    writeFileSync(join(folder, 'notes_backup.json'), '{not json');
    const list = (await ws.call('esp.backups', {})) as {
      folder: string;
      backups: { file: string; chip: string; flashSize: number }[];
    };
    expect(list.folder).toBe(folder);
    expect(list.backups.map((b) => [b.file, b.chip, b.flashSize])).toEqual([
      [s3, 'esp32s3', 1048576],
      [big, 'esp32', 8 * 1048576],
    ]);
  });

  async function waitForJob(id: string): Promise<FlashJobInfo> {
    for (;;) {
      const { jobs } = (await ws.call('flash.jobs', { jobId: id })) as { jobs: FlashJobInfo[] };
      if (!jobs[0]!.running) return jobs[0]!;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

/** A backup as the app saves it, of an erased flash. */
function fakeBackup(
  folder: string,
  chip: EspChipKey,
  chipName: string,
  size: number,
  date: string,
): string {
  mkdirSync(folder, { recursive: true });
  return writeEspBackup(folder, new Uint8Array(size).fill(0xff), {
    chip,
    chipName,
    mac: '24:0a:c4:00:00:01',
    flashId: 'ef4016',
    date,
    port: '/dev/ttyUSB0',
    serialNumber: null,
  });
}
