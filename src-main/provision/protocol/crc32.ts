/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), computed like zlib's `crc32(data, seed)`:
 * the seed is the running CRC of earlier bytes (0 to start). ESP-IDF's NVS seeds it with
 * 0xFFFFFFFF (esp_rom_crc32_le(UINT32_MAX, …)), which is why its CRCs differ from a plain CRC-32.
 */
import { at } from '../../contract/present';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Iterable<number>, seed = 0): number {
  let c = (seed ^ 0xffffffff) >>> 0;
  for (const x of data) c = at(TABLE, (c ^ x) & 0xff) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
