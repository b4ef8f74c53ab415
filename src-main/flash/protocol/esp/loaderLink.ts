/**
 * The byte side of one ESP loader session: SLIP frames in and out, one command exchange (request,
 * its matching response, the loader's error codes as FlashErrors), registers and data blocks.
 * Pure like the rest of the session: it only yields exchanges to ProtocolMachine.
 */
import { FlashError, FlashErrorCode, boardStopped, protocolError } from '../FlashError';
import { receiveSome, type Program } from '../ProtocolMachine';
import * as L from './limits';
import { Op, OP_NAMES, encodeRequest, parseResponse, u32le, type Response } from './packets';
import { SlipDecoder, slipEncode } from './slip';

export const hex = (n: number): string => `0x${n.toString(16)}`;

/** Reads frames and runs commands over one ProtocolMachine; state for one session. */
export class LoaderLink {
  private readonly decoder = new SlipDecoder(L.ESP_MAX_FRAME);
  private readonly frames: Uint8Array[] = [];
  statusBytes = 4;
  stub = false;
  baud = L.ESP_ROM_BAUD;

  clearFrames(): void {
    this.frames.length = 0;
  }

  /** Writes without waiting for anything (a zero-byte exchange resumes at once). */
  *send(bytes: Uint8Array): Program<void> {
    yield { op: 'exchange', write: bytes, read: 0, timeoutMs: 0 };
  }

  /** The next SLIP frame, or null after `timeoutMs` without one (or too much noise). */
  *frame(timeoutMs: number, write?: Uint8Array): Program<Uint8Array | null> {
    let noise = 0;
    let out = write;
    let next = this.frames.shift();
    while (next === undefined) {
      const bytes = yield* receiveSome(out, timeoutMs);
      out = undefined;
      if (!bytes) return null;
      this.frames.push(...this.decoder.push(bytes));
      noise += bytes.length;
      next = this.frames.shift();
      if (next === undefined && noise > L.ESP_NOISE_BUDGET) return null;
    }
    return next;
  }

  /** Sends a request and returns its response; null on timeout. */
  *tryCommand(
    op: number,
    data: Uint8Array,
    timeoutMs = L.ESP_COMMAND_TIMEOUT_MS,
    checksum = 0,
  ): Program<Response | null> {
    this.clearFrames();
    let write: Uint8Array | undefined = slipEncode(encodeRequest(op, data, checksum));
    for (let skipped = 0; skipped < L.ESP_MAX_SKIPPED_RESPONSES;) {
      const frame = yield* this.frame(timeoutMs, write);
      write = undefined;
      if (!frame) return null;
      const r = parseResponse(frame, this.statusBytes, this.stub);
      if (!r) continue;
      // The ROM answers an unknown command with op 0 and a failed status.
      if (r.op === op || (r.op === 0 && r.failed && !this.stub)) return r;
      skipped++;
    }
    throw protocolError(`more than ${L.ESP_MAX_SKIPPED_RESPONSES} answers to other commands`);
  }

  /** As tryCommand, but a timeout or a failed status is an error naming the command. */
  *command(op: number, data: Uint8Array, timeoutMs?: number, checksum?: number): Program<Response> {
    const r = yield* this.tryCommand(op, data, timeoutMs, checksum);
    const name = OP_NAMES[op] ?? hex(op);
    if (!r)
      throw boardStopped(`no answer to ${name} within ${timeoutMs ?? L.ESP_COMMAND_TIMEOUT_MS} ms`);
    if (r.failed) throw loaderError(name, r.error, this.stub);
    return r;
  }

  /** A pre-encoded data request (its checksum is in the header), answered like any command. */
  *block(op: number, request: Uint8Array, timeoutMs: number): Program<void> {
    const data = request.subarray(8);
    const checksum = new DataView(request.buffer, request.byteOffset).getUint32(4, true);
    yield* this.command(op, data, timeoutMs, checksum);
  }

  *readReg(addr: number): Program<number> {
    return (yield* this.command(Op.READ_REG, u32le(addr))).value;
  }

  *writeReg(addr: number, value: number): Program<void> {
    yield* this.command(Op.WRITE_REG, u32le(addr, value, 0xffffffff, 0));
  }
}

function loaderError(command: string, code: number, stub: boolean): FlashError {
  const what: Record<number, string> = stub
    ? {
        0xc1: 'data checksum',
        0xc6: 'not in flash mode',
        0xc7: 'inflate error',
        0xc8: 'not enough data',
        0xc9: 'too much data',
        0xff: 'not implemented',
      }
    : {
        0x05: 'invalid message',
        0x06: 'beyond the flash size',
        0x07: 'data checksum',
        0x0b: 'inflate error',
      };
  return new FlashError(
    FlashErrorCode.PROTOCOL_ERROR,
    `the board's loader refused ${command}: flash again; if it repeats, erase the flash first`,
    {
      detail: `${stub ? 'stub' : 'ROM'} error 0x${code.toString(16)} (${what[code] ?? 'unknown'})`,
    },
  );
}
