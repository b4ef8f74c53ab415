/**
 * ESP-IDF NVS partition images (format version 2, "multipage blobs"), laid out exactly as ESP-IDF's
 * own generator (esp-idf-nvs-partition-gen, what `nvs_partition_gen.py` runs) lays out the same
 * input, so `nvs_flash` and Arduino-ESP32's `Preferences` read them like any partition built with
 * Espressif's tools.
 *
 * Layout (ESP-IDF docs, "NVS: Internals"):
 * - the partition is a run of 4096-byte pages; the last one stays empty (nvs_flash needs a free
 *   page for garbage collection), so a partition of N pages holds data in N − 1;
 * - a page: 32-byte header (state u32, sequence u32, version u8 = 0xFE, 19 × 0xFF, CRC32 of
 *   bytes 4..27), a 32-byte entry-state bitmap (2 bits per entry: 11 empty, 10 written), then
 *   126 entries of 32 bytes;
 * - an entry: namespace index u8, type u8, span u8 (entries used), chunk index u8 (0xFF unless a
 *   blob chunk), CRC32 of bytes 0..3 and 8..31, key (NUL-padded, ≤ 15 bytes), 8 data bytes;
 * - a namespace is a u8 entry in namespace 0 whose value is its index (1, 2, …);
 * - a string: data = size u16 (with its NUL), 0xFFFF, CRC32 of the bytes; the bytes fill the next
 *   span − 1 entries (0xFF padded) and never cross a page;
 * - a blob: BLOB_DATA chunks (one per page it touches, chunk index 0, 1, …, each like a string)
 *   followed by a BLOB_IDX entry (size u32, chunk count u8, first chunk index u8).
 * Every CRC32 is zlib's seeded with 0xFFFFFFFF.
 */
import { at } from '../../contract/present';
import { crc32 } from './crc32';
import { ProvisionError, ProvisionErrorCode } from './ProvisionError';

export const NVS_PAGE_BYTES = 4096;
const NVS_ENTRIES_PER_PAGE = 126;
const ENTRY_BYTES = 32;
const FIRST_ENTRY_OFFSET = 64;
const PAGE_ACTIVE = 0xfffffffe;
const PAGE_FULL = 0xfffffffc;
const VERSION_2 = 0xfe;
const CHUNK_ANY = 0xff;
/** nvs_flash refuses a read/write partition below 3 pages (one is kept for garbage collection). */
const NVS_MIN_BYTES = 3 * NVS_PAGE_BYTES;
/** Keys and namespace names: 15 bytes + NUL (NVS_KEY_NAME_MAX_SIZE). */
const NVS_KEY_MAX_BYTES = 15;
/** A string, NUL included, must fit one page's entries: ESP-IDF caps it at 4000 bytes. */
const NVS_STRING_MAX_BYTES = 4000;
/** nvs_flash numbers namespaces with a u8 and reserves 0 and 255. */
const MAX_NAMESPACES = 254;

const TYPE = {
  u8: 0x01,
  i8: 0x11,
  u16: 0x02,
  i16: 0x12,
  u32: 0x04,
  i32: 0x14,
  u64: 0x08,
  i64: 0x18,
  string: 0x21,
  blobData: 0x42,
  blobIndex: 0x48,
} as const;

type SmallIntType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32';
type NvsValue =
  | { readonly type: SmallIntType; readonly value: number }
  | { readonly type: 'u64' | 'i64'; readonly value: bigint }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'blob'; readonly value: Uint8Array };

export interface NvsEntry {
  readonly namespace: string;
  readonly key: string;
  readonly value: NvsValue;
}

const RANGES: Record<SmallIntType, readonly [number, number]> = {
  u8: [0, 0xff],
  i8: [-0x80, 0x7f],
  u16: [0, 0xffff],
  i16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff],
  i32: [-0x80000000, 0x7fffffff],
};
const RANGES_64 = {
  u64: [0n, 0xffffffffffffffffn],
  i64: [-0x8000000000000000n, 0x7fffffffffffffffn],
} as const;

const utf8 = new TextEncoder();

function invalid(message: string, field?: string, detail?: string): ProvisionError {
  return new ProvisionError(ProvisionErrorCode.NVS_INVALID, message, { field, detail });
}

function checkName(name: string, what: string): Uint8Array {
  const bytes = utf8.encode(name);
  if (bytes.length === 0 || bytes.length > NVS_KEY_MAX_BYTES || bytes.includes(0)) {
    throw invalid(`${what} "${name}" must be 1 to ${NVS_KEY_MAX_BYTES} bytes`, name);
  }
  return bytes;
}

/** The pages being filled, in the generator's order: one page at a time, then the blank rest. */
class PageWriter {
  readonly image: Uint8Array;
  private readonly dataPages: number;
  private page = -1;
  private entry = 0;

  constructor(size: number) {
    this.image = new Uint8Array(size).fill(0xff);
    this.dataPages = size / NVS_PAGE_BYTES - 1;
    this.newPage();
  }

  get entryIndex(): number {
    return this.entry;
  }

  /** Marks the current page FULL and starts the next (state ACTIVE, sequence = page number). */
  newPage(): void {
    if (this.page >= 0) this.view(this.page).setUint32(0, PAGE_FULL, true);
    if (this.page + 1 >= this.dataPages) {
      throw invalid(
        `the values do not fit in a ${this.image.length}-byte NVS partition (${this.dataPages} pages for data)`,
      );
    }
    this.page++;
    this.entry = 0;
    const base = this.page * NVS_PAGE_BYTES;
    const v = this.view(this.page);
    v.setUint32(0, PAGE_ACTIVE, true);
    v.setUint32(4, this.page, true);
    this.image[base + 8] = VERSION_2;
    v.setUint32(28, crc32(this.image.subarray(base + 4, base + 28), 0xffffffff), true);
  }

  /** Writes `count` entries starting with `bytes` (the rest stays 0xFF) and marks them written. */
  write(bytes: Uint8Array, count: number): void {
    const base = this.page * NVS_PAGE_BYTES;
    this.image.set(bytes, base + FIRST_ENTRY_OFFSET + this.entry * ENTRY_BYTES);
    for (let i = 0; i < count; i++, this.entry++) {
      const bit = this.entry * 2;
      // 11 (empty) → 10 (written): clear the low bit of the entry's pair.
      const state = base + 32 + (bit >> 3);
      this.image[state] = at(this.image, state, 'entry state byte') & ~(1 << (bit & 7));
    }
  }

  private view(page: number): DataView {
    return new DataView(this.image.buffer, this.image.byteOffset + page * NVS_PAGE_BYTES, 32);
  }
}

function header(
  ns: number,
  type: number,
  span: number,
  chunk: number,
  key: Uint8Array,
): Uint8Array {
  const e = new Uint8Array(ENTRY_BYTES).fill(0xff);
  e[0] = ns;
  e[1] = type;
  e[2] = span;
  e[3] = chunk;
  e.fill(0, 8, 24);
  e.set(key, 8);
  return e;
}

/** Entry CRC: bytes 0..3 and 8..31, stored at 4..7. */
function seal(e: Uint8Array): Uint8Array {
  const covered = new Uint8Array(28);
  covered.set(e.subarray(0, 4), 0);
  covered.set(e.subarray(8, 32), 4);
  new DataView(e.buffer, e.byteOffset).setUint32(4, crc32(covered, 0xffffffff), true);
  return e;
}

function varLenHeader(e: Uint8Array, payload: Uint8Array): Uint8Array {
  const v = new DataView(e.buffer, e.byteOffset);
  v.setUint16(24, payload.length, true);
  v.setUint32(28, crc32(payload, 0xffffffff), true);
  return seal(e);
}

const entriesFor = (bytes: number): number => Math.ceil(bytes / ENTRY_BYTES);

function writePrimitive(w: PageWriter, ns: number, key: Uint8Array, value: NvsValue): void {
  if (w.entryIndex >= NVS_ENTRIES_PER_PAGE) w.newPage();
  const e = header(ns, TYPE[value.type as keyof typeof TYPE], 1, CHUNK_ANY, key);
  const v = new DataView(e.buffer);
  switch (value.type) {
    case 'u8':
      v.setUint8(24, value.value);
      break;
    case 'i8':
      v.setInt8(24, value.value);
      break;
    case 'u16':
      v.setUint16(24, value.value, true);
      break;
    case 'i16':
      v.setInt16(24, value.value, true);
      break;
    case 'u32':
      v.setUint32(24, value.value, true);
      break;
    case 'i32':
      v.setInt32(24, value.value, true);
      break;
    case 'u64':
      v.setBigUint64(24, value.value, true);
      break;
    case 'i64':
      v.setBigInt64(24, value.value, true);
      break;
    default:
      throw new Error(`not a primitive: ${value.type}`);
  }
  w.write(seal(e), 1);
}

function writeString(w: PageWriter, ns: number, key: Uint8Array, payload: Uint8Array): void {
  const dataEntries = entriesFor(payload.length);
  // Like the generator: a string never crosses a page, and one that would end exactly at the
  // page's last entry also moves to the next page.
  if (
    w.entryIndex >= NVS_ENTRIES_PER_PAGE ||
    w.entryIndex + dataEntries + 1 >= NVS_ENTRIES_PER_PAGE
  ) {
    w.newPage();
  }
  w.write(varLenHeader(header(ns, TYPE.string, dataEntries + 1, CHUNK_ANY, key), payload), 1);
  w.write(payload, dataEntries);
}

function writeBlob(w: PageWriter, ns: number, key: Uint8Array, data: Uint8Array): void {
  if (w.entryIndex >= NVS_ENTRIES_PER_PAGE) w.newPage();
  let offset = 0;
  let chunks = 0;
  for (;;) {
    // As much as the page's remaining entries hold after this chunk's header.
    const tailroom = (NVS_ENTRIES_PER_PAGE - w.entryIndex - 1) * ENTRY_BYTES;
    const size = Math.min(tailroom, data.length - offset);
    const chunk = data.subarray(offset, offset + size);
    const dataEntries = entriesFor(size);
    w.write(varLenHeader(header(ns, TYPE.blobData, dataEntries + 1, chunks, key), chunk), 1);
    w.write(chunk, dataEntries);
    chunks++;
    offset += size;
    if (offset < data.length || tailroom - size < ENTRY_BYTES) w.newPage();
    if (offset >= data.length) break;
  }
  const idx = header(ns, TYPE.blobIndex, 1, CHUNK_ANY, key);
  const v = new DataView(idx.buffer);
  v.setUint32(24, data.length, true);
  idx[28] = chunks;
  idx[29] = 0; // first chunk index (the generator always starts at 0)
  w.write(seal(idx), 1);
}

function checkValue(entry: NvsEntry): Uint8Array | null {
  const { key, value } = entry;
  switch (value.type) {
    case 'string': {
      const bytes = utf8.encode(value.value);
      if (bytes.includes(0)) throw invalid(`"${key}" holds a NUL character`, key);
      if (bytes.length + 1 > NVS_STRING_MAX_BYTES) {
        throw invalid(
          `"${key}" is ${bytes.length} bytes: NVS strings hold at most ${NVS_STRING_MAX_BYTES - 1}`,
          key,
        );
      }
      const payload = new Uint8Array(bytes.length + 1);
      payload.set(bytes);
      return payload;
    }
    case 'blob':
      return value.value;
    case 'u64':
    case 'i64': {
      const [lo, hi] = RANGES_64[value.type];
      if (typeof value.value !== 'bigint' || value.value < lo || value.value > hi) {
        throw invalid(`"${key}" is out of range for ${value.type}`, key);
      }
      return null;
    }
    default: {
      const range = RANGES[value.type];
      if (!range) throw invalid(`"${key}" has an unknown type`, key);
      if (!Number.isInteger(value.value) || value.value < range[0] || value.value > range[1]) {
        throw invalid(`"${key}" is out of range for ${value.type} (${value.value})`, key);
      }
      return null;
    }
  }
}

/**
 * The NVS partition image (`size` bytes: the `nvs` partition's size from the partition table)
 * holding `entries` in their order. A namespace's entry is written where its first key appears.
 * Throws ProvisionError NVS_INVALID for a bad key, a value out of range, or a partition too small.
 */
export function buildNvsPartition(entries: readonly NvsEntry[], size: number): Uint8Array {
  if (!Number.isInteger(size) || size < NVS_MIN_BYTES || size % NVS_PAGE_BYTES !== 0) {
    throw invalid(
      `an NVS partition is a multiple of ${NVS_PAGE_BYTES} bytes and at least ${NVS_MIN_BYTES} (got ${size})`,
    );
  }
  const w = new PageWriter(size);
  const namespaces = new Map<string, number>();
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = checkName(entry.key, 'key');
    // nvs_flash keeps one value per key; two in one image would leave which one wins to chance.
    const id = `${entry.namespace}\0${entry.key}`;
    if (seen.has(id)) throw invalid(`"${entry.namespace}/${entry.key}" is given twice`, entry.key);
    seen.add(id);
    const payload = checkValue(entry);
    let ns = namespaces.get(entry.namespace);
    if (ns === undefined) {
      const name = checkName(entry.namespace, 'namespace');
      if (namespaces.size >= MAX_NAMESPACES) throw invalid('too many namespaces', entry.namespace);
      ns = namespaces.size + 1;
      namespaces.set(entry.namespace, ns);
      writePrimitive(w, 0, name, { type: 'u8', value: ns });
    }
    // checkValue gives the bytes of a string or blob, null for a number.
    if (payload === null) writePrimitive(w, ns, key, entry.value);
    else if (entry.value.type === 'string') writeString(w, ns, key, payload);
    else writeBlob(w, ns, key, payload);
  }
  return w.image;
}
