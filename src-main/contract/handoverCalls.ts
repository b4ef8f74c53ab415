/**
 * The `handover.*` calls and the `handover.progress` topic: a commissioned site handed over to a
 * production Thinger-compatible server through its REST API (handover/, docs/bridge.md), run as
 * a job whose report grows as it goes. The server's token never leaves main: the UI learns
 * whether one is stored, and sends a new one or none.
 */
import { z } from 'zod';
import { call, event } from './define';

/** Longest watch for the devices to connect there (a day: a site's cutover, not a service). */
const MAX_HANDOVER_WATCH_S = 86_400;
/** Captured credentials taken in one hand-over (a site, not a fleet import). */
const MAX_HANDOVER_CREDENTIALS = 10_000;

const Created = z.enum(['created', 'exists', 'failed']);

export const HandoverServer = z.object({
  /** The server's REST base, e.g. https://iot.example.com. */
  target: z.string(),
  tokenSet: z.boolean(),
});
export type HandoverServer = z.infer<typeof HandoverServer>;

const HandoverDeviceRow = z.object({
  user: z.string(),
  device: z.string(),
  /** `captured`: it keeps the credential it has; `reissued`: it needs the new one. */
  credential: z.enum(['captured', 'reissued']),
  created: Created,
  properties: z.number().int(),
  /** The new credential, only while the hand-over runs (never stored, never sent afterwards). */
  newCredential: z.string().optional(),
  /**
   * Giving the board the new server (and credential) over USB: `running` (what it does now),
   * `done` (written and verified on the board), `left` (what is left to do by hand), `failed`;
   * null: not asked for.
   */
  reprovisioning: z
    .object({ state: z.enum(['running', 'done', 'left', 'failed']), detail: z.string() })
    .nullable(),
  /** Wall-clock ms it was first seen connected to the new server. */
  reconnectedAt: z.number().nullable(),
  error: z.string().nullable(),
});
type HandoverDeviceRow = z.infer<typeof HandoverDeviceRow>;

const CopiedRow = z.object({
  user: z.string(),
  name: z.string(),
  created: Created,
  error: z.string().nullable(),
});

export const HandoverJob = z.object({
  id: z.string(),
  target: z.string(),
  /** The commissioning site whose devices go; null: every registered device. */
  site: z.string().nullable(),
  state: z.enum(['copying', 'watching', 'done', 'cancelled', 'failed']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** When the watch gives up on devices that have not connected. */
  watchUntil: z.number().nullable(),
  /** Devices to hand over; `devices` fills as each is done. */
  total: z.number().int(),
  devices: z.array(HandoverDeviceRow),
  buckets: z.array(CopiedRow),
  endpoints: z.array(CopiedRow),
  reconnected: z.number().int(),
  /** What stopped the whole hand-over (a device's own failure is on its row). */
  error: z.string().nullable(),
  /** The report written when it ended (no credentials in it). */
  reportFile: z.string().nullable(),
});
export type HandoverJob = z.infer<typeof HandoverJob>;

export const HandoverStart = z
  .object({
    target: z
      .string()
      .max(2048)
      .regex(/^https?:\/\/[^/\s]+/, 'must start with http:// or https:// and name a host'),
    /** A new token; left out: the one stored with this server. */
    token: z.string().min(1).max(4096).optional(),
    site: z.string().min(1).max(128).nullable().default(null),
    /** Credentials captured when they were issued, by `user/device`. */
    credentials: z
      .record(
        z.string().regex(/^[^/]+\/[^/]+$/, 'keys are user/device'),
        z.string().min(1).max(1024),
      )
      .refine((c) => Object.keys(c).length <= MAX_HANDOVER_CREDENTIALS, {
        message: `at most ${MAX_HANDOVER_CREDENTIALS} credentials`,
      })
      .default({}),
    watchSeconds: z.number().int().min(0).max(MAX_HANDOVER_WATCH_S).default(600),
    /**
     * Re-provision the boards connected over USB now with the new server's device address (and
     * the new credential, where one is issued), by their commissioning plan's method.
     */
    reprovisionUsb: z.boolean().default(false),
    /** Where devices dial on the new server; left out: the server's host, port 25204. */
    deviceAddress: z
      .object({
        host: z
          .string()
          .min(1)
          .max(253)
          .regex(/^[^\s/:]+$|^\[[0-9a-fA-F:.]+\]$/, 'a host name or address, no port or path'),
        port: z.number().int().min(1).max(65_535),
      })
      .strict()
      .optional(),
  })
  .strict();
export type HandoverStart = z.infer<typeof HandoverStart>;

/** A device of the site whose board is connected over USB now. */
export const HandoverBoard = z.object({ user: z.string(), device: z.string(), port: z.string() });
export type HandoverBoard = z.infer<typeof HandoverBoard>;

const LOCAL_MS = 5_000;

export const handoverCalls = {
  'handover.get': call({
    summary:
      'The production server last handed over to (its token only as "set") and the hand-overs of this session',
    request: z.object({}).strict(),
    response: z.object({ server: HandoverServer.nullable(), jobs: z.array(HandoverJob) }),
    timeoutMs: LOCAL_MS,
  }),
  'handover.start': call({
    summary:
      'Hand a site over to a Thinger-compatible server: devices (captured or new credentials), properties, buckets, endpoints, then watch the devices connect there; answers at once, progress on handover.progress',
    request: HandoverStart,
    response: z.object({ job: HandoverJob }),
    timeoutMs: LOCAL_MS,
  }),
  'handover.boards': call({
    summary:
      "The site's devices whose board is connected over USB now (by its commissioning record): the hand-over can re-provision those",
    request: z.object({ site: z.string().min(1).max(128).nullable() }).strict(),
    response: z.object({ boards: z.array(HandoverBoard) }),
    timeoutMs: LOCAL_MS,
  }),
  'handover.cancel': call({
    summary: 'Stop a hand-over between steps (what was created there stays)',
    request: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
    timeoutMs: LOCAL_MS,
  }),
} as const;

export const handoverEvents = {
  'handover.progress': event({
    summary: 'A hand-over whenever its report grows (a device copied, one connected, the end)',
    params: z.object({}).strict(),
    payload: z.object({ job: HandoverJob }),
  }),
} as const;
