/**
 * Firmware files as the user picks them (UI.md §3.8): which picks are firmware at all, their
 * bytes as base64 for main, the name of an ESP file set and the offsets typed in its layout.
 */
import { MAX_ESP_FILES, MAX_ESP_FILES_BASE64_CHARS } from '@contract/flashSchemas';
import { messages } from '../../../messages';
import type { EspFileChoice } from '../../../state/flashing';

/** Characters of the SHA-256 shown: enough to tell two builds apart at a glance. */
const SHORT_SHA_CHARS = 8;
export const shortSha = (sha: string): string => sha.slice(0, SHORT_SHA_CHARS);

export const hexAddress = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

const FIRMWARE_EXTENSIONS = ['hex', 'ihx', 'bin'];
export const extension = (name: string): string =>
  /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** Why these files are not firmware to send, or null (then they go to main to be checked). */
export function filesProblem(files: readonly { name: string; size: number }[]): string | null {
  const t = messages.flash.firmware;
  const other = files.find((f) => !FIRMWARE_EXTENSIONS.includes(extension(f.name)));
  if (other) {
    const ext = extension(other.name);
    return t.notFirmware(other.name, t.kinds[ext] ?? t.kinds.other);
  }
  const bins = files.filter((f) => extension(f.name) === 'bin');
  if (bins.length && bins.length < files.length) return t.mixed;
  if (!bins.length && files.length > 1) return t.oneHex;
  if (bins.length > MAX_ESP_FILES) return t.mixed;
  const base64 = bins.reduce((n, f) => n + Math.ceil(f.size / 3) * 4, 0);
  if (base64 > MAX_ESP_FILES_BASE64_CHARS) return t.espTooLarge(bins.map((f) => f.name).join(', '));
  return null;
}

/** A file's bytes as base64 (in pieces: String.fromCharCode takes only so many arguments). */
export async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** "0x10000" or "65536" → 65536; null when it is not a 4 KB-aligned offset. */
export function parseOffset(text: string): number | null {
  const v = text.trim();
  const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n % 0x1000 === 0 && n < 16 * 1048576 ? n : null;
}

/** "sketch.ino.bin + 2 files": the app's file names the set. */
export function espSetName(files: readonly EspFileChoice[]): string {
  const app =
    files.find((f) => !/bootloader|partitions|boot_app0|otadata/i.test(f.name)) ?? files[0];
  if (!app) return '';
  return files.length === 1 ? app.name : `${app.name} + ${files.length - 1}`;
}
