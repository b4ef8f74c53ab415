/**
 * compressRegion: the deflate the ESP flasher sends (FLASH_DEFL_DATA), done once per image for a
 * whole batch and redone when the bytes change in place.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressRegion } from './espSessionPlan';

const md5 = (d: Uint8Array) => new Uint8Array(createHash('md5').update(d).digest());

describe('compressRegion', () => {
  it('deflates and hashes a region; the boards of a batch share one deflate', async () => {
    const data = new Uint8Array(64 * 1024).map((_, i) => (i * 7) % 251);
    const [a, b] = await Promise.all([
      compressRegion('app.bin', 0x10000, data),
      compressRegion('app.bin', 0x10000, data),
    ]);
    expect(a).toMatchObject({ name: 'app.bin', offset: 0x10000, size: data.length });
    expect(a.md5).toEqual(md5(data));
    expect(new Uint8Array(inflateSync(a.compressed))).toEqual(data);
    expect(b.compressed).toBe(a.compressed);
  });

  it('bytes changed in place are compressed anew', async () => {
    const data = new Uint8Array(4096).fill(1);
    const before = await compressRegion('nvs', 0x9000, data);
    data[100] = 2;
    const after = await compressRegion('nvs', 0x9000, data);
    expect(after.compressed).not.toBe(before.compressed);
    expect(new Uint8Array(inflateSync(after.compressed))).toEqual(data);
    expect(after.md5).toEqual(md5(data));
  });
});
