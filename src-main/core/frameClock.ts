/**
 * The wall clock as the broker's per-frame bookkeeping reads it: while a frame is handled it is
 * read once and that reading is shared (the registry's last-seen time, the inspector's frame
 * time and the stream hub's sample time are the same millisecond anyway); outside a frame every
 * `now()` reads the clock. A sample is stamped three times, and each read is a call into the
 * runtime: at 10,000 samples a second they count (docs/performance.md).
 */
export class FrameClock {
  /** The reading of the frame being handled; -1 between frames. */
  private held = -1;

  constructor(private readonly read: () => number) {}

  /** Wall-clock ms: the frame's reading while one is handled, else the clock's. */
  readonly now = (): number => (this.held >= 0 ? this.held : this.read());

  /** A frame starts: one reading for every `now()` until `release()`. */
  hold(): void {
    this.held = this.read();
  }

  /** The frame is handled: `now()` reads the clock again. */
  release(): void {
    this.held = -1;
  }
}
