/**
 * Connections refused at CONNECT (and connections replaced by a newer one), for the admin view's
 * "Rejected connections": one entry per address, identity and reason, counting attempts,
 * oldest first and bounded (devices retry forever, §6.1; a flood of identities evicts the oldest).
 */
import { BoundedMap } from '../contract/BoundedMap';

/** A connection refused at CONNECT, for the admin view's "Rejected connections". */
export interface Rejection {
  /** Wall-clock time of the latest attempt. */
  time: number;
  address: string;
  user: string;
  device: string;
  reason: 'unknown-device' | 'wrong-credential' | 'replaced';
  /** Attempts with the same address, identity and reason (devices retry forever, §6.1). */
  attempts: number;
}

export class RejectionList {
  private readonly byKey: BoundedMap<string, Rejection>;

  constructor(max: number) {
    this.byKey = new BoundedMap(max);
  }

  remember(r: Omit<Rejection, 'attempts'>): void {
    const key = JSON.stringify([r.address, r.user, r.device, r.reason]);
    const previous = this.byKey.get(key);
    this.byKey.set(key, { ...r, attempts: (previous?.attempts ?? 0) + 1 });
  }

  /** Oldest first. */
  list(): Rejection[] {
    return [...this.byKey.values()];
  }
}
