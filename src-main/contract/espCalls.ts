/**
 * The `esp.*` calls: ESP boards through their ROM loader and the flasher stub. Files travel as
 * base64 (bounded by the WebSocket message size); each call answers with a result per board once
 * the boards are done (a board's failure is a result, not an error of the call).
 */
import { z } from 'zod';
import { call } from './define';
import { EspChipInfo, ProblemInfo, PortPath } from './serialSchemas';
import { BackupDir, EspFiles, EspRegion, MAX_FLASH_TARGETS } from './flashSchemas';

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
