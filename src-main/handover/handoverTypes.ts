/**
 * What a hand-over is given (the site, the new server, how devices get it) and what it reports,
 * per device, bucket and endpoint; and the state one run shares between its steps.
 */
import type { BucketStore } from '../serverres/BucketStore';
import type { PropertyStore } from '../serverres/PropertyStore';
import type { EndpointConfig } from '../serverres/httpEndpoint';
import type { DeviceRecord } from '../store/DeviceStore';
import type { Created, ThingerClient } from './ThingerClient';

export interface HandoverSite {
  devices: DeviceRecord[];
  properties: PropertyStore;
  buckets: BucketStore;
  /** The broker's endpoints by name (settings `broker.endpoints`). */
  endpoints: Record<string, EndpointConfig>;
}

export interface HandoverOptions {
  /** The new server's REST base, e.g. https://iot.example.com (paths /v1, /v3 below it). */
  target: string;
  token: string;
  /** Credentials captured when they were issued, by `user/device`; others are issued anew. */
  credentials?: Record<string, string>;
  /**
   * Gives a device the new server (and its new credential, when re-issued): the board over USB,
   * a technician with a laptop, a test's simulated device. It answers what became of it: `done`
   * (verified on the board), or `left` with what is left to do by hand; a throw is a failure.
   * Without it the new credentials are only returned (shown once) and the watch waits for
   * someone to do it. `progress`: one line of what it does now, for the panel.
   */
  reprovision?: (
    d: {
      user: string;
      device: string;
      credential: string;
      /** A new credential (the device must be given it), not the one it has. */
      reissued: boolean;
    },
    progress: (detail: string) => void,
  ) => Promise<{ state: 'done' | 'left'; detail: string }>;
  watchMs?: number;
  pollMs?: number;
  /** The report so far, after every step (the UI's progress); `phase` says what runs now. */
  onProgress?: (report: HandoverReport, phase: 'copying' | 'watching') => void;
  /** Stops between steps: what was created stays, devices not reached are left out. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  now?: () => number;
  log?: (line: string) => void;
}

export interface HandoverDevice {
  user: string;
  device: string;
  credential: 'captured' | 'reissued';
  created: Created | 'failed';
  properties: number;
  /** Set when a new credential was issued: the device must be provisioned with it (shown once). */
  newCredential?: string;
  /** What became of giving the device the new server (null: not asked for). */
  reprovisioning: Reprovisioning | null;
  /** Wall-clock ms the new server first reported it connected; null: not within the watch. */
  reconnectedAt: number | null;
  error: string | null;
}

/**
 * `running` (with what it does now), `done` (the board holds the new server and credential,
 * verified), `left` (what is left to do by hand), `failed` (why).
 */
interface Reprovisioning {
  state: 'running' | 'done' | 'left' | 'failed';
  detail: string;
}

export interface HandoverReport {
  target: string;
  startedAt: number;
  finishedAt: number;
  devices: HandoverDevice[];
  buckets: { bucket: string; user: string; created: Created | 'failed'; error: string | null }[];
  endpoints: {
    endpoint: string;
    user: string;
    created: Created | 'failed';
    error: string | null;
  }[];
  reconnected: number;
}

/** One run's shared state: the new server's client, the report, and how to tell progress. */
export interface HandoverRun {
  readonly o: HandoverOptions;
  readonly client: ThingerClient;
  readonly report: HandoverReport;
  now(): number;
  log(line: string): void;
  progress(phase: 'copying' | 'watching'): void;
  /** The run was cancelled: the next step does not start. */
  stopped(): boolean;
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
