/**
 * What the inspector keeps of a frame too big for its hex: the decoded message with every long
 * string and byte array cut, so a device's history costs what its byte bound says. Before, each
 * big frame kept its whole message: a device answering 60 KB reads kept ~3.8 MB in its ring
 * (bench:hostile slow-reader, docs/performance.md).
 */
import { isPlainMap, message, type Message, type PsonMap, type PsonValue } from '../protocol';

/** Characters of a string (bytes of a byte array) kept per value. */
const PREVIEW_VALUE_CHARS = 256;
/** Items of an array or entries of a map kept per level. */
const PREVIEW_ITEMS = 32;

export function previewOf(m: Message): Message {
  return message(
    m.type,
    [...m.fields].map(([field, value]) => [field, previewValue(value)] as [number, PsonValue]),
  );
}

function previewValue(v: PsonValue): PsonValue {
  if (typeof v === 'string') {
    if (v.length <= PREVIEW_VALUE_CHARS) return v;
    // A copy: a slice of a string can keep the whole string alive (V8 sliced strings).
    const head = JSON.parse(JSON.stringify(v.slice(0, PREVIEW_VALUE_CHARS))) as string;
    return `${head}… (${v.length} characters)`;
  }
  if (v instanceof Uint8Array)
    return v.length <= PREVIEW_VALUE_CHARS ? v.slice() : v.slice(0, PREVIEW_VALUE_CHARS);
  if (Array.isArray(v)) {
    const kept = v.slice(0, PREVIEW_ITEMS).map(previewValue);
    if (v.length > PREVIEW_ITEMS) kept.push(`… (${v.length} items)`);
    return kept;
  }
  if (isPlainMap(v)) {
    const keys = Object.keys(v);
    const out: PsonMap = {};
    for (const k of keys.slice(0, PREVIEW_ITEMS)) out[k] = previewValue(v[k]);
    if (keys.length > PREVIEW_ITEMS) out['…'] = `(${keys.length} entries)`;
    return out;
  }
  return v;
}
