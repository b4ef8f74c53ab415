/**
 * Who is connected and how (for the UI's device tree and the API): presence, transport,
 * protocol version, traffic counters, last seen and round-trip time. Offline devices stay listed
 * with their last values.
 */
import type { ProtocolVersion } from '../protocol';
import type { Transport } from '../broker/types';
import { Emitter, type Dispose } from '../util/Emitter';

export interface DeviceStatus {
  key: string;
  user: string;
  device: string;
  online: boolean;
  /** Wall-clock ms of the current (or last) connection. */
  connectedSince: number | null;
  lastSeen: number | null;
  remoteAddress: string | null;
  transport: Transport | null;
  pv: ProtocolVersion | null;
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Frames dropped by rate limits or a slow link. */
  dropped: number;
  /** Round-trip time of the last answered server request, ms. */
  rttMs: number | null;
  /** Why the last connection ended. */
  lastDisconnectReason: string | null;
}

/** The status of a device that has not connected since the broker started. */
export const NEVER_CONNECTED: Readonly<Omit<DeviceStatus, 'key' | 'user' | 'device'>> = {
  online: false,
  connectedSince: null,
  lastSeen: null,
  remoteAddress: null,
  transport: null,
  pv: null,
  framesIn: 0,
  framesOut: 0,
  bytesIn: 0,
  bytesOut: 0,
  dropped: 0,
  rttMs: null,
  lastDisconnectReason: null,
};

export interface RegistryEvents extends Record<string, unknown> {
  online: DeviceStatus;
  offline: DeviceStatus;
  /** Counters changed (throttled by the consumer, not here). */
  traffic: DeviceStatus;
}

export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceStatus>();
  readonly events = new Emitter<RegistryEvents>();

  constructor(private readonly wallNow: () => number) {}

  private entry(key: string, user: string, device: string): DeviceStatus {
    let d = this.devices.get(key);
    if (!d) {
      d = { key, user, device, ...NEVER_CONNECTED };
      this.devices.set(key, d);
    }
    return d;
  }

  /** Makes a known (provisioned) device appear in the list even before it connects. */
  known(key: string, user: string, device: string): void {
    this.entry(key, user, device);
  }

  forget(key: string): void {
    this.devices.delete(key);
  }

  online(
    key: string,
    user: string,
    device: string,
    how: { remoteAddress: string; transport: Transport; pv: ProtocolVersion },
  ): void {
    const d = this.entry(key, user, device);
    const now = this.wallNow();
    Object.assign(d, { online: true, connectedSince: now, lastSeen: now, ...how });
    d.framesIn = d.framesOut = d.bytesIn = d.bytesOut = d.dropped = 0;
    this.events.emit('online', { ...d });
  }

  offline(key: string, reason: string): void {
    const d = this.devices.get(key);
    if (!d || !d.online) return;
    d.online = false;
    d.lastDisconnectReason = reason;
    this.events.emit('offline', { ...d });
  }

  traffic(key: string, direction: 'in' | 'out', bytes: number): void {
    const d = this.devices.get(key);
    if (!d) return;
    if (direction === 'in') {
      d.framesIn++;
      d.bytesIn += bytes;
      d.lastSeen = this.wallNow();
    } else {
      d.framesOut++;
      d.bytesOut += bytes;
    }
  }

  roundTrip(key: string, ms: number): void {
    const d = this.devices.get(key);
    if (d) d.rttMs = ms;
  }

  dropped(key: string, n: number): void {
    const d = this.devices.get(key);
    if (d) d.dropped = n;
  }

  get(key: string): DeviceStatus | undefined {
    const d = this.devices.get(key);
    return d ? { ...d } : undefined;
  }

  list(): DeviceStatus[] {
    return [...this.devices.values()].map((d) => ({ ...d }));
  }

  onOnline(l: (d: DeviceStatus) => void): Dispose {
    return this.events.on('online', l);
  }

  onOffline(l: (d: DeviceStatus) => void): Dispose {
    return this.events.on('offline', l);
  }
}
