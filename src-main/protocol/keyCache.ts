/**
 * Interning of map keys. Stream samples repeat the same few keys ("temperature", "humidity", …)
 * in every frame; finding the bytes in a small direct-mapped table is much cheaper than building
 * a new string each time, and returning the engine's canonical string keeps property stores on
 * the decoded maps fast. Lookup and insertion are separate functions so the hot path (a hit)
 * stays small enough for the JIT to inline whatever other strings the decoder has seen.
 */
import { byteAt } from './byteAt';
import { decodeUtf8 } from './utf8';

const MAX_KEY = 64;
const SLOTS = 4096; // direct-mapped: a collision simply replaces the slot

const slotBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(
  undefined,
);
const slotText: string[] = new Array<string>(SLOTS).fill('');

/** O(1) hash from the length and three sampled bytes; the comparison is the only full pass. */
function slotOf(buf: Uint8Array, start: number, len: number): number {
  if (len === 0) return 0;
  return (
    ((len << 8) ^
      (byteAt(buf, start) << 4) ^
      byteAt(buf, start + len - 1) ^
      (byteAt(buf, start + (len >> 1)) << 2)) &
    (SLOTS - 1)
  );
}

/** The interned key for these bytes, or undefined when it is not cached. */
export function lookupKey(buf: Uint8Array, start: number, len: number): string | undefined {
  const i = slotOf(buf, start, len);
  const b = slotBytes[i];
  if (b === undefined || b.length !== len) return undefined;
  for (let k = 0; k < len; k++) if (b[k] !== buf[start + k]) return undefined;
  return slotText[i];
}

/** Decodes a key and caches it when it is short enough to be worth it. */
export function internKey(buf: Uint8Array, start: number, len: number): string {
  const text = decodeUtf8(buf, start, start + len);
  if (len > MAX_KEY) return text;
  const canonical = internalized(text);
  const i = slotOf(buf, start, len);
  slotBytes[i] = buf.slice(start, start + len);
  slotText[i] = canonical;
  return canonical;
}

/**
 * The engine's canonical copy of `s`: property names that come back from `Object.keys` are
 * internalized, so later stores with them skip the string-table lookup.
 */
function internalized(s: string): string {
  const probe: Record<string, 0> = {};
  probe[s] = 0;
  return Object.keys(probe)[0] ?? s;
}
