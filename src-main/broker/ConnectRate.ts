/**
 * New connections per second from one address (a reconnect storm from one host is bounded):
 * fixed one-second windows in a bounded map, so a flood of addresses evicts the oldest.
 */
import { BoundedMap } from '../contract/BoundedMap';

/** Addresses whose window is remembered. */
const ADDRESSES_KEPT = 10_000;

export class ConnectRate {
  private readonly byAddress = new BoundedMap<string, { windowStart: number; count: number }>(
    ADDRESSES_KEPT,
  );

  constructor(private readonly perSecond: number) {}

  /** Counts a connection from `address` at `now`; false when it is over the rate. */
  admit(address: string, now: number): boolean {
    const w = this.byAddress.get(address);
    if (!w || now - w.windowStart >= 1000) {
      this.byAddress.set(address, { windowStart: now, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.perSecond;
  }
}
