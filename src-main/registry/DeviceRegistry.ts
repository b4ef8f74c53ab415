/**
 * Who is connected and how (for the UI's device tree and the API): presence, transport,
 * protocol version, traffic counters, last seen and round-trip time. Offline devices stay listed
 * with their last values.
 */
import { BoundedMap } from '../contract/BoundedMap';
import type { ProtocolVersion } from '../protocol';
import type { Transport } from '../core/link';
import { Emitter, type Dispose } from '../util/Emitter';
import { splitKey } from '../contract/deviceKey';
import { DeviceEntry, EntryClock, type LiveTraffic } from './deviceEntry';

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

/** Handshakes counted at once at most (connections that have not come online yet). */
const MAX_HANDSHAKES = 1_024;

/** Traffic of a connection that is not online yet (CONNECT and its answer). */
interface Handshake {
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
}

export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceEntry>();
  /**
   * While a device is offline its counters keep the last session's figures; the frames of a new
   * connection's handshake are kept aside and become the new session's first counts, so a device
   * that only sends keep-alives does not read "0 B" for its first minute online.
   */
  private readonly handshakes = new BoundedMap<string, Handshake>(MAX_HANDSHAKES);
  readonly events = new Emitter<RegistryEvents>();
  private readonly clock: EntryClock;

  constructor(wallNow: () => number) {
    this.clock = new EntryClock(wallNow);
  }

  /** The entry of `key` (= `user/device`, which the entry reads back from the key). */
  private entry(key: string): DeviceEntry {
    let d = this.devices.get(key);
    if (!d) {
      d = new DeviceEntry(key, this.clock);
      this.devices.set(key, d);
    }
    return d;
  }

  /** Makes a known (provisioned) device appear in the list even before it connects. */
  known(key: string): void {
    this.entry(key);
  }

  /** The registry's clock, for `LiveTraffic.seenAt`. */
  now(): number {
    return this.clock.now();
  }

  forget(key: string): void {
    const d = this.devices.get(key);
    if (d) {
      d.online = false;
      d.live = null;
    }
    this.devices.delete(key);
    this.handshakes.delete(key);
  }

  /**
   * `live`: the connection that counts its frames from now on (what it counted since it came
   * online is kept, the handshake's frames are added); without it the entry counts (`traffic`).
   */
  online(
    key: string,
    how: { remoteAddress: string; transport: Transport; pv: ProtocolVersion },
    live: LiveTraffic | null = null,
  ): void {
    const d = this.entry(key);
    const now = this.clock.now();
    const handshake = this.handshakes.get(key);
    this.handshakes.delete(key);
    d.online = true;
    d.connectedAt = d.seenAt = now;
    d.remoteAddress = how.remoteAddress;
    d.transport = how.transport;
    d.pv = how.pv;
    d.framesIn = handshake?.framesIn ?? 0;
    d.framesOut = handshake?.framesOut ?? 0;
    d.bytesIn = handshake?.bytesIn ?? 0;
    d.bytesOut = handshake?.bytesOut ?? 0;
    d.dropped = 0;
    d.live = live;
    if (live !== null) {
      live.framesIn += d.framesIn;
      live.framesOut += d.framesOut;
      live.bytesIn += d.bytesIn;
      live.bytesOut += d.bytesOut;
      live.seenAt = now;
    }
    this.events.emit('online', this.status(d));
  }

  /**
   * `heardNow`: the device itself ended the connection (its socket closed), which is a sign of
   * life at this moment; a keep-alive timeout is not, and keeps the time of the last frame.
   */
  offline(key: string, reason: string, heardNow = false): void {
    const d = this.devices.get(key);
    this.handshakes.delete(key);
    if (!d || !d.online) return;
    d.detach();
    d.online = false;
    d.lastDisconnectReason = reason;
    if (heardNow) d.seenAt = this.clock.now();
    this.events.emit('offline', this.status(d));
  }

  /** A CONNECT names this device: a new handshake starts (a refused one before it is forgotten). */
  connecting(key: string): void {
    this.handshakes.delete(key);
  }

  traffic(key: string, direction: 'in' | 'out', bytes: number): void {
    const d = this.devices.get(key);
    if (!d?.online) {
      // A connection in its handshake (of a known device, or of one about to be accepted as
      // new): counted aside; the oldest handshakes go first beyond MAX_HANDSHAKES, so ids made
      // up by a hostile peer cannot grow this.
      if (key.startsWith('@')) return;
      let h = this.handshakes.get(key);
      if (!h) {
        h = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0 };
        this.handshakes.set(key, h);
      }
      if (direction === 'in') {
        h.framesIn++;
        h.bytesIn += bytes;
      } else {
        h.framesOut++;
        h.bytesOut += bytes;
      }
      return;
    }
    if (direction === 'in') d.countIn(bytes);
    else d.countOut(bytes);
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
    return d ? this.status(d) : undefined;
  }

  list(): DeviceStatus[] {
    return [...this.devices.values()].map((d) => this.status(d));
  }

  onOnline(l: (d: DeviceStatus) => void): Dispose {
    return this.events.on('online', l);
  }

  onOffline(l: (d: DeviceStatus) => void): Dispose {
    return this.events.on('offline', l);
  }

  /** A plain copy of an entry's status (what the UI and the API get; never the entry itself). */
  private status(d: DeviceEntry): DeviceStatus {
    const [user, device] = splitKey(d.key);
    const c = d.live ?? d;
    return {
      key: d.key,
      user,
      device,
      online: d.online,
      connectedSince: this.clock.wall(d.connectedAt),
      lastSeen: this.clock.wall(c.seenAt),
      remoteAddress: d.remoteAddress,
      transport: d.transport,
      pv: d.pv,
      framesIn: c.framesIn,
      framesOut: c.framesOut,
      bytesIn: c.bytesIn,
      bytesOut: c.bytesOut,
      dropped: d.dropped,
      rttMs: d.rttMs,
      lastDisconnectReason: d.lastDisconnectReason,
    };
  }
}
