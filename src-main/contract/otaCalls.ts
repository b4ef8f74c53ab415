/**
 * OTA over IoTMP: one firmware image to one device or a selection through the devices' `$ota/*`
 * resources (what Thinger's VS Code extension does from the editor), at a bounded number of
 * devices at once, with progress and a result per device.
 */
import { z } from 'zod';
import { call, event } from './define';
import { Id } from './schemas';

/** The image as base64: 2.5 MiB raw fits the API's 4 MiB body limit. */
const MAX_IMAGE_BASE64 = Math.ceil((2.5 * 1024 * 1024) / 3) * 4;

export const OtaDeviceState = z.object({
  device: z.string(),
  phase: z.enum(['queued', 'options', 'begin', 'write', 'end', 'reboot', 'waiting', 'done']),
  sent: z.number().int(),
  total: z.number().int(),
  attempt: z.number().int(),
  result: z
    .object({
      device: z.string(),
      result: z.enum(['success', 'failure', 'already_updated']),
      description: z.string(),
      bytes: z.number().int(),
      ms: z.number(),
      attempts: z.number().int(),
    })
    .nullable(),
});
export type OtaDeviceState = z.infer<typeof OtaDeviceState>;

export const OtaJob = z.object({
  id: z.string(),
  user: z.string(),
  firmware: z.string(),
  version: z.string(),
  size: z.number().int(),
  started: z.number(),
  finished: z.number().nullable(),
  devices: z.array(OtaDeviceState),
});
export type OtaJob = z.infer<typeof OtaJob>;

const JobRef = z.object({ jobId: z.string().min(1).max(64) });

export const otaCalls = {
  'ota.start': call({
    summary:
      "Update devices over the air: the image (base64, ≤ 2.5 MiB) through each device's $ota/options, begin, write, end, reboot; 4 devices at a time; answers the job at once",
    request: z
      .object({
        user: Id,
        devices: z.array(Id).min(1).max(200),
        image: z.base64().min(4).max(MAX_IMAGE_BASE64),
        firmware: z.string().max(64).optional(),
        version: z.string().max(64).optional(),
      })
      .strict(),
    response: OtaJob,
    timeoutMs: 10_000,
  }),
  'ota.jobs': call({
    summary: 'OTA jobs (the newest first), or one',
    request: JobRef.partial().strict(),
    response: z.object({ jobs: z.array(OtaJob) }),
    timeoutMs: 5_000,
  }),
  'ota.cancel': call({
    summary: 'Stop an OTA job: devices not done fail with "cancelled" (they keep their firmware)',
    request: JobRef.strict(),
    response: z.object({ cancelled: z.boolean() }),
    timeoutMs: 5_000,
  }),
} as const;

export const otaEvents = {
  'ota.progress': event({
    summary: 'OTA progress: per device phase, bytes sent and result; `finished` ends the job',
    params: JobRef.partial().strict(),
    payload: z.object({
      jobId: z.string(),
      device: OtaDeviceState.nullable(),
      finished: z.boolean(),
    }),
  }),
} as const;
