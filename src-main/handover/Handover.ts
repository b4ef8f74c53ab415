/**
 * Hands a commissioned site over to a production Thinger-compatible server through its REST API:
 * each device is created there with its credential (the one captured when it was issued, or a
 * new one issued for the cutover, which the device must then be provisioned with), with its
 * properties; the site's buckets and endpoints follow. Then each device is watched until it
 * connects to the new server, and the time is recorded. Re-running is safe: what exists is kept
 * (a device that exists gets the credential of this run).
 */
import { deviceKey } from '../contract/deviceKey';
import type { BucketStore } from '../serverres/BucketStore';
import type { PropertyStore } from '../serverres/PropertyStore';
import type { DeviceRecord } from '../store/DeviceStore';
import { generateCredential } from '../store/credentials';
import { psonToJson, type Json } from '../protocol';
import { HandoverError, ThingerClient, type Created } from './ThingerClient';

/** How long a hand-over waits for the devices to show up on the new server, by default. */
const DEFAULT_WATCH_MS = 10 * 60_000;
/** How often the new server is asked whether the devices are connected. */
const DEFAULT_POLL_MS = 2000;

export interface HandoverSite {
  devices: DeviceRecord[];
  properties: PropertyStore;
  buckets: BucketStore;
  /** The broker's endpoints by name (settings `broker.endpoints`). */
  endpoints: Record<
    string,
    {
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      name?: string;
      description?: string;
      enabled?: boolean;
    }
  >;
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

interface HandoverDevice {
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

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function runHandover(site: HandoverSite, o: HandoverOptions): Promise<HandoverReport> {
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  const progress = (phase: 'copying' | 'watching'): void => o.onProgress?.(report, phase);
  const stopped = (): boolean => o.signal?.aborted === true;
  const client = new ThingerClient(o.target, o.token, o.fetch);
  const startedAt = now();
  const users = [...new Set(site.devices.map((d) => d.user))];
  const report: HandoverReport = {
    target: o.target,
    startedAt,
    finishedAt: startedAt,
    devices: [],
    buckets: [],
    endpoints: [],
    reconnected: 0,
  };

  // Buckets and endpoints first: a device that reconnects may write to a bucket at once.
  for (const user of users) {
    if (stopped()) break;
    for (const b of site.buckets.configs(user)) {
      const row = {
        bucket: b.bucket,
        user,
        created: 'failed' as Created | 'failed',
        error: null as string | null,
      };
      try {
        row.created = await client.createBucket(user, {
          bucket: b.bucket,
          name: b.name,
          description: b.description,
          enabled: b.enabled,
          config: b.config,
        });
      } catch (e) {
        row.error = message(e);
      }
      report.buckets.push(row);
      progress('copying');
    }
    for (const [endpoint, e] of Object.entries(site.endpoints)) {
      const row = {
        endpoint,
        user,
        created: 'failed' as Created | 'failed',
        error: null as string | null,
      };
      try {
        row.created = await client.createEndpoint(user, {
          endpoint,
          name: e.name ?? endpoint,
          description: e.description ?? '',
          type: 'http_request',
          enabled: e.enabled !== false,
          config: {
            url: e.url,
            ...(e.method ? { method: e.method } : {}),
            ...(e.headers ? { headers: e.headers } : {}),
            ...(e.body !== undefined ? { body: e.body } : {}),
          },
        });
      } catch (err) {
        row.error = message(err);
      }
      report.endpoints.push(row);
      progress('copying');
    }
  }

  for (const d of site.devices) {
    if (stopped()) break;
    const key = deviceKey(d);
    const captured = o.credentials?.[key];
    const credential = captured ?? generateCredential();
    const row: HandoverDevice = {
      user: d.user,
      device: d.device,
      credential: captured ? 'captured' : 'reissued',
      created: 'failed',
      properties: 0,
      reprovisioning: null,
      reconnectedAt: null,
      error: null,
      ...(captured ? {} : { newCredential: credential }),
    };
    report.devices.push(row);
    progress('copying');
    try {
      row.created = await client.createDevice(d.user, {
        device: d.device,
        name: d.name,
        description: d.description,
        type: d.type,
        credentials: credential,
      });
      if (row.created === 'exists') await client.setDeviceCredential(d.user, d.device, credential);
      const props = site.properties
        .list(d.user, d.device)
        .map((p) => ({ property: p.property, value: psonToJson(p.value) as Json }));
      await client.setProperties(d.user, d.device, props);
      row.properties = props.length;
      log(
        `${key}: ${row.created} on ${o.target} (${props.length} properties, ${row.credential} credential)`,
      );
    } catch (e) {
      row.error = message(e);
      log(`${key}: failed: ${row.error}`);
      progress('copying');
      continue;
    }
    if (o.reprovision && !stopped()) {
      row.reprovisioning = { state: 'running', detail: '' };
      progress('copying');
      try {
        row.reprovisioning = await o.reprovision(
          { user: d.user, device: d.device, credential, reissued: !captured },
          (detail) => {
            row.reprovisioning = { state: 'running', detail };
            progress('copying');
          },
        );
        log(
          `${key}: ${row.reprovisioning.state === 'done' ? 're-provisioned' : 'left to do'}: ${row.reprovisioning.detail}`,
        );
      } catch (e) {
        row.reprovisioning = { state: 'failed', detail: message(e) };
        log(`${key}: re-provisioning failed: ${row.reprovisioning.detail}`);
      }
    }
    progress('copying');
  }

  // Watch every created device until it connects there (or the watch ends).
  const waiting = new Set(report.devices.filter((r) => r.created !== 'failed'));
  const deadline = now() + (o.watchMs ?? DEFAULT_WATCH_MS);
  progress('watching');
  while (waiting.size > 0 && !stopped()) {
    for (const r of [...waiting]) {
      try {
        if (await client.online(r.user, r.device)) {
          r.reconnectedAt = now();
          waiting.delete(r);
          log(`${r.user}/${r.device}: connected to ${o.target}`);
          progress('watching');
        }
      } catch (e) {
        if (e instanceof HandoverError && e.status === 404) {
          r.error = 'the new server no longer knows this device';
          waiting.delete(r);
        }
      }
    }
    if (waiting.size === 0 || now() >= deadline || stopped()) break;
    await pause(o.pollMs ?? DEFAULT_POLL_MS, o.signal);
  }
  const why = stopped()
    ? 'the hand-over was cancelled before it connected there'
    : 'did not connect to the new server within the watch';
  for (const r of waiting) r.error ??= why;
  report.reconnected = report.devices.filter((r) => r.reconnectedAt !== null).length;
  report.finishedAt = now();
  return report;
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The report as stored (new credentials left out: they are shown once, never written). */
export function storedReport(r: HandoverReport): HandoverReport {
  return {
    ...r,
    devices: r.devices.map((d) => {
      const copy = { ...d };
      delete copy.newCredential;
      return copy;
    }),
  };
}
