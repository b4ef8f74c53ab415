/**
 * Starting flash jobs for the serial service: the request checked (the file parsed, the backup
 * folder and every port: listed, not being flashed) before any port is touched, then handed to
 * FlashBatches as an AVR job, an ESP job, or one ESP tool job (backup, restore, erase).
 */
import { ApiError, ApiErrorCode, type EspToolRequest } from '../contract';
import type { EspChipFacts, Firmware } from '../flash/protocol';
import type { EspFlasher } from '../flash/jobs/EspFlasher';
import type { BatchRecord, FlashBatches } from '../flash/jobs/FlashBatches';
import { espToolBoard, espToolOperation } from './espToolRequests';
import {
  avrFlashTargets,
  checkBackupDir,
  espBatchTarget,
  espFirmwareMeta,
  espFlashTargets,
  inspectEspFiles,
  type Flashable,
} from './flashRequests';
import type { EspFileRequest, FlashRequest } from './types';

/** What starting a job needs of the serial service. */
export interface FlashStarter {
  readonly jobs: FlashBatches;
  readonly esp: EspFlasher;
  readonly espBackupDir: string | null;
  /** A port listed and not being flashed, else NOT_FOUND / PORT_BUSY. */
  readonly flashable: Flashable;
  espChip(path: string): EspChipFacts | null;
  inspectFirmware(hex: string): { firmware: Firmware; sha256: string };
}

/** An ESP tool job asked for: the port, the board chosen (if any), what to do. */
export interface EspToolStart {
  port: string;
  board?: string | undefined;
  operation: EspToolRequest;
}

export async function startFlash(s: FlashStarter, request: FlashRequest): Promise<BatchRecord> {
  if (request.backupDir) checkBackupDir(request.backupDir);
  if (request.files) return startEspFlash(s, request, request.files);
  if (request.hex === undefined)
    throw new ApiError(ApiErrorCode.BAD_REQUEST, 'choose the firmware: no file was given');
  const { firmware, sha256: hash } = s.inspectFirmware(request.hex);
  const resolved = await avrFlashTargets(request.targets, s.flashable);
  return s.jobs.start(
    firmware,
    {
      name: request.name ?? null,
      sha256: hash,
      sizeBytes: firmware.dataBytes,
      target: firmware.target,
    },
    resolved,
    { verify: request.verify ?? true, backupDir: request.backupDir ?? null },
  );
}

async function startEspFlash(
  s: FlashStarter,
  request: FlashRequest,
  files: readonly EspFileRequest[],
): Promise<BatchRecord> {
  const { plan, sha256: hash } = inspectEspFiles(s.esp, files);
  const targets = await espFlashTargets(request.targets, s.flashable);
  return s.jobs.startEsp(plan, espFirmwareMeta(plan, hash, request.name), targets, {
    verify: request.verify ?? true,
    backupDir: request.backupDir ?? null,
    ...(request.maxBaud ? { maxBaud: request.maxBaud } : {}),
  });
}

/**
 * Everything that can be refused without the board is refused here (another chip family or a
 * larger flash than the one read on this port, a region off the 4 KB sectors or past the flash,
 * a damaged backup); the session checks the chip and flash again once the board answers.
 */
export async function startEspTool(s: FlashStarter, request: EspToolStart): Promise<BatchRecord> {
  const p = await s.flashable(request.port);
  const known = s.espChip(request.port);
  const board = espToolBoard(request.port, request.board, known);
  const { operation, meta } = await espToolOperation(request.operation, {
    port: request.port,
    board,
    flashSize: known?.chip === board.id ? known.flashSize : null,
    chipRead: known?.chip === board.id,
    backupDir: s.espBackupDir,
  });
  const target = espBatchTarget(p, request.port, board);
  return s.jobs.startEspTool(operation, { ...meta, target: null }, target);
}
