/**
 * Interning of short map keys. Stream samples repeat the same few keys ("temperature",
 * "humidity", …) in every frame; looking the bytes up in a small direct-mapped table is much
 * cheaper than building a new string each time, and the strings V8 gets back are the same
 * objects, which keeps property lookups on decoded maps monomorphic.
 */
import { decodeUtf8 } from './utf8';

const MAX_KEY = 64;
const SLOTS = 4096; // direct-mapped: a collision simply replaces the slot

interface Slot {
  bytes: Uint8Array;
  text: string;
}

const slots: (Slot | undefined)[] = new Array<Slot | undefined>(SLOTS);

export function internKey(buf: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len > MAX_KEY) return decodeUtf8(buf, start, end);
  // O(1) hash from the length and three sampled bytes; the full comparison below is the only
  // pass over the key. Keys that collide just take turns in the slot.
  const index =
    len === 0
      ? 0
      : ((len << 8) ^ (buf[start]! << 4) ^ buf[end - 1]! ^ (buf[start + (len >> 1)]! << 2)) &
        (SLOTS - 1);
  const slot = slots[index];
  if (slot !== undefined && slot.bytes.length === len) {
    const b = slot.bytes;
    let i = 0;
    while (i < len && b[i] === buf[start + i]) i++;
    if (i === len) return slot.text;
  }
  const text = internalized(decodeUtf8(buf, start, end));
  slots[index] = { bytes: buf.slice(start, end), text };
  return text;
}

/**
 * The engine's canonical copy of `s`. A key built byte by byte is a rope that V8 would flatten
 * and look up in its string table on every property store; property names that come back from
 * `Object.keys` are already canonical, so stores with them take the fast path.
 */
function internalized(s: string): string {
  const probe: Record<string, 0> = {};
  probe[s] = 0;
  return Object.keys(probe)[0] ?? s;
}
