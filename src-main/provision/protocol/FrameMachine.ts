/**
 * Runs a provisioning protocol written as a generator over frames (lines, Improv packets): it
 * yields "write these bytes, then give me the next frame within T ms" and log events; the machine
 * turns bytes in (cut into frames by a Framer) and timer expiries into the next request. No I/O
 * and no clock: the adapter (provision/adapters/runFrameSession.ts) writes, arms the one timer and
 * feeds bytes, so a test drives the same code frame by frame.
 */
import { joinWrites } from '../../flash/protocol/ProtocolMachine';
import { ProvisionError, ProvisionErrorCode } from './ProvisionError';

/** Cuts a byte stream into frames; bounded by the framer (it drops what it cannot hold). */
export interface Framer<F> {
  push(bytes: Uint8Array): F[];
}

/** Write `write` (if any), then resume with the next frame, or null after `timeoutMs`. */
interface AwaitRequest {
  op: 'await';
  write?: Uint8Array;
  timeoutMs: number;
}

export type FrameEvent = { type: 'log'; line: string };
type FrameYield = AwaitRequest | FrameEvent;
export type FrameProgram<F, R> = Generator<FrameYield, R, F | null | undefined>;

export type FrameDone<R> = { ok: true; result: R } | { ok: false; error: ProvisionError };

export interface FrameStep<R> {
  write: Uint8Array | null;
  /** ms: (re)arm the timer; null: clear it; undefined: leave it. */
  timer?: number | null;
  events: FrameEvent[];
  done?: FrameDone<R>;
}

/**
 * Frames that arrive while the protocol is not waiting are kept for its next wait, up to this
 * many: a device that floods its console between two requests cannot grow the queue without end.
 */
export const MAX_QUEUED_FRAMES = 64;

export class FrameMachine<F, R> {
  private readonly queue: F[] = [];
  private waiting = false;
  private finished = false;

  constructor(
    private readonly framer: Framer<F>,
    private readonly program: FrameProgram<F, R>,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  start(): FrameStep<R> {
    return this.advance(undefined);
  }

  receive(bytes: Uint8Array): FrameStep<R> {
    if (this.finished) return { write: null, events: [] };
    for (const f of this.framer.push(bytes)) {
      if (this.queue.length >= MAX_QUEUED_FRAMES) this.queue.shift();
      this.queue.push(f);
    }
    const next = this.waiting ? this.queue.shift() : undefined;
    if (next === undefined) return { write: null, events: [] };
    return this.advance(next);
  }

  timeout(): FrameStep<R> {
    if (this.finished || !this.waiting) return { write: null, events: [] };
    return this.advance(null);
  }

  cancel(): FrameStep<R> {
    if (this.finished) return { write: null, events: [] };
    try {
      this.program.return(undefined as never);
    } catch {
      // A protocol's finally block failing does not change the outcome: it was cancelled.
    }
    return this.finish(
      { ok: false, error: new ProvisionError(ProvisionErrorCode.CANCELLED, 'cancelled') },
      [],
      [],
    );
  }

  private advance(reply: F | null | undefined): FrameStep<R> {
    const events: FrameEvent[] = [];
    const writes: Uint8Array[] = [];
    let next: F | null | undefined = reply;
    this.waiting = false;
    for (;;) {
      let r: IteratorResult<FrameYield, R>;
      try {
        r = this.program.next(next);
      } catch (e) {
        const error =
          e instanceof ProvisionError
            ? e
            : new ProvisionError(ProvisionErrorCode.PROTOCOL_ERROR, 'internal provisioning error', {
                detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
              });
        return this.finish({ ok: false, error }, events, writes);
      }
      if (r.done) return this.finish({ ok: true, result: r.value }, events, writes);
      const y = r.value;
      if ('type' in y) {
        events.push(y);
        next = undefined;
        continue;
      }
      if (y.write && y.write.length > 0) writes.push(y.write);
      const queued = this.queue.shift();
      if (queued !== undefined) {
        next = queued;
        continue;
      }
      this.waiting = true;
      return { write: joinWrites(writes), timer: y.timeoutMs, events };
    }
  }

  private finish(done: FrameDone<R>, events: FrameEvent[], writes: Uint8Array[]): FrameStep<R> {
    this.finished = true;
    this.waiting = false;
    this.queue.length = 0;
    return { write: joinWrites(writes), timer: null, events, done };
  }
}

/** The next frame within `timeoutMs` (writing `write` first), or null. */
export function* awaitFrame<F>(
  write: Uint8Array | undefined,
  timeoutMs: number,
): FrameProgram<F, F | null> {
  const f = yield { op: 'await', write, timeoutMs };
  return f ?? null;
}

export const logEvent = (line: string): FrameEvent => ({ type: 'log', line });

/** Splits bytes into text lines at LF (a CR before it is dropped); over-long lines are dropped. */
export class LineFramer implements Framer<string> {
  private buf: number[] = [];
  private overflow = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(private readonly maxLine: number) {}

  push(bytes: Uint8Array): string[] {
    const out: string[] = [];
    for (const b of bytes) {
      if (b === 0x0a) {
        if (!this.overflow) {
          if (this.buf.at(-1) === 0x0d) this.buf.pop();
          out.push(this.decoder.decode(Uint8Array.from(this.buf)));
        }
        this.buf = [];
        this.overflow = false;
      } else if (this.buf.length < this.maxLine) {
        this.buf.push(b);
      } else {
        this.overflow = true;
      }
    }
    return out;
  }
}
