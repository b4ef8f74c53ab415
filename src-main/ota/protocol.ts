/**
 * Thinger's OTA over IoTMP, the server's side, pure: the device exposes `$ota/options`,
 * `$ota/begin`, `$ota/write`, `$ota/end` and `$ota/reboot` as ordinary resources (IOTMP.md §7.1:
 * names with `/` are one resource), and the server drives them with RUN requests (§5.6, §6.4).
 * Shapes as Thinger's VS Code extension sends them and the IOTMP-Arduino / Arduino-Library OTA
 * headers answer them:
 * - options → `{enabled, block_size, timeout, version, checksum: "md5", compression, platform}`;
 * - begin ← `{firmware, version, size, chunk_size, checksum, compression, compressed_size,
 *   compressed_checksum}` → `{success, error?}`;
 * - write ← the chunk as PSON bytes (§4.6) → `{success, error?}`;
 * - end → `{success, error?}` (the device checks the MD5 here); reboot: a plain run.
 * No I/O here: OtaUpdate runs the steps, this module decides what to send and what an answer means.
 */
import { isPlainMap, type PsonMap, type PsonValue } from '../protocol';
import type { Reply } from '../core/reply';

export const OTA = {
  options: '$ota/options',
  begin: '$ota/begin',
  write: '$ota/write',
  end: '$ota/end',
  reboot: '$ota/reboot',
} as const;

/** The Arduino headers' default block size when a device does not say (8 KiB). */
const DEFAULT_BLOCK_SIZE = 8192;
/** Smallest chunk worth a round trip; a device asking for less is answered with this. */
const MIN_CHUNK = 256;
/**
 * Bytes a RUN frame spends around a chunk: header, stream id, resource name `$ota/write`, the
 * PSON bytes tag and length (§2.1, §3, §4.6), with room to spare.
 */
const RUN_OVERHEAD = 64;

export interface OtaDeviceOptions {
  enabled: boolean;
  blockSize: number;
  /** The firmware version the device runs (Thinger skips devices already on it). */
  version: string | null;
  checksum: 'md5' | null;
  compression: 'zlib' | 'gzip' | null;
  platform: string | null;
  /**
   * Largest image the device takes (its free OTA partition), when it says so. Not in Thinger's
   * headers (they fail at begin: "Not Enough Space"); IoTMP Studio's simulated devices and any
   * firmware that fills `max_size` (or `free_space`) get a clear refusal before any byte is sent.
   */
  maxSize: number | null;
}

const str = (v: PsonValue): string | null => (typeof v === 'string' && v !== '' ? v : null);
const count = (v: PsonValue): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null;

/** What `$ota/options` answered, or the sentence saying why it is not OTA options. */
export function parseOtaOptions(v: PsonValue): OtaDeviceOptions | { error: string } {
  if (!isPlainMap(v)) return { error: 'the device answered $ota/options without a map' };
  const m = v;
  const compression = str(m.compression ?? null);
  return {
    enabled: m.enabled !== false,
    blockSize: count(m.block_size ?? null) ?? DEFAULT_BLOCK_SIZE,
    version: str(m.version ?? null),
    checksum: m.checksum === 'md5' ? 'md5' : null,
    compression: compression === 'zlib' || compression === 'gzip' ? compression : null,
    platform: str(m.platform ?? null),
    maxSize: count(m.max_size ?? null) ?? count(m.free_space ?? null),
  };
}

/** The chunk size: the device's block size, cut to what one frame to this device may carry. */
export function chunkSize(options: OtaDeviceOptions, frameLimit: number): number {
  return Math.max(MIN_CHUNK, Math.min(options.blockSize, frameLimit - RUN_OVERHEAD));
}

const mb = (n: number): string =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`;

/** Why this image cannot go to this device, before anything is sent (null: it can). */
export function refusal(options: OtaDeviceOptions, imageSize: number): string | null {
  if (!options.enabled) return 'OTA is disabled on the device';
  if (options.maxSize !== null && imageSize > options.maxSize)
    return `the image (${mb(imageSize)}) is larger than the ${mb(options.maxSize)} the device accepts`;
  return null;
}

export interface BeginFields {
  firmware: string;
  version: string;
  size: number;
  chunkSize: number;
  checksum?: string;
  /** Set when the image is sent compressed: the scheme and what the device receives. */
  compressed?: { scheme: 'zlib' | 'gzip'; size: number; checksum?: string };
}

/** `$ota/begin`'s input with Thinger's field names. */
export function beginInput(b: BeginFields): PsonMap {
  return {
    firmware: b.firmware,
    version: b.version,
    size: b.size,
    chunk_size: b.chunkSize,
    ...(b.checksum ? { checksum: b.checksum } : {}),
    ...(b.compressed
      ? {
          compression: b.compressed.scheme,
          compressed_size: b.compressed.size,
          ...(b.compressed.checksum ? { compressed_checksum: b.compressed.checksum } : {}),
        }
      : {}),
  };
}

const STEP_WORDS = {
  begin: 'the device could not begin the update',
  write: 'the device could not write a part of the image',
  end: 'the device refused the image at the end (bad image or checksum?)',
} as const;

/**
 * What went wrong in a begin/write/end answer (null: `{"success": true}`). A device ERROR
 * (§5.2) or `success: false` becomes a sentence with the device's own `error` when it gave one.
 */
export function replyProblem(step: keyof typeof STEP_WORDS, reply: Reply): string | null {
  const out = reply.payload;
  const said = isPlainMap(out) ? str(out.error ?? null) : null;
  if (reply.ok && isPlainMap(out) && out.success === true) return null;
  return said ? `${STEP_WORDS[step]}: ${said}` : STEP_WORDS[step];
}
