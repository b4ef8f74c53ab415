/**
 * Small pure helpers for checks: a value's PSON shape as a technician names it, short text for a
 * measured value, deep equality, and a field of a map output.
 */
import type { ValueType } from '../../contract/commissionSchemas';
import type { Json } from '../../protocol';

export function valueType(v: Json | undefined): ValueType {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === '$bytes') return 'bytes';
  // Integers beyond ±2^53 and non-finite doubles are still numbers.
  if (keys.length === 1 && (keys[0] === '$bigint' || keys[0] === '$double')) return 'number';
  return 'map';
}

/** Longest measured value kept in a record: a line of the certificate, not a data dump. */
const MAX_MEASURED_CHARS = 200;

export function shortText(v: Json | undefined): string {
  const t =
    v === undefined ? 'nothing' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  return t.length > MAX_MEASURED_CHARS ? `${t.slice(0, MAX_MEASURED_CHARS - 1)}…` : t;
}

export function sameValue(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // 1 and 1.0 travel differently in PSON but are the same reading.
    return typeof a === 'number' && typeof b === 'number' && a === b;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ka = Object.keys(a);
  const bo = b as Record<string, Json>;
  return ka.length === Object.keys(bo).length && ka.every((k) => sameValue(a[k], bo[k]));
}

/** `field` of a map value ("celsius"; "a.b" for nested maps); the value itself without one. */
export function fieldOf(v: Json, field: string | undefined): Json | undefined {
  if (!field) return v;
  let cur: Json | undefined = v;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}
