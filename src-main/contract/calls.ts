/**
 * Every call between the UI and main, by name (`domain.verb`). Handlers (api/handlers/), the
 * HTTP routes and the OpenAPI document (api/http.ts, api/openapi.ts) are derived from this table;
 * the preload bridge and the renderer client are too.
 */
import { z } from 'zod';
import { call } from './define';
import {
  BrokerStatus,
  Device,
  DeviceRef,
  Id,
  InspectedFrame,
  MAX_DEVICE_TAGS,
  RejectedConnection,
  ResourceName,
  Settings,
  Tag,
  ThinnedSamples,
  Endpoint,
  Value,
} from './schemas';
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
import { serverCalls } from './serverCalls';
import { commissionCalls } from './commissionCalls';
import { espCalls } from './espCalls';
import { bridgeCalls } from './bridgeCalls';
import { handoverCalls } from './handoverCalls';
import { alarmCalls } from './alarmCalls';
import { otaCalls } from './otaCalls';

/** Calls answered from memory or SQLite. */
const LOCAL_TIMEOUT_MS = 5_000;
/** Calls that hash a credential (scrypt takes ~100 ms at the production cost, more on a Pi). */
const CREDENTIAL_TIMEOUT_MS = 15_000;
/**
 * Calls that wait for a device: a little over the broker's 30 s request timeout
 * (broker/limits.ts), so the usual answer is the broker's own TIMEOUT naming the device.
 */
const DEVICE_TIMEOUT_MS = 35_000;
/** Calls that open a serial port or wait for its bytes to leave (a slow baud rate, a busy hub). */
const SERIAL_TIMEOUT_MS = 15_000;
/** Calls that parse firmware (2 MiB of .hex text takes a moment on a Raspberry Pi). */
const FIRMWARE_TIMEOUT_MS = 15_000;

/** Longest text serial.send takes: a line typed or pasted, not a file upload. */
const MAX_SERIAL_SEND_CHARS = 4096;
/** Lines or chunks serial.buffer answers with at most; `more` says there are more to fetch. */
const MAX_SERIAL_BUFFER_PAGE = 10_000;

/** Longest time "accept new devices" can be switched on for: a week of commissioning. */
const MAX_ACCEPT_NEW_DEVICES_MS = 7 * 86_400_000;

const Empty = z.object({}).strict();
const Credential = z.string().min(1).max(1024);
const Text = z.string().max(1024);
const PortRef = z.object({ port: PortPath });

export const calls = {
  'devices.list': call({
    summary: 'Registered and connected devices with their presence and counters',
    request: z.object({ user: Id.optional() }).strict(),
    response: z.object({ devices: z.array(Device) }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'devices.get': call({
    summary: 'One device with its presence and counters',
    request: DeviceRef.strict(),
    response: Device,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'devices.add': call({
    summary: 'Register a device; its credential is returned now and never again',
    request: DeviceRef.extend({
      name: Text.optional(),
      description: Text.optional(),
      /** Omitted: a random one is generated. */
      credential: Credential.optional(),
      /** Thinger's device type (`Generic` for IoTMP devices, `HTTP` for callback devices). */
      type: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,32}$/)
        .optional(),
      /** false: registered but refused until enabled. */
      enabled: z.boolean().optional(),
    }).strict(),
    response: z.object({ device: Device, credential: z.string() }),
    timeoutMs: CREDENTIAL_TIMEOUT_MS,
  }),
  'devices.resetCredential': call({
    summary: 'Replace a device credential; the new one is returned now and never again',
    request: DeviceRef.extend({ credential: Credential.optional() }).strict(),
    response: z.object({ credential: z.string() }),
    timeoutMs: CREDENTIAL_TIMEOUT_MS,
  }),
  'devices.update': call({
    summary:
      "Change a device's name, description or enabled flag (disabling closes its connection)",
    request: DeviceRef.extend({
      name: Text.optional(),
      description: Text.optional(),
      enabled: z.boolean().optional(),
      /** Replaces the device's tags (duplicates dropped; [] removes them all). */
      tags: z.array(Tag).max(MAX_DEVICE_TAGS).optional(),
      /**
       * Largest frame body sent to it, for devices known to accept more than IOTMP.md §9.1.7's
       * 4096 bytes (IOTMP-Linux 262144, IOTMP-Embedded 32768); null returns to 4096.
       */
      maxFrameBytes: z.number().int().min(4096).max(262_144).nullable().optional(),
    }).strict(),
    response: Device,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'devices.remove': call({
    summary: 'Delete a device (it can no longer connect; a live connection is closed)',
    request: DeviceRef.strict(),
    response: z.object({ removed: z.boolean() }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'devices.rejected': call({
    summary:
      'Device connections refused since start (unknown device, wrong credential), oldest first',
    request: Empty,
    response: z.object({ rejected: z.array(RejectedConnection) }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'resources.describe': call({
    summary: "A device's resources (all, or one with its input/output), cached unless refresh",
    request: DeviceRef.extend({
      resource: ResourceName.optional(),
      refresh: z.boolean().optional(),
    }).strict(),
    response: z.object({ value: Value }),
    timeoutMs: DEVICE_TIMEOUT_MS,
  }),
  'resources.run': call({
    summary: 'Run a resource with an optional input (and parameters); returns its output',
    request: DeviceRef.extend({
      resource: ResourceName,
      input: Value.optional(),
      parameters: Value.optional(),
    }).strict(),
    response: z.object({ value: Value }),
    timeoutMs: DEVICE_TIMEOUT_MS,
  }),
  'resources.read': call({
    summary: "Read a resource's output (a run without input)",
    request: DeviceRef.extend({ resource: ResourceName }).strict(),
    response: z.object({ value: Value }),
    timeoutMs: DEVICE_TIMEOUT_MS,
  }),
  'inspector.frames': call({
    summary:
      'Frames kept for a device (oldest first), those after `afterSeq` only if given; `thinned`: samples not kept because it streamed too fast',
    request: DeviceRef.extend({ afterSeq: z.number().int().min(0).optional() }).strict(),
    response: z.object({ frames: z.array(InspectedFrame), thinned: ThinnedSamples.nullable() }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'settings.get': call({
    summary: 'Broker settings',
    request: Empty,
    response: Settings,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'settings.update': call({
    summary: 'Change broker settings (fields left out keep their value)',
    request: z
      .object({
        acceptNewDevices: z.boolean().optional(),
        /** Switched on with this, it turns itself off after it (null or left out: never). */
        acceptNewDevicesForMs: z
          .number()
          .int()
          .min(1_000)
          .max(MAX_ACCEPT_NEW_DEVICES_MS)
          .nullable()
          .optional(),
        endpoints: z.record(z.string(), Endpoint).optional(),
      })
      .strict(),
    response: Settings,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'broker.status': call({
    summary: "The broker's listeners, failures, TLS fingerprint and counts",
    request: Empty,
    response: BrokerStatus,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
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
  ...serverCalls,
  ...commissionCalls,
  ...espCalls,
  ...bridgeCalls,
  ...handoverCalls,
  ...alarmCalls,
  ...otaCalls,
} as const;

type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['request']>;
export type CallRequest<N extends CallName> = z.output<Calls[N]['request']>;
export type CallResult<N extends CallName> = z.output<Calls[N]['response']>;

export const callNames = Object.keys(calls) as CallName[];
export const isCallName = (name: string): name is CallName =>
  Object.prototype.hasOwnProperty.call(calls, name);
