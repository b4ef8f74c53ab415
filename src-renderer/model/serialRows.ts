/**
 * A serial monitor's rows (UI.md §3.9): received lines or hex-dump rows with their host receive
 * time, in a buffer bounded by rows and characters per port; the oldest go first. Pure, so the
 * bounds are tested without a console.
 */

/** Client buffer per port (UI.md §3.9): whichever bound is reached first drops the oldest rows. */
export const MAX_ROWS = 10_000;
const MAX_CHARS = 4 * 1024 * 1024;
/** Bytes per row in the hex view. */
export const HEX_ROW_BYTES = 16;

export interface SerialRow {
  seq: number;
  /** Host receive time, ms since the epoch. */
  t: number;
  /** The line without its end (text view), or hex digits (hex view). */
  text: string;
}

/** Rows of one port's output, bounded by MAX_ROWS and MAX_CHARS; oldest rows go first. */
export class RowBuffer {
  private rows: SerialRow[] = [];
  private chars = 0;
  /** Rows dropped from the front since the last clear. */
  dropped = 0;

  constructor(
    private readonly maxRows = MAX_ROWS,
    private readonly maxChars = MAX_CHARS,
  ) {}

  get length(): number {
    return this.rows.length;
  }
  /** Absolute index one past the newest row (rows ever appended since the last clear). */
  get end(): number {
    return this.dropped + this.rows.length;
  }
  /** Row `i` of those kept (0 = oldest kept). */
  at(i: number): SerialRow | undefined {
    return this.rows[i];
  }

  push(rows: readonly SerialRow[]): void {
    for (const r of rows) {
      this.rows.push(r);
      this.chars += r.text.length;
    }
    let cut = 0;
    for (const r of this.rows) {
      if (this.rows.length - cut <= this.maxRows && this.chars <= this.maxChars) break;
      this.chars -= r.text.length;
      cut++;
    }
    if (cut) {
      this.rows.splice(0, cut);
      this.dropped += cut;
    }
  }

  clear(): void {
    this.rows = [];
    this.chars = 0;
    this.dropped = 0;
  }

  /** Replaces the newest row (the hex view fills its last row up to 16 bytes). */
  replaceLast(row: SerialRow): void {
    const last = this.rows[this.rows.length - 1];
    if (!last) return;
    this.chars += row.text.length - last.text.length;
    this.rows[this.rows.length - 1] = row;
  }

  /** Every row kept, e.g. for Copy all and Save. */
  all(): readonly SerialRow[] {
    return this.rows;
  }
}

/** `48656c6c6f` → rows of HEX_ROW_BYTES bytes, each with the chunk's seq and time. */
export function hexRows(seq: number, t: number, hex: string): SerialRow[] {
  const rows: SerialRow[] = [];
  const step = HEX_ROW_BYTES * 2;
  for (let i = 0; i < hex.length; i += step) rows.push({ seq, t, text: hex.slice(i, i + step) });
  return rows;
}
