/**
 * The ESP session's plan for an operation, built before any port is touched: the stub to load,
 * what to back up, erase, write (deflated and hashed on libuv's thread pool, shared by the boards
 * of one batch) or read, and the bytes the job moves for its percent.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import {
  ESP_FAST_BAUDS,
  type EspChipKey,
  type EspSessionPlan,
  type EspWriteRegion,
} from '../protocol';
import { loadEspStub } from '../espStubs';
import type { EspOperation } from './espJobTypes';

/** The plan without its baud rates: those change between attempts. */
export type EspBasePlan = Omit<EspSessionPlan, 'baudRates'>;

const md5 = (data: Uint8Array): Uint8Array =>
  new Uint8Array(createHash('md5').update(data).digest());

/** The rates to try after the stub is up, fastest first, none above `maxBaud`. */
export function fastBauds(maxBaud: number | undefined): number[] {
  const max = maxBaud ?? ESP_FAST_BAUDS[0];
  return ESP_FAST_BAUDS.filter((b) => b <= max);
}

export async function sessionPlanFor(op: EspOperation): Promise<EspBasePlan> {
  const common = { stubFor: (chip: EspChipKey) => loadEspStub(chip), md5 };
  switch (op.kind) {
    case 'identify':
      return { ...common, stubFor: () => null };
    case 'flash':
      return {
        ...common,
        plan: op.plan,
        board: op.board ?? null,
        backup: !!op.backupDir,
        write: {
          regions: await Promise.all(
            op.plan.regions.map((r) => compressRegion(r.name, r.offset, r.data)),
          ),
          verify: op.verify ?? true,
        },
      };
    case 'backup':
      return { ...common, backup: true };
    case 'restore':
      return {
        ...common,
        expectChip: op.meta.chip,
        write: { regions: [await compressRegion(op.name, 0, op.data)], verify: true },
      };
    case 'erase':
      return { ...common, backup: !!op.backupDir, erase: op.region };
    case 'read':
      return { ...common, read: { offset: op.offset, length: op.length } };
  }
}

/**
 * Bytes the job moves, for the percent; a backup's (or a whole read's) size is the flash's,
 * counted as 4 MB until the chip has said.
 */
export function planTotalBytes(plan: EspBasePlan, flashSize?: number | null): number {
  const written = plan.write?.regions.reduce((n, r) => n + r.size, 0) ?? 0;
  const assumedFlash = flashSize ?? 4 * 1048576;
  return Math.max(
    1,
    (plan.backup ? assumedFlash : 0) +
      written * (plan.write?.verify ? 2 : 1) +
      (plan.read ? (plan.read.length ?? assumedFlash) : 0),
  );
}

const deflateAsync = promisify(deflate);

/**
 * Compressed images by the bytes they compress: the boards of one batch write the same images,
 * and level 9 costs about 0.3 s of a core per MB, so one deflate serves them all. Keyed by the
 * array itself (dropped with it) and checked by MD5, so bytes changed in place are compressed anew.
 */
const compressed = new WeakMap<Uint8Array, { md5: string; data: Promise<Uint8Array> }>();

/**
 * Deflate (level 9, as esptool) and MD5 of one region, before any port is touched. The deflate
 * runs on libuv's thread pool: on the event loop it would stall the other boards' serial lines.
 */
export async function compressRegion(
  name: string,
  offset: number,
  data: Uint8Array,
): Promise<EspWriteRegion> {
  const digest = md5(data);
  const hex = Buffer.from(digest).toString('hex');
  let entry = compressed.get(data);
  if (entry?.md5 !== hex) {
    entry = {
      md5: hex,
      data: deflateAsync(data, { level: 9 }).then((b) => new Uint8Array(b)),
    };
    compressed.set(data, entry);
    entry.data.catch(() => compressed.delete(data));
  }
  return { name, offset, size: data.length, compressed: await entry.data, md5: digest };
}
