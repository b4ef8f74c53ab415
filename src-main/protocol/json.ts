/**
 * The JSON conventions of the golden vectors (shared/spec/vectors), used by the CLI and tests:
 * `{"$bigint": "…"}` for integers beyond ±2^53, `{"$bytes": "<hex>"}` for byte strings,
 * `{"$double": "NaN" | "Infinity" | "-Infinity"}` for non-finite numbers and `{"$empty": true}`
 * for the pv0 "empty" value. Messages are `{"type", "type_id", "fields": {stream_id,
 * parameters, payload, resource, field_N}, "field_order"?}`.
 */
import { CodecErrorCode, IotmpCodecError } from './errors';
import { bytesToHex, hexToBytes } from './hex';
import { Field, message, messageTypeId, messageTypeName, type Message } from './message';
import { isPlainMap, normalizeInteger, setMapEntry, type PsonMap, type PsonValue } from './value';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const FIELD_NAMES: Record<number, string> = {
  [Field.STREAM_ID]: 'stream_id',
  [Field.PARAMETERS]: 'parameters',
  [Field.PAYLOAD]: 'payload',
  [Field.RESOURCE]: 'resource',
};

export function fieldName(field: number): string {
  return FIELD_NAMES[field] ?? `field_${field}`;
}

export function fieldNumber(name: string): number | undefined {
  for (const [n, v] of Object.entries(FIELD_NAMES)) if (v === name) return Number(n);
  const m = /^field_(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

function badJson(path: string, message: string): IotmpCodecError {
  return new IotmpCodecError(CodecErrorCode.BAD_INPUT, `${path}: ${message}`);
}

function setJsonEntry(obj: { [key: string]: Json }, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

export function psonFromJson(j: Json, path = '$'): PsonValue {
  if (j === null || typeof j !== 'object') return j;
  if (Array.isArray(j)) return j.map((item, i) => psonFromJson(item, `${path}[${i}]`));
  const entries = Object.entries(j);
  const [only] = entries;
  if (only && entries.length === 1) {
    const [key, v] = only;
    if (key === '$bigint') {
      if (typeof v !== 'string' || !/^-?\d+$/.test(v))
        throw badJson(`${path}.$bigint`, 'must be a string of decimal digits');
      return normalizeInteger(BigInt(v));
    }
    if (key === '$bytes') {
      if (typeof v !== 'string') throw badJson(`${path}.$bytes`, 'must be a hex string');
      try {
        return hexToBytes(v);
      } catch (e) {
        throw badJson(
          `${path}.$bytes`,
          (e as Error).message.replace(/^BAD_INPUT at byte \d+: /, ''),
        );
      }
    }
    if (key === '$double') {
      if (typeof v === 'number') return v;
      const value =
        typeof v === 'string' && Object.hasOwn(NON_FINITE, v) ? NON_FINITE[v] : undefined;
      if (value === undefined)
        throw badJson(`${path}.$double`, 'must be "NaN", "Infinity" or "-Infinity"');
      return value;
    }
    if (key === '$empty') {
      if (v !== true) throw badJson(`${path}.$empty`, 'must be true');
      return undefined;
    }
  }
  const map: PsonMap = {};
  for (const [key, v] of entries) setMapEntry(map, key, psonFromJson(v, `${path}.${key}`));
  return map;
}

export function psonToJson(v: PsonValue): Json {
  switch (typeof v) {
    case 'undefined':
      return { $empty: true };
    case 'bigint': {
      const n = normalizeInteger(v);
      return typeof n === 'number' ? n : { $bigint: v.toString() };
    }
    case 'number':
      if (!Number.isFinite(v)) return { $double: String(v) };
      return Object.is(v, -0) ? 0 : v;
    case 'object':
      if (v === null) return null;
      if (v instanceof Uint8Array) return { $bytes: bytesToHex(v) };
      if (Array.isArray(v)) return v.map(psonToJson);
      if (isPlainMap(v)) {
        const out: { [key: string]: Json } = {};
        for (const key of Object.keys(v)) setJsonEntry(out, key, psonToJson(v[key]));
        return out;
      }
      throw badJson('$', `unexpected ${String(v)}`);
    default:
      return v;
  }
}

/**
 * `JSON.stringify(psonToJson(v))`, without building the intermediate value when `v` is plain
 * JSON already (finite numbers, strings, booleans, null, arrays and maps of them: the usual
 * sample), which is what a bridge does for every sample.
 */
export function psonToJsonText(v: PsonValue): string {
  return plainJson(v) ? JSON.stringify(v) : JSON.stringify(psonToJson(v));
}

function plainJson(v: PsonValue): boolean {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v);
    case 'string':
    case 'boolean':
      return true;
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (const item of v) if (!plainJson(item)) return false;
        return true;
      }
      if (!isPlainMap(v)) return false;
      for (const key of Object.keys(v)) if (!plainJson(v[key])) return false;
      return true;
    }
    default:
      return false; // undefined ($empty), bigint
  }
}

export interface MessageJson {
  type: string;
  type_id: number;
  fields: { [name: string]: Json };
  /** Field numbers in wire order. */
  field_order: number[];
}

export function messageToJson(m: Message): MessageJson {
  const fields: { [name: string]: Json } = {};
  for (const [n, v] of m.fields) fields[fieldName(n)] = psonToJson(v);
  return {
    type: messageTypeName(m.type),
    type_id: m.type,
    fields,
    field_order: [...m.fields.keys()],
  };
}

/**
 * Builds a message from its JSON form. The type comes from `type_id` or `type` (a name or a
 * number); fields are written in `field_order` when given, else in ascending order (§3.4).
 */
export function messageFromJson(j: Json): Message {
  if (j === null || typeof j !== 'object' || Array.isArray(j))
    throw badJson('$', 'a message must be a JSON object');
  let type: number | undefined;
  if (j.type_id !== undefined) {
    if (
      typeof j.type_id !== 'number' ||
      !Number.isInteger(j.type_id) ||
      j.type_id < 0 ||
      j.type_id > 127
    ) {
      throw badJson('$.type_id', 'must be an integer 0..127');
    }
    type = j.type_id;
  } else if (typeof j.type === 'string') {
    type = messageTypeId(j.type.toUpperCase());
    if (type === undefined) throw badJson('$.type', `unknown message type "${j.type}"`);
  } else if (typeof j.type === 'number') {
    type = j.type;
  } else {
    throw badJson('$', 'needs "type" (a name such as "RUN") or "type_id"');
  }
  const raw = j.fields ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw badJson('$.fields', 'must be an object');
  const byNumber = new Map<number, PsonValue>();
  for (const [name, value] of Object.entries(raw)) {
    const n = fieldNumber(name);
    if (n === undefined)
      throw badJson(
        `$.fields.${name}`,
        'unknown field name (use stream_id, parameters, payload, resource or field_N)',
      );
    byNumber.set(n, psonFromJson(value, `$.fields.${name}`));
  }
  let order = [...byNumber.keys()].sort((a, b) => a - b);
  if (j.field_order !== undefined) {
    const fo = j.field_order;
    if (
      !Array.isArray(fo) ||
      fo.some((n) => typeof n !== 'number' || !byNumber.has(n)) ||
      fo.length !== byNumber.size
    ) {
      throw badJson('$.field_order', 'must list each field number of "fields" once');
    }
    order = fo as number[];
  }
  return message(
    type,
    order.map((n) => [n, byNumber.get(n)] as const),
  );
}
