/**
 * The samples of one chart stream, outside React state (CONVENTIONS.md "Renderer"): a ring of
 * typed arrays, one column per numeric field, bounded by a sample count and a byte budget. Every
 * numeric field of a value becomes a series: map keys are flattened to paths (`env.temp`), array
 * items get an index (`axis[2]`), booleans are kept as 0/1. Charts read it at display rate.
 */
import { MissingValueError } from '@contract/present';
import type { Value } from '@contract/schemas';

/** UI.md §3.3: a stream keeps at most this many samples… */
const DEFAULT_BUFFER_SAMPLES = 10_000;
/** …and at most this many bytes (time + flags + one float64 per field and sample). */
const DEFAULT_BUFFER_BYTES = 2 * 1024 * 1024;
/** A value with hundreds of numbers (a waveform array) is not a chart of hundreds of lines. */
const MAX_SERIES = 32;
/** Bytes per sample besides the fields: epoch ms (float64) and a flag byte. */
const SAMPLE_OVERHEAD_BYTES = 9;
/** Maps and arrays deeper than this are not searched for numbers (PSON allows deep nesting). */
const MAX_DEPTH = 8;

type FieldKind = 'number' | 'boolean';

export interface FieldInfo {
  /** `''` for a bare number, else the flattened path (`env.temp`, `axis[2]`). */
  path: string;
  kind: FieldKind;
}

/** Flag of a sample that only marks where a line must break (device offline, link lost). */
const BREAK = 1;

/**
 * Calls `visit` for each number or boolean in `value`, depth first in the value's key order.
 * `{"$double": "NaN"}` and `{"$bigint": "…"}` count as numbers; bytes and strings do not.
 */
function forEachNumber(
  value: Value,
  visit: (path: string, n: number, kind: FieldKind) => void,
  path = '',
  depth = 0,
): void {
  if (typeof value === 'number') return visit(path, value, 'number');
  if (typeof value === 'boolean') return visit(path, value ? 1 : 0, 'boolean');
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => forEachNumber(item, visit, `${path}[${i}]`, depth + 1));
    return;
  }
  const special = specialForm(value);
  if (typeof special === 'number') return visit(path, special, 'number');
  if (special) return;
  for (const [key, item] of Object.entries(value))
    forEachNumber(item, visit, path ? `${path}.${key}` : key, depth + 1);
}

/**
 * The JSON conventions of `protocol/json.ts`: a number JSON cannot carry, true for the other
 * forms (bytes, empty), which hold no number; undefined for an ordinary map.
 */
function specialForm(value: { [k: string]: Value | undefined }): number | boolean | undefined {
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !key.startsWith('$')) return undefined;
  const v = value[key];
  // "NaN", "Infinity", "-Infinity"; big integers lose digits beyond 2^53 on a chart, as plotted.
  if ((key === '$double' || key === '$bigint') && typeof v === 'string') return Number(v);
  return key === '$bytes' || key === '$empty' ? true : undefined;
}

/** Every numeric field of a value, in order (for tests and previews). */
export function numericFields(value: Value): FieldInfo[] {
  const out: FieldInfo[] = [];
  forEachNumber(value, (path, _n, kind) => out.push({ path, kind }));
  return out;
}

export interface SampleBufferOptions {
  maxSamples?: number;
  maxBytes?: number;
  maxSeries?: number;
}

export class SampleBuffer {
  readonly maxSamples: number;
  readonly maxBytes: number;
  readonly maxSeries: number;
  /** Series in the order they were first seen; a column per field. */
  readonly fields: FieldInfo[] = [];
  /** Numeric fields seen beyond `maxSeries` (not charted). */
  ignoredFields = 0;
  /** Samples that carried no number at all (non-numeric resources). */
  nonNumeric = 0;
  /** Samples ever pushed (breaks excluded), including those the ring dropped. */
  total = 0;
  /** Bumped on every change, so a chart knows when to redraw. */
  version = 0;
  /** Samples the broker dropped for this consumer (the stream's cumulative count). */
  brokerDropped = 0;
  /** The value of the last sample, as received (for previews of non-numeric values). */
  lastValue: Value | undefined = undefined;

  private cap: number;
  private times: Float64Array;
  private flags: Uint8Array;
  private columns: Float64Array[] = [];
  private readonly index = new Map<string, number>();
  /** Position of the oldest sample and number of samples held. */
  private head = 0;
  private count = 0;
  private breaks = 0;
  private readonly row: number[] = [];

  constructor(options: SampleBufferOptions = {}) {
    this.maxSamples = options.maxSamples ?? DEFAULT_BUFFER_SAMPLES;
    this.maxBytes = options.maxBytes ?? DEFAULT_BUFFER_BYTES;
    this.maxSeries = options.maxSeries ?? MAX_SERIES;
    this.cap = this.capacityFor(0);
    this.times = new Float64Array(this.cap);
    this.flags = new Uint8Array(this.cap);
  }

  /** Samples the ring can hold with the current fields. */
  get capacity(): number {
    return this.cap;
  }

  /** Entries held: samples and break marks (indexes run over these). */
  get size(): number {
    return this.count;
  }

  /** Samples held (break marks left out). */
  get samples(): number {
    return this.count - this.breaks;
  }

  /** Bytes the ring's arrays take. */
  get bytes(): number {
    return this.cap * (SAMPLE_OVERHEAD_BYTES + 8 * this.columns.length);
  }

  /** Adds one sample; returns false when it had no number (nothing was stored). */
  push(time: number, value: Value): boolean {
    this.lastValue = value;
    const row = this.row;
    row.length = this.fields.length;
    row.fill(NaN);
    let found = false;
    forEachNumber(value, (path, n, kind) => {
      let col = this.index.get(path);
      if (col === undefined) {
        if (this.fields.length >= this.maxSeries) {
          this.ignoredFields++;
          this.index.set(path, -1);
          return;
        }
        col = this.addField({ path, kind });
        row.push(NaN);
      }
      if (col < 0) return;
      row[col] = n;
      found = true;
    });
    this.version++;
    if (!found) {
      this.nonNumeric++;
      return false;
    }
    const at = this.slotForNext();
    this.times[at] = time;
    this.flags[at] = 0;
    // `row` has one slot per field (NaN-filled, grown with each new field), so never misses.
    let c = 0;
    for (const column of this.columns) {
      const v = row[c++];
      if (v === undefined) throw new MissingValueError(`no value for column ${c - 1} of a sample`);
      column[at] = v;
    }
    this.total++;
    return true;
  }

  /** Marks a break at `time` (lines do not join across it), unless the last one already is. */
  pushBreak(time: number): void {
    if (this.count === 0 || this.isBreak(this.count - 1)) return;
    const at = this.slotForNext();
    this.times[at] = time;
    this.flags[at] = BREAK;
    this.breaks++;
    for (const col of this.columns) col[at] = NaN;
    this.version++;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.breaks = 0;
    this.total = 0;
    this.nonNumeric = 0;
    this.version++;
  }

  /** Time of the i-th held sample, oldest first. */
  time(i: number): number {
    // Checked inline rather than through at(): this is the chart's per-sample read.
    const t = this.times[(this.head + i) % this.cap];
    if (t === undefined) throw new MissingValueError(`no sample at index ${i} (of ${this.count})`);
    return t;
  }

  value(field: number, i: number): number {
    const v = this.columns[field]?.[(this.head + i) % this.cap];
    if (v === undefined) {
      throw new MissingValueError(`no value of field ${field} at index ${i} (of ${this.count})`);
    }
    return v;
  }

  isBreak(i: number): boolean {
    return this.flags[(this.head + i) % this.cap] === BREAK;
  }

  /** First held index whose time is ≥ t (`size` when none): times only grow. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Time the held samples span (0 with fewer than two). */
  get span(): number {
    return this.count < 2 ? 0 : this.time(this.count - 1) - this.time(0);
  }

  private capacityFor(fields: number): number {
    const perSample = SAMPLE_OVERHEAD_BYTES + 8 * fields;
    return Math.max(2, Math.min(this.maxSamples, Math.floor(this.maxBytes / perSample)));
  }

  private slotForNext(): number {
    if (this.count < this.cap) return (this.head + this.count++) % this.cap;
    const at = this.head;
    if (this.flags[at] === BREAK) this.breaks--;
    this.head = (this.head + 1) % this.cap;
    return at;
  }

  /** A new column; when the byte budget then holds fewer samples, the oldest go. */
  private addField(field: FieldInfo): number {
    const col = this.fields.length;
    this.fields.push(field);
    this.index.set(field.path, col);
    const cap = this.capacityFor(this.fields.length);
    if (cap !== this.cap) this.resize(cap);
    const column = new Float64Array(this.cap).fill(NaN);
    this.columns.push(column);
    return col;
  }

  private resize(cap: number): void {
    const keep = Math.min(this.count, cap);
    const from = this.count - keep;
    const copy = <A extends Float64Array | Uint8Array>(src: A, make: (n: number) => A): A => {
      const out = make(cap);
      for (let i = 0; i < keep; i++) {
        const v = src[(this.head + from + i) % this.cap];
        if (v === undefined) throw new MissingValueError(`no sample at ring slot ${i} to keep`);
        out[i] = v;
      }
      return out;
    };
    this.times = copy(this.times, (n) => new Float64Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.columns = this.columns.map((c) => copy(c, (n) => new Float64Array(n)));
    this.head = 0;
    this.count = keep;
    this.cap = cap;
    this.breaks = 0;
    for (let i = 0; i < keep; i++) if (this.flags[i] === BREAK) this.breaks++;
  }
}
