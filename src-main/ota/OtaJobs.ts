/**
 * OTA jobs: one image to one device or a selection, at most `MAX_PARALLEL_UPDATES` devices at a
 * time, with progress and a result per device. Each device runs on its own: one that fails (or
 * drops off) never stops or slows the others beyond its slot. Jobs are kept in memory, bounded.
 */
import { randomUUID } from 'node:crypto';
import { Emitter, type Dispose } from '../util/Emitter';
import { updateDevice, type OtaPhase, type OtaResult, type OtaTarget } from './OtaUpdate';

/** Devices updated at once: each holds its device's link busy and the image in memory. */
const MAX_PARALLEL_UPDATES = 4;
/** Jobs remembered (finished ones are dropped oldest first). */
const MAX_JOBS = 20;
/** Largest image (raw): an ESP32 app partition is 1.25–3 MiB; the API body limit is 4 MiB base64. */
const MAX_IMAGE_BYTES = 2.5 * 1024 * 1024;

interface OtaDeviceState {
  device: string;
  phase: OtaPhase | 'queued' | 'done';
  sent: number;
  total: number;
  attempt: number;
  result: OtaResult | null;
}

export interface OtaJobRecord {
  id: string;
  user: string;
  firmware: string;
  version: string;
  size: number;
  started: number;
  finished: number | null;
  devices: OtaDeviceState[];
}

/** A device's progress, or (device null, finished) the end of the whole job. */
export type OtaJobEvent = { jobId: string; device: OtaDeviceState | null; finished: boolean };

export class OtaJobs {
  private readonly jobs = new Map<string, { record: OtaJobRecord; abort: AbortController }>();
  private readonly bus = new Emitter<{ progress: OtaJobEvent }>();

  constructor(
    private readonly target: OtaTarget,
    private readonly now: () => number = Date.now,
  ) {}

  start(req: {
    user: string;
    devices: readonly string[];
    image: Uint8Array;
    firmware?: string;
    version?: string;
  }): OtaJobRecord {
    if (req.image.length === 0) throw new RangeError('the image is empty');
    if (req.image.length > MAX_IMAGE_BYTES)
      throw new RangeError(`the image is larger than ${MAX_IMAGE_BYTES} bytes`);
    this.prune();
    if (this.jobs.size >= MAX_JOBS)
      throw new RangeError(`${MAX_JOBS} OTA jobs are running already`);
    const record: OtaJobRecord = {
      id: randomUUID(),
      user: req.user,
      firmware: req.firmware ?? 'default',
      version: req.version ?? '',
      size: req.image.length,
      started: this.now(),
      finished: null,
      devices: [...new Set(req.devices)].map((device) => ({
        device,
        phase: 'queued',
        sent: 0,
        total: req.image.length,
        attempt: 0,
        result: null,
      })),
    };
    const abort = new AbortController();
    this.jobs.set(record.id, { record, abort });
    void this.run(record, req.image, abort.signal);
    return structuredClone(record);
  }

  job(id: string): OtaJobRecord | null {
    const j = this.jobs.get(id);
    return j ? structuredClone(j.record) : null;
  }

  list(): OtaJobRecord[] {
    return [...this.jobs.values()].map((j) => structuredClone(j.record)).reverse();
  }

  cancel(id: string): boolean {
    const j = this.jobs.get(id);
    if (!j || j.record.finished !== null) return false;
    j.abort.abort();
    return true;
  }

  onProgress(listener: (e: OtaJobEvent) => void): Dispose {
    return this.bus.on('progress', listener);
  }

  /** Cancels what runs (devices time out and reboot into their old firmware). */
  stop(): void {
    for (const j of this.jobs.values()) j.abort.abort();
  }

  private async run(record: OtaJobRecord, image: Uint8Array, signal: AbortSignal): Promise<void> {
    const queue = [...record.devices];
    const emit = (d: OtaDeviceState): void =>
      this.bus.emit('progress', { jobId: record.id, device: { ...d }, finished: false });
    const worker = async (): Promise<void> => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const state = d;
        try {
          state.result = await updateDevice(this.target, {
            user: record.user,
            device: state.device,
            image,
            firmware: record.firmware,
            version: record.version,
            signal,
            now: this.now,
            onProgress: (p) => {
              Object.assign(state, {
                phase: p.phase,
                sent: p.sent,
                total: p.total,
                attempt: p.attempt,
              });
              emit(state);
            },
          });
        } catch (e) {
          state.result = {
            device: state.device,
            result: 'failure',
            description: (e as Error).message,
            bytes: state.sent,
            ms: 0,
            attempts: state.attempt,
          };
        }
        state.phase = 'done';
        emit(state);
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_UPDATES, queue.length) }, worker));
    record.finished = this.now();
    this.bus.emit('progress', { jobId: record.id, device: null, finished: true });
  }

  private prune(): void {
    for (const [id, j] of this.jobs) {
      if (this.jobs.size < MAX_JOBS) return;
      if (j.record.finished !== null) this.jobs.delete(id);
    }
  }
}
