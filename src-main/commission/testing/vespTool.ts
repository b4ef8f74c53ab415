/**
 * Test double at the USB edge for ESP boards until the ROM-loader flasher is wired in: an EspTool
 * that identifies and writes a virtual ESP (../shared/tools/virtual-esp) through its control
 * socket, the way a JTAG programmer would (no serial traffic), verifying by reading back. The
 * rest of the run (NVS image, reset, boot, join, checks) is the real thing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vesp } from '../../provision/testing/vesp';
import type { EspTool } from '../adapters/espAdapter';

const CHIP_NAMES: Record<string, string> = {
  esp32: 'ESP32-D0WD-V3',
  esp32s3: 'ESP32-S3 (QFN56)',
  esp8266: 'ESP8266EX',
};

export function vespTool(): EspTool {
  return {
    identify: (port) => {
      const board = JSON.parse(readFileSync(join(dirname(port.path), 'board.json'), 'utf8')) as {
        chip: string;
        mac: string;
      };
      return Promise.resolve({
        chip: board.chip,
        name: CHIP_NAMES[board.chip] ?? board.chip,
        mac: board.mac,
      });
    },
    write: async (port, regions, ctx) => {
      const dir = dirname(port.path);
      const tmp = mkdtempSync(join(tmpdir(), 'vesp-write-'));
      try {
        let verified = true;
        for (const [i, r] of regions.entries()) {
          ctx.progress(Math.round((i / regions.length) * 100), `writing ${r.name}`);
          const file = join(tmp, `r${i}.bin`);
          writeFileSync(file, r.data);
          await vesp('write', dir, `0x${r.offset.toString(16)}`, file);
          await vesp(
            'dump',
            dir,
            `0x${r.offset.toString(16)}`,
            String(r.data.length),
            '-o',
            `${file}.back`,
          );
          verified &&= Buffer.from(readFileSync(`${file}.back`)).equals(Buffer.from(r.data));
        }
        await vesp('reset', dir);
        return { verified };
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}
