/**
 * Refused connections, logged without flooding: the first refusal from an address in a window is
 * one line; the rest from that address are counted and summed up in one line when the window
 * closes. A device retrying a wrong credential every 5 s, or a guesser, costs a line a minute.
 */
import type { Cancel, Scheduler } from '../core/scheduler';

const REFUSAL_LOG_WINDOW_MS = 60_000;
/** Addresses tracked per window; refusals from further addresses are summed under one line. */
const REFUSAL_LOG_MAX_ADDRESSES = 1000;

export class RefusalLog {
  private readonly counts = new Map<string, { more: number; last: string }>();
  private overflow = 0;
  private cancel: Cancel | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly warn: (line: string) => void,
    /** What is counted: "connection refused", or a replaced "connection". */
    private readonly what: 'connection refused' | 'connection' = 'connection refused',
  ) {}

  refused(address: string, detail: string): void {
    const c = this.counts.get(address);
    if (c) {
      c.more++;
      c.last = detail;
      return;
    }
    if (this.counts.size >= REFUSAL_LOG_MAX_ADDRESSES) {
      this.overflow++;
      return;
    }
    this.counts.set(address, { more: 0, last: detail });
    this.warn(this.what === 'connection refused' ? `connection refused: ${detail}` : detail);
    this.cancel ??= this.scheduler.setTimeout(() => this.flush(), REFUSAL_LOG_WINDOW_MS);
  }

  /** Closes the window: one summary line per address that was refused again. */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    const s = Math.round(REFUSAL_LOG_WINDOW_MS / 1000);
    const prefix = this.what === 'connection refused' ? 'connection refused: ' : '';
    for (const [address, c] of this.counts)
      if (c.more > 0)
        this.warn(`${prefix}${c.more} more for ${address} in ${s} s (last: ${c.last})`);
    if (this.overflow > 0) this.warn(`${prefix}${this.overflow} more in ${s} s`);
    this.counts.clear();
    this.overflow = 0;
  }
}
