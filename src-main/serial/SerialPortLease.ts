/**
 * One owner per serial port at a time. A holder that can give the port up for a while (the serial
 * monitor) implements `suspend`/`resume`: `takeOver` suspends it, and when the new owner releases
 * the port the lease goes straight back to it, with no gap another owner could slip into.
 */
import { realpathSync } from 'node:fs';
import { SerialError, SerialErrorCode } from './SerialError';

/** Who holds a port, as a typed field (the UI shows "monitor" or "flashing" from it). */
type LeaseHolderKind = 'monitor' | 'flasher' | 'provisioner' | 'commissioning' | 'other';

export interface LeaseHolder {
  readonly kind: LeaseHolderKind;
  /** What the holder is, for "port busy: held by the serial monitor". */
  readonly label: string;
  /** Close the port so another owner can use it; the lease is then handed over. */
  suspend?(): Promise<void>;
  /** The port is back: `lease` is the holder's again (reopen it). */
  resume?(lease: SerialPortLease): void;
}

export class SerialPortLease {
  readonly path: string;
  readonly holder: LeaseHolder;
  private readonly onRelease: (lease: SerialPortLease) => void;
  private released = false;

  constructor(path: string, holder: LeaseHolder, onRelease: (lease: SerialPortLease) => void) {
    this.path = path;
    this.holder = holder;
    this.onRelease = onRelease;
  }

  get isReleased(): boolean {
    return this.released;
  }

  /** The port was handed to another owner while this holder is suspended: releasing is a no-op. */
  revoke(): void {
    this.released = true;
  }

  /** Gives the port back; idempotent, so it is safe in every `finally`. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(this);
  }
}

interface Entry {
  lease: SerialPortLease;
  /** Holders waiting to get the port back, most recent last. */
  suspended: LeaseHolder[];
}

/** Resolves symlinks so /tmp/vboard.X/tty and /dev/pts/3 are one port. */
function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export class PortLeases {
  private readonly entries = new Map<string, Entry>();
  private readonly canonical: (path: string) => string;

  constructor(canonical: (path: string) => string = canonicalPath) {
    this.canonical = canonical;
  }

  /** The holder of `path`, if any. */
  holderOf(path: string): LeaseHolder | undefined {
    return this.entries.get(this.canonical(path))?.lease.holder;
  }

  /** Takes a free port. Throws PORT_BUSY naming the holder when it is taken. */
  acquire(path: string, holder: LeaseHolder): SerialPortLease {
    const key = this.canonical(path);
    const entry = this.entries.get(key);
    if (entry) throw busy(path, entry.lease.holder);
    const lease = this.newLease(key, path, holder);
    this.entries.set(key, { lease, suspended: [] });
    return lease;
  }

  /**
   * Takes the port even when it is held, if the holder can suspend (the monitor pauses for a
   * flash). Throws PORT_BUSY when the holder cannot give it up.
   */
  async takeOver(path: string, holder: LeaseHolder): Promise<SerialPortLease> {
    const key = this.canonical(path);
    const entry = this.entries.get(key);
    if (!entry) return this.acquire(path, holder);
    const current = entry.lease.holder;
    if (!current.suspend) throw busy(path, current);
    // Mark the handover first, so the lease's release during suspend() does not resume it.
    entry.suspended.push(current);
    const lease = this.newLease(key, path, holder);
    const previous = entry.lease;
    entry.lease = lease;
    previous.revoke();
    try {
      await current.suspend();
    } catch (e) {
      // The holder could not let go: it keeps the port (with a fresh lease) and we report busy.
      entry.suspended.pop();
      lease.revoke();
      entry.lease = this.newLease(key, path, current);
      current.resume?.(entry.lease);
      throw e;
    }
    return lease;
  }

  /** Number of ports held (tests check that nothing is left). */
  get size(): number {
    return this.entries.size;
  }

  private newLease(key: string, path: string, holder: LeaseHolder): SerialPortLease {
    return new SerialPortLease(path, holder, (lease) => this.released(key, lease));
  }

  private released(key: string, lease: SerialPortLease): void {
    const entry = this.entries.get(key);
    if (!entry || entry.lease !== lease) return;
    const next = entry.suspended.pop();
    if (!next) {
      this.entries.delete(key);
      return;
    }
    entry.lease = this.newLease(key, lease.path, next);
    next.resume?.(entry.lease);
  }
}

function busy(path: string, holder: LeaseHolder): SerialError {
  return new SerialError(
    SerialErrorCode.PORT_BUSY,
    `port busy: held by ${holder.label}`,
    `${path} is leased to ${holder.label}`,
  );
}
