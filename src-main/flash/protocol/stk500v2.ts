/**
 * STK500 version 2 as stk500boot_v2 (Arduino Mega 2560) speaks it: framed messages
 * 1B seq sizeHi sizeLo 0E body… checksum (XOR of every byte), answered with the same sequence
 * number. Written as a protocol generator for ProtocolMachine; layouts follow Atmel AVR068 and
 * stk500boot.c.
 */
import { at } from '../../contract/present';
import { describeChip, signatureHex, signatureMatches } from './boards';
import { bytesHex, FlashError, FlashErrorCode, noBootloader, protocolError } from './FlashError';
import {
  COMMAND_TIMEOUT_MS,
  STK500V2_MAX_BODY_BYTES,
  STK500V2_MAX_NOISE_BYTES,
  STK500V2_SIGN_ON_ATTEMPTS,
  STK500V2_SIGN_ON_MS,
} from './limits';
import {
  log,
  phase,
  progress,
  tryExchange,
  type FlashPhase,
  type Program,
} from './ProtocolMachine';
import type { SessionPlan, SessionResult } from './session';
import { verifyChunk } from './verify';

const V2 = {
  MESSAGE_START: 0x1b,
  TOKEN: 0x0e,
  CMD_SIGN_ON: 0x01,
  CMD_LOAD_ADDRESS: 0x06,
  CMD_ENTER_PROGMODE_ISP: 0x10,
  CMD_LEAVE_PROGMODE_ISP: 0x11,
  CMD_PROGRAM_FLASH_ISP: 0x13,
  CMD_READ_FLASH_ISP: 0x14,
  CMD_READ_SIGNATURE_ISP: 0x1b,
  STATUS_CMD_OK: 0x00,
} as const;

/** Frames `body` as one message with sequence number `seq`. */
export function frame(seq: number, body: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(body.length + 6);
  out[0] = V2.MESSAGE_START;
  out[1] = seq & 0xff;
  out[2] = (body.length >> 8) & 0xff;
  out[3] = body.length & 0xff;
  out[4] = V2.TOKEN;
  out.set(Array.from(body), 5);
  let sum = 0;
  for (const x of out.subarray(0, -1)) sum ^= x;
  out[out.length - 1] = sum;
  return out;
}

type ReadOutcome = { body: Uint8Array } | { timeout: true; noise: Uint8Array };

/**
 * Reads one answer with sequence number `seq`: skips noise before the start byte (and answers to
 * older sequence numbers, which a retry can leave behind); checks token and checksum.
 */
function* readMessage(seq: number, firstByteMs: number): Program<ReadOutcome> {
  const noise: number[] = [];
  for (;;) {
    const b = yield* tryExchange(undefined, 1, firstByteMs);
    if (!b) return { timeout: true, noise: Uint8Array.from(noise) };
    if (b[0] !== V2.MESSAGE_START) {
      if (noise.length >= STK500V2_MAX_NOISE_BYTES) {
        throw protocolError(`no stk500v2 message in ${noise.length} bytes: ${bytesHex(noise)}`);
      }
      noise.push(at(b, 0, 'reply byte'));
      continue;
    }
    const head = yield* tryExchange(undefined, 4, COMMAND_TIMEOUT_MS);
    if (!head) return { timeout: true, noise: Uint8Array.from(noise) };
    const size = (at(head, 1, 'header byte') << 8) | at(head, 2, 'header byte');
    if (head[3] !== V2.TOKEN || size > STK500V2_MAX_BODY_BYTES) {
      noise.push(V2.MESSAGE_START, ...head);
      continue;
    }
    const rest = yield* tryExchange(undefined, size + 1, COMMAND_TIMEOUT_MS);
    if (!rest) return { timeout: true, noise: Uint8Array.from(noise) };
    let sum: number = V2.MESSAGE_START;
    for (const x of head) sum ^= x;
    for (const x of rest) sum ^= x;
    if (sum !== 0) {
      noise.push(V2.MESSAGE_START, ...head, ...rest);
      continue;
    }
    if (head[0] !== (seq & 0xff)) continue; // a late answer to an earlier attempt
    return { body: rest.subarray(0, size) };
  }
}

/** One stk500v2 command: the answer must echo the command id followed by STATUS_CMD_OK. */
class Commander {
  private seq = 1;

  *send(
    body: ArrayLike<number>,
    what: string,
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Program<Uint8Array> {
    const seq = this.next();
    yield { op: 'exchange', write: frame(seq, body), read: 0, timeoutMs };
    const r = yield* readMessage(seq, timeoutMs);
    if ('timeout' in r) {
      throw new FlashError(
        FlashErrorCode.BOARD_STOPPED,
        'board stopped answering: check the cable and power, then flash again',
        { detail: `no answer to ${what} within ${timeoutMs} ms` },
      );
    }
    if (r.body[0] !== body[0] || r.body[1] !== V2.STATUS_CMD_OK) {
      throw protocolError(`answer to ${what}: ${bytesHex(r.body)}`);
    }
    return r.body;
  }

  next(): number {
    const s = this.seq;
    this.seq = (this.seq + 1) & 0xff;
    return s;
  }
}

const signOnBody = [V2.CMD_SIGN_ON];
// Values avrdude sends for the ATmega2560; stk500boot_v2 ignores them but answers OK.
const enterProgmodeBody = [
  V2.CMD_ENTER_PROGMODE_ISP,
  200,
  100,
  25,
  32,
  0,
  0x53,
  3,
  0xac,
  0x53,
  0x00,
  0x00,
];
const leaveProgmodeBody = [V2.CMD_LEAVE_PROGMODE_ISP, 1, 1];
const readSignatureBody = (i: number) => [V2.CMD_READ_SIGNATURE_ISP, 4, 0x30, 0x00, i, 0x00];

/** LOAD_ADDRESS takes a word address, big endian; bit 31 asks for the extended (>128 KiB) range. */
export function loadAddressBody(byteAddress: number, extended: boolean): number[] {
  const word = (byteAddress >>> 1) | (extended ? 0x80000000 : 0);
  return [
    V2.CMD_LOAD_ADDRESS,
    (word >>> 24) & 0xff,
    (word >>> 16) & 0xff,
    (word >>> 8) & 0xff,
    word & 0xff,
  ];
}

function programFlashBody(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(10 + data.length);
  // mode 0xC1: page mode, write page; cmd1..3 = load page, write page, read (AVR068 §6.1.7).
  out.set([
    V2.CMD_PROGRAM_FLASH_ISP,
    data.length >> 8,
    data.length & 0xff,
    0xc1,
    10,
    0x40,
    0x4c,
    0x20,
    0,
    0,
  ]);
  out.set(data, 10);
  return out;
}

const readFlashBody = (length: number): number[] => [
  V2.CMD_READ_FLASH_ISP,
  length >> 8,
  length & 0xff,
  0x20,
];

const v1SyncProbe = Uint8Array.from([0x30, 0x20]);
const isOptibootReply = (noise: Uint8Array): boolean =>
  noise.some((b, i) => b === 0x14 && noise[i + 1] === 0x10);

/**
 * SIGN_ON with bounded retries. Every attempt is preceded by an STK500v1 GET_SYNC, which
 * stk500boot_v2 ignores (it waits for 0x1B) but Optiboot answers: an Uno on the Mega setting is
 * then named instead of reported as silent, also when its bootloader starts late and misses the
 * first attempt (a slow reset, a loaded host).
 */
function* signOn(cmd: Commander, plan: SessionPlan): Program<string> {
  let echo = false;
  for (let attempt = 1; attempt <= STK500V2_SIGN_ON_ATTEMPTS; attempt++) {
    const seq = cmd.next();
    const msg = frame(seq, signOnBody);
    const write = Uint8Array.from([...v1SyncProbe, ...msg]);
    yield { op: 'exchange', write, read: 0, timeoutMs: STK500V2_SIGN_ON_MS };
    const r = yield* readMessage(seq, STK500V2_SIGN_ON_MS);
    if ('body' in r) {
      if (r.body[0] === V2.CMD_SIGN_ON && r.body[1] === V2.STATUS_CMD_OK) {
        const len = r.body[2] ?? 0;
        const name = String.fromCharCode(...r.body.subarray(3, 3 + len));
        yield log(`signed on: ${name} (attempt ${attempt})`);
        return name;
      }
      // Our own message echoed back: an application is running, not the bootloader.
      if (r.body.length === 1 && r.body[0] === V2.CMD_SIGN_ON) echo = true;
      yield log(`sign-on attempt ${attempt}: answer ${bytesHex(r.body)}`);
      continue;
    }
    if (isOptibootReply(r.noise)) {
      throw new FlashError(
        FlashErrorCode.WRONG_BOARD,
        `this board runs the Uno/Nano bootloader (Optiboot, an ATmega328P), not the ${plan.board.name}'s: choose the right board and retry`,
        { detail: `STK500v1 INSYNC/OK answered the probe: ${bytesHex(r.noise)}` },
      );
    }
    if (r.noise.length >= 2 && r.noise[0] === 0x30 && r.noise[1] === 0x20) echo = true;
    yield log(
      `sign-on attempt ${attempt}: ${r.noise.length ? `noise ${bytesHex(r.noise)}` : `no answer within ${STK500V2_SIGN_ON_MS} ms`}`,
    );
  }
  throw noBootloader(
    echo
      ? 'the board echoed SIGN_ON: an application answered, not the bootloader (the board was not reset)'
      : `no answer to ${STK500V2_SIGN_ON_ATTEMPTS} SIGN_ON attempts`,
  );
}

function* readSignature(cmd: Commander): Program<Uint8Array> {
  const sig = new Uint8Array(3);
  for (let i = 0; i < 3; i++)
    sig[i] = at(yield* cmd.send(readSignatureBody(i), 'READ_SIGNATURE'), 2, 'signature byte');
  return sig;
}

/**
 * Used by the STK500v1 session after its sync failed: one SIGN_ON; when a stk500v2 bootloader
 * answers, its signature. Null when nothing answered.
 */
export function* probeStk500v2(): Program<Uint8Array | null> {
  const cmd = new Commander();
  const seq = cmd.next();
  yield { op: 'exchange', write: frame(seq, signOnBody), read: 0, timeoutMs: STK500V2_SIGN_ON_MS };
  const r = yield* readMessage(seq, STK500V2_SIGN_ON_MS);
  if (!('body' in r) || r.body[0] !== V2.CMD_SIGN_ON || r.body[1] !== V2.STATUS_CMD_OK) return null;
  try {
    return yield* readSignature(cmd);
  } catch {
    return Uint8Array.of(0, 0, 0);
  }
}

function* readFlash(
  cmd: Commander,
  plan: SessionPlan,
  address: number,
  total: number,
  ph: FlashPhase,
  onChunk: (offset: number, data: Uint8Array) => void,
): Program<void> {
  const extended = plan.board.flashBytes > 0x10000;
  // stk500boot_v2 advances its address after each read: one LOAD_ADDRESS serves the whole run.
  yield* cmd.send(loadAddressBody(address, extended), 'LOAD_ADDRESS');
  const chunk = plan.board.readChunkBytes;
  for (let offset = 0; offset < total; offset += chunk) {
    const n = Math.min(chunk, total - offset);
    const body = yield* cmd.send(readFlashBody(n), 'READ_FLASH');
    if (body.length !== n + 3 || body[n + 2] !== V2.STATUS_CMD_OK) {
      throw protocolError(`READ_FLASH answer of ${body.length} bytes for ${n}`);
    }
    onChunk(offset, body.subarray(2, 2 + n));
    yield progress(ph, offset + n, total);
  }
}

export function* stk500v2Session(plan: SessionPlan): Program<SessionResult> {
  const { board, image } = plan;
  const cmd = new Commander();
  yield phase('syncing');
  const name = yield* signOn(cmd, plan);

  yield phase('checking');
  yield* cmd.send(enterProgmodeBody, 'ENTER_PROGMODE');
  const signature = yield* readSignature(cmd);
  const bootloader = `stk500v2 bootloader (${name})`;
  yield log(`${bootloader}, signature 0x${signatureHex(signature)}`);
  if (!signatureMatches(board, signature)) {
    throw new FlashError(
      FlashErrorCode.WRONG_BOARD,
      `this is ${describeChip(signature)}, not an ${board.name}: choose the right board and retry`,
      {
        detail: `signature 0x${signatureHex(signature)}, expected 0x${signatureHex(board.signature)}`,
      },
    );
  }

  let backup: Uint8Array | null = null;
  if (plan.backup) {
    yield phase('backing-up');
    const size = board.flashBytes - board.bootloaderBytes;
    const flash = new Uint8Array(size);
    yield* readFlash(cmd, plan, 0, size, 'backing-up', (offset, data) => flash.set(data, offset));
    backup = flash;
    yield { type: 'backup', flash };
  }

  let verified = false;
  if (image) {
    yield phase('writing');
    // stk500boot_v2 erases the next page of its own counter (from 0) before each write, and
    // advances its address: the image starts at 0 (imageForBoard) and is sent page after page.
    yield* cmd.send(loadAddressBody(image.address, board.flashBytes > 0x10000), 'LOAD_ADDRESS');
    const page = board.pageBytes;
    const total = image.data.length;
    for (let offset = 0; offset < total; offset += page) {
      yield* cmd.send(
        programFlashBody(image.data.subarray(offset, offset + page)),
        'PROGRAM_FLASH',
      );
      yield progress('writing', offset + page, total);
    }
    yield log(`wrote ${total} bytes from 0x${image.address.toString(16)}`);
    if (plan.verify) {
      yield phase('verifying');
      yield* readFlash(cmd, plan, image.address, total, 'verifying', (offset, data) =>
        verifyChunk(image, offset, data),
      );
      verified = true;
      yield log('verified');
    }
  }

  yield* cmd.send(leaveProgmodeBody, 'LEAVE_PROGMODE');
  yield phase('done');
  return { signature, bootloader, backup, bytesWritten: image?.data.length ?? 0, verified };
}
