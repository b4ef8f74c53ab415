/**
 * SLIP framing of the ESP serial download protocol: 0xC0 ends (and starts) a frame, 0xDB 0xDC
 * stands for 0xC0 and 0xDB 0xDD for 0xDB inside it. Bytes outside a frame (the ROM's boot text,
 * an application's output) are skipped, as the ROM and the stub skip them.
 */

const END = 0xc0;
const ESC = 0xdb;
const ESC_END = 0xdc;
const ESC_ESC = 0xdd;

export function slipEncode(packet: Uint8Array): Uint8Array {
  let extra = 0;
  for (const b of packet) if (b === END || b === ESC) extra++;
  const out = new Uint8Array(packet.length + extra + 2);
  let o = 0;
  out[o++] = END;
  for (const b of packet) {
    if (b === END) {
      out[o++] = ESC;
      out[o++] = ESC_END;
    } else if (b === ESC) {
      out[o++] = ESC;
      out[o++] = ESC_ESC;
    } else out[o++] = b;
  }
  out[o] = END;
  return out;
}

/**
 * Incremental decoder. A frame longer than `maxFrame` is dropped whole (counted in `dropped`):
 * the longest legitimate frame is a 4 KB read-flash block, so anything far beyond is noise.
 */
export class SlipDecoder {
  private buf: Uint8Array;
  private len = 0;
  private inFrame = false;
  private escaped = false;
  private overflow = false;
  /** Frames dropped because they were too long or badly escaped. */
  dropped = 0;

  constructor(private readonly maxFrame: number) {
    this.buf = new Uint8Array(Math.min(maxFrame, 1024));
  }

  /** Feeds bytes; returns the frames they completed (possibly none). */
  push(bytes: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const b of bytes) {
      if (!this.inFrame) {
        if (b === END) this.start();
        continue;
      }
      if (b === END) {
        // Two ENDs in a row: the first was the end of noise, the second starts a frame.
        if (this.len === 0 && !this.overflow) continue;
        if (!this.overflow && !this.escaped) frames.push(this.buf.slice(0, this.len));
        else this.dropped++;
        this.start();
        continue;
      }
      if (this.overflow) continue;
      let v = b;
      if (this.escaped) {
        this.escaped = false;
        if (b === ESC_END) v = END;
        else if (b === ESC_ESC) v = ESC;
        else {
          // A bad escape: this is not a frame. Skip to the next END.
          this.overflow = true;
          continue;
        }
      } else if (b === ESC) {
        this.escaped = true;
        continue;
      }
      this.append(v);
    }
    return frames;
  }

  reset(): void {
    this.inFrame = false;
    this.len = 0;
    this.escaped = false;
    this.overflow = false;
  }

  private start(): void {
    this.inFrame = true;
    this.len = 0;
    this.escaped = false;
    this.overflow = false;
  }

  private append(v: number): void {
    if (this.len >= this.maxFrame) {
      this.overflow = true;
      return;
    }
    if (this.len >= this.buf.length) {
      const bigger = new Uint8Array(Math.min(this.maxFrame, this.buf.length * 2));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.len++] = v;
  }
}
