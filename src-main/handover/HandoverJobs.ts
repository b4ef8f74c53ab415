/**
 * Hand-overs as jobs the UI starts, follows and cancels: one at a time (two would race for the
 * same devices there), the report growing as it goes (`job` events), written to the data folder
 * when it ends. The server's address and token are kept (settings `handover.server`), so the next
 * hand-over of the site goes to the same server without typing the token again. New credentials
 * are in the job only while it runs: the technician provisions the devices with them during the
 * watch; afterwards they are gone (never stored, never sent again).
 */
import type { HandoverBoard, HandoverJob, HandoverServer, HandoverStart } from '../contract';
import type { SettingsStore } from '../store/SettingsStore';
import { Emitter } from '../util/Emitter';
import {
  runHandover,
  type HandoverOptions,
  type HandoverReport,
  type HandoverSite,
} from './Handover';
import { newHandoverJob, showReport } from './jobView';
import { writeHandoverReport } from './reportFile';

const HANDOVER_SERVER = 'handover.server';
/** Ended hand-overs kept for the UI in this session (their reports are on disk). */
const KEPT_JOBS = 10;

export class HandoverJobError extends Error {
  constructor(
    readonly code: 'BAD_REQUEST' | 'CONFLICT' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'HandoverJobError';
  }
}

export interface HandoverJobsOptions {
  settings: SettingsStore;
  /** The devices (of a commissioning site, or all: null) with the stores they are copied from. */
  site: (site: string | null) => HandoverSite;
  dataDir: string;
  /**
   * Re-provisioning over USB for a hand-over that asks for it: the boards connected now get
   * `to` (the new server's device address) and their credential. None: not offered.
   */
  usb?: {
    reprovision(
      to: { host: string; port: number },
      signal: AbortSignal,
    ): NonNullable<HandoverOptions['reprovision']>;
    /** The port a device's board is connected on now, or null. */
    connected(user: string, device: string): string | null;
  };
  fetch?: typeof fetch;
  now?: () => number;
  pollMs?: number;
  log?: (line: string) => void;
}

interface StoredServer {
  target: string;
  token: string;
}

interface Running {
  job: HandoverJob;
  controller: AbortController;
  done: Promise<void>;
}

export class HandoverJobs {
  readonly events = new Emitter<{ job: HandoverJob }>();
  private readonly ended: HandoverJob[] = [];
  private running: Running | null = null;
  private nextId = 1;

  constructor(private readonly o: HandoverJobsOptions) {}

  server(): HandoverServer | null {
    const s = this.o.settings.get<StoredServer | null>(HANDOVER_SERVER, null);
    return s ? { target: s.target, tokenSet: s.token !== '' } : null;
  }

  /** The running hand-over first, then the ended ones, newest first. */
  jobs(): HandoverJob[] {
    return [...(this.running ? [this.running.job] : []), ...this.ended];
  }

  /**
   * The site's devices whose board is connected over USB now (the hand-over offers to
   * re-provision those), with their port; none when this build cannot.
   */
  boards(site: string | null): HandoverBoard[] {
    const usb = this.o.usb;
    if (!usb) return [];
    return this.o.site(site).devices.flatMap((d) => {
      const port = usb.connected(d.user, d.device);
      return port ? [{ user: d.user, device: d.device, port }] : [];
    });
  }

  /** What a start needs, checked before anything is copied; the server is remembered. */
  private checkStart(r: HandoverStart) {
    if (this.running)
      throw new HandoverJobError(
        'CONFLICT',
        `a hand-over to ${this.running.job.target} is running`,
      );
    const stored = this.o.settings.get<StoredServer | null>(HANDOVER_SERVER, null);
    const target = r.target.replace(/\/+$/, '');
    const token = r.token ?? (stored && stored.target === target ? stored.token : '');
    if (!token) throw new HandoverJobError('BAD_REQUEST', `give the API token of ${target}`);
    const usbBoards = r.reprovisionUsb ? this.o.usb : undefined;
    if (r.reprovisionUsb && !usbBoards)
      throw new HandoverJobError('BAD_REQUEST', 'this build cannot re-provision boards over USB');
    const site = this.o.site(r.site);
    if (site.devices.length === 0)
      throw new HandoverJobError(
        'BAD_REQUEST',
        r.site ? `no registered device in the records of site ${r.site}` : 'no registered device',
      );
    this.o.settings.set(HANDOVER_SERVER, { target, token } satisfies StoredServer);
    return { target, token, usbBoards, site };
  }

  start(r: HandoverStart): HandoverJob {
    const { target, token, usbBoards, site } = this.checkStart(r);
    const now = this.o.now ?? Date.now;
    const startedAt = now();
    const watchMs = r.watchSeconds * 1000;
    const job = newHandoverJob(
      `handover-${this.nextId++}`,
      target,
      r.site,
      startedAt,
      site.devices.length,
    );
    const controller = new AbortController();
    const update = (report: HandoverReport, phase: 'copying' | 'watching'): void => {
      showReport(job, report);
      if (phase === 'watching' && job.state === 'copying') {
        job.state = 'watching';
        job.watchUntil = now() + watchMs;
      }
      this.emit(job);
    };
    const usb = usbBoards?.reprovision(
      r.deviceAddress ?? defaultDeviceAddress(target),
      controller.signal,
    );
    const done = runHandover(site, {
      target,
      token,
      credentials: r.credentials,
      ...(usb ? { reprovision: usb } : {}),
      watchMs,
      signal: controller.signal,
      onProgress: update,
      now,
      ...(this.o.pollMs !== undefined ? { pollMs: this.o.pollMs } : {}),
      ...(this.o.fetch ? { fetch: this.o.fetch } : {}),
      ...(this.o.log ? { log: this.o.log } : {}),
    })
      .then(
        (report) => {
          update(report, 'watching');
          job.state = controller.signal.aborted ? 'cancelled' : 'done';
          try {
            job.reportFile = writeHandoverReport(this.o.dataDir, report);
          } catch (e) {
            job.error = `the report could not be written: ${(e as Error).message}`;
          }
        },
        (e: unknown) => {
          job.state = 'failed';
          job.error = e instanceof Error ? e.message : String(e);
        },
      )
      .finally(() => {
        job.finishedAt = now();
        job.watchUntil = null;
        // Shown while it ran; from now on nobody needs them here.
        for (const d of job.devices) delete d.newCredential;
        this.running = null;
        this.ended.unshift(job);
        this.ended.splice(KEPT_JOBS);
        this.emit(job);
      });
    this.running = { job, controller, done };
    this.emit(job);
    return structuredClone(job);
  }

  cancel(jobId: string): boolean {
    if (this.running?.job.id !== jobId) {
      if (this.ended.some((j) => j.id === jobId)) return false;
      throw new HandoverJobError('NOT_FOUND', `no hand-over ${jobId}`);
    }
    this.running.controller.abort();
    return true;
  }

  /** Cancels a running hand-over and waits for it to write its report. */
  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    r.controller.abort();
    await r.done;
  }

  private emit(job: HandoverJob): void {
    this.events.emit('job', structuredClone(job));
  }
}

/** Where devices dial on a Thinger-compatible server by default: its host, IoTMP's TCP port. */
export function defaultDeviceAddress(target: string): { host: string; port: number } {
  return { host: new URL(target).hostname, port: 25204 };
}
