/**
 * The serial monitor service: one session per port (MonitorSession), each with its own bounded
 * buffer of timestamped chunks and lines (no cross-talk between ports). Two opens of one port
 * share one session; watchers of a port follow it across closing and reopening.
 */
import { Emitter, type Listener } from '../util/Emitter';
import { MonitorSession } from './MonitorSession';
import type { MonitorEvent, MonitorOptions, SerialMonitorDeps } from './monitorTypes';
import { openSerialLink } from './SerialLink';

export * from './monitorTypes';
export { MonitorSession } from './MonitorSession';

export class SerialMonitor {
  private readonly sessions = new Map<string, MonitorSession>();
  private readonly opening = new Map<string, Promise<MonitorSession>>();
  /** Watchers per port path. */
  private readonly watchers = new Emitter<Record<string, MonitorEvent>>();
  private readonly deps: Required<SerialMonitorDeps>;

  constructor(deps: SerialMonitorDeps) {
    this.deps = { open: openSerialLink, clock: Date.now, ...deps };
  }

  /**
   * Opens a monitor on `path` (or returns the one open there); throws PORT_BUSY ("held by the
   * flasher") or an open error.
   */
  open(path: string, options: MonitorOptions): Promise<MonitorSession> {
    const existing = this.sessions.get(path);
    if (existing && existing.status !== 'closed') return Promise.resolve(existing);
    // Two opens of one port at once share the first, rather than the second finding it busy.
    let pending = this.opening.get(path);
    if (!pending) {
      pending = this.start(path, options).finally(() => this.opening.delete(path));
      this.opening.set(path, pending);
    }
    return pending;
  }

  /**
   * Everything the monitors on `path` report (lines, chunks, partial lines, status, clear), across
   * closing and reopening; the disposer stops it.
   */
  watch(path: string, listener: Listener<MonitorEvent>): () => void {
    return this.watchers.on(path, listener);
  }

  get(path: string): MonitorSession | undefined {
    return this.sessions.get(path);
  }

  list(): MonitorSession[] {
    return [...this.sessions.values()];
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.opening.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
  }

  private async start(path: string, options: MonitorOptions): Promise<MonitorSession> {
    const session = new MonitorSession(path, options, this.deps, () => {
      if (this.sessions.get(path) === session) this.sessions.delete(path);
    });
    session.onEvent((e) => this.watchers.emit(path, e));
    await session.start();
    this.sessions.set(path, session);
    return session;
  }
}
