/**
 * Shapes of commissioning in the contract: the plan (a reusable file per product), a run's
 * progress (a row per board with its steps, checks and prompts), and the record each board leaves
 * in SQLite, which is also the certificate's JSON form. Pure: shared with the renderer.
 */
import { z } from 'zod';
import { Id, ResourceName, Value } from './schemas';

/** The `format` field of plan files, so a wrong JSON file is refused by name. */
const PLAN_FORMAT = 'iotmp-commission-plan';
/** The `format` field of a whole-site export file. */
export const SITE_EXPORT_FORMAT = 'iotmp-site-export';
/** Boards in one run: as many as a flashing station holds (flash/jobs/Flasher.ts). */
export const MAX_COMMISSION_BOARDS = 32;
/** Longest bounded wait for a device to join (the default is 60 s). */
export const MAX_JOIN_TIMEOUT_S = 600;
/** Checks one plan can add by hand (ranges, manual steps, round trips, streams): a page of them. */
const MAX_PLAN_CHECKS = 64;
/** Firmware images per plan (ESP: bootloader, partition table, app, maybe more). */
const MAX_FIRMWARE_IMAGES = 8;

const Text = z.string().max(1024);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lower-case hex digits');

const ESP_CHIPS = ['esp32', 'esp32s3', 'esp8266'] as const;
const EspChip = z.enum(ESP_CHIPS);
const AVR_BOARDS = ['uno', 'nano', 'nano-old', 'mega2560'] as const;

/** What the firmware was built for; a board that is something else is refused before writing. */
export const PlanTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('avr'), board: z.enum(AVR_BOARDS) }).strict(),
  z.object({ kind: z.literal('esp'), chip: EspChip }).strict(),
]);
export type PlanTarget = z.infer<typeof PlanTarget>;

const PlanFirmwareImage = z
  .object({
    /** Absolute path on the machine running IoTMP Studio (.hex for AVR, .bin for ESP). */
    file: z.string().min(1).max(4096),
    /** Flash offset (ESP images); an Intel HEX file carries its own addresses. */
    offset: z.number().int().min(0).max(0x1000_0000).optional(),
    /** Pinned digest: a file that changed since the plan was written is refused. */
    sha256: Sha256.optional(),
  })
  .strict();
type PlanFirmwareImage = z.infer<typeof PlanFirmwareImage>;

/**
 * How each board's identity is named. Placeholders: `{n}` (next free number from `start`, `{n:3}`
 * zero-padded), `{mac}` (12 hex digits), `{mac6}` (last 6), `{serial}` (USB serial number).
 */
const IdentityNaming = z
  .object({
    pattern: z
      .string()
      .min(1)
      .max(96)
      .regex(
        /^([\p{L}\p{N}_.\-:@]|\{(n(:\d)?|mac|mac6|serial)\})+$/u,
        'letters, digits, _ . - : @ and the placeholders {n}, {n:3}, {mac}, {mac6}, {serial}',
      ),
    start: z.number().int().min(0).max(1_000_000).default(1),
    /** The IoTMP user (account) the devices belong to. */
    user: Id.default('studio'),
    /** An identity that exists already: refuse the board (default) or reuse it with a new credential. */
    onExisting: z.enum(['refuse', 'reuse']).default('refuse'),
  })
  .strict();
type IdentityNaming = z.infer<typeof IdentityNaming>;

const PlanBroker = z
  .object({
    /** `auto`: this laptop's LAN address (the first non-loopback IPv4); or a production host. */
    host: z.string().min(1).max(253).default('auto'),
    port: z.number().int().min(1).max(65535).default(25204),
  })
  .strict();
type PlanBroker = z.infer<typeof PlanBroker>;

const PlanWifi = z.object({ ssid: z.string().min(1).max(32), psk: z.string().max(64) }).strict();

/** nvs: ESP-IDF NVS partition; improv: Wi-Fi over Improv Serial; serial: the line protocol. */
export const ProvisioningMethod = z.enum(['nvs', 'improv', 'serial', 'none']);
export type ProvisioningMethod = z.infer<typeof ProvisioningMethod>;

/** PSON shapes as a technician names them. */
export const ValueType = z.enum(['number', 'bool', 'string', 'map', 'array', 'bytes', 'null']);
export type ValueType = z.infer<typeof ValueType>;

const RangeCheckSpec = z
  .object({
    resource: ResourceName,
    /** A field of a map output ("celsius"); left out: the output itself. */
    field: z.string().max(256).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both');

const ManualCheckSpec = z
  .object({
    id: z.string().min(1).max(64),
    /** What the technician looks for: "the relay clicked", "the LED blinked". */
    prompt: z.string().min(1).max(512),
    /** Run this resource first (an identify/blink action) so there is something to see. */
    run: ResourceName.optional(),
  })
  .strict();

/** Write `value` to an input and expect it back on `output` (an actuator: asks first). */
const RoundTripSpec = z
  .object({
    input: ResourceName,
    output: ResourceName.optional(),
    value: Value,
    /** Ask the technician before writing (default true: it changes the physical world). */
    confirm: z.boolean().default(true),
  })
  .strict();

const StreamCheckSpec = z
  .object({
    resource: ResourceName,
    intervalMs: z.number().int().min(100).max(60_000),
    /** Allowed deviation of the mean interval, percent. */
    tolerancePct: z.number().min(1).max(100).default(25),
    samples: z.number().int().min(2).max(50).default(4),
  })
  .strict();

export const PlanChecks = z
  .object({
    /** Every output read and type-checked against what describe announced. */
    outputs: z.boolean().default(true),
    /** Every input written with its current value and read back. */
    inputs: z.boolean().default(true),
    /** The type each output must have ("temperature": "number"); others: what describe showed. */
    types: z.record(ResourceName, ValueType).default({}),
    /** Round-trip time of a describe, at most this (ms). */
    maxRttMs: z.number().int().min(1).max(60_000).default(1000),
    /** Resources the generated checks leave alone (a "reboot" action, a costly one). */
    skip: z.array(ResourceName).max(MAX_PLAN_CHECKS).default([]),
    ranges: z.array(RangeCheckSpec).max(MAX_PLAN_CHECKS).default([]),
    roundTrips: z.array(RoundTripSpec).max(MAX_PLAN_CHECKS).default([]),
    streams: z.array(StreamCheckSpec).max(MAX_PLAN_CHECKS).default([]),
    manual: z.array(ManualCheckSpec).max(MAX_PLAN_CHECKS).default([]),
    /** One check that gets no answer fails after this (ms). */
    timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
  })
  .strict();
export type PlanChecks = z.infer<typeof PlanChecks>;

export const CommissionPlan = z
  .object({
    format: z.literal(PLAN_FORMAT).default(PLAN_FORMAT),
    version: z.literal(1).default(1),
    /** Product name: "Pump controller v2". */
    name: z.string().min(1).max(128),
    description: Text.default(''),
    target: PlanTarget,
    firmware: z.array(PlanFirmwareImage).max(MAX_FIRMWARE_IMAGES).default([]),
    identity: IdentityNaming,
    broker: PlanBroker.default({ host: 'auto', port: 25204 }),
    wifi: PlanWifi.nullable().default(null),
    provisioning: ProvisioningMethod,
    /** Bounded wait for the device to authenticate, seconds. */
    joinTimeoutS: z.number().int().min(5).max(MAX_JOIN_TIMEOUT_S).default(60),
    checks: PlanChecks.default(PlanChecks.parse({})),
  })
  .strict();
export type CommissionPlan = z.infer<typeof CommissionPlan>;
export type CommissionPlanInput = z.input<typeof CommissionPlan>;

/** A plan as saved in the app: an id and when it was last changed. */
export const SavedPlan = z.object({
  id: z.string(),
  plan: CommissionPlan,
  updatedAt: z.number(),
});
export type SavedPlan = z.infer<typeof SavedPlan>;

// Runs --------------------------------------------------------------------------------------------

export const COMMISSION_STEPS = [
  'identify',
  'flash',
  'provision',
  'join',
  'check',
  'record',
] as const;
export const CommissionStep = z.enum(COMMISSION_STEPS);
export type CommissionStep = z.infer<typeof CommissionStep>;

export const StepStatus = z.enum([
  'pending',
  'running',
  'passed',
  'failed',
  'skipped',
  'cancelled',
]);
export type StepStatus = z.infer<typeof StepStatus>;

export const StepState = z.object({
  step: CommissionStep,
  status: StepStatus,
  /** One line: "verified 25 326 bytes", "skipped: the board has no network". */
  detail: z.string(),
  /** 0–100 while running (flash), else null. */
  percent: z.number().nullable(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
});
export type StepState = z.infer<typeof StepState>;

export const CheckKind = z.enum([
  'output',
  'input',
  'roundtrip',
  'stream',
  'rtt',
  'range',
  'manual',
]);
export type CheckKind = z.infer<typeof CheckKind>;

export const CheckResult = z.object({
  id: z.string(),
  kind: CheckKind,
  resource: z.string().nullable(),
  /** "temperature is a number", "led written and read back". */
  label: z.string(),
  status: z.enum(['pass', 'fail', 'skipped']),
  measured: z.string().nullable(),
  expected: z.string().nullable(),
  /** Why it failed, or the technician's note. */
  note: z.string().nullable(),
  durationMs: z.number(),
});
export type CheckResult = z.infer<typeof CheckResult>;

/** What the board told about itself before anything was written. */
export const BoardFacts = z.object({
  port: z.string(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
  usbSerial: z.string().nullable(),
  /** "ESP32-D0WD-V3", "ATmega328P". */
  chip: z.string().nullable(),
  mac: z.string().nullable(),
  /** AVR signature bytes, hex. */
  signature: z.string().nullable(),
  /** The board profile used ("uno", "esp32"). */
  board: z.string().nullable(),
});
export type BoardFacts = z.infer<typeof BoardFacts>;

export const FirmwareRecord = z.object({
  images: z.array(
    z.object({
      name: z.string(),
      offset: z.number().int().nullable(),
      sizeBytes: z.number().int(),
      sha256: z.string(),
    }),
  ),
  /** Read back (or MD5) and compared: true; not verified: false; not flashed: null. */
  verified: z.boolean().nullable(),
});
export type FirmwareRecord = z.infer<typeof FirmwareRecord>;

export const JoinRecord = z.object({
  /** Wall-clock ms the identity authenticated; null: it did not (see `diagnosis`). */
  at: z.number().nullable(),
  transport: z.string().nullable(),
  remoteAddress: z.string().nullable(),
  /** From the end of provisioning to authentication. */
  durationMs: z.number().nullable(),
  /** Why it did not join, or why the step was skipped. */
  diagnosis: z.string().nullable(),
  /** The board's last serial lines while waiting. */
  serialTail: z.array(z.string()),
});
export type JoinRecord = z.infer<typeof JoinRecord>;

const RecordStatus = z.enum(['running', 'pass', 'fail', 'cancelled', 'interrupted']);
type RecordStatus = z.infer<typeof RecordStatus>;

/** One board's commissioning: the SQLite record and the certificate's JSON (never a credential). */
export const CommissionRecord = z.object({
  format: z.literal('iotmp-commission-record'),
  id: z.string(),
  runId: z.string(),
  site: z.string(),
  plan: z.object({ id: z.string().nullable(), name: z.string(), sha256: z.string() }),
  status: RecordStatus,
  /** The step that failed or was running when the run stopped; null when it passed. */
  stoppedAt: CommissionStep.nullable(),
  error: z.string().nullable(),
  board: BoardFacts,
  firmware: FirmwareRecord,
  identity: z.object({ user: z.string(), device: z.string() }).nullable(),
  /** What the registry and the board hold now, in one sentence (nothing half-written). */
  registryState: z.string(),
  provisioning: z.object({
    method: ProvisioningMethod,
    /** Keys the board answered with after writing (credential masked). */
    readBack: z.record(z.string(), z.string()).nullable(),
  }),
  join: JoinRecord.nullable(),
  checks: z.array(CheckResult),
  steps: z.array(StepState),
  technician: z.string(),
  appVersion: z.string(),
  broker: z.object({ address: z.string(), tlsFingerprint: z.string() }),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type CommissionRecord = z.infer<typeof CommissionRecord>;

export const CommissionPrompt = z.object({
  id: z.string(),
  port: z.string(),
  device: z.string().nullable(),
  /** manual: pass/fail/note; confirm: yes/no before an actuator write. */
  kind: z.enum(['manual', 'confirm']),
  text: z.string(),
  since: z.number(),
});
export type CommissionPrompt = z.infer<typeof CommissionPrompt>;

export const BoardRunInfo = z.object({
  port: z.string(),
  recordId: z.string(),
  device: z.string().nullable(),
  status: z.enum(['running', 'pass', 'fail', 'cancelled']),
  steps: z.array(StepState),
  checks: z.array(CheckResult),
  error: z.string().nullable(),
});
export type BoardRunInfo = z.infer<typeof BoardRunInfo>;

export const CommissionRunInfo = z.object({
  id: z.string(),
  planName: z.string(),
  site: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /** Only the check step (a re-run of a commissioned device's checks). */
  checksOnly: z.boolean(),
  boards: z.array(BoardRunInfo),
  /** Manual checks and confirmations waiting for the technician, oldest first. */
  prompts: z.array(CommissionPrompt),
});
export type CommissionRunInfo = z.infer<typeof CommissionRunInfo>;

export const CommissionEvent = z.object({ run: CommissionRunInfo });
export type CommissionEvent = z.infer<typeof CommissionEvent>;

/** A commissioned device in the site view: its latest record and whether it is online now. */
export const SiteDevice = z.object({
  user: z.string(),
  device: z.string(),
  online: z.boolean(),
  lastSeen: z.number().nullable(),
  record: CommissionRecord,
});
export type SiteDevice = z.infer<typeof SiteDevice>;

export const SiteSummary = z.object({
  site: z.string(),
  devices: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  lastAt: z.number().nullable(),
});
export type SiteSummary = z.infer<typeof SiteSummary>;
