/**
 * The ESP-IDF partition table (at 0x8000, at most 0xC00 bytes): 32-byte entries `AA 50 type
 * subtype offset:u32 size:u32 label[16] flags:u32`, an optional MD5 entry (`EB EB`, 14 × FF, the
 * MD5 of the entries before it), then 0xFF. The provisioning image reads the `nvs` partition's
 * offset and size from it; the flasher checks that an app fits its partition.
 */
import { FlashError, FlashErrorCode } from '../FlashError';

export const PARTITION_TABLE_OFFSET = 0x8000;
const PARTITION_TABLE_MAX_BYTES = 0xc00;
const ENTRY_BYTES = 32;

const PartitionType = { APP: 0x00, DATA: 0x01 } as const;
/** Data subtypes: ota 0x00, phy 0x01, nvs 0x02, coredump 0x03, nvs_keys 0x04, … */
const DataSubtype = { OTA: 0x00, PHY: 0x01, NVS: 0x02 } as const;
/** App subtypes: factory 0x00, ota_0..ota_15 = 0x10..0x1f. */
const AppSubtype = { FACTORY: 0x00, OTA_0: 0x10 } as const;

export interface Partition {
  readonly label: string;
  readonly type: number;
  readonly subtype: number;
  readonly offset: number;
  readonly size: number;
  readonly encrypted: boolean;
}

export interface PartitionTable {
  readonly partitions: readonly Partition[];
  /** Whether the table carried an MD5 entry (checked when `md5` was given). */
  readonly hasMd5: boolean;
}

const invalid = (detail: string) =>
  new FlashError(
    FlashErrorCode.IMAGE_INVALID,
    'the partition table does not parse: rebuild it, or flash the export it came with',
    { detail },
  );

/** Whether `bytes` starts like a partition table (first entry magic). */
export const looksLikePartitionTable = (bytes: Uint8Array): boolean =>
  bytes.length >= ENTRY_BYTES && bytes[0] === 0xaa && bytes[1] === 0x50;

/**
 * Parses a table; `md5` (the adapter's hash) checks the MD5 entry when present. Throws
 * IMAGE_INVALID for anything a bootloader would refuse: bad magic, overlapping or unaligned
 * partitions, a partition past `flashSize` (when known), a wrong MD5.
 */
export function parsePartitionTable(
  bytes: Uint8Array,
  options: { md5?: (data: Uint8Array) => Uint8Array; flashSize?: number } = {},
): PartitionTable {
  const partitions: Partition[] = [];
  let hasMd5 = false;
  const end = Math.min(bytes.length, PARTITION_TABLE_MAX_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  for (; o + ENTRY_BYTES <= end; o += ENTRY_BYTES) {
    const e = bytes.subarray(o, o + ENTRY_BYTES);
    if (e.every((x) => x === 0xff)) break;
    if (e[0] === 0xeb && e[1] === 0xeb) {
      hasMd5 = true;
      if (options.md5) {
        const want = e.subarray(16, 32);
        const got = options.md5(bytes.subarray(0, o));
        if (!want.every((x, i) => x === got[i]))
          throw invalid(`MD5 entry at 0x${o.toString(16)} does not match`);
      }
      continue;
    }
    if (e[0] !== 0xaa || e[1] !== 0x50) {
      throw invalid(`entry at 0x${o.toString(16)} has no AA 50 magic`);
    }
    const offset = view.getUint32(o + 4, true);
    const size = view.getUint32(o + 8, true);
    const labelBytes = e.subarray(12, 28);
    const nul = labelBytes.indexOf(0);
    const label = String.fromCharCode(...labelBytes.subarray(0, nul < 0 ? 16 : nul));
    const flags = view.getUint32(o + 28, true);
    const p: Partition = {
      label,
      type: view.getUint8(o + 2),
      subtype: view.getUint8(o + 3),
      offset,
      size,
      encrypted: (flags & 1) !== 0,
    };
    if (size === 0) throw invalid(`partition "${label}" has size 0`);
    if (offset % 0x1000 !== 0)
      throw invalid(`partition "${label}" at 0x${offset.toString(16)} is not 4 KB aligned`);
    if (p.type === PartitionType.APP && offset % 0x10000 !== 0) {
      throw invalid(`app partition "${label}" at 0x${offset.toString(16)} is not 64 KB aligned`);
    }
    if (offset < PARTITION_TABLE_OFFSET + PARTITION_TABLE_MAX_BYTES) {
      throw invalid(
        `partition "${label}" at 0x${offset.toString(16)} overlaps the bootloader or the table`,
      );
    }
    if (options.flashSize !== undefined && offset + size > options.flashSize) {
      throw invalid(
        `partition "${label}" ends at 0x${(offset + size).toString(16)}, past the ${options.flashSize / 1048576} MB flash`,
      );
    }
    for (const q of partitions) {
      if (offset < q.offset + q.size && q.offset < offset + size) {
        throw invalid(`partitions "${q.label}" and "${label}" overlap`);
      }
    }
    partitions.push(p);
  }
  if (partitions.length === 0) throw invalid('no partitions');
  return { partitions, hasMd5 };
}

function findPartition(table: PartitionTable, label: string): Partition | undefined {
  return table.partitions.find((p) => p.label === label);
}

/** The `nvs` data partition (by label, else the first of subtype nvs): what provisioning writes. */
export function nvsPartition(table: PartitionTable): Partition | undefined {
  return (
    findPartition(table, 'nvs') ??
    table.partitions.find((p) => p.type === PartitionType.DATA && p.subtype === DataSubtype.NVS)
  );
}

/** The partition the bootloader boots on a fresh flash: factory, else ota_0. */
export function bootAppPartition(table: PartitionTable): Partition | undefined {
  const apps = table.partitions.filter((p) => p.type === PartitionType.APP);
  return (
    apps.find((p) => p.subtype === AppSubtype.FACTORY) ??
    apps.find((p) => p.subtype === AppSubtype.OTA_0) ??
    apps[0]
  );
}
