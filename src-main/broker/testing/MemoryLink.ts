/** A `Link` that records what the session sends, for byte-level tests without sockets. */
import {
  FrameParser,
  bytesToHex,
  decodeBody,
  type Message,
  type ProtocolVersion,
} from '../../protocol';
import type { Link, Transport } from '../../core/link';

export class MemoryLink implements Link {
  readonly sent: Uint8Array[] = [];
  closed = false;
  pendingWriteBytes = 0;
  /** Whether the session asked to stop reading this peer. */
  readingPaused = false;

  constructor(
    readonly remoteAddress = '192.0.2.10',
    readonly transport: Transport = 'tcp',
  ) {}

  send(frame: Uint8Array): void {
    if (this.closed) throw new Error('send after close');
    this.sent.push(frame.slice());
  }

  close(): void {
    this.closed = true;
  }

  pauseReading(): void {
    this.readingPaused = true;
  }

  resumeReading(): void {
    this.readingPaused = false;
  }

  /** Hex of each frame sent so far. */
  get hex(): string[] {
    return this.sent.map(bytesToHex);
  }

  /** Decoded frames sent so far. */
  messages(pv: ProtocolVersion = 1): Message[] {
    const out: Message[] = [];
    const p = new FrameParser({ onFrame: (f) => out.push(decodeBody(f.type, f.body, pv)) });
    for (const f of this.sent) p.push(f);
    return out;
  }

  /** Removes and returns what was sent so far. */
  take(): string[] {
    const h = this.hex;
    this.sent.length = 0;
    return h;
  }
}
