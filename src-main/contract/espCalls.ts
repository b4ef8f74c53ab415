/**
 * The `esp.*` calls: ESP boards through their ROM loader and the flasher stub. Files travel as
 * base64 (bounded by the WebSocket message size); each call answers with a result per board once
 * the boards are done (a board's failure is a result, not an error of the call).
 */
import { z } from 'zod';
import { call } from './define';
import { BoardId, EspChipInfo, ProblemInfo, PortPath } from './serialSchemas';
import { BackupDir, EspFiles, EspRegion, FlashJobInfo, MAX_FLASH_TARGETS } from './flashSchemas';

/** Reading the chip: sync, eFuses, flash id; a board that needs its BOOT button gets ~8 s. */
const IDENTIFY_MS = 30_000;
/** A 16 MB flash read at 230 400 baud (a slow bridge) takes ~12 min; bounded at 20. */
const LONG_MS = 20 * 60_000;

export const EspBoardResult = z.object({
  port: z.string(),
  ok: z.boolean(),
  chip: EspChipInfo.nullable(),
  verified: z.boolean(),
  erased: z.boolean(),
  baudRate: z.number().int().nullable(),
  backupFile: z.string().nullable(),
  durationMs: z.number(),
  /** "Verified · 33 824 bytes in 1.4 s at 921600 baud". */
  summary: z.string(),
  error: ProblemInfo.extend({ phase: z.string().nullable() }).nullable(),
  log: z.array(z.string()),
});
export type EspBoardResult = z.infer<typeof EspBoardResult>;

/** Largest flash an ESP module carries (and so the bound of a region). */
const MAX_ESP_FLASH = 16 * 1024 * 1024;

/** A region of the flash to erase: 4 KB sectors, within the largest flash there is. */
const EspEraseRegion = z
  .object({
    offset: z.number().int().min(0).max(MAX_ESP_FLASH),
    length: z.number().int().min(1).max(MAX_ESP_FLASH),
  })
  .strict();

/** What an `esp.start` job does to the board. */
export const EspToolRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('backup') }).strict(),
  z.object({ kind: z.literal('restore'), backupFile: z.string().min(1).max(4096) }).strict(),
  z.object({ kind: z.literal('erase'), region: EspEraseRegion.optional() }).strict(),
]);
export type EspToolRequest = z.infer<typeof EspToolRequest>;

/** A backup kept by the app: the `.json` beside each `.bin`. */
export const EspBackupInfo = z.object({
  /** The `.bin` (absolute path on the machine running main): what `restore` takes. */
  file: z.string(),
  chip: z.string(),
  chipName: z.string(),
  mac: z.string(),
  flashSize: z.number().int(),
  /** ISO 8601. */
  date: z.string(),
  port: z.string(),
  serialNumber: z.string().nullable(),
});
export type EspBackupInfo = z.infer<typeof EspBackupInfo>;

const Ports = z
  .array(PortPath)
  .min(1)
  .max(MAX_FLASH_TARGETS)
  .refine((p) => new Set(p).size === p.length, 'each port at most once');
const Results = z.object({ results: z.array(EspBoardResult) });

export const espCalls = {
  'esp.identify': call({
    summary: "An ESP board's chip, MAC, flash size and crystal, read from its ROM loader",
    request: z.object({ port: PortPath }).strict(),
    response: EspBoardResult,
    timeoutMs: IDENTIFY_MS,
  }),
  'esp.inspect': call({
    summary:
      'Check ESP firmware files (no board): the chip they were built for, the app, and the offset each goes to; damaged files are refused (FIRMWARE_INVALID)',
    request: z.object({ files: EspFiles }).strict(),
    response: z.object({
      chip: z.string().nullable(),
      chipName: z.string().nullable(),
      appName: z.string().nullable(),
      regions: z.array(EspRegion),
    }),
    timeoutMs: 15_000,
  }),
  'esp.flash': call({
    summary:
      'Write ESP firmware files to boards in parallel (stub, 921600 baud, compressed, MD5 verify); optional full-flash backup first; a result per board',
    request: z
      .object({
        ports: Ports,
        files: EspFiles,
        verify: z.boolean().optional(),
        backupDir: BackupDir.nullable().optional(),
      })
      .strict(),
    response: Results,
    timeoutMs: LONG_MS,
  }),
  'esp.backup': call({
    summary: 'Read the whole flash of a board into a .bin with a .json (chip, MAC, date, hashes)',
    request: z.object({ port: PortPath, backupDir: BackupDir }).strict(),
    response: EspBoardResult,
    timeoutMs: LONG_MS,
  }),
  'esp.restore': call({
    summary:
      'Write a backup back byte for byte, verified; refuses another chip family or a damaged backup',
    request: z.object({ port: PortPath, backupFile: z.string().min(1).max(4096) }).strict(),
    response: EspBoardResult,
    timeoutMs: LONG_MS,
  }),
  'esp.start': call({
    summary:
      "Back up the whole flash of an ESP board (into the app's backup folder), restore a backup (same chip family, verified by MD5), or erase all or a 4 KB-aligned region, as a job: answers at once, progress and result follow on flash.progress",
    request: z
      .object({
        port: PortPath,
        /** The board chosen for the port (another chip answering is refused); absent: any ESP. */
        board: BoardId.optional(),
        operation: EspToolRequest,
      })
      .strict(),
    response: z.object({ job: FlashJobInfo }),
    timeoutMs: 15_000,
  }),
  'esp.backups': call({
    summary: "The backups in the app's backup folder, newest first (at most 200)",
    request: z.object({}).strict(),
    response: z.object({ folder: z.string().nullable(), backups: z.array(EspBackupInfo) }),
    timeoutMs: 15_000,
  }),
  'esp.erase': call({
    summary: 'Erase the whole flash, or a 4 KB-aligned region of it',
    request: z
      .object({
        port: PortPath,
        region: z
          .object({ offset: z.number().int().min(0), length: z.number().int().min(1) })
          .strict()
          .optional(),
      })
      .strict(),
    response: EspBoardResult,
    timeoutMs: LONG_MS,
  }),
} as const;
