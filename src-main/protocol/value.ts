/**
 * The values PSON carries, as TypeScript sees them (IOTMP.md §4.10).
 *
 * - integers: `number` when within ±(2^53−1), otherwise `bigint` (64-bit range);
 * - binary32/binary64: `number` (the width is chosen again when encoding, §4.3);
 * - bytes: `Uint8Array`;
 * - maps: plain objects (a `__proto__` key is stored as an own property, never as the prototype);
 * - the legacy pv0 "empty" value (kind 15, never assigned): `undefined`. In pv1 it encodes as null.
 */
export type PsonValue =
  null | undefined | boolean | number | bigint | string | Uint8Array | PsonValue[] | PsonMap;

export interface PsonMap {
  [key: string]: PsonValue;
}

/** Protocol versions: pv0 = legacy PSON in wire type 1, pv1 = compact PSON in wire type 2 (§1.2). */
export type ProtocolVersion = 0 | 1;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Integers from the 64-bit readers: a `number` where exact, else a `bigint` (§2.2). */
export function normalizeInteger(v: bigint): number | bigint {
  return v >= -BigInt(MAX_SAFE) && v <= BigInt(MAX_SAFE) ? Number(v) : v;
}

export function isPlainMap(v: unknown): v is PsonMap {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Sets `key` as an own enumerable property, even for `__proto__` (no prototype pollution). */
export function setMapEntry(map: PsonMap, key: string, value: PsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(map, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    map[key] = value;
  }
}
