/**
 * The calls about the machine's own hardware: serial ports (`ports.*`), serial monitors
 * (`serial.*`) and AVR flashing (`flash.*`). Part of the one call table (calls.ts).
 */
import { z } from 'zod';
import { call, Empty, LOCAL_TIMEOUT_MS } from './define';
import {
  BaudRate,
  BoardId,
  BoardProfile,
  LineEnding,
  MonitorInfo,
  Port,
  PortPath,
  SerialChunk,
  SerialLine,
} from './serialSchemas';
import {
  BackupDir,
  FirmwareInfo,
  FirmwareName,
  FirmwareText,
  EspFiles,
  FlashJobInfo,
  FlashTargetInput,
  MAX_FLASH_TARGETS,
} from './flashSchemas';

/** Calls that open a serial port or wait for its bytes to leave (a slow baud rate, a busy hub). */
const SERIAL_TIMEOUT_MS = 15_000;
/** Calls that parse firmware (2 MiB of .hex text takes a moment on a Raspberry Pi). */
const FIRMWARE_TIMEOUT_MS = 15_000;

/** Longest text serial.send takes: a line typed or pasted, not a file upload. */
const MAX_SERIAL_SEND_CHARS = 4096;
/** Lines or chunks serial.buffer answers with at most; `more` says there are more to fetch. */
const MAX_SERIAL_BUFFER_PAGE = 10_000;

const PortRef = z.object({ port: PortPath });

export const hardwareCalls = {
  'ports.list': call({
    summary:
      'Serial ports of the machine running main, with their board, state and remembered board; `listError` says why listing failed (ports added by path still work)',
    request: Empty,
    response: z.object({ ports: z.array(Port), listError: z.string().nullable() }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'ports.addByPath': call({
    summary:
      'Add a port by its path (a pty, an unknown device); it is listed while the path exists',
    request: PortRef.strict(),
    response: z.object({ port: Port }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'ports.remove': call({
    summary: 'Remove a port added by path (listed ports come and go with their cable)',
    request: PortRef.strict(),
    response: z.object({ removed: z.boolean() }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'ports.chooseBoard': call({
    summary:
      "Choose the board on a port; remembered by the port's USB serial number (by path without one); null forgets",
    request: PortRef.extend({ board: BoardId.nullable() }).strict(),
    response: z.object({ port: Port }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'serial.open': call({
    summary:
      'Open the serial monitor on a port (already open: changes its baud rate and line ending); fails with PORT_BUSY while the flasher holds it',
    request: PortRef.extend({
      baudRate: BaudRate,
      /** Appended by serial.send (default lf). */
      lineEnding: LineEnding.optional(),
    }).strict(),
    response: MonitorInfo,
    timeoutMs: SERIAL_TIMEOUT_MS,
  }),
  'serial.close': call({
    summary: 'Close the monitor on a port (its buffer goes with it)',
    request: PortRef.strict(),
    response: z.object({ closed: z.boolean() }),
    timeoutMs: SERIAL_TIMEOUT_MS,
  }),
  'serial.monitors': call({
    summary: 'The monitors open now',
    request: Empty,
    response: z.object({ monitors: z.array(MonitorInfo) }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'serial.send': call({
    summary:
      'Send text (UTF-8) or hex bytes ("48 65 6c") to a port, plus a line ending: the monitor\'s for text, none for hex, unless given',
    request: PortRef.extend({
      data: z.string().max(MAX_SERIAL_SEND_CHARS),
      mode: z.enum(['text', 'hex']).optional(),
      lineEnding: LineEnding.optional(),
    }).strict(),
    response: z.object({ bytes: z.number().int() }),
    timeoutMs: SERIAL_TIMEOUT_MS,
  }),
  'serial.clear': call({
    summary: "Empty a monitor's buffer (subscribers get a `cleared` event)",
    request: PortRef.strict(),
    response: MonitorInfo,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'serial.buffer': call({
    summary:
      "A monitor's buffered lines (or raw chunks) with their receive times, those after `afterSeq` only if given, oldest first, at most `limit`; `more`: fetch again after the last seq",
    request: PortRef.extend({
      view: z.enum(['lines', 'chunks']).optional(),
      afterSeq: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(MAX_SERIAL_BUFFER_PAGE).optional(),
    }).strict(),
    response: z.object({
      monitor: MonitorInfo,
      lines: z.array(SerialLine),
      chunks: z.array(SerialChunk),
      /** The unfinished last line (a prompt), null when there is none. */
      partial: z.object({ t: z.number(), text: z.string() }).nullable(),
      more: z.boolean(),
    }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'flash.boards': call({
    summary: 'The boards this app can flash (the board chooser)',
    request: Empty,
    response: z.object({ boards: z.array(BoardProfile) }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'flash.inspectFirmware': call({
    summary:
      'Parse a .hex file (its text), or ESP .bin files (base64, with offsets or inferred): size, SHA-256, the chip it was built for, its fit per board and, for ESP, where each file goes; a damaged file is refused (FIRMWARE_INVALID) naming its line or what is wrong',
    request: z
      .object({
        hex: FirmwareText.optional(),
        files: EspFiles.optional(),
        name: FirmwareName.optional(),
      })
      .strict()
      .refine((r) => (r.hex === undefined) !== (r.files === undefined), {
        message: 'give the firmware either as hex (an Arduino .hex) or as files (ESP .bin)',
      }),
    response: FirmwareInfo,
    timeoutMs: FIRMWARE_TIMEOUT_MS,
  }),
  'flash.start': call({
    summary:
      'Flash one firmware to boards in parallel (a monitor on a port pauses and resumes by itself); answers at once with the job, progress follows on flash.progress',
    request: z
      .object({
        /** An AVR board's .hex text. */
        hex: FirmwareText.optional(),
        /** ESP .bin files (every target an ESP board). */
        files: EspFiles.optional(),
        name: FirmwareName.optional(),
        targets: z.array(FlashTargetInput).min(1).max(MAX_FLASH_TARGETS),
        /** ESP: fastest baud to try after the stub is up (default 921600; a bridge that refuses it). */
        maxBaud: z.number().int().min(115200).max(2_000_000).optional(),
        /** Read back and compare after writing (default true). */
        verify: z.boolean().optional(),
        /** Save each board's current firmware here first (`<board>_<serial>_<time>_backup.hex`). */
        backupDir: BackupDir.nullable().optional(),
      })
      .strict()
      .refine((r) => new Set(r.targets.map((t) => t.port)).size === r.targets.length, {
        message: 'each port at most once in a job',
        path: ['targets'],
      })
      .refine((r) => (r.hex === undefined) !== (r.files === undefined), {
        message: 'give the firmware either as hex (an Arduino .hex) or as files (ESP .bin)',
      }),
    response: z.object({ job: FlashJobInfo }),
    timeoutMs: FIRMWARE_TIMEOUT_MS,
  }),
  'flash.cancel': call({
    summary:
      'Cancel a job (every board still running), or one board of it; the results say what that leaves on each board',
    request: z.object({ jobId: z.string().min(1).max(64), port: PortPath.optional() }).strict(),
    response: z.object({ cancelled: z.number().int() }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'flash.jobs': call({
    summary:
      "Running and recent jobs with each board's progress and result (newest first); `log: true` adds the log lines",
    request: z
      .object({ jobId: z.string().min(1).max(64).optional(), log: z.boolean().optional() })
      .strict(),
    response: z.object({ jobs: z.array(FlashJobInfo) }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
} as const;
