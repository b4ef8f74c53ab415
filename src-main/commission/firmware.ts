/**
 * A plan's firmware, read once per run before any board is touched: each image's bytes, name,
 * size and SHA-256 (of the file as stored, what the certificate shows). A missing file, a pinned
 * digest that no longer matches, or an ESP image without an offset fails the run up front.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CommissionPlan, FirmwareRecord } from '../contract/commissionSchemas';
import { CommissionError } from './CommissionError';
import { avrTargetMismatch, boardById, parseFirmware, type BoardProfile } from '../flash/protocol';

/** The AVR board a plan names. */
export function boardOf(id: string): BoardProfile {
  const b = boardById(id);
  if (!b) throw new CommissionError('PLAN', `the plan's board ${id} is not one this app can flash`);
  return b;
}

/** Largest image file: an ESP32 app partition tops out at 16 MB flash. */
const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

interface LoadedImage {
  readonly file: string;
  readonly name: string;
  /** Flash offset (ESP); null for Intel HEX, which carries its own addresses. */
  readonly offset: number | null;
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

export interface LoadedFirmware {
  readonly images: readonly LoadedImage[];
}

export async function loadPlanFirmware(plan: CommissionPlan): Promise<LoadedFirmware> {
  const images: LoadedImage[] = [];
  for (const img of plan.firmware) {
    let bytes: Uint8Array;
    try {
      const info = await stat(img.file);
      if (!info.isFile()) throw new Error('not a file');
      if (info.size > MAX_IMAGE_BYTES)
        throw new CommissionError(
          'FIRMWARE',
          `firmware ${img.file} is too large (${info.size} bytes)`,
        );
      bytes = new Uint8Array(await readFile(img.file));
    } catch (e) {
      if (e instanceof CommissionError) throw e;
      throw new CommissionError(
        'FIRMWARE',
        `the plan's firmware ${img.file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): pick the file again in the plan`,
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (img.sha256 && img.sha256 !== sha256)
      throw new CommissionError(
        'FIRMWARE',
        `firmware ${basename(img.file)} changed since the plan was written (SHA-256 ${sha256.slice(0, 12)}…, the plan pins ${img.sha256.slice(0, 12)}…)`,
      );
    const isHex = /\.hex$/i.test(img.file);
    if (plan.target.kind === 'esp' && img.offset === undefined)
      throw new CommissionError(
        'PLAN',
        `firmware ${basename(img.file)} needs a flash offset (ESP images)`,
      );
    if (plan.target.kind === 'avr' && !isHex)
      throw new CommissionError(
        'FIRMWARE',
        `firmware ${basename(img.file)} is not an Intel HEX file (.hex), which AVR boards take`,
      );
    images.push({
      file: img.file,
      name: basename(img.file),
      offset: img.offset ?? null,
      bytes,
      sha256,
    });
  }
  if (plan.target.kind === 'avr' && images.length > 1)
    throw new CommissionError('PLAN', 'an AVR plan takes one .hex file');
  if (plan.target.kind === 'avr' && images[0]) {
    // Firmware knows its board: a file built for another MCU is refused before any board is touched.
    let fw;
    try {
      fw = parseFirmware(new TextDecoder().decode(images[0].bytes));
    } catch (e) {
      throw new CommissionError('FIRMWARE', `${images[0].name}: ${(e as Error).message}`);
    }
    const board = boardOf(plan.target.board);
    const mismatch = avrTargetMismatch(fw.target, board);
    if (mismatch)
      throw new CommissionError('WRONG_TARGET', `${images[0].name} was ${mismatch.message}`);
  }
  return { images };
}

/** The certificate's view of the firmware (verify result filled in by the flash step). */
export const firmwareRecord = (fw: LoadedFirmware, verified: boolean | null): FirmwareRecord => ({
  images: fw.images.map((i) => ({
    name: i.name,
    offset: i.offset,
    sizeBytes: i.bytes.length,
    sha256: i.sha256,
  })),
  verified,
});
