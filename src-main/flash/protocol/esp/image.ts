/**
 * ESP firmware images as the ROM and the second-stage bootloader read them: an 8-byte header
 * (magic 0xE9, segment count, flash mode, size/frequency, entry), on ESP32-family chips a 16-byte
 * extended header (the chip id the image was built for, whether a SHA-256 is appended), segments
 * (`load address, length, data`), a checksum byte (0xEF XOR every segment byte) at the end of the
 * 16-byte line, then the optional SHA-256 of everything before it. ESP8266 images have no
 * extended header. An ESP-IDF/Arduino app's first segment starts with `esp_app_desc_t`.
 */
import { FlashError, FlashErrorCode } from '../FlashError';
import { chipFromImageId, type EspChipKey } from './chips';

const ESP_IMAGE_MAGIC = 0xe9;
/** The ESP-IDF bootloader refuses more (esp_image_format.c). */
const MAX_SEGMENTS = 16;
const APP_DESC_MAGIC = 0xabcd5432;

export interface EspImageInfo {
  /** Built for this chip; null for an ESP8266 image (no extended header). */
  readonly chipId: number | null;
  readonly chip: EspChipKey | null;
  readonly segments: number;
  readonly entry: number;
  /** Bytes the image occupies (header to checksum, plus the hash when appended). */
  readonly length: number;
  readonly hashAppended: boolean;
  /** From esp_app_desc_t, when the image is an ESP-IDF/Arduino app. */
  readonly app: { readonly project: string; readonly version: string } | null;
}

const invalid = (message: string, detail: string) =>
  new FlashError(FlashErrorCode.IMAGE_INVALID, message, { detail });

export const isEspImage = (bytes: Uint8Array): boolean =>
  bytes.length >= 24 && bytes[0] === ESP_IMAGE_MAGIC;

/**
 * Parses and checks the image at the start of `bytes` (trailing bytes are allowed: a merged file,
 * an ESP8266 Arduino image with its flash-mapped part). Throws IMAGE_INVALID, naming the file,
 * for anything the ROM or bootloader would refuse: not an image, truncated, bad checksum, bad
 * SHA-256 (checked when `sha256` is given).
 */
export function parseEspImage(
  bytes: Uint8Array,
  name: string,
  sha256?: (data: Uint8Array) => Uint8Array,
): EspImageInfo {
  if (!isEspImage(bytes)) {
    throw invalid(
      `${name} is not an ESP firmware image: choose the .bin the build produced`,
      `first byte 0x${(bytes[0] ?? 0).toString(16)}, expected 0xe9`,
    );
  }
  // An ESP32-family image has an extended header with a known chip id and zero reserved bytes;
  // an ESP8266 image's segments start right after the 8-byte header. Try the first, then the other.
  const extended = tryWalk(bytes, 24);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chipId = view.getUint16(12, true);
  const extendedPlausible =
    extended.ok &&
    chipFromImageId(chipId) !== null &&
    bytes.subarray(19, 23).every((x) => x === 0) &&
    (bytes[23] === 0 || bytes[23] === 1);
  const walk = extendedPlausible ? extended : tryWalk(bytes, 8);
  if (!walk.ok) {
    // Report the failure of the layout the header most likely is.
    const best = extended.ok || chipFromImageId(chipId) === null ? walk : extended;
    throw invalid(`${name} is damaged: ${best.problem}; rebuild it or copy it again`, best.problem);
  }
  const hashAppended = extendedPlausible && bytes[23] === 1;
  let length = walk.end;
  if (hashAppended) {
    if (bytes.length < length + 32) {
      throw invalid(
        `${name} is truncated: rebuild it or copy it again`,
        'SHA-256 missing at the end',
      );
    }
    if (sha256) {
      const want = bytes.subarray(length, length + 32);
      const got = sha256(bytes.subarray(0, length));
      if (!want.every((x, i) => x === got[i])) {
        throw invalid(
          `${name} is damaged: its SHA-256 does not match; rebuild it or copy it again`,
          'image hash failed',
        );
      }
    }
    length += 32;
  }
  return {
    chipId: extendedPlausible ? chipId : null,
    chip: extendedPlausible ? (chipFromImageId(chipId)?.key ?? null) : 'esp8266',
    segments: view.getUint8(1),
    entry: view.getUint32(4, true),
    length,
    hashAppended,
    app: appDesc(bytes, walk.firstSegmentData),
  };
}

type Walk = { ok: true; end: number; firstSegmentData: number } | { ok: false; problem: string };

function tryWalk(bytes: Uint8Array, start: number): Walk {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint8(1);
  if (count === 0 || count > MAX_SEGMENTS) return { ok: false, problem: `${count} segments` };
  let o = start;
  let sum = 0xef;
  for (let i = 0; i < count; i++) {
    if (o + 8 > bytes.length)
      return { ok: false, problem: `truncated in segment ${i + 1} of ${count}` };
    const len = view.getUint32(o + 4, true);
    o += 8;
    if (o + len > bytes.length)
      return { ok: false, problem: `truncated in segment ${i + 1} of ${count}` };
    for (const x of bytes.subarray(o, o + len)) sum ^= x;
    o += len;
  }
  const checksumAt = o + (15 - (o % 16));
  if (checksumAt >= bytes.length) return { ok: false, problem: 'truncated before the checksum' };
  const stored = view.getUint8(checksumAt);
  if (stored !== sum) {
    return {
      ok: false,
      problem: `checksum failed (calculated 0x${sum.toString(16)}, read 0x${stored.toString(16)})`,
    };
  }
  return { ok: true, end: checksumAt + 1, firstSegmentData: start + 8 };
}

function appDesc(bytes: Uint8Array, at: number): EspImageInfo['app'] {
  if (at + 80 > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(at, true) !== APP_DESC_MAGIC) return null;
  const text = (o: number, n: number) => {
    const s = bytes.subarray(at + o, at + o + n);
    const nul = s.indexOf(0);
    return String.fromCharCode(...s.subarray(0, nul < 0 ? n : nul));
  };
  return { version: text(16, 32), project: text(48, 32) };
}
