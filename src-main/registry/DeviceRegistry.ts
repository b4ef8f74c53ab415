/**
 * Who is connected and how (for the UI's device tree and the API): presence, transport,
 * protocol version, traffic counters, last seen and round-trip time. Offline devices stay listed
 * with their last values.
 */
import { BoundedMap } from '../contract/BoundedMap';
import type { ProtocolVersion } from '../protocol';
import type { Transport } from '../core/link';
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

/** An online device's traffic counters, held by its connection (no lookup per frame). */
export interface TrafficCounters {
  /** False once the device went offline or was forgotten: count through the registry then. */
  readonly online: boolean;
  countIn(bytes: number): void;
  countOut(bytes: number): void;
}

/**
 * A device's entry: a class with every field set in the constructor, so each entry is one
 * fixed-shape object (an object literal spread from a template and grown by `Object.assign`
 * kept its fields in a separate property store, ~0.1 KB more per device).
 */
class DeviceEntry implements DeviceStatus {
  online = false;
  connectedSince: number | null = null;
  lastSeen: number | null = null;
  remoteAddress: string | null = null;
  transport: Transport | null = null;
  pv: ProtocolVersion | null = null;
  framesIn = 0;
  framesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  dropped = 0;
  rttMs: number | null = null;
  lastDisconnectReason: string | null = null;

  constructor(
    readonly key: string,
    readonly user: string,
    readonly device: string,
    private readonly wallNow: () => number,
  ) {}

  countIn(bytes: number): void {
    this.framesIn++;
    this.bytesIn += bytes;
    this.lastSeen = this.wallNow();
  }

  countOut(bytes: number): void {
    this.framesOut++;
    this.bytesOut += bytes;
  }
}

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

  constructor(private readonly wallNow: () => number) {}

  private entry(key: string, user: string, device: string): DeviceEntry {
    let d = this.devices.get(key);
    if (!d) {
      d = new DeviceEntry(key, user, device, this.wallNow);
      this.devices.set(key, d);
    }
    return d;
  }

  /** Makes a known (provisioned) device appear in the list even before it connects. */
  known(key: string, user: string, device: string): void {
    this.entry(key, user, device);
  }

  forget(key: string): void {
    const d = this.devices.get(key);
    if (d) d.online = false; // a connection holding its counters counts through traffic() again
    this.devices.delete(key);
    this.handshakes.delete(key);
  }

  online(
    key: string,
    user: string,
    device: string,
    how: { remoteAddress: string; transport: Transport; pv: ProtocolVersion },
  ): void {
    const d = this.entry(key, user, device);
    const now = this.wallNow();
    const handshake = this.handshakes.get(key);
    this.handshakes.delete(key);
    d.online = true;
    d.connectedSince = d.lastSeen = now;
    d.remoteAddress = how.remoteAddress;
    d.transport = how.transport;
    d.pv = how.pv;
    d.framesIn = handshake?.framesIn ?? 0;
    d.framesOut = handshake?.framesOut ?? 0;
    d.bytesIn = handshake?.bytesIn ?? 0;
    d.bytesOut = handshake?.bytesOut ?? 0;
    d.dropped = 0;
    this.events.emit('online', toStatus(d));
  }

  /**
   * `heardNow`: the device itself ended the connection (its socket closed), which is a sign of
   * life at this moment; a keep-alive timeout is not, and keeps the time of the last frame.
   */
  offline(key: string, reason: string, heardNow = false): void {
    const d = this.devices.get(key);
    this.handshakes.delete(key);
    if (!d || !d.online) return;
    d.online = false;
    d.lastDisconnectReason = reason;
    if (heardNow) d.lastSeen = this.wallNow();
    this.events.emit('offline', toStatus(d));
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

  /** An online device's counters, for its connection to hold; null when it is not online. */
  countersOf(key: string): TrafficCounters | null {
    const d = this.devices.get(key);
    return d?.online ? d : null;
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
    return d ? toStatus(d) : undefined;
  }

  list(): DeviceStatus[] {
    return [...this.devices.values()].map(toStatus);
  }

  onOnline(l: (d: DeviceStatus) => void): Dispose {
    return this.events.on('online', l);
  }

  onOffline(l: (d: DeviceStatus) => void): Dispose {
    return this.events.on('offline', l);
  }
}

/** A plain copy of an entry's status (what the UI and the API get; never the entry itself). */
function toStatus(d: DeviceEntry): DeviceStatus {
  return {
    key: d.key,
    user: d.user,
    device: d.device,
    online: d.online,
    connectedSince: d.connectedSince,
    lastSeen: d.lastSeen,
    remoteAddress: d.remoteAddress,
    transport: d.transport,
    pv: d.pv,
    framesIn: d.framesIn,
    framesOut: d.framesOut,
    bytesIn: d.bytesIn,
    bytesOut: d.bytesOut,
    dropped: d.dropped,
    rttMs: d.rttMs,
    lastDisconnectReason: d.lastDisconnectReason,
  };
}
