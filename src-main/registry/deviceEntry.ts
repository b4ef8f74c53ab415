/**
 * One device's entry in the registry and the clock its times are kept in (DeviceRegistry), and
 * the counters an online connection keeps for it (LiveTraffic).
 */
import type { ProtocolVersion } from '../protocol';
import type { Transport } from '../core/link';

/**
 * An online device's traffic counters, kept by its connection: fields of the session, which
 * every frame touches anyway, rather than the registry's entry, one more cold object per frame
 * when a thousand devices take turns (docs/performance.md). The registry reads them while the
 * device is online and keeps their last values once it goes offline.
 */
export interface LiveTraffic {
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** The last frame from the device, in the registry's clock (`DeviceRegistry.now()`). */
  seenAt: number;
}

/**
 * The registry's wall clock, shared by its entries. Entries keep times as ms since `epoch`:
 * small integers are stored in the entry's field itself, where a full `Date.now()` is a 16-byte
 * number object per field and device, made again on every frame (docs/performance.md).
 */
export class EntryClock {
  readonly epoch: number;

  constructor(readonly wallNow: () => number) {
    this.epoch = wallNow();
  }

  /** Now, in ms since the epoch. */
  now(): number {
    return this.wallNow() - this.epoch;
  }

  /** A time kept by an entry, as wall-clock ms. */
  wall(t: number | null): number | null {
    return t === null ? null : this.epoch + t;
  }
}

/**
 * A device's entry: a class with every field set in the constructor, so each entry is one
 * fixed-shape object (an object literal spread from a template and grown by `Object.assign`
 * kept its fields in a separate property store, ~0.1 KB more per device). Every field is paid
 * per device: user and device are read back from the key, times are the clock's (EntryClock).
 */
export class DeviceEntry {
  // What every frame touches comes first, in the order V8 lays the fields out: one or two
  // cache lines per frame instead of three (each frame comes from another of a thousand
  // devices, so the entry is cold; docs/performance.md).
  online = false;
  framesIn = 0;
  bytesIn = 0;
  /** The last frame from the device (EntryClock time). */
  seenAt: number | null = null;
  private readonly clock: EntryClock;
  framesOut = 0;
  bytesOut = 0;
  /** When the current (or last) connection came online (EntryClock time). */
  connectedAt: number | null = null;
  remoteAddress: string | null = null;
  transport: Transport | null = null;
  pv: ProtocolVersion | null = null;
  dropped = 0;
  rttMs: number | null = null;
  lastDisconnectReason: string | null = null;
  /** While online: the connection that counts (null: this entry counts, see `traffic`). */
  live: LiveTraffic | null = null;
  readonly key: string;

  constructor(key: string, clock: EntryClock) {
    this.key = key;
    this.clock = clock;
  }

  countIn(bytes: number): void {
    const c = this.live ?? this;
    c.framesIn++;
    c.bytesIn += bytes;
    c.seenAt = this.clock.now();
  }

  countOut(bytes: number): void {
    const c = this.live ?? this;
    c.framesOut++;
    c.bytesOut += bytes;
  }

  /** The connection ended: its counts stay here. */
  detach(): void {
    const live = this.live;
    if (live === null) return;
    this.live = null;
    this.framesIn = live.framesIn;
    this.framesOut = live.framesOut;
    this.bytesIn = live.bytesIn;
    this.bytesOut = live.bytesOut;
    this.seenAt = live.seenAt;
  }
}
