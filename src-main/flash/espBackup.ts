/**
 * A full-flash backup of an ESP board: the raw flash as `.bin` (what esptool's read-flash gives,
 * so it can be written back with any tool) beside a `.json` naming the chip, MAC, flash and date,
 * with the image's hashes so that a restore refuses a damaged or swapped file.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
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

function backupFileNames(meta: EspBackupMeta): { data: string; meta: string } {
  const stem = `${meta.chip}_${meta.mac.replace(/:/g, '')}_${meta.date.replace(/[:.]/g, '-')}_backup`;
  return { data: `${stem}.bin`, meta: `${stem}.json` };
}

/**
 * Saves `flash` as a backup in `dir` (`.bin` + `.json` with its hashes); returns the `.bin`.
 * Synchronous, so that a backup that cannot be saved stops a job before anything is written.
 * The flash holds the NVS (Wi-Fi password, device credential): owner-only, like the data folder.
 */
export function writeEspBackup(
  dir: string,
  flash: Uint8Array,
  facts: Omit<EspBackupMeta, 'format' | 'flashSize' | 'md5' | 'sha256'>,
): string {
  const meta: EspBackupMeta = {
    format: 'iotmp-studio-esp-backup/1',
    ...facts,
    flashSize: flash.length,
    md5: createHash('md5').update(flash).digest('hex'),
    sha256: createHash('sha256').update(flash).digest('hex'),
  };
  const names = backupFileNames(meta);
  writeFileSync(join(dir, names.data), flash, { mode: 0o600 });
  writeFileSync(join(dir, names.meta), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
  return join(dir, names.data);
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

/** Backups listed at most (newest first): a folder of 4 MB images is read by name, not content. */
const MAX_LISTED_BACKUPS = 200;

/**
 * The backups in `dir` (their `.json`, with the `.bin` beside), newest first; files that are not
 * backups are skipped. The images themselves are checked when one is restored.
 */
export async function listEspBackups(
  dir: string,
): Promise<(EspBackupMeta & { readonly file: string })[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const metas = names.filter((n) => n.endsWith('_backup.json'));
  const found: (EspBackupMeta & { file: string })[] = [];
  for (const name of metas
    .sort()
    .reverse()
    .slice(0, MAX_LISTED_BACKUPS * 2)) {
    const file = join(dir, name.replace(/\.json$/, '.bin'));
    try {
      const meta = JSON.parse(await readFile(join(dir, name), 'utf8')) as EspBackupMeta;
      if (meta.format !== 'iotmp-studio-esp-backup/1' || !(meta.chip in ESP_CHIPS)) continue;
      if (!(await stat(file)).isFile()) continue;
      found.push({ ...meta, file });
    } catch {
      // A half-written or foreign file: not a backup.
    }
  }
  return found.sort((a, b) => b.date.localeCompare(a.date)).slice(0, MAX_LISTED_BACKUPS);
}
