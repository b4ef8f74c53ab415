/**
 * A full-flash backup of an ESP board: the raw flash as `.bin` (what esptool's read-flash gives,
 * so it can be written back with any tool) beside a `.json` naming the chip, MAC, flash and date,
 * with the image's hashes so that a restore refuses a damaged or swapped file.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ESP_CHIPS, FlashError, FlashErrorCode, type EspChipKey } from './protocol';

export interface EspBackupMeta {
  readonly format: 'iotmp-studio-esp-backup/1';
  readonly chip: EspChipKey;
  readonly chipName: string;
  readonly mac: string;
  readonly flashSize: number;
  readonly flashId: string | null;
  /** ISO 8601, when it was read. */
  readonly date: string;
  readonly port: string;
  readonly serialNumber: string | null;
  readonly md5: string;
  readonly sha256: string;
}

export function backupFileNames(meta: EspBackupMeta): { data: string; meta: string } {
  const stem = `${meta.chip}_${meta.mac.replace(/:/g, '')}_${meta.date.replace(/[:.]/g, '-')}_backup`;
  return { data: `${stem}.bin`, meta: `${stem}.json` };
}

const fileError = (message: string, detail?: string) =>
  new FlashError(FlashErrorCode.FILE_ERROR, message, { detail });

/** Reads a backup (`.bin` or its `.json`) and checks it against its hashes. */
export async function loadEspBackup(
  file: string,
): Promise<{ data: Uint8Array; meta: EspBackupMeta }> {
  const binFile = file.replace(/\.json$/, '.bin');
  const metaFile = binFile.replace(/\.bin$/, '.json');
  let data: Uint8Array;
  let meta: EspBackupMeta;
  try {
    data = new Uint8Array(await readFile(binFile));
    meta = JSON.parse(await readFile(metaFile, 'utf8')) as EspBackupMeta;
  } catch (e) {
    throw fileError(
      'cannot read the backup: choose a .bin saved by a backup, with its .json beside it',
      e instanceof Error ? e.message : String(e),
    );
  }
  if (meta.format !== 'iotmp-studio-esp-backup/1' || !(meta.chip in ESP_CHIPS)) {
    throw fileError('this is not a backup saved by IoTMP Studio', metaFile);
  }
  if (
    data.length !== meta.flashSize ||
    createHash('sha256').update(data).digest('hex') !== meta.sha256
  ) {
    throw fileError(
      'the backup file is damaged (its hash does not match): nothing was written',
      binFile,
    );
  }
  return { data, meta };
}
