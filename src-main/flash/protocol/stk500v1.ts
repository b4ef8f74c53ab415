/**
 * STK500 version 1 as Optiboot (Uno, Nano) and ATmegaBOOT (older Nanos) speak it: one-byte
 * commands ended by CRC_EOP (0x20), answered by INSYNC (0x14) … OK (0x10). Written as a protocol
 * generator for ProtocolMachine; the byte layouts follow Atmel AVR061 and optiboot.c.
 */
import { at } from '../../contract/present';
import { describeChip, signatureHex, signatureMatches } from './boards';
import { bytesHex, FlashError, FlashErrorCode, noBootloader, protocolError } from './FlashError';
import {
  COMMAND_TIMEOUT_MS,
  DRAIN_QUIET_MS,
  STK500V1_FIRST_SYNC_MS,
  STK500V1_SYNC_ATTEMPTS,
  STK500V1_SYNC_MS,
} from './limits';
import {
  concatBytes,
  drain,
  log,
  phase,
  progress,
  tryExchange,
  type FlashPhase,
  type Program,
} from './ProtocolMachine';
import type { SessionPlan, SessionResult } from './session';
import { probeStk500v2 } from './stk500v2';
import { verifyChunk } from './verify';

const STK = {
  OK: 0x10,
  FAILED: 0x11,
  NOSYNC: 0x15,
  INSYNC: 0x14,
  CRC_EOP: 0x20,
  GET_SYNC: 0x30,
  GET_PARAMETER: 0x41,
  ENTER_PROGMODE: 0x50,
  LEAVE_PROGMODE: 0x51,
  LOAD_ADDRESS: 0x55,
  PROG_PAGE: 0x64,
  READ_PAGE: 0x74,
  READ_SIGN: 0x75,
  PARAM_SW_MAJOR: 0x81,
  PARAM_SW_MINOR: 0x82,
  MEMTYPE_FLASH: 0x46, // 'F'
} as const;

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

const syncCommand = (): Uint8Array => bytes(STK.GET_SYNC, STK.CRC_EOP);

/** LOAD_ADDRESS takes a word address, little endian. */
const loadAddressCommand = (byteAddress: number): Uint8Array =>
  bytes(STK.LOAD_ADDRESS, (byteAddress >> 1) & 0xff, (byteAddress >> 9) & 0xff, STK.CRC_EOP);

function progPageCommand(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + data.length);
  out.set([STK.PROG_PAGE, data.length >> 8, data.length & 0xff, STK.MEMTYPE_FLASH]);
  out.set(data, 4);
  out[4 + data.length] = STK.CRC_EOP;
  return out;
}

const readPageCommand = (length: number): Uint8Array =>
  bytes(STK.READ_PAGE, length >> 8, length & 0xff, STK.MEMTYPE_FLASH, STK.CRC_EOP);

const join = concatBytes;

/** Sends `write`, expects INSYNC, `payload` bytes, OK; returns the payload. */
function* command(write: Uint8Array, payload: number, what: string): Program<Uint8Array> {
  const r = yield* tryExchange(write, payload + 2, COMMAND_TIMEOUT_MS);
  if (!r) {
    throw new FlashError(
      FlashErrorCode.BOARD_STOPPED,
      'board stopped answering: check the cable and power, then flash again',
      { detail: `no reply to ${what} within ${COMMAND_TIMEOUT_MS} ms` },
    );
  }
  if (r[0] !== STK.INSYNC || r[r.length - 1] !== STK.OK) {
    throw protocolError(`reply to ${what}: ${bytesHex(r)}`);
  }
  return r.subarray(1, r.length - 1);
}

/**
 * GET_SYNC until INSYNC OK, at most STK500V1_SYNC_ATTEMPTS times. Replies to earlier attempts
 * can arrive late, so after a retry the line is drained before the next command.
 */
function* sync(plan: SessionPlan): Program<void> {
  let echoed = false;
  let lastReply: Uint8Array | null = null;
  for (let attempt = 1; attempt <= STK500V1_SYNC_ATTEMPTS; attempt++) {
    const timeout = attempt === 1 ? STK500V1_FIRST_SYNC_MS : STK500V1_SYNC_MS;
    const r = yield* tryExchange(syncCommand(), 2, timeout);
    if (r && r[0] === STK.INSYNC && r[1] === STK.OK) {
      if (attempt > 1) yield* drain(DRAIN_QUIET_MS);
      yield log(`in sync with the bootloader (attempt ${attempt})`);
      return;
    }
    if (r) {
      lastReply = r;
      if (r[0] === STK.GET_SYNC) echoed = true;
      yield log(`sync attempt ${attempt}: unexpected reply ${bytesHex(r)}`);
      yield* drain(DRAIN_QUIET_MS);
    } else {
      yield log(`sync attempt ${attempt}: no reply within ${timeout} ms`);
    }
  }
  // Before giving up, ask in stk500v2: a Mega on the Uno setting is a common mistake, and naming
  // it is more useful than "no answer". stk500boot_v2 ignored our GET_SYNC bytes.
  const other = yield* probeStk500v2();
  if (other) {
    throw new FlashError(
      FlashErrorCode.WRONG_BOARD,
      `this is ${describeChip(other)}, not an ${plan.board.name}: choose the right board and retry`,
      { detail: `stk500v2 bootloader answered; signature 0x${signatureHex(other)}` },
    );
  }
  throw noBootloader(
    echoed
      ? 'the board echoed GET_SYNC: an application answered, not the bootloader (the board was not reset)'
      : lastReply
        ? `last reply to GET_SYNC: ${bytesHex(lastReply)}`
        : `no reply to ${STK500V1_SYNC_ATTEMPTS} GET_SYNC attempts`,
  );
}

/** Reads `total` bytes from `address` on, in the board's read chunks, reporting progress. */
function* readFlash(
  plan: SessionPlan,
  address: number,
  total: number,
  ph: FlashPhase,
  onChunk: (offset: number, data: Uint8Array) => void,
): Program<void> {
  const chunk = plan.board.readChunkBytes;
  for (let offset = 0; offset < total; offset += chunk) {
    const n = Math.min(chunk, total - offset);
    // LOAD_ADDRESS is sent with each read although Optiboot advances its address by itself:
    // ATmegaBOOT does not, and it costs 4 bytes per 256.
    yield* command(loadAddressCommand(address + offset), 0, 'LOAD_ADDRESS');
    const data = yield* command(readPageCommand(n), n, 'READ_PAGE');
    onChunk(offset, data);
    yield progress(ph, offset + n, total);
  }
}

export function* stk500v1Session(plan: SessionPlan): Program<SessionResult> {
  const { board, image } = plan;
  yield phase('syncing');
  yield* sync(plan);

  yield phase('checking');
  const major = at(
    yield* command(bytes(STK.GET_PARAMETER, STK.PARAM_SW_MAJOR, STK.CRC_EOP), 1, 'GET_PARAMETER'),
    0,
    'GET_PARAMETER reply byte',
  );
  const minor = at(
    yield* command(bytes(STK.GET_PARAMETER, STK.PARAM_SW_MINOR, STK.CRC_EOP), 1, 'GET_PARAMETER'),
    0,
    'GET_PARAMETER reply byte',
  );
  const bootloader = `STK500v1 bootloader ${major}.${minor}`;
  const signature = yield* command(bytes(STK.READ_SIGN, STK.CRC_EOP), 3, 'READ_SIGN');
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
  yield* command(bytes(STK.ENTER_PROGMODE, STK.CRC_EOP), 0, 'ENTER_PROGMODE');

  let backup: Uint8Array | null = null;
  if (plan.backup) {
    yield phase('backing-up');
    const size = board.flashBytes - board.bootloaderBytes;
    const flash = new Uint8Array(size);
    yield* readFlash(plan, 0, size, 'backing-up', (offset, data) => flash.set(data, offset));
    backup = flash;
    yield { type: 'backup', flash };
  }

  let verified = false;
  if (image) {
    yield phase('writing');
    const page = board.pageBytes;
    const total = image.data.length;
    for (let offset = 0; offset < total; offset += page) {
      // LOAD_ADDRESS and PROG_PAGE go out together: Optiboot answers LOAD_ADDRESS without
      // waiting on anything, so its 2-byte reply never blocks its UART (saves a round trip).
      const r = yield* tryExchange(
        join(
          loadAddressCommand(image.address + offset),
          progPageCommand(image.data.subarray(offset, offset + page)),
        ),
        4,
        COMMAND_TIMEOUT_MS,
      );
      if (!r) {
        throw new FlashError(
          FlashErrorCode.BOARD_STOPPED,
          'board stopped answering during write: check the cable and power, then flash again',
          { detail: `no reply to PROG_PAGE at 0x${(image.address + offset).toString(16)}` },
        );
      }
      if (r[0] !== STK.INSYNC || r[1] !== STK.OK || r[2] !== STK.INSYNC || r[3] !== STK.OK) {
        throw protocolError(
          `reply to LOAD_ADDRESS+PROG_PAGE at 0x${(image.address + offset).toString(16)}: ${bytesHex(r)}`,
        );
      }
      yield progress('writing', offset + page, total);
    }
    yield log(`wrote ${total} bytes from 0x${image.address.toString(16)}`);

    if (plan.verify) {
      yield phase('verifying');
      yield* readFlash(plan, image.address, total, 'verifying', (offset, data) =>
        verifyChunk(image, offset, data),
      );
      verified = true;
      yield log('verified');
    }
  }

  yield* command(bytes(STK.LEAVE_PROGMODE, STK.CRC_EOP), 0, 'LEAVE_PROGMODE');
  yield phase('done');
  return { signature, bootloader, backup, bytesWritten: image?.data.length ?? 0, verified };
}
