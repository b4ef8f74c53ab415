/**
 * The port side of a monitor session: its lease, its open link, the reopen after an unplug, and
 * giving the port up to the flasher and taking it back. The session (MonitorSession) keeps the
 * buffer and the status; this part tells it what happened to the port.
 */
import { MONITOR_REOPEN_MS, type MonitorStatus, type SerialMonitorDeps } from './monitorTypes';
import { SerialError, SerialErrorCode, isSerialError } from './SerialError';
import type { SerialLink } from './SerialLink';
import type { LeaseHolder, SerialPortLease } from './SerialPortLease';

/** What the port side needs of its session. */
export interface MonitorPortHost {
  readonly path: string;
  status(): MonitorStatus;
  baudRate(): number;
  setStatus(status: MonitorStatus, message: string, error?: SerialError): void;
  receive(bytes: Uint8Array): void;
}

export class MonitorPort {
  private lease: SerialPortLease | null = null;
  private current: SerialLink | null = null;
  private reopenTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly host: MonitorPortHost,
    private readonly deps: Required<SerialMonitorDeps>,
  ) {}

  /** Writes `bytes` and waits until they are out; PORT_CLOSED unless connected. */
  async write(bytes: Uint8Array): Promise<void> {
    const link = this.current;
    const status = this.host.status();
    if (!link || status !== 'connected') {
      throw new SerialError(
        SerialErrorCode.PORT_CLOSED,
        status === 'paused'
          ? 'paused for flashing: the line is sent nowhere until the flash ends'
          : `the monitor on ${this.host.path} is not connected`,
      );
    }
    link.write(bytes);
    await link.drain();
  }

  /** Resolves once an open in flight (if any) has finished, whatever its outcome. */
  async settled(): Promise<void> {
    await this.connecting?.catch(() => undefined);
  }

  /** First open: takes the lease; on failure gives it back and throws. */
  async start(holder: LeaseHolder): Promise<void> {
    const lease = this.deps.leases.acquire(this.host.path, holder);
    this.lease = lease;
    try {
      await this.connect();
    } catch (e) {
      lease.release();
      this.lease = null;
      throw e;
    }
  }

  async setBaudRate(baudRate: number): Promise<void> {
    if (this.current) await this.current.setBaudRate(baudRate);
  }

  /** The session closed (its status is `closed` already): link and lease go. */
  async close(): Promise<void> {
    clearTimeout(this.reopenTimer);
    // An open in flight (resume, reopen after unplug) closes its link itself once it sees this.
    await this.settled();
    await this.closeLink();
    this.lease?.release();
    this.lease = null;
  }

  /** The flasher takes the port. */
  async suspend(): Promise<void> {
    clearTimeout(this.reopenTimer);
    this.lease = null; // handed over: PortLeases gives us a new one in resume()
    this.host.setStatus('paused', 'Paused for flashing · resumes by itself');
    // A reopen in flight (a resume right after the previous flash) must finish and close first,
    // or the new owner's open would race it for the port.
    await this.settled();
    await this.closeLink();
  }

  resume(lease: SerialPortLease): void {
    if (this.host.status() === 'closed') {
      lease.release();
      return;
    }
    this.lease = lease;
    this.host.setStatus('opening', 'Reconnecting after flashing');
    this.connect().catch((e) => this.lost(e));
  }

  private async closeLink(): Promise<void> {
    const link = this.current;
    this.current = null;
    await link?.close();
  }

  private connect(): Promise<void> {
    const p = this.doConnect().finally(() => {
      if (this.connecting === p) this.connecting = null;
    });
    this.connecting = p;
    return p;
  }

  private async doConnect(): Promise<void> {
    const { host } = this;
    const link = await this.deps.open(host.path, { baudRate: host.baudRate() });
    if (host.status() === 'closed' || host.status() === 'paused' || !this.lease) {
      await link.close();
      return;
    }
    this.current = link;
    link.onData((bytes) => host.receive(bytes));
    link.onClose((error) => {
      if (this.current !== link) return;
      this.current = null;
      this.lost(error);
    });
    host.setStatus('connected', `Connected · ${host.baudRate()} 8N1`);
  }

  /** The port went away under us: keep the lease and the buffer, retry until closed. */
  private lost(error: unknown): void {
    const { host } = this;
    if (host.status() === 'closed' || host.status() === 'paused') return;
    const e = isSerialError(error)
      ? error
      : new SerialError(SerialErrorCode.PORT_LOST, `port ${host.path} disappeared`, String(error));
    host.setStatus('unplugged', 'Port unplugged · reopens when it comes back', e);
    clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(() => {
      if (host.status() !== 'unplugged' || !this.lease) return;
      this.connect().catch((err) => this.lost(err));
    }, MONITOR_REOPEN_MS);
  }
}
