/**
 * One device's OTA update, the I/O around ota/protocol.ts: read `$ota/options`, refuse what the
 * device cannot take, compress and checksum as it asks, `$ota/begin`, every chunk through
 * `$ota/write`, `$ota/end`, `$ota/reboot` (IOTMP.md §5.6 RUN for each, §4.6 bytes for chunks).
 * A dropped connection mid-transfer: the protocol has no offset to continue from (a device that
 * stops hearing chunks times out and reboots), so after the device is back (bounded wait) the
 * update starts again from begin, a bounded number of times; then it fails with the reason.
 */
import { createHash } from 'node:crypto';
import { deflateSync, gzipSync } from 'node:zlib';
import { BrokerError, BrokerErrorCode } from '../broker/errors';
import type { Reply } from '../core/reply';
import type { PsonValue } from '../protocol';
import {
  beginInput,
  chunkSize,
  OTA,
  parseOtaOptions,
  refusal,
  replyProblem,
  type OtaDeviceOptions,
} from './protocol';

/** Restarts from begin after the device dropped its connection mid-update. */
const MAX_RESTARTS = 3;
/** How long a restart waits for the device to be back (it reboots after its own timeout). */
const RECONNECT_WAIT_MS = 60_000;

/** What an update needs of the broker. */
export interface OtaTarget {
  run(user: string, device: string, resource: string, input?: PsonValue): Promise<Reply>;
  /** Largest body one frame to this device may carry. */
  frameLimit(user: string, device: string): number;
  /** Resolves true once the device is online (at once if it is), false after `ms`. */
  waitOnline(user: string, device: string, ms: number, signal: AbortSignal): Promise<boolean>;
}

export type OtaPhase = 'options' | 'begin' | 'write' | 'end' | 'reboot' | 'waiting';

interface OtaProgress {
  device: string;
  phase: OtaPhase;
  sent: number;
  total: number;
  attempt: number;
}

export interface OtaResult {
  device: string;
  result: 'success' | 'failure' | 'already_updated';
  description: string;
  /** Bytes sent to the device (compressed when it asked for compression). */
  bytes: number;
  ms: number;
  attempts: number;
}

export interface OtaRequest {
  user: string;
  device: string;
  image: Uint8Array;
  firmware: string;
  version: string;
  signal: AbortSignal;
  onProgress?: (p: OtaProgress) => void;
  now?: () => number;
}

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');

class Failure extends Error {
  constructor(
    message: string,
    /** The connection dropped: worth a restart once the device is back. */
    readonly dropped = false,
  ) {
    super(message);
  }
}

const DROPPED: readonly string[] = [
  BrokerErrorCode.DEVICE_OFFLINE,
  BrokerErrorCode.DEVICE_DISCONNECTED,
  BrokerErrorCode.TIMEOUT,
];

/** One update's state and helpers, shared by its attempts. */
interface Update {
  readonly target: OtaTarget;
  readonly req: OtaRequest;
  /** Bytes of the payload the device acknowledged in this attempt. */
  sent: number;
  attempt: number;
  run(resource: string, input?: PsonValue): Promise<Reply>;
  progress(phase: OtaPhase, total: number): void;
  done(result: OtaResult['result'], description: string): OtaResult;
}

function newUpdate(target: OtaTarget, req: OtaRequest): Update {
  const now = req.now ?? Date.now;
  const t0 = now();
  const u: Update = {
    target,
    req,
    sent: 0,
    attempt: 0,
    done: (result, description) => ({
      device: req.device,
      result,
      description,
      bytes: u.sent,
      ms: now() - t0,
      attempts: u.attempt,
    }),
    progress: (phase, total) =>
      req.onProgress?.({ device: req.device, phase, sent: u.sent, total, attempt: u.attempt }),
    run: async (resource, input) => {
      if (req.signal.aborted) throw new Failure('cancelled');
      try {
        return await target.run(req.user, req.device, resource, input);
      } catch (e) {
        if (e instanceof BrokerError && DROPPED.includes(e.code))
          throw new Failure(`the device dropped off during ${resource}: ${e.message}`, true);
        throw new Failure(`${resource}: ${(e as Error).message}`);
      }
    },
  };
  return u;
}

export async function updateDevice(target: OtaTarget, req: OtaRequest): Promise<OtaResult> {
  const u = newUpdate(target, req);
  for (;;) {
    u.attempt++;
    u.sent = 0;
    try {
      return await attempt(u);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      if (!e.dropped || u.attempt > MAX_RESTARTS || req.signal.aborted)
        return u.done('failure', e.message);
      u.progress('waiting', 0);
      const back = await target.waitOnline(req.user, req.device, RECONNECT_WAIT_MS, req.signal);
      if (!back)
        return u.done(
          'failure',
          `${e.message}; it did not come back within ${RECONNECT_WAIT_MS / 1000} s`,
        );
    }
  }
}

/** The device's OTA options, or a Failure saying why it cannot take this image. */
async function deviceOptions(u: Update): Promise<OtaDeviceOptions> {
  const reply = await u.run(OTA.options);
  if (!reply.ok) throw new Failure('the device does not support OTA (no $ota/options resource)');
  const parsed = parseOtaOptions(reply.payload);
  if ('error' in parsed) throw new Failure(parsed.error);
  return parsed;
}

/**
 * Compress only as the device asks, and only its own scheme (IOTMP-Arduino: zlib on ESP32, gzip
 * on ESP8266); null: send the image as it is.
 */
function packFor(options: OtaDeviceOptions, image: Uint8Array) {
  const scheme = options.compression;
  return scheme === null
    ? null
    : { scheme, bytes: scheme === 'zlib' ? deflateSync(image) : gzipSync(image) };
}

/** One attempt from options to reboot; a Failure says why it stopped. */
async function attempt(u: Update): Promise<OtaResult> {
  const { req, target } = u;
  u.progress('options', req.image.length);
  const options = await deviceOptions(u);
  if (options.version !== null && options.version === req.version)
    return u.done('already_updated', `the device already runs version ${req.version}`);
  const refused = refusal(options, req.image.length);
  if (refused) throw new Failure(refused);

  const packed = packFor(options, req.image);
  const payload = packed?.bytes ?? req.image;
  const size = chunkSize(options, target.frameLimit(req.user, req.device));
  u.progress('begin', payload.length);
  // The checksum covers what the device verifies: the image, and what was sent when packed.
  const begun = await u.run(
    OTA.begin,
    beginInput({
      firmware: req.firmware,
      version: req.version,
      size: req.image.length,
      chunkSize: size,
      ...(options.checksum ? { checksum: md5(req.image) } : {}),
      ...(packed
        ? {
            compressed: {
              scheme: packed.scheme,
              size: packed.bytes.length,
              ...(options.checksum ? { checksum: md5(packed.bytes) } : {}),
            },
          }
        : {}),
    }),
  );
  const beginProblem = replyProblem('begin', begun);
  if (beginProblem) throw new Failure(beginProblem);
  await writeChunks(u, payload, size);
  await finish(u, payload.length);
  return u.done(
    'success',
    `updated to ${req.version || 'the new image'} (${payload.length} bytes${packed ? `, ${packed.scheme}` : ''}), rebooting`,
  );
}

async function writeChunks(u: Update, payload: Uint8Array, size: number): Promise<void> {
  for (let at = 0; at < payload.length; at += size) {
    const chunk = payload.subarray(at, Math.min(at + size, payload.length));
    const wrote = await u.run(OTA.write, chunk);
    const problem = replyProblem('write', wrote);
    if (problem) throw new Failure(`${problem} (at byte ${at} of ${payload.length})`);
    u.sent = at + chunk.length;
    u.progress('write', payload.length);
  }
}

/** `$ota/end`, then `$ota/reboot` (whose answer may never come). */
async function finish(u: Update, total: number): Promise<void> {
  u.progress('end', total);
  const ended = await u.run(OTA.end);
  const endProblem = replyProblem('end', ended);
  if (endProblem) throw new Failure(endProblem);
  u.progress('reboot', total);
  try {
    await u.run(OTA.reboot);
  } catch (e) {
    // The device may reboot before its answer leaves it: the image is written and verified.
    if (!(e instanceof Failure && e.dropped)) throw e;
  }
}
