/**
 * From the files a technician picked to the regions written at their offsets: an Arduino IDE /
 * arduino-cli export (bootloader + partitions + app, with boot_app0), a merged single image for
 * offset 0, PlatformIO's firmware.bin (+ its bootloader.bin and partitions.bin), an ESP8266
 * image. Every check that needs no board happens here, before any port is touched.
 */
import { FlashError, FlashErrorCode } from '../FlashError';
import { ESP_CHIPS, type EspChipKey } from './chips';
import { isEspImage, parseEspImage, type EspImageInfo } from './image';
import {
  bootAppPartition,
  looksLikePartitionTable,
  parsePartitionTable,
  PARTITION_TABLE_OFFSET,
  type PartitionTable,
} from './partitionTable';

/** ESP-IDF's default app offset (factory / ota_0) when no partition table says otherwise. */
const DEFAULT_APP_OFFSET = 0x10000;
/** Where Arduino-ESP32 puts boot_app0.bin (otadata: boot the first OTA slot). */
const BOOT_APP0_OFFSET = 0xe000;
/** Largest flash an ESP board carries (16 MB); bigger files are not ESP firmware. */
const MAX_ESP_FLASH_BYTES = 16 * 1024 * 1024;

export interface EspInputFile {
  readonly name: string;
  readonly data: Uint8Array;
  /** Given by the technician (or a PlatformIO/flasher_args manifest); else inferred. */
  readonly offset?: number;
}

type RegionRole = 'bootloader' | 'partitions' | 'otadata' | 'app' | 'merged' | 'data';

interface EspRegion {
  readonly name: string;
  readonly offset: number;
  readonly data: Uint8Array;
  readonly role: RegionRole;
  /** Parsed header, for images. */
  readonly image: EspImageInfo | null;
}

export interface EspFlashPlan {
  readonly regions: readonly EspRegion[];
  /** The chip family the images were built for; null when no file says (raw data, backups). */
  readonly chip: EspChipKey | null;
  /** The partition table written with the plan, if any. */
  readonly partitionTable: PartitionTable | null;
  /** "hello 1.0.0" when an app says who it is. */
  readonly appName: string | null;
}

export interface PlanOptions {
  readonly md5?: (data: Uint8Array) => Uint8Array;
  readonly sha256?: (data: Uint8Array) => Uint8Array;
}

const fail = (message: string, detail?: string) =>
  new FlashError(FlashErrorCode.IMAGE_INVALID, message, { detail });

export function planRegions(
  files: readonly EspInputFile[],
  options: PlanOptions = {},
): EspFlashPlan {
  if (files.length === 0) throw fail('choose the firmware: no file was given');
  const parsed = files.map((f) => classify(f, options));
  const chips = new Set(parsed.map((p) => p.image?.chip).filter((c): c is EspChipKey => !!c));
  if (chips.size > 1) {
    throw new FlashError(
      FlashErrorCode.WRONG_CHIP,
      `these files were built for different chips (${[...chips].map((c) => ESP_CHIPS[c].name).join(', ')}): choose one build`,
    );
  }
  const chip = chips.values().next().value ?? null;
  const table =
    parsed.find((p) => p.role === 'partitions')?.table ??
    parsed.find((p) => p.role === 'merged')?.table ??
    null;
  const alone = files.length === 1;
  const regions: EspRegion[] = parsed.map((p) => {
    if (p.file.offset !== undefined) return region(p, p.file.offset);
    switch (p.role) {
      case 'merged':
        return region(p, 0);
      case 'partitions':
        return region(p, PARTITION_TABLE_OFFSET);
      case 'otadata':
        return region(p, BOOT_APP0_OFFSET);
      case 'bootloader':
        return region(p, ESP_CHIPS[p.image?.chip ?? 'esp32'].bootloaderOffset);
      case 'app':
        // An ESP8266 Arduino/PlatformIO image alone goes at 0 (no second-stage bootloader).
        if (p.image?.chip === 'esp8266' && alone) return region(p, 0);
        return region(p, (table && bootAppPartition(table)?.offset) ?? DEFAULT_APP_OFFSET);
      default:
        throw fail(
          `${p.file.name}: say at which offset to write it (it is not an ESP image or partition table)`,
        );
    }
  });
  regions.sort((a, b) => a.offset - b.offset);
  for (const [i, b] of regions.entries()) {
    const a = regions[i - 1];
    if (a === undefined) continue;
    if (a.offset + a.data.length > b.offset) {
      throw fail(
        `${a.name} (0x${a.offset.toString(16)}–0x${(a.offset + a.data.length).toString(16)}) overlaps ${b.name} at 0x${b.offset.toString(16)}: check the offsets`,
      );
    }
  }
  for (const r of regions) checkAppFits(r, table);
  const app = regions.find((r) => r.image?.app)?.image?.app;
  return {
    regions,
    chip,
    partitionTable: table,
    appName: app ? `${app.project} ${app.version}`.trim() : null,
  };
}

interface Classified {
  file: EspInputFile;
  role: RegionRole;
  image: EspImageInfo | null;
  table: PartitionTable | null;
}

function classify(file: EspInputFile, options: PlanOptions): Classified {
  const { data, name } = file;
  if (data.length === 0) throw fail(`${name} is empty`);
  if (data.length > MAX_ESP_FLASH_BYTES) {
    throw fail(`${name} is larger than any ESP flash (${data.length} bytes)`);
  }
  const lower = name.toLowerCase();
  if (looksLikePartitionTable(data)) {
    return { file, role: 'partitions', image: null, table: parsePartitionTable(data, options) };
  }
  // A merged image: partition table at 0x8000 of the file, bootloader at 0x1000 (ESP32) or 0.
  if (
    data.length > PARTITION_TABLE_OFFSET &&
    looksLikePartitionTable(data.subarray(PARTITION_TABLE_OFFSET))
  ) {
    const table = parsePartitionTable(data.subarray(PARTITION_TABLE_OFFSET), options);
    const bootAt = isEspImage(data) ? 0 : isEspImage(data.subarray(0x1000)) ? 0x1000 : -1;
    if (bootAt < 0) throw fail(`${name} has a partition table but no bootloader at 0x0 or 0x1000`);
    const boot = parseEspImage(data.subarray(bootAt), `${name} (bootloader)`, options.sha256);
    if (boot.chip && ESP_CHIPS[boot.chip].bootloaderOffset !== bootAt) {
      throw fail(
        `${name}: its bootloader is at 0x${bootAt.toString(16)}, but ${ESP_CHIPS[boot.chip].name} boots from 0x${ESP_CHIPS[boot.chip].bootloaderOffset.toString(16)}`,
      );
    }
    const appPart = bootAppPartition(table);
    let app: EspImageInfo | null = null;
    if (appPart && data.length > appPart.offset && isEspImage(data.subarray(appPart.offset))) {
      app = parseEspImage(data.subarray(appPart.offset), `${name} (app)`, options.sha256);
      if (app.chip !== boot.chip)
        throw fail(`${name}: its bootloader and app were built for different chips`);
    }
    return { file, role: 'merged', image: app ? { ...app } : boot, table };
  }
  if (lower.includes('boot_app0') || lower.includes('otadata')) {
    return { file, role: 'otadata', image: null, table: null };
  }
  if (!isEspImage(data)) return { file, role: 'data', image: null, table: null };
  const image = parseEspImage(data, name, options.sha256);
  const role: RegionRole = image.app ? 'app' : lower.includes('bootloader') ? 'bootloader' : 'app';
  return { file, role, image, table: null };
}

function region(p: Classified, offset: number): EspRegion {
  if (offset < 0 || offset % 0x1000 !== 0 || offset >= MAX_ESP_FLASH_BYTES) {
    throw fail(
      `${p.file.name}: offset 0x${offset.toString(16)} is not a 4 KB-aligned flash address`,
    );
  }
  return { name: p.file.name, offset, data: p.file.data, role: p.role, image: p.image };
}

function checkAppFits(r: EspRegion, table: PartitionTable | null): void {
  if (r.role !== 'app' || !table) return;
  const part = table.partitions.find((p) => p.offset === r.offset);
  if (!part) return;
  if (r.data.length > part.size) {
    throw new FlashError(
      FlashErrorCode.IMAGE_TOO_LARGE,
      `${r.name} (${r.data.length} bytes) does not fit its partition "${part.label}" (${part.size} bytes): choose a larger partition scheme`,
    );
  }
}

/** Checks a plan against the detected board, before anything is written. */
export function checkPlanForBoard(
  plan: EspFlashPlan,
  board: EspChipKey,
  flashSize: number | null,
): void {
  const part =
    flashSize === null
      ? undefined
      : plan.partitionTable?.partitions.find((p) => p.offset + p.size > flashSize);
  if (part && flashSize !== null) {
    throw new FlashError(
      FlashErrorCode.IMAGE_TOO_LARGE,
      `the partition table's "${part.label}" ends at 0x${(part.offset + part.size).toString(16)}, past this board's ${flashSize / 1048576} MB flash: the board would not boot; nothing was written; choose a build for ${flashSize / 1048576} MB`,
    );
  }
  for (const r of plan.regions) {
    if (r.image) checkRegionChip(r.name, r.image, board);
    if (flashSize !== null && r.offset + r.data.length > flashSize) {
      throw new FlashError(
        FlashErrorCode.IMAGE_TOO_LARGE,
        `${r.name} ends at 0x${(r.offset + r.data.length).toString(16)}, past this board's ${flashSize / 1048576} MB flash: nothing was written`,
      );
    }
  }
}

function checkRegionChip(name: string, info: EspImageInfo, board: EspChipKey): void {
  if (info.chip === board) return;
  const built = info.chip ? ESP_CHIPS[info.chip].name : 'another chip';
  const boardName = ESP_CHIPS[board].name;
  throw new FlashError(
    FlashErrorCode.WRONG_CHIP,
    `built for ${built}, this board is an ${boardName}: nothing was written; choose the build for ${boardName}`,
    { detail: `${name}: image chip ${built}, board ${boardName}` },
  );
}
