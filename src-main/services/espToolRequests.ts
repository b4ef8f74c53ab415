/**
 * An ESP tool request (backup, restore, erase) turned into the job's operation and what the job
 * list shows, refusing here everything that can be refused without the board: no backup folder,
 * a backup of another chip family or larger than the flash read on this port, a damaged backup,
 * an erase off the 4 KB sectors or past the flash. The session checks chip and flash again once
 * the board answers.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { basename } from 'node:path';
import { ApiError, ApiErrorCode, type EspBackupInfo, type EspToolRequest } from '../contract';
import { sentence } from '../contract/sentence';
import { listEspBackups, loadEspBackup } from '../flash/espBackup';
import {
  boardById,
  espBoardById,
  isFlashError,
  type EspBoardProfile,
  type EspChipFacts,
} from '../flash/protocol';
import type { EspToolOperation } from '../flash/jobs/FlashBatches';
import { checkBackupDir } from './flashRequests';

/** What the job list shows of a tool job. */
export interface EspToolMeta {
  readonly name: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

export interface EspToolContext {
  readonly port: string;
  readonly board: EspBoardProfile;
  /** The flash size read on this port from this board's chip family; null: not known. */
  readonly flashSize: number | null;
  /** Whether the chip on the port was read (else the board is only what was chosen). */
  readonly chipRead: boolean;
  /** The app's backup folder; null: none. */
  readonly backupDir: string | null;
}

const refuse = (message: string): never => {
  throw new ApiError(ApiErrorCode.BAD_REQUEST, message);
};
const mb = (n: number) => `${n / 1048576} MB`;
const hex = (n: number) => `0x${n.toString(16)}`;

/** The board chosen for the port, else the one whose chip was read there; refused otherwise. */
export function espToolBoard(
  port: string,
  chosenId: string | undefined,
  known: EspChipFacts | null,
): EspBoardProfile {
  const chosen = chosenId !== undefined ? espBoardById(chosenId) : undefined;
  if (chosenId !== undefined && !chosen)
    refuse(
      `${port} is set as ${boardById(chosenId)?.name ?? chosenId}: backup, restore and erase are for ESP boards`,
    );
  const board = chosen ?? (known ? espBoardById(known.chip) : undefined);
  return board ?? refuse(`choose the board on ${port}, or read its chip, first`);
}

export async function espToolOperation(
  op: EspToolRequest,
  ctx: EspToolContext,
): Promise<{ operation: EspToolOperation; meta: EspToolMeta }> {
  if (op.kind === 'backup') return backupOperation(ctx);
  if (op.kind === 'restore') return restoreOperation(op.backupFile, ctx);
  return eraseOperation(op.region, ctx);
}

function backupOperation(ctx: EspToolContext): {
  operation: EspToolOperation;
  meta: EspToolMeta;
} {
  const dir = ctx.backupDir ?? refuse('this app has no backup folder');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch (e) {
    refuse(
      `cannot create the backup folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  checkBackupDir(dir);
  return {
    operation: { kind: 'backup', backupDir: dir },
    meta: { name: `flash of ${ctx.board.name}`, sha256: '', sizeBytes: ctx.flashSize ?? 0 },
  };
}

async function restoreOperation(
  backupFile: string,
  ctx: EspToolContext,
): Promise<{ operation: EspToolOperation; meta: EspToolMeta }> {
  const { board, port, flashSize } = ctx;
  let backup: Awaited<ReturnType<typeof loadEspBackup>>;
  try {
    backup = await loadEspBackup(backupFile);
  } catch (e) {
    if (isFlashError(e))
      throw new ApiError(ApiErrorCode.BAD_REQUEST, sentence(e.message), e.detail);
    throw e;
  }
  const { data, meta: m } = backup;
  if (m.chip !== board.id)
    refuse(
      `this backup was taken from an ${m.chipName}, ${port} is ${ctx.chipRead ? 'an' : 'set as an'} ${board.name}: a backup goes back only onto the same chip family; nothing was written`,
    );
  if (flashSize !== null && data.length > flashSize)
    refuse(
      `this backup holds ${mb(data.length)} of flash, the ${board.name} on ${port} has ${mb(flashSize)}: nothing was written`,
    );
  return {
    operation: { kind: 'restore', data, meta: m, name: basename(backupFile) },
    meta: { name: basename(backupFile), sha256: m.sha256, sizeBytes: data.length },
  };
}

function eraseOperation(
  region: { offset: number; length: number } | undefined,
  ctx: EspToolContext,
): { operation: EspToolOperation; meta: EspToolMeta } {
  const { board, port, flashSize } = ctx;
  if (region) {
    if (region.offset % 0x1000 || region.length % 0x1000)
      refuse(
        `an erase starts and ends on 4 KB sectors: ${hex(region.offset)} + ${hex(region.length)} does not`,
      );
    if (flashSize !== null && region.offset + region.length > flashSize)
      refuse(
        `the region ends at ${hex(region.offset + region.length)}, past the ${mb(flashSize)} flash of the ${board.name} on ${port}`,
      );
  }
  return {
    operation: { kind: 'erase', region: region ?? 'all' },
    meta: {
      name: region
        ? `${hex(region.offset)}–${hex(region.offset + region.length)}`
        : 'the whole flash',
      sha256: '',
      sizeBytes: region?.length ?? flashSize ?? 0,
    },
  };
}

/** The backups in `dir`, newest first, as the API describes them. */
export async function espBackupList(dir: string): Promise<EspBackupInfo[]> {
  const list = await listEspBackups(dir);
  return list.map((b) => ({
    file: b.file,
    chip: b.chip,
    chipName: b.chipName,
    mac: b.mac,
    flashSize: b.flashSize,
    date: b.date,
    port: b.port,
    serialNumber: b.serialNumber,
  }));
}
