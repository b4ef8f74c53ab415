/**
 * The flash commands of an ESP loader session, run once the stub is up and the chip checked:
 * erase (whole chip or 4 KB-aligned region), compressed writes with per-block acknowledgement
 * bounds, MD5 verify per region, and READ_FLASH with its running acknowledgements and final MD5.
 * Pure generators over LoaderLink.
 */
import { bytesToHex } from '../../../protocol/hex';
import { FlashError, FlashErrorCode, boardStopped, protocolError } from '../FlashError';
import {
  log,
  phase,
  progress,
  type FlashPhase,
  type MachineEvent,
  type Program,
} from '../ProtocolMachine';
import * as L from './limits';
import { hex, type LoaderLink } from './loaderLink';
import type {
  EspEraseRequest,
  EspSessionPlan,
  EspWriteRegion,
  EspWriteResult,
} from './loaderTypes';
import { Op, encodeDataRequest, u32le } from './packets';
import { slipEncode } from './slip';

const mb = (bytes: number) => bytes / 1048576;

/** ERASE_FLASH or ERASE_REGION, the region checked against the sectors and the flash first. */
export function* eraseFlash(
  link: LoaderLink,
  erase: EspEraseRequest,
  flashSize: number | null,
): Program<void> {
  yield phase('erasing');
  if (erase === 'all') {
    yield log(`erasing the whole flash (${mb(flashSize ?? 0)} MB)`);
    yield* link.command(Op.ERASE_FLASH, new Uint8Array(0), L.ESP_ERASE_ALL_TIMEOUT_MS);
    return;
  }
  const { offset, length } = erase;
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
      `the region ends past this board's ${mb(flashSize)} MB flash`,
    );
  }
  yield log(`erasing ${hex(offset)}–${hex(offset + length)}`);
  yield* link.command(
    Op.ERASE_REGION,
    u32le(offset, length),
    L.ESP_COMMAND_TIMEOUT_MS + Math.ceil(mb(length) * L.ESP_ERASE_TIMEOUT_PER_MB_MS),
  );
}

/** Writes every region (progress in uncompressed bytes), then verifies each by MD5 if asked. */
export function* writeRegions(
  link: LoaderLink,
  write: NonNullable<EspSessionPlan['write']>,
): Program<EspWriteResult[]> {
  const regions = write.regions;
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
  if (write.verify) {
    yield phase('verifying');
    let done = 0;
    for (const r of regions) {
      yield* verifyRegion(link, r);
      done += r.size;
      yield progress('verifying', done, totalSize);
    }
    yield log(`verified ${regions.length} region${regions.length === 1 ? '' : 's'} by MD5`);
  }
  return regions.map((r) => ({
    name: r.name,
    offset: r.offset,
    size: r.size,
    compressedSize: r.compressed.length,
    verified: write.verify,
  }));
}

function* writeRegion(
  link: LoaderLink,
  r: EspWriteRegion,
  sent: (n: number) => MachineEvent,
): Program<void> {
  const block = L.ESP_STUB_WRITE_BLOCK;
  const blocks = Math.max(1, Math.ceil(r.compressed.length / block));
  yield* link.command(Op.FLASH_DEFL_BEGIN, u32le(r.size, blocks, block, r.offset));
  for (let seq = 0; seq < blocks; seq++) {
    const chunk = r.compressed.subarray(seq * block, (seq + 1) * block);
    yield* link.block(
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
    L.ESP_COMMAND_TIMEOUT_MS + Math.ceil(mb(inflated) * L.ESP_ERASE_WRITE_TIMEOUT_PER_MB_MS),
  );
}

function* verifyRegion(link: LoaderLink, r: EspWriteRegion): Program<void> {
  const digest = yield* flashMd5(link, r.offset, r.size);
  if (!digest.every((x, i) => x === r.md5[i])) {
    throw new FlashError(
      FlashErrorCode.VERIFY_FAILED,
      `verify failed in ${r.name} at ${hex(r.offset)}: flash again; if it repeats the flash may be worn`,
      { address: r.offset, detail: `MD5 ${bytesToHex(digest)}, expected ${bytesToHex(r.md5)}` },
    );
  }
}

function* flashMd5(link: LoaderLink, offset: number, size: number): Program<Uint8Array> {
  const timeout = L.ESP_COMMAND_TIMEOUT_MS + Math.ceil(mb(size) * L.ESP_MD5_TIMEOUT_PER_MB_MS);
  const r = yield* link.command(Op.SPI_FLASH_MD5, u32le(offset, size, 0, 0), timeout);
  if (link.stub) {
    if (r.data.length !== 16) throw protocolError(`MD5 answer of ${r.data.length} bytes`);
    return r.data.slice();
  }
  // The ROM answers in 32 hex characters.
  const text = String.fromCharCode(...r.data.subarray(0, 32));
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** The plan's `read`: the range checked against the flash (length null: all of it), then read. */
export function* readRange(
  link: LoaderLink,
  plan: EspSessionPlan,
  read: NonNullable<EspSessionPlan['read']>,
  flashSize: number | null,
): Program<Uint8Array> {
  const length = read.length ?? flashSize;
  if (!length) throw protocolError('flash size unknown: give the length to read');
  if (flashSize && read.offset + length > flashSize) {
    throw new FlashError(
      FlashErrorCode.IMAGE_TOO_LARGE,
      `the range ends past this board's ${mb(flashSize)} MB flash`,
    );
  }
  return yield* readFlash(link, plan.md5, read.offset, length, 'reading');
}

/** The stub's READ_FLASH: blocks acknowledged with the running byte count, then the MD5. */
export function* readFlash(
  link: LoaderLink,
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
