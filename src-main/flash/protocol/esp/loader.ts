/**
 * One session with an ESP's ROM loader and the flasher stub, as a pure generator driven by
 * ProtocolMachine: SYNC, chip detection (magic word, else GET_SECURITY_INFO), MAC and crystal from
 * eFuses and the UART divider, stub upload (OHAI), CHANGE_BAUDRATE with a probe of the host port
 * first, flash id and size over the SPI registers, then what the plan asks: backup (read-flash),
 * erase, compressed writes, MD5 verify per region, read-flash. Chip and size checks run before
 * anything is written.
 */
import { bytesToHex } from '../../../protocol/hex';
import { FlashError, FlashErrorCode, boardStopped, protocolError } from '../FlashError';
import {
  drain,
  log,
  phase,
  progress,
  receiveSome,
  setHostBaud,
  type FlashPhase,
  type MachineEvent,
  type Program,
} from '../ProtocolMachine';
import {
  CHIP_MAGIC_REG,
  ESP_CHIPS,
  chipFromImageId,
  chipFromMagic,
  crystalMhz,
  flashSizeFromId,
  macText,
  type EspChipDef,
  type EspChipKey,
} from './chips';
import * as L from './limits';
import {
  Op,
  OP_NAMES,
  SYNC_PAYLOAD,
  encodeDataRequest,
  encodeRequest,
  parseResponse,
  u32le,
  type Response,
} from './packets';
import { checkPlanForBoard, type EspFlashPlan } from './plan';
import { SlipDecoder, slipEncode } from './slip';

/** A flasher stub: RAM segments and entry point (from esptool's published stub JSON). */
export interface EspStub {
  readonly text: Uint8Array;
  readonly textStart: number;
  readonly data: Uint8Array;
  readonly dataStart: number;
  readonly entry: number;
}

/** A region to write: the adapter compresses (deflate) and hashes (MD5) before the session. */
export interface EspWriteRegion {
  readonly name: string;
  readonly offset: number;
  /** Uncompressed size. */
  readonly size: number;
  readonly compressed: Uint8Array;
  readonly md5: Uint8Array;
}

export interface EspSessionPlan {
  /** The stub for a chip; null runs against the ROM (identify only). */
  readonly stubFor: (chip: EspChipKey) => EspStub | null;
  /** Rates to try after the stub is up, fastest first; empty stays at the ROM rate. */
  readonly baudRates: readonly number[];
  readonly md5: (data: Uint8Array) => Uint8Array;
  /** The images' plan: checked against the board (chip family, flash size) before any write. */
  readonly plan?: EspFlashPlan | null;
  /** Refuse any other chip (a restore of a backup taken from this family). */
  readonly expectChip?: EspChipKey | null;
  /** The board the technician chose for the port: another chip answering is WRONG_BOARD. */
  readonly board?: EspChipKey | null;
  /** Read the whole flash before writing or erasing; sent as a `backup` event. */
  readonly backup?: boolean;
  readonly erase?: { readonly offset: number; readonly length: number } | 'all' | null;
  readonly write?: { readonly regions: readonly EspWriteRegion[]; readonly verify: boolean } | null;
  /** Read this range (length null: the whole flash) and return it. */
  readonly read?: { readonly offset: number; readonly length: number | null } | null;
  /** Leave by asking the stub to run the application (for ports without reset lines). */
  readonly runUserCode?: boolean;
}

export interface EspChipFacts {
  readonly chip: EspChipKey;
  readonly name: string;
  readonly mac: string;
  /** Bytes; null when the flash did not give a JEDEC id the size can be read from. */
  readonly flashSize: number | null;
  /** JEDEC id as hex, "ef4016". */
  readonly flashId: string | null;
  readonly crystalMhz: number;
}

interface EspWriteResult {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly compressedSize: number;
  readonly verified: boolean;
}

export interface EspSessionResult {
  readonly facts: EspChipFacts;
  readonly stub: boolean;
  readonly baudRate: number;
  readonly written: readonly EspWriteResult[];
  readonly read: Uint8Array | null;
  readonly erased: boolean;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** The technician's hint when nothing answers: the ROM loader needs BOOT held during a reset. */
const ENTER_LOADER_HINT =
  'board did not enter its download mode: hold BOOT (IO0), press and release RESET (EN), release BOOT, then try again';

/** Reads frames and runs commands over one ProtocolMachine; state for one session. */
class Link {
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
    while (this.frames.length === 0) {
      const bytes = yield* receiveSome(out, timeoutMs);
      out = undefined;
      if (!bytes) return null;
      this.frames.push(...this.decoder.push(bytes));
      noise += bytes.length;
      if (this.frames.length === 0 && noise > L.ESP_NOISE_BUDGET) return null;
    }
    return this.frames.shift()!;
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

export function* espSession(plan: EspSessionPlan): Program<EspSessionResult> {
  const link = new Link();
  yield phase('syncing');
  yield* sync(link);

  yield phase('checking');
  const chip = yield* detectChip(link);
  link.statusBytes = chip.romStatusBytes;
  if (!chip.supported) {
    throw new FlashError(
      FlashErrorCode.WRONG_CHIP,
      `this board is an ${chip.name}: this app does not flash it yet`,
      { detail: `detected ${chip.name}` },
    );
  }
  const macWords: number[] = [];
  for (const reg of chip.macRegs) macWords.push(yield* link.readReg(reg));
  const mac = macText(chip.mac(macWords));
  const clkdiv = yield* link.readReg(chip.uartClkdivReg);
  const xtal = crystalMhz(chip, clkdiv, L.ESP_ROM_BAUD);
  if (plan.expectChip && plan.expectChip !== chip.key) {
    throw new FlashError(
      FlashErrorCode.WRONG_CHIP,
      `this backup was taken from an ${ESP_CHIPS[plan.expectChip].name}, this board is an ${chip.name}: nothing was written`,
    );
  }
  if (plan.board && plan.board !== chip.key) {
    // Worded like the AVR sessions' WRONG_BOARD ("this is an X, not an Y"): the UI's fix reads it.
    throw new FlashError(
      FlashErrorCode.WRONG_BOARD,
      `this is an ${chip.name}, not an ${ESP_CHIPS[plan.board].name}: choose the right board and retry`,
      { detail: `ROM loader reported ${chip.name} (MAC ${mac})` },
    );
  }
  // The image's chip is known before the stub: refuse the wrong family as early as possible.
  if (plan.plan) checkPlanForBoard(plan.plan, chip.key, null);

  const stub = plan.stubFor(chip.key);
  if (stub) {
    yield* uploadStub(link, stub);
    yield log('flasher stub running');
  } else if (plan.write || plan.read || plan.erase || plan.backup) {
    throw protocolError(`no flasher stub for ${chip.name}`);
  }
  if (link.stub) yield* changeBaud(link, plan.baudRates);

  if (chip.spiAttach) {
    yield* link.command(Op.SPI_ATTACH, link.stub ? u32le(0) : u32le(0, 0));
  }
  const jedec = yield* readFlashId(link, chip);
  const flashSize = jedec === null ? null : flashSizeFromId(jedec);
  if (flashSize !== null && chip.key !== 'esp8266') {
    yield* link.command(Op.SPI_SET_PARAMS, u32le(0, flashSize, 0x10000, 0x1000, 0x100, 0xffff));
  }
  const facts: EspChipFacts = {
    chip: chip.key,
    name: chip.name,
    mac,
    flashSize,
    flashId:
      jedec === null
        ? null
        : [0, 8, 16].map((s) => ((jedec >>> s) & 0xff).toString(16).padStart(2, '0')).join(''),
    crystalMhz: xtal,
  };
  yield log(
    `${chip.name}, MAC ${mac}, ${flashSize ? `${flashSize / 1048576} MB flash` : 'flash size unknown'}, ${xtal} MHz crystal, ${link.baud} baud`,
  );
  yield { type: 'identified', facts } satisfies MachineEvent;
  if (plan.plan) checkPlanForBoard(plan.plan, chip.key, flashSize);
  const end = Math.max(0, ...(plan.write?.regions ?? []).map((r) => r.offset + r.size));
  if (flashSize !== null && end > flashSize) {
    // A restore has no image plan: its size is checked against the flash read just now.
    throw new FlashError(
      FlashErrorCode.IMAGE_TOO_LARGE,
      `${plan.expectChip ? 'this backup holds' : 'the images reach'} ${end / 1048576} MB of flash, this board has ${flashSize / 1048576} MB: nothing was written`,
      { detail: `flash id ${facts.flashId}` },
    );
  }
  const total = flashSize ?? 0;

  if (plan.backup) {
    if (!flashSize) throw protocolError('flash size unknown: cannot back up the whole flash');
    const flash = yield* readFlash(link, plan.md5, 0, flashSize, 'backing-up');
    yield { type: 'backup', flash } satisfies MachineEvent;
  }
  let erased = false;
  if (plan.erase) {
    yield phase('erasing');
    if (plan.erase === 'all') {
      yield log(`erasing the whole flash (${total / 1048576} MB)`);
      yield* link.command(Op.ERASE_FLASH, new Uint8Array(0), L.ESP_ERASE_ALL_TIMEOUT_MS);
    } else {
      const { offset, length } = plan.erase;
      if (offset % 0x1000 || length % 0x1000 || length === 0) {
        throw new FlashError(
          FlashErrorCode.IMAGE_INVALID,
          'erase regions start and end on 4 KB sectors',
          {
            detail: `${hex(offset)} + ${hex(length)}`,
          },
        );
      }
      if (flashSize && offset + length > flashSize) {
        throw new FlashError(
          FlashErrorCode.IMAGE_TOO_LARGE,
          `the region ends past this board's ${flashSize / 1048576} MB flash`,
        );
      }
      yield log(`erasing ${hex(offset)}–${hex(offset + length)}`);
      yield* link.command(
        Op.ERASE_REGION,
        u32le(offset, length),
        L.ESP_COMMAND_TIMEOUT_MS + Math.ceil((length / 1048576) * L.ESP_ERASE_TIMEOUT_PER_MB_MS),
      );
    }
    erased = true;
  }

  const written: EspWriteResult[] = [];
  if (plan.write) {
    const regions = plan.write.regions;
    const totalCompressed = regions.reduce((n, r) => n + r.compressed.length, 0);
    const totalSize = regions.reduce((n, r) => n + r.size, 0);
    yield phase('writing');
    let sent = 0;
    for (const r of regions) {
      yield* writeRegion(link, r, (n) => {
        sent += n;
        return progress('writing', Math.round((sent / totalCompressed) * totalSize), totalSize);
      });
      yield log(
        `wrote ${r.name} at ${hex(r.offset)}: ${r.size} bytes (${r.compressed.length} compressed)`,
      );
    }
    if (plan.write.verify) {
      yield phase('verifying');
      let done = 0;
      for (const r of regions) {
        yield* verifyRegion(link, r);
        done += r.size;
        yield progress('verifying', done, totalSize);
      }
      yield log(`verified ${regions.length} region${regions.length === 1 ? '' : 's'} by MD5`);
    }
    for (const r of regions) {
      written.push({
        name: r.name,
        offset: r.offset,
        size: r.size,
        compressedSize: r.compressed.length,
        verified: plan.write.verify,
      });
    }
  }

  let read: Uint8Array | null = null;
  if (plan.read) {
    const length = plan.read.length ?? flashSize;
    if (!length) throw protocolError('flash size unknown: give the length to read');
    if (flashSize && plan.read.offset + length > flashSize) {
      throw new FlashError(
        FlashErrorCode.IMAGE_TOO_LARGE,
        `the range ends past this board's ${flashSize / 1048576} MB flash`,
      );
    }
    read = yield* readFlash(link, plan.md5, plan.read.offset, length, 'reading');
  }

  if (plan.runUserCode && link.stub) {
    // No answer: the stub returns to the ROM, which boots the application. Give it time to leave.
    yield* receiveSome(slipEncode(encodeRequest(Op.RUN_USER_CODE, new Uint8Array(0))), 50);
  }
  return { facts, stub: link.stub, baudRate: link.baud, written, read, erased };
}

function* sync(link: Link): Program<void> {
  const packet = slipEncode(encodeRequest(Op.SYNC, SYNC_PAYLOAD));
  for (let attempt = 1; attempt <= L.ESP_SYNC_ATTEMPTS; attempt++) {
    link.clearFrames();
    let write: Uint8Array | undefined = packet;
    for (;;) {
      const frame = yield* link.frame(L.ESP_SYNC_TIMEOUT_MS, write);
      write = undefined;
      if (!frame) break;
      const r = parseResponse(frame, 2, false);
      if (r && r.op === Op.SYNC) {
        // The ROM answers 8 times: let the rest go by.
        yield* drain(L.ESP_SYNC_DRAIN_MS);
        yield log(`in sync after ${attempt} attempt${attempt === 1 ? '' : 's'}`);
        return;
      }
    }
  }
  throw new FlashError(FlashErrorCode.NO_BOOTLOADER, ENTER_LOADER_HINT, {
    detail: `no answer to ${L.ESP_SYNC_ATTEMPTS} SYNC attempts`,
  });
}

function* detectChip(link: Link): Program<EspChipDef> {
  const magic = yield* link.readReg(CHIP_MAGIC_REG);
  let key = chipFromMagic(magic);
  if (!key) {
    // Newer chips have no distinctive magic word; their ROM reports a chip id instead.
    const r = yield* link.tryCommand(Op.GET_SECURITY_INFO, new Uint8Array(0));
    if (r && !r.failed && r.data.length >= 16) {
      const id = new DataView(r.data.buffer, r.data.byteOffset, r.data.byteLength).getUint32(
        12,
        true,
      );
      key = chipFromImageId(id)?.key ?? null;
    }
    yield* drain(L.ESP_SYNC_DRAIN_MS);
  }
  if (!key) {
    throw new FlashError(
      FlashErrorCode.WRONG_CHIP,
      'this is not a chip this app knows: check the board',
      {
        detail: `magic word ${hex(magic)}`,
      },
    );
  }
  return ESP_CHIPS[key];
}

function* uploadStub(link: Link, stub: EspStub): Program<void> {
  for (const [data, start] of [
    [stub.text, stub.textStart],
    [stub.data, stub.dataStart],
  ] as const) {
    const blocks = Math.ceil(data.length / L.ESP_RAM_BLOCK);
    yield* link.command(Op.MEM_BEGIN, u32le(data.length, blocks, L.ESP_RAM_BLOCK, start));
    for (let seq = 0; seq < blocks; seq++) {
      const block = data.subarray(seq * L.ESP_RAM_BLOCK, (seq + 1) * L.ESP_RAM_BLOCK);
      const req = encodeDataRequest(Op.MEM_DATA, seq, block);
      yield* sendBlock(link, Op.MEM_DATA, req, L.ESP_COMMAND_TIMEOUT_MS);
    }
  }
  yield* link.command(Op.MEM_END, u32le(0, stub.entry));
  for (;;) {
    const frame = yield* link.frame(L.ESP_OHAI_TIMEOUT_MS);
    if (!frame) throw protocolError('the flasher stub did not start (no OHAI)');
    if (frame.length === 4 && String.fromCharCode(...frame) === 'OHAI') break;
  }
  link.stub = true;
  link.statusBytes = 2;
}

/** A pre-encoded data request (its checksum is in the header), answered like any command. */
function* sendBlock(link: Link, op: number, request: Uint8Array, timeoutMs: number): Program<void> {
  const data = request.subarray(8);
  const checksum = new DataView(request.buffer, request.byteOffset).getUint32(4, true);
  yield* link.command(op, data, timeoutMs, checksum);
}

function* changeBaud(link: Link, rates: readonly number[]): Program<void> {
  for (const rate of rates) {
    if (rate <= link.baud) continue;
    if (!(yield* setHostBaud(rate, true))) {
      yield log(`this port does not take ${rate} baud; trying a lower rate`);
      continue;
    }
    yield* link.command(Op.CHANGE_BAUDRATE, u32le(rate, link.baud));
    if (!(yield* setHostBaud(rate))) {
      throw new FlashError(
        FlashErrorCode.BAUD_FAILED,
        `the port refused ${rate} baud after the board switched`,
        {
          detail: `baud ${rate}`,
        },
      );
    }
    yield* drain(L.ESP_BAUD_SETTLE_MS);
    const r = yield* link.tryCommand(Op.READ_REG, u32le(CHIP_MAGIC_REG), 500);
    if (!r) {
      throw new FlashError(
        FlashErrorCode.BAUD_FAILED,
        `the board stopped answering at ${rate} baud: the USB-serial bridge cannot keep up; a lower rate is tried next`,
        { detail: `baud ${rate}` },
      );
    }
    link.baud = rate;
    return;
  }
}

/** RDID (0x9F) through the SPI user-command registers; the JEDEC id as 0xCCTTMM, or null. */
function* readFlashId(link: Link, chip: EspChipDef): Program<number | null> {
  const spi = chip.spi;
  if (!spi) return null;
  const SPI_USR_COMMAND = 1 << 31;
  const SPI_USR_MISO = 1 << 28;
  const SPI_CMD_USR = 1 << 18;
  const bits = 24;
  yield* link.writeReg(spi.base + spi.usr, SPI_USR_COMMAND | SPI_USR_MISO);
  if (spi.misoDlen !== null) yield* link.writeReg(spi.base + spi.misoDlen, bits - 1);
  else yield* link.writeReg(spi.base + spi.usr1, (bits - 1) << 8);
  yield* link.writeReg(spi.base + spi.usr2, (7 << 28) | 0x9f);
  yield* link.writeReg(spi.base + spi.w0, 0);
  yield* link.writeReg(spi.base, SPI_CMD_USR);
  for (let i = 0; i < 10; i++) {
    if (((yield* link.readReg(spi.base)) & SPI_CMD_USR) === 0) break;
  }
  const id = (yield* link.readReg(spi.base + spi.w0)) & 0xffffff;
  return id === 0 || id === 0xffffff ? null : id;
}

function* writeRegion(
  link: Link,
  r: EspWriteRegion,
  sent: (n: number) => MachineEvent,
): Program<void> {
  const block = L.ESP_STUB_WRITE_BLOCK;
  const blocks = Math.max(1, Math.ceil(r.compressed.length / block));
  yield* link.command(Op.FLASH_DEFL_BEGIN, u32le(r.size, blocks, block, r.offset));
  for (let seq = 0; seq < blocks; seq++) {
    const chunk = r.compressed.subarray(seq * block, (seq + 1) * block);
    yield* sendBlock(
      link,
      Op.FLASH_DEFL_DATA,
      encodeDataRequest(Op.FLASH_DEFL_DATA, seq, chunk),
      blockAckTimeoutMs(r, seq),
    );
    yield sent(chunk.length);
  }
}

/**
 * How long block `seq`'s acknowledgement may take. The stub answers a block once the previous
 * one is inflated and written, so the bound follows the flash the previous block (or this one)
 * stands for, estimated from the region's compression ratio as esptool does; a fixed bound
 * stalled ("no answer to FLASH_DEFL_DATA") on a compressible region with slow flash, slower still
 * on a loaded host.
 */
export function blockAckTimeoutMs(r: EspWriteRegion, seq: number): number {
  const block = L.ESP_STUB_WRITE_BLOCK;
  const ratio = r.size / Math.max(1, r.compressed.length);
  const len = (i: number) =>
    i < 0 ? 0 : Math.max(0, Math.min(block, r.compressed.length - i * block));
  const inflated = Math.max(len(seq - 1), len(seq)) * ratio;
  return Math.max(
    L.ESP_WRITE_BLOCK_TIMEOUT_MS,
    L.ESP_COMMAND_TIMEOUT_MS +
      Math.ceil((inflated / 1048576) * L.ESP_ERASE_WRITE_TIMEOUT_PER_MB_MS),
  );
}

function* verifyRegion(link: Link, r: EspWriteRegion): Program<void> {
  const digest = yield* flashMd5(link, r.offset, r.size);
  if (!digest.every((x, i) => x === r.md5[i])) {
    throw new FlashError(
      FlashErrorCode.VERIFY_FAILED,
      `verify failed in ${r.name} at ${hex(r.offset)}: flash again; if it repeats the flash may be worn`,
      { address: r.offset, detail: `MD5 ${bytesToHex(digest)}, expected ${bytesToHex(r.md5)}` },
    );
  }
}

function* flashMd5(link: Link, offset: number, size: number): Program<Uint8Array> {
  const timeout =
    L.ESP_COMMAND_TIMEOUT_MS + Math.ceil((size / 1048576) * L.ESP_MD5_TIMEOUT_PER_MB_MS);
  const r = yield* link.command(Op.SPI_FLASH_MD5, u32le(offset, size, 0, 0), timeout);
  if (link.stub) {
    if (r.data.length !== 16) throw protocolError(`MD5 answer of ${r.data.length} bytes`);
    return r.data.slice();
  }
  // The ROM answers in 32 hex characters.
  const text = String.fromCharCode(...r.data.subarray(0, 32));
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** The stub's READ_FLASH: blocks acknowledged with the running byte count, then the MD5. */
function* readFlash(
  link: Link,
  md5: (data: Uint8Array) => Uint8Array,
  offset: number,
  length: number,
  p: FlashPhase,
): Program<Uint8Array> {
  yield phase(p);
  yield* link.command(Op.READ_FLASH, u32le(offset, length, L.ESP_READ_BLOCK, L.ESP_READ_IN_FLIGHT));
  const out = new Uint8Array(length);
  let got = 0;
  let lastReport = 0;
  while (got < length) {
    const frame = yield* link.frame(L.ESP_COMMAND_TIMEOUT_MS);
    if (!frame) throw boardStopped(`read-flash stopped at ${hex(offset + got)}`);
    if (frame.length === 0 || frame.length > L.ESP_READ_BLOCK || got + frame.length > length) {
      throw protocolError(`read-flash block of ${frame.length} bytes at ${hex(offset + got)}`);
    }
    out.set(frame, got);
    got += frame.length;
    // Acknowledge each block so that the stub keeps sending.
    yield* link.send(slipEncode(u32le(got)));
    if (got - lastReport >= 0x10000 || got === length) {
      lastReport = got;
      yield progress(p, got, length);
    }
  }
  const digest = yield* link.frame(L.ESP_COMMAND_TIMEOUT_MS);
  if (!digest || digest.length !== 16) throw protocolError('read-flash ended without its MD5');
  const want = md5(out);
  if (!digest.every((x, i) => x === want[i])) {
    throw new FlashError(
      FlashErrorCode.VERIFY_FAILED,
      'the flash read back does not match its checksum: read again',
      {
        detail: `MD5 ${bytesToHex(digest)}, computed ${bytesToHex(want)}`,
      },
    );
  }
  return out;
}
