/**
 * One monitor session's log: the received chunks and the lines cut from them (UTF-8 decoded
 * across reads, over-long lines cut), each bounded by count and bytes with the oldest dropped
 * first, plus the unfinished line and the text or hex dump a save writes. No I/O, no timers.
 */
import {
  MONITOR_MAX_BYTES,
  MONITOR_MAX_LINE_CHARS,
  MONITOR_MAX_LINES,
  type MonitorChunk,
  type MonitorLine,
} from './monitorTypes';

/** Told each chunk and line as it is added, after the buffer holds it. */
export interface MonitorBufferSink {
  chunk(chunk: MonitorChunk): void;
  line(line: MonitorLine): void;
}

export class MonitorBuffer {
  private readonly chunkBuf: MonitorChunk[] = [];
  private chunkBytes = 0;
  private readonly lineBuf: MonitorLine[] = [];
  private lineChars = 0;
  private nextSeq = 1;
  private nextChunkSeq = 1;
  private partialText = '';
  private partialT = 0;
  private readonly decoder = new TextDecoder('utf-8');
  private droppedLines = 0;

  constructor(private readonly sink: MonitorBufferSink) {}

  /** Sequence numbers of the newest line and chunk (0: none yet). */
  get lastLineSeq(): number {
    return this.nextSeq - 1;
  }

  get lastChunkSeq(): number {
    return this.nextChunkSeq - 1;
  }

  /** Lines dropped from the front since the last clear. */
  get dropped(): number {
    return this.droppedLines;
  }

  get chunks(): readonly MonitorChunk[] {
    return this.chunkBuf;
  }

  get lines(): readonly MonitorLine[] {
    return this.lineBuf;
  }

  /** The text received after the last line end (a prompt, say). */
  get partial(): string {
    return this.partialText;
  }

  /** When the partial line's first byte arrived. */
  get partialTime(): number {
    return this.partialT;
  }

  /** Bytes from the port at `t`: one chunk, then every line they complete. */
  receive(bytes: Uint8Array, t: number): void {
    const chunk: MonitorChunk = { t, bytes: bytes.slice(), seq: this.nextChunkSeq++ };
    this.chunkBuf.push(chunk);
    this.chunkBytes += chunk.bytes.length;
    while (this.chunkBytes > MONITOR_MAX_BYTES && this.chunkBuf.length > 1) {
      this.chunkBytes -= this.chunkBuf.shift()?.bytes.length ?? 0;
    }
    this.sink.chunk(chunk);

    if (!this.partialText) this.partialT = t;
    this.partialText += this.decoder.decode(bytes, { stream: true });
    let nl: number;
    while (
      (nl = this.partialText.indexOf('\n')) >= 0 ||
      this.partialText.length > MONITOR_MAX_LINE_CHARS
    ) {
      const cut = nl >= 0 && nl <= MONITOR_MAX_LINE_CHARS ? nl : MONITOR_MAX_LINE_CHARS;
      const text = this.partialText.slice(0, cut).replace(/\r$/, '');
      this.partialText = this.partialText.slice(cut === nl ? cut + 1 : cut);
      this.pushLine(text, this.partialT);
      this.partialT = t;
    }
  }

  /** A line of our own (a flash marker) at `t`. */
  mark(text: string, t: number): void {
    this.pushLine(text, t);
  }

  clear(): void {
    this.chunkBuf.length = 0;
    this.chunkBytes = 0;
    this.lineBuf.length = 0;
    this.lineChars = 0;
    this.partialText = '';
    this.droppedLines = 0;
  }

  /** Text (one line per line, with receive times when asked) or a hex dump of the chunks. */
  render(format: { view?: 'text' | 'hex'; timestamps?: boolean }): string {
    const stamp = (t: number) => (format.timestamps ? `${new Date(t).toISOString()} ` : '');
    if (format.view === 'hex') {
      return this.chunkBuf
        .map(
          (c) => stamp(c.t) + Array.from(c.bytes, (b) => b.toString(16).padStart(2, '0')).join(' '),
        )
        .join('\n');
    }
    let out = this.lineBuf.map((l) => stamp(l.t) + l.text).join('\n');
    if (this.partialText) out += (out ? '\n' : '') + stamp(this.partialT) + this.partialText;
    return out;
  }

  private pushLine(text: string, t: number): void {
    const line: MonitorLine = { t, text, seq: this.nextSeq++ };
    this.lineBuf.push(line);
    this.lineChars += line.text.length;
    while (
      (this.lineBuf.length > MONITOR_MAX_LINES || this.lineChars > MONITOR_MAX_BYTES) &&
      this.lineBuf.length > 1
    ) {
      this.lineChars -= this.lineBuf.shift()?.text.length ?? 0;
      this.droppedLines++;
    }
    this.sink.line(line);
  }
}
