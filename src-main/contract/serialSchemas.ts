/**
 * Shapes of the serial side of the contract: ports with their board, and the serial monitor's
 * output. Ports are named by their path on the machine running main (`/dev/ttyACM0`, `COM3`,
 * `/tmp/vboard.X/tty`); in the web console these are the gateway's ports, not the browser's.
 */
import { z } from 'zod';

/** Longest port path accepted: OS paths are far shorter; this only stops absurd input. */
const MAX_PORT_PATH_CHARS = 512;

export const PortPath = z
  .string()
  .min(1)
  .max(MAX_PORT_PATH_CHARS)
  // eslint-disable-next-line no-control-regex -- the point is to refuse control characters
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'a port path has no control characters');

/**
 * The boards this app can flash: the AVR profiles (flash/protocol/boards.ts) and the ESP chips
 * (flash/protocol/esp/boards.ts); a test keeps the lists in step.
 */
const AVR_BOARD_IDS = ['uno', 'nano', 'nano-old', 'mega2560'] as const;
export const ESP_BOARD_IDS = ['esp32', 'esp32s3', 'esp8266'] as const;
export const BOARD_IDS = [...AVR_BOARD_IDS, ...ESP_BOARD_IDS] as const;
export const BoardId = z.enum(BOARD_IDS);
export type BoardId = z.infer<typeof BoardId>;

/** A board profile, for the board chooser and the firmware's fit. */
export const BoardProfile = z.object({
  id: BoardId,
  name: z.string(),
  mcu: z.string(),
  /** esp-rom: the ESP ROM download protocol with Espressif's flasher stub. */
  protocol: z.enum(['stk500v1', 'stk500v2', 'esp-rom']),
  /** The bootloader's baud rate. */
  baudRate: z.number().int(),
  flashBytes: z.number().int(),
  /** Bytes for programs: flash minus bootloader. */
  appBytes: z.number().int(),
});
export type BoardProfile = z.infer<typeof BoardProfile>;

/** An ESP board's chip as its ROM loader reported it (esp.identify, or the last ESP flash). */
export const EspChipInfo = z.object({
  chip: z.string(),
  /** "ESP32", "ESP32-S3", "ESP8266". */
  name: z.string(),
  mac: z.string(),
  flashSize: z.number().int().nullable(),
  /** JEDEC id, "ef4016". */
  flashId: z.string().nullable(),
  crystalMhz: z.number(),
});
export type EspChipInfo = z.infer<typeof EspChipInfo>;

/** Who holds the port now: nobody, the serial monitor, or the flasher (the monitor then waits). */
export const PortState = z.enum(['free', 'monitor', 'flashing']);
export type PortState = z.infer<typeof PortState>;

export const Port = z.object({
  path: z.string(),
  /**
   * What is plugged in, as a sentence: "Arduino Uno", "Generic USB-serial (CH340): choose the
   * board", "Port added by path: choose the board".
   */
  name: z.string(),
  /** arduino: named from an official VID:PID; bridge: a USB-serial chip; unknown: anything else. */
  kind: z.enum(['arduino', 'bridge', 'unknown']),
  /** The bridge chip (CH340, CP210x, FTDI FT232R…) when kind is bridge. */
  chip: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
  /** `2341:0043`, lower case; null when the OS gives none (ptys, ports added by path). */
  vidPid: z.string().nullable(),
  serialNumber: z.string().nullable(),
  manufacturer: z.string().nullable(),
  /** Added with ports.addByPath (listed while the path exists; ports.remove takes it away). */
  addedByPath: z.boolean(),
  /** The board its VID:PID names, when this app can flash it. */
  detectedBoard: BoardId.nullable(),
  /** 'esp' when the USB id can only be an ESP board (Espressif native USB, Nano ESP32). */
  family: z.enum(['esp']).optional(),
  /** The board chosen earlier for this port's serial number (ports.chooseBoard). */
  rememberedBoard: BoardId.nullable(),
  /**
   * The baud rate the serial monitor last ran at on this port (remembered by serial number, like
   * the board); absent or null: never opened here.
   */
  lastBaud: z.number().int().nullable().optional(),
  /** What to preselect: the remembered board, else the detected one. */
  board: BoardId.nullable(),
  /** A built-in port of the machine (/dev/ttyS0): the Boards page hides these unless asked. */
  system: z.boolean().optional(),
  /** The ESP chip read on this port since it was plugged in (esp.identify or an ESP flash). */
  espChip: EspChipInfo.nullable().optional(),
  state: PortState,
});
export type Port = z.infer<typeof Port>;

/** ports.changes: what happened to the ports, and whether listing them works. */
export const PortChange = z.discriminatedUnion('kind', [
  z.object({
    /** plugged: new; unplugged: gone (grey it, UI.md §3.7); changed: board or state changed. */
    kind: z.enum(['plugged', 'unplugged', 'changed']),
    time: z.number(),
    port: Port,
  }),
  z.object({
    kind: z.literal('listing'),
    time: z.number(),
    /**
     * "Cannot list serial ports: <reason>. You can still add a port by path", or null once a
     * listing works again.
     */
    error: z.string().nullable(),
  }),
]);
export type PortChange = z.infer<typeof PortChange>;

/** Baud rates the monitor accepts (UI.md §3.9). */
const MIN_BAUD = 300;
const MAX_BAUD = 2_000_000;
const BAUD_RANGE = 'a baud rate from 300 to 2000000';
export const BaudRate = z
  .number(BAUD_RANGE)
  .int(BAUD_RANGE)
  .min(MIN_BAUD, BAUD_RANGE)
  .max(MAX_BAUD, BAUD_RANGE);

export const LineEnding = z.enum(['none', 'lf', 'cr', 'crlf']);
export type LineEnding = z.infer<typeof LineEnding>;

/**
 * opening: the port is being opened (also after a flash); connected; paused: the flasher has the
 * port and gives it back by itself; unplugged: gone, retried every second; closed.
 */
export const MonitorStatus = z.enum(['opening', 'connected', 'paused', 'unplugged', 'closed']);
export type MonitorStatus = z.infer<typeof MonitorStatus>;

/** A failure shown in a status line: stable code, the sentence, the raw detail for "Details". */
export const ProblemInfo = z.object({
  code: z.string(),
  message: z.string(),
  detail: z.string().nullable(),
});
export type ProblemInfo = z.infer<typeof ProblemInfo>;

export const MonitorInfo = z.object({
  port: z.string(),
  baudRate: z.number().int(),
  lineEnding: LineEnding,
  status: MonitorStatus,
  /** "Connected · 115200 8N1", "Paused for flashing · resumes by itself", … */
  message: z.string(),
  /** Why the port is not connected (unplugged, permission denied…), null when it is fine. */
  error: ProblemInfo.nullable(),
  /** Lines dropped from the front of the buffer since the last clear ("Older lines dropped"). */
  droppedLines: z.number().int(),
  /** Sequence number of the newest line (0: none yet). */
  lastLineSeq: z.number().int(),
  /** Sequence number of the newest received chunk (0: none yet). */
  lastChunkSeq: z.number().int(),
});
export type MonitorInfo = z.infer<typeof MonitorInfo>;

/** One received line: host receive time (ms since the epoch), text without its line end. */
export const SerialLine = z.object({ seq: z.number().int(), t: z.number(), text: z.string() });
export type SerialLine = z.infer<typeof SerialLine>;

/** Bytes as they arrived (for the hex view), lower-case hex without separators. */
export const SerialChunk = z.object({ seq: z.number().int(), t: z.number(), hex: z.string() });
export type SerialChunk = z.infer<typeof SerialChunk>;

/** serial.output: what one port's monitor receives, and its status changes. */
export const SerialOutput = z.discriminatedUnion('kind', [
  /** A complete line (`seq` counts lines per port; serial.buffer uses the same numbers). */
  z.object({
    kind: z.literal('line'),
    port: z.string(),
    seq: z.number().int(),
    t: z.number(),
    text: z.string(),
  }),
  /** The unfinished line after 100 ms of silence (a prompt); a later line replaces it. */
  z.object({ kind: z.literal('partial'), port: z.string(), t: z.number(), text: z.string() }),
  /** Raw bytes, only with `chunks: true` in the params. */
  z.object({
    kind: z.literal('chunk'),
    port: z.string(),
    seq: z.number().int(),
    t: z.number(),
    hex: z.string(),
  }),
  /** Sent first on subscribing (the current status), then on each change. */
  z.object({
    kind: z.literal('status'),
    port: z.string(),
    status: MonitorStatus,
    message: z.string(),
    baudRate: z.number().int().nullable(),
    error: ProblemInfo.nullable(),
  }),
  /** serial.clear emptied the buffer (possibly from another window). */
  z.object({ kind: z.literal('cleared'), port: z.string() }),
  /** Events this subscriber lost because it read too slowly (serial.buffer has the lines). */
  z.object({ kind: z.literal('gap'), port: z.string(), dropped: z.number().int() }),
]);
export type SerialOutput = z.infer<typeof SerialOutput>;
