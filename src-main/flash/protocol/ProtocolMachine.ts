/**
 * Runs a bootloader protocol written as a generator over plain data: the generator yields
 * requests ("write these bytes, then give me N bytes within T ms", "drain until quiet") and events
 * (phase, progress, log lines); the machine turns bytes in and timer expiries into the next
 * request. No I/O and no clock here: the adapter writes `write`, arms `timer` and calls
 * `receive`/`timeout`, so the same protocol code is driven by a serial port or by a unit test
 * byte by byte.
 */
import { FlashError, FlashErrorCode, cancelled, isFlashError, protocolError } from './FlashError';
import { DRAIN_MAX_BYTES, MAX_PENDING_INPUT_BYTES } from './limits';
import type { EspChipFacts } from './esp/loader';

export type FlashPhase =
  | 'resetting'
  | 'syncing'
  | 'checking'
  | 'backing-up'
  | 'erasing'
  | 'reading'
  | 'writing'
  | 'verifying'
  | 'done';

export type MachineEvent =
  | { type: 'phase'; phase: FlashPhase }
  | { type: 'progress'; phase: FlashPhase; done: number; total: number }
  | { type: 'log'; line: string }
  /** An ESP board identified itself (chip, MAC, flash, crystal): before anything is written. */
  | { type: 'identified'; facts: EspChipFacts }
  /** The application flash read before writing, so the adapter can save it even if writing fails. */
  | { type: 'backup'; flash: Uint8Array };

/** Write `write` (if any), then resume with exactly `read` bytes, or null after `timeoutMs`. */
interface ExchangeRequest {
  op: 'exchange';
  write?: Uint8Array;
  read: number;
  timeoutMs: number;
}

/** Discard input until `quietMs` pass without a byte (or DRAIN_MAX_BYTES were dropped). */
interface DrainRequest {
  op: 'drain';
  quietMs: number;
}

/**
 * Write `write` (if any), then resume with every byte received so far (at least one), or null
 * after `timeoutMs` without any. For framed protocols (SLIP) whose frame length is not known in
 * advance: the protocol keeps its own decoder.
 */
interface ReceiveRequest {
  op: 'receive';
  write?: Uint8Array;
  timeoutMs: number;
}

/**
 * Change the host port's speed (after the board was told to). With `probe`, only check that the
 * port accepts the rate and put the old one back. Resumes with an empty array on success, null
 * when the port refused the rate.
 */
interface BaudRequest {
  op: 'baud';
  baudRate: number;
  probe?: boolean;
}

type Request = ExchangeRequest | DrainRequest | ReceiveRequest | BaudRequest;
type Yielded = Request | MachineEvent;
export type Resumed = Uint8Array | null | undefined;
export type Program<R> = Generator<Yielded, R, Resumed>;

export type MachineDone<R> = { ok: true; result: R } | { ok: false; error: FlashError };

export interface MachineStep<R> {
  /** Bytes to write now, in order (null: nothing). */
  write: Uint8Array | null;
  /** After writing: change the port's speed, then call `baudChanged(ok)`. */
  baud?: { baudRate: number; probe: boolean };
  /** ms: (re)arm the single timer; null: clear it; undefined: leave it as it is. */
  timer?: number | null;
  events: MachineEvent[];
  done?: MachineDone<R>;
}

export class ProtocolMachine<R> {
  private readonly program: Program<R>;
  private input = new Uint8Array(1024);
  private inputLength = 0;
  private pending: Request | null = null;
  private drained = 0;
  private finished = false;
  private phase: FlashPhase | undefined;

  constructor(program: Program<R>) {
    this.program = program;
  }

  get done(): boolean {
    return this.finished;
  }

  get currentPhase(): FlashPhase | undefined {
    return this.phase;
  }

  start(): MachineStep<R> {
    return this.advance(undefined);
  }

  receive(bytes: Uint8Array): MachineStep<R> {
    if (this.finished) return { write: null, events: [] };
    const pending = this.pending;
    if (pending?.op === 'drain') {
      this.drained += bytes.length;
      if (this.drained >= DRAIN_MAX_BYTES) return this.advance(undefined);
      return { write: null, timer: pending.quietMs, events: [] };
    }
    if (this.inputLength + bytes.length > MAX_PENDING_INPUT_BYTES) {
      return this.fail(
        protocolError(`more than ${MAX_PENDING_INPUT_BYTES} unexpected bytes from the board`),
      );
    }
    this.append(bytes);
    if (pending?.op === 'exchange' && this.inputLength >= pending.read) {
      return this.advance(this.take(pending.read));
    }
    if (pending?.op === 'receive' && this.inputLength > 0) {
      return this.advance(this.take(this.inputLength));
    }
    return { write: null, events: [] };
  }

  /** The adapter changed the port's speed as the last step asked (`ok`), or could not. */
  baudChanged(ok: boolean): MachineStep<R> {
    if (this.finished || this.pending?.op !== 'baud') return { write: null, events: [] };
    return this.advance(ok ? new Uint8Array(0) : null);
  }

  timeout(): MachineStep<R> {
    if (this.finished || !this.pending || this.pending.op === 'baud') {
      return { write: null, events: [] };
    }
    if (this.pending.op === 'drain') return this.advance(undefined);
    // A partial reply is stale once its request timed out: keeping it would shift every later one.
    this.inputLength = 0;
    return this.advance(null);
  }

  /** Stops the protocol where it is; the result is a CANCELLED error naming the phase. */
  cancel(): MachineStep<R> {
    if (this.finished) return { write: null, events: [] };
    try {
      this.program.return(undefined as never);
    } catch {
      // A protocol's finally block failing does not change the outcome: it was cancelled.
    }
    return this.finish({ ok: false, error: cancelled(this.phase) }, []);
  }

  private advance(reply: Resumed): MachineStep<R> {
    const events: MachineEvent[] = [];
    const writes: Uint8Array[] = [];
    let next: Resumed = reply;
    for (;;) {
      let r: IteratorResult<Yielded, R>;
      try {
        r = this.program.next(next);
      } catch (e) {
        const error = isFlashError(e)
          ? e
          : new FlashError(FlashErrorCode.PROTOCOL_ERROR, 'internal flasher error', {
              detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
            });
        error.phase ??= this.phase;
        return this.finish({ ok: false, error }, events, writes);
      }
      if (r.done) return this.finish({ ok: true, result: r.value }, events, writes);
      const y = r.value;
      if ('type' in y) {
        if (y.type === 'phase') this.phase = y.phase;
        events.push(y);
        next = undefined;
        continue;
      }
      if (y.op === 'exchange') {
        if (y.write && y.write.length > 0) writes.push(y.write);
        if (this.inputLength >= y.read) {
          next = this.take(y.read);
          continue;
        }
        this.pending = y;
        return { write: joinWrites(writes), timer: y.timeoutMs, events };
      }
      if (y.op === 'receive') {
        if (y.write && y.write.length > 0) writes.push(y.write);
        if (this.inputLength > 0) {
          next = this.take(this.inputLength);
          continue;
        }
        this.pending = y;
        return { write: joinWrites(writes), timer: y.timeoutMs, events };
      }
      if (y.op === 'baud') {
        this.pending = y;
        return {
          write: joinWrites(writes),
          timer: null,
          baud: { baudRate: y.baudRate, probe: y.probe ?? false },
          events,
        };
      }
      this.inputLength = 0;
      this.drained = 0;
      this.pending = y;
      return { write: joinWrites(writes), timer: y.quietMs, events };
    }
  }

  private fail(error: FlashError): MachineStep<R> {
    error.phase ??= this.phase;
    try {
      this.program.return(undefined as never);
    } catch {
      // already failing
    }
    return this.finish({ ok: false, error }, []);
  }

  private finish(
    done: MachineDone<R>,
    events: MachineEvent[],
    writes: Uint8Array[] = [],
  ): MachineStep<R> {
    this.finished = true;
    this.pending = null;
    this.inputLength = 0;
    return { write: joinWrites(writes), timer: null, events, done };
  }

  private append(bytes: Uint8Array): void {
    const needed = this.inputLength + bytes.length;
    if (needed > this.input.length) {
      const bigger = new Uint8Array(Math.max(needed, this.input.length * 2));
      bigger.set(this.input.subarray(0, this.inputLength));
      this.input = bigger;
    }
    this.input.set(bytes, this.inputLength);
    this.inputLength = needed;
  }

  private take(n: number): Uint8Array {
    const out = this.input.slice(0, n);
    this.input.copyWithin(0, n, this.inputLength);
    this.inputLength -= n;
    return out;
  }
}

/** The writes of one step as one buffer (the one write itself when there is one), or null. */
export function joinWrites(parts: readonly Uint8Array[]): Uint8Array | null {
  const [only, ...more] = parts;
  if (only === undefined) return null;
  return more.length === 0 ? only : concatBytes(...parts);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// Helpers for protocol generators.

export const phase = (p: FlashPhase): MachineEvent => ({ type: 'phase', phase: p });
export const log = (line: string): MachineEvent => ({ type: 'log', line });
export const progress = (p: FlashPhase, done: number, total: number): MachineEvent => ({
  type: 'progress',
  phase: p,
  done,
  total,
});

/** Exchange that returns null on timeout. */
export function* tryExchange(
  write: Uint8Array | undefined,
  read: number,
  timeoutMs: number,
): Program<Uint8Array | null> {
  const r = yield { op: 'exchange', write, read, timeoutMs };
  return r ?? null;
}

export function* drain(quietMs: number): Program<void> {
  yield { op: 'drain', quietMs };
}

/** Every byte received so far (≥ 1), or null after `timeoutMs` of silence. */
export function* receiveSome(
  write: Uint8Array | undefined,
  timeoutMs: number,
): Program<Uint8Array | null> {
  const r = yield { op: 'receive', write, timeoutMs };
  return r ?? null;
}

/** Sets the host port's speed (or, with probe, checks it can); false when the port refused. */
export function* setHostBaud(baudRate: number, probe = false): Program<boolean> {
  const r = yield { op: 'baud', baudRate, probe };
  return r !== null && r !== undefined;
}
