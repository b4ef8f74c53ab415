/**
 * Shapes of flashing in the contract. Firmware travels as the .hex file's text (the web console
 * uploads files; the desktop renderer reads them the same way), bounded in size.
 */
import { z } from 'zod';
import { BoardId, EspChipInfo, PortPath, ProblemInfo } from './serialSchemas';

/**
 * Largest .hex text: a 256 KiB Mega image is ~720 KB of text, twice that is still sane
 * (flash/protocol/firmware.ts MAX_HEX_TEXT_CHARS; a test keeps the two equal).
 */
export const MAX_FIRMWARE_TEXT_CHARS = 2 * 1024 * 1024;

export const FirmwareText = z
  .string()
  .min(1, 'the firmware file is empty')
  .max(
    MAX_FIRMWARE_TEXT_CHARS,
    `the firmware file is too large to be an Arduino image (over ${MAX_FIRMWARE_TEXT_CHARS / 1024 / 1024} MiB of text)`,
  );

/** Base64 of the files of one ESP flash: within the 4 MB WebSocket message, with room for JSON. */
export const MAX_ESP_FILES_BASE64_CHARS = 3_900_000;
/** Files of one ESP flash: bootloader, partitions, boot_app0, app, an NVS image… */
export const MAX_ESP_FILES = 8;

/** One ESP file (.bin) as the technician chose it. */
const EspFileInput = z
  .object({
    name: z.string().min(1).max(256),
    /** The file's bytes, base64. */
    data: z.string().min(1).max(MAX_ESP_FILES_BASE64_CHARS),
    /** Flash offset; inferred from the file when absent (bootloader, partitions, app, merged). */
    offset: z
      .number()
      .int()
      .min(0)
      .max(16 * 1024 * 1024)
      .optional(),
  })
  .strict();
type EspFileInput = z.infer<typeof EspFileInput>;

export const EspFiles = z
  .array(EspFileInput)
  .min(1)
  .max(MAX_ESP_FILES)
  .refine(
    (files) => files.reduce((n, f) => n + f.data.length, 0) <= MAX_ESP_FILES_BASE64_CHARS,
    `the files are too large for one flash (over ${MAX_ESP_FILES_BASE64_CHARS / 1_000_000} MB of base64)`,
  );

/** Where one ESP file goes: "app.bin at 0x10000, 262 144 bytes, app". */
export const EspRegion = z.object({
  name: z.string(),
  offset: z.number().int(),
  size: z.number().int(),
  /** bootloader, partitions, app, merged, data… (flash/protocol/esp/plan.ts). */
  role: z.string(),
});
export type EspRegion = z.infer<typeof EspRegion>;

/** The file name as the technician picked it, for the job list and the Recent list. */
export const FirmwareName = z.string().max(256);

/** Boards in one job: a bench of USB hubs rarely holds more (flash/jobs/Flasher.ts). */
export const MAX_FLASH_TARGETS = 32;

/** Folder for backups, on the machine running main; absolute. */
export const BackupDir = z.string().min(1).max(4096);

/**
 * The chip a firmware file was built for, as the file records it (flash/protocol/target.ts):
 * an ELF's device-info note, an AVR vector table's length, an ESP image header, or a plan.
 */
export const FirmwareTargetInfo = z.object({
  family: z.enum(['avr', 'esp']),
  /** Lower case, as the toolchains spell it: `atmega2560`, `esp32s3`. */
  chip: z.string(),
  /** "ATmega2560 (Mega 2560)". */
  name: z.string(),
  /** Every chip the evidence fits (a vector table's length tells a family). */
  chips: z.array(z.string()),
  source: z.enum(['elf-device-info', 'avr-vector-table', 'esp-image-header', 'plan']),
  /** "57 interrupt vectors", "avr-gcc device-info note: atmega2560". */
  evidence: z.string(),
});
export type FirmwareTargetInfo = z.infer<typeof FirmwareTargetInfo>;

/** How well the firmware fits one board: "25 326 of 32 256 bytes". */
export const BoardFit = z.object({
  board: BoardId,
  boardName: z.string(),
  /** False when it is too large or built for another chip. */
  fits: z.boolean(),
  /** Built for another chip than this board's (`text` names it). */
  wrongChip: z.boolean(),
  /** Data bytes of the firmware. */
  usedBytes: z.number().int(),
  /** Bytes for programs on the board (flash minus bootloader). */
  capacityBytes: z.number().int(),
  /** "25 326 of 32 256 bytes", or why it does not fit. */
  text: z.string(),
});
export type BoardFit = z.infer<typeof BoardFit>;

export const FirmwareInfo = z.object({
  name: z.string().nullable(),
  /** Data bytes in the file (what the UI shows as the firmware's size). */
  sizeBytes: z.number().int(),
  /** SHA-256 of the text as sent (UTF-8), lower-case hex; the UI shows its first characters. */
  sha256: z.string(),
  /** Lowest address holding data, and one past the highest. */
  startAddress: z.number().int(),
  endAddress: z.number().int(),
  /** The chip the file says it was built for; null when it does not say. */
  target: FirmwareTargetInfo.nullable(),
  fits: z.array(BoardFit),
  /** ESP files: where each one goes (the partition layout), in flash order. */
  regions: z.array(EspRegion).optional(),
});
export type FirmwareInfo = z.infer<typeof FirmwareInfo>;

/**
 * Job phases, in order (backing-up only with a backup folder, verifying only with verify; erasing
 * and reading only in ESP jobs that erase or read the flash).
 */
export const FlashPhase = z.enum([
  'resetting',
  'syncing',
  'checking',
  'backing-up',
  'erasing',
  'reading',
  'writing',
  'verifying',
  'done',
]);
export type FlashPhase = z.infer<typeof FlashPhase>;

/** A board's failure: stable code (FlashErrorCode), the technician's sentence, the raw detail. */
const FlashFailure = ProblemInfo.extend({
  phase: z.string().nullable(),
  /** Flash address, for VERIFY_FAILED. */
  address: z.number().int().nullable(),
});
type FlashFailure = z.infer<typeof FlashFailure>;

export const FlashBoardResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    verified: z.boolean(),
    /** The padded image written, and the firmware's own data bytes. */
    bytesWritten: z.number().int(),
    dataBytes: z.number().int(),
    durationMs: z.number(),
    /** Chip signature (`1e950f`; an ESP's MAC) and the bootloader as it names itself. */
    signature: z.string(),
    bootloader: z.string(),
    backupFile: z.string().nullable(),
    /** An ESP board's chip as its loader reported it. */
    chip: EspChipInfo.nullable().optional(),
    /** "Verified · 25 326 bytes in 6.1 s". */
    summary: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    error: FlashFailure,
    durationMs: z.number(),
    backupFile: z.string().nullable(),
    /** An ESP board's chip, when it answered before the failure. */
    chip: EspChipInfo.nullable().optional(),
  }),
]);
export type FlashBoardResult = z.infer<typeof FlashBoardResult>;

/** Where one board of a job is. */
export const FlashProgress = z.object({
  phase: FlashPhase,
  /** Whole board, 0–100, over the bytes of backup, write and verify. */
  percent: z.number(),
  phaseDone: z.number().int(),
  phaseTotal: z.number().int(),
  bytesPerSecond: z.number(),
  elapsedMs: z.number(),
  /** Estimate once there is enough progress to make one, else null. */
  remainingMs: z.number().nullable(),
});
export type FlashProgress = z.infer<typeof FlashProgress>;

export const FlashBoardState = FlashProgress.extend({
  port: z.string(),
  board: BoardId,
  boardName: z.string(),
  serialNumber: z.string().nullable(),
  /** null while running. */
  result: FlashBoardResult.nullable(),
  /** The board's log lines (bounded), only when asked for (flash.jobs with log: true). */
  log: z.array(z.string()).optional(),
});
export type FlashBoardState = z.infer<typeof FlashBoardState>;

/**
 * What a job does: write firmware, or one of the ESP flash tools on one board (a full backup,
 * a restore of one, an erase); all share the job's progress and result.
 */
const JobOperation = z.enum(['flash', 'backup', 'restore', 'erase']);
type JobOperation = z.infer<typeof JobOperation>;

export const FlashJobInfo = z.object({
  id: z.string(),
  /** Absent from older peers: a flash. */
  operation: JobOperation.optional(),
  /** ms since the epoch. */
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  running: z.boolean(),
  firmware: z.object({
    name: z.string().nullable(),
    sha256: z.string(),
    sizeBytes: z.number(),
    /** What the file says it was built for: a fix for a wrong board asks for matching firmware. */
    target: FirmwareTargetInfo.nullable(),
  }),
  verify: z.boolean(),
  backupDir: z.string().nullable(),
  boards: z.array(FlashBoardState),
  summary: z.object({
    total: z.number().int(),
    running: z.number().int(),
    verified: z.number().int(),
    /** Written without verify. */
    written: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    /** "2 verified, 1 failed", "Flashing 2/3". */
    text: z.string(),
  }),
});
export type FlashJobInfo = z.infer<typeof FlashJobInfo>;

export const FlashTargetInput = z.object({ port: PortPath, board: BoardId }).strict();

/** flash.progress: per board of each job. */
export const FlashEvent = z.discriminatedUnion('kind', [
  /** A job started or finished (the whole job, without logs). */
  z.object({ kind: z.literal('job'), job: FlashJobInfo }),
  /** A board's progress: every phase change, and at most every 100 ms within a phase. */
  FlashProgress.extend({ kind: z.literal('progress'), jobId: z.string(), port: z.string() }),
  z.object({
    kind: z.literal('log'),
    jobId: z.string(),
    port: z.string(),
    t: z.number(),
    line: z.string(),
  }),
  z.object({
    kind: z.literal('result'),
    jobId: z.string(),
    port: z.string(),
    result: FlashBoardResult,
  }),
  /** Events this subscriber lost because it read too slowly (flash.jobs has the state). */
  z.object({ kind: z.literal('gap'), dropped: z.number().int() }),
]);
export type FlashEvent = z.infer<typeof FlashEvent>;
