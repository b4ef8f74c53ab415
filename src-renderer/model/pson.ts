/**
 * PSON values as the API carries them: JSON in the conventions of `protocol/json.ts`
 * (`{"$bigint": "…"}`, `{"$bytes": "<hex>"}`, `{"$double": "NaN"}`, `{"$empty": true}`). The
 * renderers and forms work on this JSON directly, so what the user sees and sends round-trips
 * without loss; `shapeOf` names the PSON shape each renderer and input is chosen by.
 */
import type { Value } from '@contract/schemas';

export type { Value };

export type Shape =
  | 'null'
  | 'empty'
  | 'boolean'
  | 'integer'
  | 'float'
  | 'bigint'
  | 'nonfinite'
  | 'string'
  | 'bytes'
  | 'map'
  | 'array';

export type ValueMap = { [key: string]: Value };

export const isMap = (v: Value | undefined): v is ValueMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The one key of a `$`-convention object, or null for a plain map. */
function conventionKey(v: ValueMap): '$bigint' | '$bytes' | '$double' | '$empty' | null {
  const keys = Object.keys(v);
  if (keys.length !== 1) return null;
  const k = keys[0];
  return k === '$bigint' || k === '$bytes' || k === '$double' || k === '$empty' ? k : null;
}

export function shapeOf(v: Value): Shape {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  switch (conventionKey(v)) {
    case '$bigint':
      return 'bigint';
    case '$bytes':
      return 'bytes';
    case '$double':
      return 'nonfinite';
    case '$empty':
      return 'empty';
    default:
      return 'map';
  }
}

export const isNumberShape = (s: Shape): boolean =>
  s === 'integer' || s === 'float' || s === 'bigint' || s === 'nonfinite';

export const isContainer = (s: Shape): boolean => s === 'map' || s === 'array';

/**
 * Whether a chart has something to draw in `v`: a number or a boolean (a 0/1 step line) at any
 * depth. Text, bytes, null and an unknown value (not read yet) have nothing to plot.
 */
export function hasNumbers(v: Value | undefined): boolean {
  if (v === undefined) return false;
  const shape = shapeOf(v);
  if (isNumberShape(shape) || shape === 'boolean') return true;
  if (shape === 'array') return (v as Value[]).some(hasNumbers);
  if (shape === 'map') return Object.values(v as ValueMap).some(hasNumbers);
  return false;
}

/** The hex digits of a `$bytes` value (lower case, no separators). */
export const bytesHex = (v: Value): string =>
  isMap(v) && typeof v.$bytes === 'string' ? v.$bytes.replace(/[\s:]/g, '').toLowerCase() : '';

export const bigintText = (v: Value): string =>
  isMap(v) && typeof v.$bigint === 'string' ? v.$bigint : '';

export const nonFiniteText = (v: Value): string =>
  isMap(v) && typeof v.$double === 'string' ? v.$double : '';

/** A number the UI handles as a JS number (finite, non-finite, or a bigint within ±2^53). */
export function numericValue(v: Value): number | null {
  switch (shapeOf(v)) {
    case 'integer':
    case 'float':
      return v as number;
    case 'nonfinite':
      return Number(nonFiniteText(v));
    case 'bigint': {
      const n = Number(bigintText(v));
      return Number.isSafeInteger(n) ? n : null;
    }
    default:
      return null;
  }
}

/**
 * The shortest decimal that reads back to the same binary32, when `x` is one. The codec sends a
 * double as binary32 exactly when `Math.fround(x) === x` (IOTMP.md §4.3), so such a value was a
 * float on the wire and 0.10000000149011612 is shown as 0.1.
 */
export function float32Text(x: number): string | null {
  if (!Number.isFinite(x) || Math.fround(x) !== x) return null;
  // Integers within ±2^53 arrive as plain numbers; an integral number beyond (3.4e38) was a float.
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return null;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(x.toPrecision(p));
    if (Math.fround(candidate) === x) return String(candidate);
  }
  return String(x);
}

/** How a number reads: integers exact, binary32 at binary32 precision, doubles in full. */
export const numberText = (x: number): string => float32Text(x) ?? String(x);

/** A JS number as the JSON conventions carry it (non-finite as `$double`). */
export function numberValue(x: number): Value {
  return Number.isFinite(x) ? x : { $double: String(x) };
}

/** An integer typed as digits: a plain number within ±2^53, else `$bigint`. */
export function integerValue(digits: string): Value {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : { $bigint: BigInt(digits).toString() };
}

export function valuesEqual(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  const am = a as ValueMap;
  const bm = b as ValueMap;
  const ak = Object.keys(am);
  const bk = Object.keys(bm);
  // Key order carries no meaning (IOTMP.md §4.7): IOTMP-Linux sorts keys, others do not.
  return (
    ak.length === bk.length &&
    ak.every((k) => Object.prototype.hasOwnProperty.call(bm, k) && valuesEqual(am[k], bm[k]))
  );
}

/** A value of the same shape with nothing in it: what a new array row starts from. */
export function blankLike(v: Value): Value {
  switch (shapeOf(v)) {
    case 'boolean':
      return false;
    case 'integer':
    case 'float':
    case 'nonfinite':
    case 'bigint':
      return 0;
    case 'string':
      return '';
    case 'bytes':
      return { $bytes: '' };
    case 'array':
      return [];
    case 'map': {
      const out: ValueMap = {};
      for (const [k, x] of Object.entries(v as ValueMap)) setEntry(out, k, blankLike(x));
      return out;
    }
    default:
      return null;
  }
}

/** Sets a key even when it is `__proto__` (device keys are data, never prototypes). */
export function setEntry(map: ValueMap, key: string, value: Value): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

export function withEntry(map: ValueMap, key: string, value: Value): ValueMap {
  const out: ValueMap = {};
  for (const [k, v] of Object.entries(map)) setEntry(out, k, k === key ? value : v);
  return out;
}

/** Size of the value as JSON text, in bytes of UTF-16 code units (close enough for a bound). */
export const jsonSize = (v: Value): number => JSON.stringify(v)?.length ?? 0;

/** Pretty JSON for editors and "Copy value as JSON". */
export const jsonText = (v: Value): string => JSON.stringify(v, null, 2);

/** `env.sensors[2].t` */
export function pathText(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** One line for sentences ("The device reports 40, not 42"): scalars as shown, containers as JSON. */
export function summaryText(v: Value | undefined, max = 60): string {
  if (v === undefined) return '';
  const s = shapeOf(v);
  let text: string;
  if (s === 'integer' || s === 'float') text = numberText(v as number);
  else if (s === 'bigint') text = bigintText(v);
  else if (s === 'nonfinite') text = nonFiniteText(v);
  else if (s === 'string') text = JSON.stringify(v);
  else if (s === 'bytes') text = `0x${bytesHex(v)}`;
  else text = JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A value being edited in a form (the state layer keeps drafts per resource). */
export interface Draft {
  value: Value;
  /** Set while editing as JSON: what was typed, parsed or not. */
  text?: string;
}
