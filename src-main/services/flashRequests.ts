/**
 * The checks a flash start needs before any port is touched, as the serial service's decisions:
 * the backup folder (absolute, a folder, writable), each target's board against the firmware's
 * kind (an Arduino .hex on an ESP board and ESP files on an AVR board are refused), and the ESP
 * files parsed and placed with one hash over names, offsets and bytes.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { ApiError, ApiErrorCode } from '../contract';
import { sentence } from '../contract/sentence';
import {
  boardById,
  espBoardById,
  espImageTarget,
  isFlashError,
  type EspBoardProfile,
  type EspFlashPlan,
} from '../flash/protocol';
import type { EspFlasher } from '../flash/jobs/EspFlasher';
import type { EspBatchTarget, FirmwareMeta } from '../flash/jobs/FlashBatches';
import type { FlashTarget } from '../flash/jobs/FlashJob';
import type { DetectedPort } from '../serial/PortWatcher';
import { sha256 } from '../util/sha256';
import type { EspFileRequest, FlashRequest } from './types';

/** A port listed and not being flashed (NOT_FOUND / PORT_BUSY otherwise). */
export type Flashable = (path: string) => Promise<DetectedPort>;

const refuseDir = (dir: string, why: string): never => {
  throw new ApiError(ApiErrorCode.BAD_REQUEST, `backup folder ${dir} ${why}`);
};

/**
 * A backup folder named as an absolute path on this machine (a folder the ESP job then cannot
 * write fails that job).
 */
export function absoluteBackupDir(dir: string): string {
  if (!isAbsolute(dir))
    refuseDir(dir, 'must be an absolute path on the machine running IoTMP Studio');
  return dir;
}

/** The folder backups go to: absolute, existing, writable on this machine. */
export function checkBackupDir(dir: string): void {
  const refuse = (why: string): never => refuseDir(dir, why);
  absoluteBackupDir(dir);
  try {
    if (!statSync(dir).isDirectory()) refuse('is not a folder');
    accessSync(dir, constants.W_OK);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    refuse(`cannot be written: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** An ESP board on a port, with what identifies the port's USB bridge (for its reset sequence). */
export function espBatchTarget(
  port: DetectedPort,
  path: string,
  board: EspBoardProfile,
): EspBatchTarget {
  return {
    path,
    board,
    ...(port.serialNumber ? { serialNumber: port.serialNumber } : {}),
    ...(port.vendorId ? { vendorId: port.vendorId } : {}),
    ...(port.productId ? { productId: port.productId } : {}),
  };
}

/** The AVR boards of an Intel HEX flash; an ESP board among them is refused. */
export async function avrFlashTargets(
  targets: FlashRequest['targets'],
  flashable: Flashable,
): Promise<FlashTarget[]> {
  const resolved: FlashTarget[] = [];
  for (const t of targets) {
    const p = await flashable(t.port);
    const esp = espBoardById(t.board);
    if (esp)
      throw new ApiError(
        ApiErrorCode.BAD_REQUEST,
        `${t.port} is set as an ${esp.name}: an Arduino .hex does not run on it; choose the ESP firmware (.bin) or another board`,
      );
    const board = boardById(t.board);
    if (!board) throw new ApiError(ApiErrorCode.BAD_REQUEST, `no board ${t.board}`);
    resolved.push({
      path: t.port,
      board,
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
    });
  }
  return resolved;
}

/** The ESP boards of an ESP flash; any other board among them is refused. */
export async function espFlashTargets(
  targets: FlashRequest['targets'],
  flashable: Flashable,
): Promise<EspBatchTarget[]> {
  const resolved: EspBatchTarget[] = [];
  for (const t of targets) {
    const p = await flashable(t.port);
    const board = espBoardById(t.board);
    if (!board)
      throw new ApiError(
        ApiErrorCode.BAD_REQUEST,
        `${t.port} is set as ${boardById(t.board)?.name ?? t.board}: ESP files run only on an ESP board; choose its board or an Arduino .hex`,
      );
    resolved.push(espBatchTarget(p, t.port, board));
  }
  return resolved;
}

/**
 * ESP files (base64) checked and placed (FIRMWARE_INVALID when they are not ESP images, are
 * damaged, overlap or were built for different chips), with one hash over names, offsets and
 * bytes.
 */
export function inspectEspFiles(
  esp: EspFlasher,
  files: readonly EspFileRequest[],
): { plan: EspFlashPlan; sha256: string } {
  try {
    const plan = esp.plan(
      files.map((f) => ({
        name: f.name,
        data: new Uint8Array(Buffer.from(f.data, 'base64')),
        ...(f.offset !== undefined ? { offset: f.offset } : {}),
      })),
    );
    const identity = plan.regions.map(
      (r) => `${r.name}@${r.offset}:${sha256(Buffer.from(r.data).toString('base64'))}`,
    );
    return { plan, sha256: sha256(identity.join('\n')) };
  } catch (e) {
    if (isFlashError(e))
      throw new ApiError(ApiErrorCode.FIRMWARE_INVALID, sentence(e.message), e.detail);
    throw e;
  }
}

/** What the job list shows of an ESP flash: named after the application image (else the first). */
export function espFirmwareMeta(
  plan: EspFlashPlan,
  hash: string,
  name: string | undefined,
): FirmwareMeta {
  const app = plan.regions.find((r) => r.image?.chip) ?? null;
  return {
    name: name ?? app?.name ?? plan.regions[0]?.name ?? null,
    sha256: hash,
    sizeBytes: plan.regions.reduce((n, r) => n + r.data.length, 0),
    target: app?.image ? espImageTarget(app.image) : null,
  };
}
